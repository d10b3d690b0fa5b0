"""Rounds: the create and solve requests, and a round as the service shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from allocator import PriorityWeights, RoundOptions, SolverName
from allocator.options import DEFAULT_HIGHS_THREADS, DEFAULT_ORDER, Criterion
from service.api.schemas.funds import FundIn
from service.api.schemas.records import CampaignIn, DonationIn, IsoDate

_WEIGHTS = PriorityWeights()
Weight = Annotated[StrictInt, Field(ge=0, le=1000)]
Seconds = Annotated[float, Field(strict=True, gt=0, le=86400)]


class WeightsIn(BaseModel):
    """Integer points of the priority score (see the README for what each rewards)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rep: Weight = _WEIGHTS.rep
    rep_plus: Weight = _WEIGHTS.rep_plus
    vocational: Weight = _WEIGHTS.vocational
    isolated: Weight = _WEIGHTS.isolated
    inclusive: Weight = _WEIGHTS.inclusive
    deadline: Weight = _WEIGHTS.deadline


class OptionsIn(BaseModel):
    """Round options; ``time_limit`` defaults to the service's longest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    round_date: IsoDate | None = None
    horizon_days: Annotated[StrictInt, Field(ge=0, le=3660)] | None = None
    solver: SolverName = SolverName.CBC
    time_limit: Seconds | None = None
    pools_courte_echelle_only: StrictBool = True
    order: list[Criterion] = Field(default_factory=lambda: list(DEFAULT_ORDER))
    weights: WeightsIn = Field(default_factory=WeightsIn)
    compare_greedy: StrictBool = True
    highs_threads: Annotated[StrictInt, Field(ge=1, le=64)] = DEFAULT_HIGHS_THREADS


class RoundCreate(BaseModel):
    """A round's data; ``"funds": "registered"`` uses the registered funds' remaining budgets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    campaigns: list[CampaignIn]
    funds: list[FundIn] | Literal["registered"] = "registered"
    donations: list[DonationIn] = Field(default_factory=list)
    options: OptionsIn = Field(default_factory=OptionsIn)


class SolveRequest(BaseModel):
    """Options that override the round's own for this solve; ``background`` solves as a job."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    solver: SolverName | None = None
    time_limit: Seconds | None = None
    round_date: IsoDate | None = None
    horizon_days: Annotated[StrictInt, Field(ge=0, le=3660)] | None = None
    background: StrictBool = False


class JobPublic(BaseModel):
    """A background solve: ``running`` until the round is solved, or ``failed`` with the error."""

    status: Literal["running", "failed"]
    error: str | None = None


class AllocationPublic(BaseModel):
    """Money a fund (or donation pool) gives a campaign."""

    fund_id: str
    campaign_id: str
    amount_cents: int


class OutcomePublic(BaseModel):
    """What the round did for one campaign, with the reason in words."""

    campaign_id: str
    need_cents: int
    allocated_cents: int
    completed: bool
    reason: str


class LineagePublic(BaseModel):
    """A redistributed donation (or part of one) and the campaign that receives it."""

    donation_id: str
    donor_id: str
    campaign_id: str
    uai: str
    amount_cents: int
    pool_id: str
    origin_campaign_id: str


class RoundBrief(BaseModel):
    """A round in a list: its state and hashes, not its results."""

    id: int
    kind: Literal["allocation", "simulation"]
    state: Literal["draft", "solved", "committed", "discarded"]
    funds_mode: Literal["inline", "registered"]
    campaign_count: int
    fund_count: int
    donation_count: int
    solve_status: str | None
    solver_version: str | None
    input_sha256: str | None
    result_sha256: str | None
    job: JobPublic | None
    created_at: datetime
    solved_at: datetime | None
    committed_at: datetime | None
    discarded_at: datetime | None


class RoundPublic(RoundBrief):
    """A round with its options and, once solved, everything the solve decided."""

    options: RoundOptions
    allocations: list[AllocationPublic] | None = None
    outcomes: list[OutcomePublic] | None = None
    lineage: list[LineagePublic] | None = None
    summary: dict[str, Any] | None = None
