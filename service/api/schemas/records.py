"""Request records of campaigns and redistributed donations: the file formats' fields in cents.

These models give the OpenAPI schema and refuse unknown or server-set fields; the engine's
loaders then check every row against the vocabularies and each other, reporting every problem.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from eligibility.cells import parse_iso_date
from eligibility.money import MAX_CENTS
from eligibility.reference import academies, departements
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS, THEMES


def _iso_text(value: object) -> object:
    # Lax pydantic would read a number as a Unix timestamp and "2024-11-30T00:00:00" as a
    # date; JSON dates are YYYY-MM-DD strings only, as in the files.
    if not isinstance(value, str):
        raise ValueError("expected an ISO date YYYY-MM-DD as a string")
    return parse_iso_date(value)


IsoDate = Annotated[date, BeforeValidator(_iso_text)]
Cents = Annotated[StrictInt, Field(ge=0, lt=MAX_CENTS)]
PositiveCents = Annotated[StrictInt, Field(gt=0, lt=MAX_CENTS)]
Count = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S(.*\S)?$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# A rule as text, or as its JSON tree ({"and": [...]}, {"field": ..., "op": ..., "value": ...}).
RuleIn = str | dict[str, Any]


def _one_of(values: tuple[str, ...] | list[str]) -> Any:
    return Field(json_schema_extra={"enum": list(values)})


class CampaignIn(BaseModel):
    """A campaign as the platform exports it; money in integer cents."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    campaign_id: Identifier
    uai: Annotated[str, Field(pattern=r"^[0-9]{7}[A-Z]$", examples=["0951234X"])]
    school_name: Name
    school_type: Annotated[str, _one_of(SCHOOL_TYPES)]
    sector: Annotated[str, _one_of(SECTORS)]
    departement: Annotated[str, _one_of(sorted(departements()))]
    commune: Name
    priority_education: Annotated[str, _one_of(PRIORITY_EDUCATION)] = ""
    isolated: StrictBool = False
    inclusive: StrictBool = False
    themes: list[Annotated[str, _one_of(THEMES)]] = Field(default_factory=list, max_length=17)
    nights: Count = 0
    min_goal_cents: PositiveCents
    optimum_goal_cents: Cents
    collected_cents: Cents
    donors: Count = 0
    starts_on: IsoDate
    ends_on: IsoDate
    academie: Annotated[str, _one_of(academies())] | None = None


class DonationIn(BaseModel):
    """A redistributed donation: the donor who gets the receipt, the gift, where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    donation_id: Identifier
    donor_id: Identifier
    amount_cents: PositiveCents
    origin_campaign_id: Identifier
    redistributed_on: IsoDate
    scope: RuleIn | None = None


def records(items: list[CampaignIn] | list[DonationIn]) -> list[dict[str, object]]:
    """The loaders' input: JSON values, unset optional fields left out."""
    return [item.model_dump(mode="json", exclude_none=True) for item in items]
