"""A replayed season: every policy's run, and the season's facts they share."""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.replay.context import Context
from scenarios.replay.engine import PolicyRun, Progress, replay_policy
from scenarios.replay.metrics import Groups, policy_figures
from scenarios.replay.options import Policy, ReplayOptions
from scenarios.replay.season import Forecast, ReplaySeason, Snapshot


@dataclass(frozen=True, eq=False)
class ReplayResult:
    """Every policy's run over one season, ``none`` first."""

    context: Context
    runs: tuple[PolicyRun, ...]
    groups: Groups

    def run(self, policy: Policy) -> PolicyRun:
        """The run of one policy; KeyError if it was not replayed."""
        for run in self.runs:
            if run.policy is policy:
                return run
        raise KeyError(policy.value)

    def figures(self) -> list[dict[str, object]]:
        """Each policy's figures (integers, money in cents), in policy order."""
        baseline = self.run(Policy.NONE)
        return [policy_figures(run, baseline, self.groups) for run in self.runs]


def replay_season(
    season: ReplaySeason,
    options: ReplayOptions | None = None,
    *,
    snapshot: Snapshot,
    forecast: Forecast | None = None,
    progress: Progress | None = None,
) -> ReplayResult:
    """Replay ``season`` under each policy of ``options``; deterministic for the same input.

    ``snapshot`` says what was known on a day and ``forecast`` (needed by ``optimal-pledge``)
    what each campaign is expected to end with; ``scenarios.replay.views`` builds both from the
    season's ledger.
    """
    options = options or ReplayOptions()
    if Policy.OPTIMAL_PLEDGE in options.policies and forecast is None:
        raise ValueError("the optimal-pledge policy needs a forecast")
    ctx = Context.build(season, options, snapshot=snapshot, forecast=forecast)
    runs = tuple(replay_policy(ctx, policy, progress) for policy in options.policies)
    return ReplayResult(ctx, runs, Groups.of(season.campaigns))
