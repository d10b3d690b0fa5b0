"""Funds: what a manager registers, and what the service shows of a registered fund."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from allocator import Fund
from allocator.fund_file import canonical_rule
from eligibility.errors import InputError, Problem
from service.api.schemas.records import Cents, IsoDate, Name, RuleIn

FundId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Share = Annotated[Decimal, Field(ge=0, le=1, max_digits=12)]
Ratio = Annotated[Decimal, Field(ge=0, le=1000, max_digits=12)]
# The engine names its donation pools "pool...": the Fund model refuses such a fund id, so
# it is refused when it is sent (engine_funds), not by every round that would use it.


class FundIn(BaseModel):
    """A fund's definition; its committed and remaining amounts are the service's to keep."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: FundId
    name: Name
    kind: Literal["patron", "thematic"]
    budget_cents: Cents
    rule: RuleIn = ""
    cap_per_campaign_cents: Cents | None = None
    cap_share_of_min_goal: Share | None = None
    match_ratio: Ratio | None = None
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None


class FundPublic(BaseModel):
    """A registered fund with where its budget stands: ``budget = committed + remaining``."""

    id: str
    name: str
    kind: str
    rule: str
    budget_cents: int
    committed_cents: int
    remaining_cents: int
    cap_per_campaign_cents: int | None
    cap_share_of_min_goal: str | None
    match_ratio: str | None
    valid_from: date | None
    valid_until: date | None
    created_at: datetime


def engine_funds(items: Sequence[FundIn], *, source: str) -> tuple[Fund, ...]:
    """The engine's funds from request funds; every problem of every fund at once."""
    problems: list[Problem] = []
    funds = []
    for row, item in enumerate(items, start=1):
        try:
            rule = canonical_rule(item.rule)
        except ValueError as exc:
            problems.append(Problem(source, str(exc), row=row, field="rule"))
            continue
        try:
            funds.append(Fund.model_validate({**item.model_dump(exclude={"rule"}), "rule": rule}))
        except ValidationError as exc:
            problems += [
                Problem(source, _message(e["msg"]), row=row, field=_field(e["loc"]))
                for e in exc.errors()
            ]
    ids = [f.id for f in funds]
    problems += [
        Problem(source, f"fund id {i!r} appears more than once", row=None, field="id")
        for i in sorted({i for i in ids if ids.count(i) > 1})
    ]
    if problems:
        raise InputError(problems)
    return tuple(funds)


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def _field(loc: tuple[int | str, ...]) -> str:
    # The model's one check across fields is the validity window.
    return str(loc[0]) if loc else "valid_until"
