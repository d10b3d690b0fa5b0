"""Eligibility checks and explanations of one campaign."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.api.schemas.funds import FundIn
from service.api.schemas.records import CampaignIn
from service.api.schemas.rounds import AllocationPublic, LineagePublic, OutcomePublic


class EligibilityCheck(BaseModel):
    """A campaign to check against the registered funds (the ones the key sees), or given ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    campaign: CampaignIn
    funds: list[FundIn] | Literal["registered"] = "registered"


class FundVerdictPublic(BaseModel):
    """May this fund pay the campaign, at most how much, and why (the rule part by part)."""

    fund_id: str
    eligible: bool
    rule_holds: bool
    in_window: bool
    max_cents: int = Field(description="The most the fund could give: budget and every cap.")
    failed: list[str]
    explanation: str


class EligibilityPublic(BaseModel):
    """A campaign's need and each fund's verdict."""

    campaign_id: str
    need_cents: int
    courte_echelle: bool
    funds: list[FundVerdictPublic]


class CampaignExplanation(BaseModel):
    """One campaign in a solved round: its outcome, the money it gets, and each fund's verdict."""

    round_id: int
    campaign_id: str
    outcome: OutcomePublic
    allocations: list[AllocationPublic]
    lineage: list[LineagePublic]
    funds: list[FundVerdictPublic]
