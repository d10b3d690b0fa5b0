"""Replay options: which policies run, how often rounds happen, which solver decides."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from allocator import SolverName


class Policy(StrEnum):
    """How a replay spends the solidarity money, round after round."""

    NONE = "none"  # no solidarity money at all: the baseline
    FCFS = "fcfs"  # first come, first served by deadline (today's practice)
    CLOSEST = "closest"  # closest to its minimum goal first
    OPTIMAL = "optimal"  # the allocator's lexicographic optimum each round
    OPTIMAL_PLEDGE = "optimal-pledge"  # the allocator on forecast needs, as conditional pledges


ALL_POLICIES: tuple[Policy, ...] = tuple(Policy)


class Cadence(StrEnum):
    """How often a round is held."""

    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"

    @property
    def days(self) -> int:
        """Days between two rounds."""
        return {"daily": 1, "weekly": 7, "fortnightly": 14}[self.value]


class ReplayOptions(BaseModel):
    """Everything that shapes a replay besides its season; defaults are in docs/replay.md."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    policies: tuple[Policy, ...] = ALL_POLICIES
    cadence: Cadence = Cadence.WEEKLY
    # Campaigns ending within this many days of a round date are decided by it; by default the
    # days before the next round (6 for weekly rounds): the last round a campaign is open for.
    horizon_days: int | None = Field(default=None, ge=0, le=366)
    solver: SolverName = SolverName.CBC
    time_limit: float | None = Field(default=None, gt=0, le=86400)
    # optimal-pledge: the deadline rescue (free money, real gap) is offered to pledged campaigns
    # whose gap exceeds their pledge; with this, also to those the forecast said would succeed.
    rescue_unpledged: bool = False

    @field_validator("policies")
    @classmethod
    def _policies_in_canonical_order(cls, policies: tuple[Policy, ...]) -> tuple[Policy, ...]:
        # `none` is the baseline every other policy is measured against: it always runs.
        chosen = set(policies) | {Policy.NONE}
        return tuple(p for p in ALL_POLICIES if p in chosen)

    @property
    def horizon(self) -> int:
        """The horizon in days, the default resolved."""
        return self.cadence.days - 1 if self.horizon_days is None else self.horizon_days
