"""What a round returns: allocations, outcomes, lineage and a summary, all in integer cents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allocator.solve import SolveStatus


@dataclass(frozen=True, order=True)
class Allocation:
    """Money a source (fund or donation pool) gives one campaign."""

    fund_id: str
    campaign_id: str
    amount_cents: int


@dataclass(frozen=True)
class Outcome:
    """One campaign of the input and what the round did for it, with the reason in words."""

    campaign_id: str
    need_cents: int
    allocated_cents: int
    completed: bool
    reason: str


@dataclass(frozen=True, order=True)
class LineageLine:
    """A redistributed donation (or part of one) and the campaign that receives it."""

    donation_id: str
    donor_id: str
    campaign_id: str
    uai: str
    amount_cents: int
    pool_id: str
    origin_campaign_id: str


@dataclass(frozen=True)
class PolicyResult:
    """A policy's answer (the optimum or a greedy rule), verified like the optimum."""

    policy: str
    allocations: tuple[Allocation, ...]
    completed: tuple[str, ...]
    spent_cents: int
    score: int


@dataclass(frozen=True)
class Timings:
    """Seconds spent in each phase."""

    prepare: float = 0.0
    build: float = 0.0
    greedy: float = 0.0
    solve: float = 0.0
    round: float = 0.0
    verify: float = 0.0
    total: float = 0.0


@dataclass(frozen=True)
class RoundResult:
    """A verified round."""

    status: SolveStatus
    allocations: tuple[Allocation, ...]
    outcomes: tuple[Outcome, ...]
    lineage: tuple[LineageLine, ...]
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def completed(self) -> tuple[str, ...]:
        """Ids of the campaigns this round completes."""
        return tuple(o.campaign_id for o in self.outcomes if o.completed and o.allocated_cents)
