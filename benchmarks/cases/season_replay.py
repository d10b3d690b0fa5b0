"""Season replay (issue 6): every policy over three seeded seasons, mean and spread per policy.

Two money situations: the seasons' funds as generated, and the same funds at a quarter of their
budgets (money scarce, where the order of who gets it matters). Each season is replayed with
weekly rounds and the default solver; ``optimal-pledge`` runs with the default forecaster, and
once more with the deadline rescue offered to every campaign ending short.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from allocator import SolverName
from benchmarks.case import Case, Check, Line, Metrics, check, line
from scenarios.replay import (
    Policy,
    ReplayOptions,
    ReplayResult,
    ReplaySeason,
    forecast_by,
    replay_files,
    replay_season,
    replay_season_of,
    snapshot_by,
)
from scenarios.replay.season import Forecast
from scenarios.season import generate_season

SEEDS = (2024, 2025, 2026)
CAMPAIGNS = 1_444  # a platform-size season
SMOKE_CAMPAIGNS = 40
SMOKE_SOLVER = SolverName.HIGHS  # CBC starts a process per solve: too slow for a CI smoke pass
SCARCE = 4  # the scarce situation divides every fund's budget by this
RESCUE_ALL = "optimal-pledge+rescue"  # optimal-pledge with rescue_unpledged


def run(smoke: bool) -> Metrics:
    """Replay each seeded season under every policy; lines give mean ± standard deviation."""
    campaigns = SMOKE_CAMPAIGNS if smoke else CAMPAIGNS
    solver = SMOKE_SOLVER if smoke else SolverName.CBC
    forecast = forecast_by()
    situations = ("as generated",) if smoke else ("as generated", f"budgets ÷ {SCARCE}")
    figures: dict[str, dict[str, list[dict[str, Any]]]] = {}
    checks: list[Check] = []
    first: dict[str, str] | None = None
    for situation in situations:
        by_policy: dict[str, list[dict[str, Any]]] = {}
        for seed in SEEDS:
            season = _season(seed, campaigns, scarce=situation != "as generated")
            result = _replay(season, forecast, ReplayOptions(solver=solver))
            rescue = _replay(
                season,
                forecast,
                ReplayOptions(
                    policies=(Policy.OPTIMAL_PLEDGE,), rescue_unpledged=True, solver=solver
                ),
            )
            checks += _checks(result, f"{situation}, seed {seed}")
            first = first or replay_files(result)
            for row in result.figures():
                by_policy.setdefault(str(row["policy"]), []).append(row)
            by_policy.setdefault(RESCUE_ALL, []).append(rescue.figures()[1])
        figures[situation] = by_policy
    if smoke and first is not None:
        again = _replay(
            _season(SEEDS[0], campaigns, scarce=False), forecast, ReplayOptions(solver=solver)
        )
        same = replay_files(again) == first
        checks.append(check("the same season replays to byte-identical files", same))
    lines = [
        _line(situation, policy, rows)
        for situation, by_policy in figures.items()
        for policy, rows in by_policy.items()
    ]
    return Metrics(
        lines=lines,
        checks=checks,
        phases=[],
        details={"seeds": list(SEEDS), "campaigns": campaigns, "figures": figures},
    )


def _season(seed: int, campaigns: int, *, scarce: bool) -> ReplaySeason:
    season = replay_season_of(generate_season(seed=seed, campaigns=campaigns))
    if not scarce:
        return season
    funds = tuple(
        f.model_copy(update={"budget_cents": f.budget_cents // SCARCE}) for f in season.funds
    )
    return ReplaySeason(season.campaigns, season.ledger, funds, season.donations)


def _replay(season: ReplaySeason, forecast: Forecast, options: ReplayOptions) -> ReplayResult:
    return replay_season(season, options, snapshot=snapshot_by(season), forecast=forecast)


def _checks(result: ReplayResult, where: str) -> list[Check]:
    alone = result.run(Policy.NONE).succeeded
    hurt = [run.policy.value for run in result.runs if not alone <= run.succeeded]
    optimal = len(result.run(Policy.OPTIMAL).succeeded)
    return [
        check(
            f"no policy loses a campaign that succeeds alone ({where})",
            not hurt,
            f"policies losing one: {', '.join(hurt)}" if hurt else "",
        ),
        check(
            f"optimal ≥ none ({where})",
            optimal >= len(alone),
            f"optimal {optimal}, none {len(alone)}",
        ),
    ]


def _spread(values: Sequence[float], digits: int = 0) -> str:
    """``mean ± standard deviation`` over the seeds (sample deviation)."""
    mean = statistics.fmean(values)
    deviation = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:,.{digits}f} ± {deviation:,.{digits}f}"


def _line(situation: str, policy: str, rows: list[dict[str, Any]]) -> Line:
    succeeded = [r["succeeded"] for r in rows]
    extra = [r["extra_successes"] for r in rows]
    spent = [r["spent_cents"] / 100 for r in rows]
    unspent = [r["unspent_cents"] / 100 for r in rows]
    cv = [r["academie_success_cv"] or 0.0 for r in rows]
    per = [r["spent_cents"] / 100 / r["extra_successes"] for r in rows if r["extra_successes"] > 0]
    parts = [
        f"succeeded {_spread(succeeded)} of {rows[0]['campaigns']}",
        f"extra {_spread(extra)}",
        f"CE {_spread([r['succeeded_courte_echelle'] for r in rows])}",
        f"spent {_spread(spent)} €",
        f"unspent {_spread(unspent)} €",
        f"€/extra {_spread(per)}" if len(per) == len(rows) else "€/extra —",
        f"académie CV {_spread(cv, 3)}",
    ]
    if policy.startswith("optimal-pledge"):
        unused = [r["pledged_unused_cents"] / 100 for r in rows]
        parts.append(f"pledged unused {_spread(unused)} €")
        parts.append(f"short {_spread([r['pledges_short'] for r in rows])}")
        parts.append(f"rescued {_spread([r['rescued'] for r in rows])}")
    return line(
        f"{situation}: {policy}",
        " · ".join(parts),
        target="comparison over 3 seeded seasons",
        met=None,
    )


CASE = Case(
    name="season-replay",
    sizes=f"{CAMPAIGNS:,} campaigns × {len(SEEDS)} seeds, weekly rounds, CBC",
    smoke_sizes=f"{SMOKE_CAMPAIGNS} campaigns × {len(SEEDS)} seeds, HiGHS",
    seed=SEEDS[0],
    target="replay comparison over ≥ 3 seeded seasons, mean and spread (issue 6)",
    run=run,
    timeout=3600.0,
)
