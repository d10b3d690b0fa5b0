"""Greedy policies for comparison: today's rules of thumb, under the same rules as the optimum.

Each takes campaigns one by one in its order and completes a campaign only when its whole need
can be met from what its eligible sources still have (caps and budgets), taking the soonest-
expiring and most restricted money first; no partial boost is ever given.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from allocator.result import Allocation
from allocator.round import Prepared
from allocator.stages import source_costs


def _closest_first(prepared: Prepared) -> list[int]:
    """Highest share of the minimum goal already collected first, then the smallest need."""
    frame = prepared.table.frame.iloc[prepared.candidates]
    collected = frame["collected_cents"].tolist()
    goal = frame["min_goal_cents"].tolist()
    ids = frame["campaign_id"].tolist()
    need = prepared.need.tolist()
    keys = [(-Fraction(collected[i], goal[i]), need[i], ids[i]) for i in range(len(ids))]
    return sorted(range(len(ids)), key=keys.__getitem__)


def _deadline_first(prepared: Prepared) -> list[int]:
    """Soonest deadline first (first come, first served), then campaign id."""
    frame = prepared.table.frame.iloc[prepared.candidates]
    ends = frame["ends_on"].tolist()
    ids = frame["campaign_id"].tolist()
    return sorted(range(len(ids)), key=lambda i: (ends[i], ids[i]))


GREEDY_POLICIES: dict[str, Callable[[Prepared], list[int]]] = {
    "closest": _closest_first,
    "fcfs": _deadline_first,
}


def run_greedy(policy: str, prepared: Prepared) -> tuple[Allocation, ...]:
    """The allocations a greedy policy makes, sorted by fund then campaign."""
    order = GREEDY_POLICIES[policy](prepared)
    preference = np.argsort(source_costs(prepared), kind="stable")
    left = prepared.budget.astype(np.int64).copy()
    ids = prepared.campaign_ids()
    allocations = []
    for i in order:
        due = int(prepared.need[i])
        plan = []
        for s in preference:
            if due == 0:
                break
            take = min(due, int(prepared.capacity[i, s]), int(left[s]))
            if take > 0:
                plan.append((int(s), take))
                due -= take
        if due == 0 and plan:
            for s, take in plan:
                left[s] -= take
                allocations.append(Allocation(prepared.sources[s].id, str(ids[i]), take))
    return tuple(sorted(allocations))
