"""Funds: patron and thematic money with a rule, caps and a validity window (cents inside)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eligibility.money import MAX_CENTS


class Fund(BaseModel):
    """One fund as the engine sees it: amounts in integer cents, the rule as canonical text.

    ``rule`` is the text form of an eligibility rule; the empty string means every campaign.
    Missing caps and dates mean no limit.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["patron", "thematic"]
    budget_cents: int = Field(ge=0, lt=MAX_CENTS)
    rule: str = ""
    cap_per_campaign_cents: int | None = Field(default=None, ge=0, lt=MAX_CENTS)
    cap_share_of_min_goal: Decimal | None = Field(default=None, ge=0, le=1)
    match_ratio: Decimal | None = Field(default=None, ge=0, le=1000)
    valid_from: date | None = None
    valid_until: date | None = None

    @field_validator("id")
    @classmethod
    def _not_a_pool_id(cls, value: str) -> str:
        # The round names its pools of redistributed donations 'pool', 'pool-<scope hash>'.
        if value.startswith("pool"):
            raise ValueError("fund ids starting with 'pool' are reserved for donation pools")
        return value

    @model_validator(mode="after")
    def _window_in_order(self) -> Fund:
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("valid_from must not be after valid_until")
        return self
