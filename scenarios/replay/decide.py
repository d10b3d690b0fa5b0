"""One round of a replay: the round a policy sees on a day, and the policy's verified answer.

Every policy goes through the allocator's own preparation (eligibility, windows, caps, budgets),
and every answer is checked by the allocator's independent verifier before it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator import (
    Allocation,
    LineageLine,
    Round,
    RoundOptions,
    prepare,
    run_greedy,
    solve_round,
    verify_allocation,
)
from allocator.allocate import lineage_of
from scenarios.replay.options import Policy

GREEDY = {Policy.FCFS: "fcfs", Policy.CLOSEST: "closest"}


@dataclass(frozen=True)
class Decision:
    """What a policy decided in a round: verified allocations, their lineage, how it was solved."""

    allocations: tuple[Allocation, ...]
    lineage: tuple[LineageLine, ...]
    status: str  # the solver's status, "greedy", or "empty" when there was nothing to decide
    considered: int  # campaigns with a need the round considered

    @property
    def completed(self) -> tuple[str, ...]:
        """Campaigns the decision completes (or pledges to)."""
        return tuple(sorted({a.campaign_id for a in self.allocations}))


def decide(policy: Policy, round_: Round, options: RoundOptions) -> Decision:
    """The verified answer of ``policy`` (fcfs, closest or the optimum) on a round."""
    prepared = prepare(round_, options)
    considered = len(prepared.candidates)
    if considered == 0 or not prepared.eligible.any():
        return Decision((), (), "empty", considered)
    if policy in GREEDY:
        allocations = run_greedy(GREEDY[policy], prepared)
        lineage = lineage_of(allocations, round_, prepared)
        verify_allocation(round_, options, allocations, lineage)
        return Decision(allocations, lineage, "greedy", considered)
    result = solve_round(round_, options)
    return Decision(result.allocations, result.lineage, result.status.value, considered)


def forecast_collected(collected: np.ndarray, forecast: np.ndarray, goal: np.ndarray) -> np.ndarray:
    """Collected cents a pledge round plans on: the forecast, never below today, at most goal."""
    return np.asarray(np.minimum(np.maximum(collected, forecast.astype(np.int64)), goal), np.int64)
