"""The scenario file as pydantic models: a base round, variants of it, a sweep, Monte Carlo.

Money is euros (text, integer or exact decimal) turned into integer cents on validation;
shares and ratios are exact decimals. Every model refuses unknown keys.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from allocator.fund_file import canonical_rule
from eligibility.money import parse_euros

NAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
FUND_ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
BASE_NAME = "base"


def _euros(value: object) -> int:
    return parse_euros(value)


def _optional_euros(value: object) -> int | None:
    return None if value is None else parse_euros(value)


def decimal_value(value: object) -> Decimal:
    # A float never reaches here from a file (floats are read as Decimal); refuse it from code.
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f"expected a decimal number like 0.5, got {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"expected a decimal number like 0.5, got {value!r}") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"expected a finite decimal number >= 0, got {value!r}")
    return number


def _optional_decimal_value(value: object) -> Decimal | None:
    return None if value is None else decimal_value(value)


def _rule(value: object) -> str:
    return canonical_rule(value)


Cents = Annotated[int, BeforeValidator(_euros)]
OptionalCents = Annotated[int | None, BeforeValidator(_optional_euros)]
Share = Annotated[Decimal, BeforeValidator(decimal_value)]
OptionalShare = Annotated[Decimal | None, BeforeValidator(_optional_decimal_value)]
RuleText = Annotated[str, BeforeValidator(_rule)]
FundId = Annotated[str, Field(min_length=1, max_length=64, pattern=FUND_ID_PATTERN)]
VariantName = Annotated[str, Field(min_length=1, max_length=64, pattern=NAME_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class NewFund(_Strict):
    """A fund to add, in the funds file's form (euros, rule text or JSON tree)."""

    id: FundId
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["patron", "thematic"] = "patron"
    budget: Cents
    rule: RuleText = ""
    cap_per_campaign: OptionalCents = None
    cap_share_of_min_goal: OptionalShare = None
    match_ratio: OptionalShare = None
    valid_from: date | None = None
    valid_until: date | None = None


class AddFund(_Strict):
    """Add a fund to the round."""

    op: Literal["add_fund"]
    fund: NewFund


class RemoveFund(_Strict):
    """Take a fund out of the round."""

    op: Literal["remove_fund"]
    fund: FundId


class SetBudget(_Strict):
    """Give a fund another budget."""

    op: Literal["set_budget"]
    fund: FundId
    budget: Cents


class SetRule(_Strict):
    """Give a fund another rule ("" pays every campaign)."""

    op: Literal["set_rule"]
    fund: FundId
    rule: RuleText


class SetCap(_Strict):
    """Set (or, with null, lift) a fund's cap per campaign and/or its share-of-goal cap."""

    op: Literal["set_cap"]
    fund: FundId
    cap_per_campaign: OptionalCents = None
    cap_share_of_min_goal: OptionalShare = None

    @model_validator(mode="after")
    def _one_cap_at_least(self) -> SetCap:
        if not {"cap_per_campaign", "cap_share_of_min_goal"} & self.model_fields_set:
            raise ValueError("set_cap needs cap_per_campaign or cap_share_of_min_goal (or both)")
        return self


class SetMatchRatio(_Strict):
    """Set (or, with null, lift) a fund's match ratio."""

    op: Literal["set_match_ratio"]
    fund: FundId
    match_ratio: OptionalShare


class SetOptions(_Strict):
    """Change round options (``allocator.RoundOptions`` fields), checked on resolution."""

    op: Literal["set_options"]
    options: dict[str, Any] = Field(min_length=1)


Change = Annotated[
    AddFund | RemoveFund | SetBudget | SetRule | SetCap | SetMatchRatio | SetOptions,
    Field(discriminator="op"),
]
CHANGE_OPS: tuple[str, ...] = (
    "add_fund",
    "remove_fund",
    "set_budget",
    "set_rule",
    "set_cap",
    "set_match_ratio",
    "set_options",
)


class Base(_Strict):
    """The round every variant changes: a season (example, generated or files) and options."""

    season: Literal["example", "generated", "files"] = "example"
    seed: int | None = Field(default=None, ge=0)
    size: int | None = Field(default=None, ge=1, le=200_000)
    campaigns: str | None = None
    funds: str | None = None
    donations: str | None = None
    ledger: str | None = None  # the gifts' ledger (files only), needed by as_of
    as_of: date | None = None  # campaigns as known at the end of that day
    # Round options (``allocator.RoundOptions`` fields), checked when the scenario is resolved.
    options: dict[str, Any] = Field(default_factory=dict)
    # Changes made to the data before any variant (e.g. take out the fund the question is about).
    changes: tuple[Change, ...] = ()

    @model_validator(mode="after")
    def _fields_of_the_season(self) -> Base:
        wanted = {
            "example": set(),
            "generated": {"seed", "size"},
            "files": {"campaigns", "funds"},
        }[self.season]
        allowed = wanted | ({"donations", "ledger"} if self.season == "files" else set())
        keys = ("seed", "size", "campaigns", "funds", "donations", "ledger")
        given = {k for k in keys if getattr(self, k) is not None}
        missing = sorted(wanted - given)
        extra = sorted(given - allowed)
        if missing:
            raise ValueError(f"season {self.season!r} needs {', '.join(missing)}")
        if extra:
            raise ValueError(f"season {self.season!r} does not take {', '.join(extra)}")
        return self


class Variant(_Strict):
    """A named variant: the base with ``change`` (one) or ``changes`` (several, in order)."""

    name: VariantName
    label: str | None = Field(default=None, min_length=1, max_length=300)
    change: Change | None = None
    changes: tuple[Change, ...] = ()

    @model_validator(mode="after")
    def _change_or_changes(self) -> Variant:
        if self.name == BASE_NAME:
            raise ValueError(f"the name {BASE_NAME!r} is the base's")
        if (self.change is None) == (not self.changes):
            raise ValueError("give either change (one) or changes (a list), not both or neither")
        return self

    @property
    def all_changes(self) -> tuple[Change, ...]:
        """The changes in the order they apply."""
        return (self.change,) if self.change is not None else self.changes


SweepParameter = Literal[
    "budget", "cap_per_campaign", "cap_share_of_min_goal", "match_ratio", "horizon_days"
]
FUND_PARAMETERS: tuple[str, ...] = (
    "budget",
    "cap_per_campaign",
    "cap_share_of_min_goal",
    "match_ratio",
)
Number = int | Decimal | str


class Sweep(_Strict):
    """One number varied from ``from`` to ``to`` in ``steps`` evenly spaced values (both ends)."""

    name: VariantName = "sweep"
    parameter: SweepParameter
    fund: FundId | None = None
    start: Number = Field(alias="from")
    stop: Number = Field(alias="to")
    steps: int = Field(ge=2, le=10_000)
    after: VariantName | None = None  # sweep on top of that variant's changes

    @model_validator(mode="after")
    def _fund_when_needed(self) -> Sweep:
        if self.parameter in FUND_PARAMETERS and self.fund is None:
            raise ValueError(f"sweeping {self.parameter} needs the fund's id in fund")
        if self.parameter == "horizon_days" and self.fund is not None:
            raise ValueError("horizon_days is a round option: give no fund")
        return self


class MonteCarlo(_Strict):
    """Draws of the open campaigns' final amounts from the forecast model."""

    draws: int = Field(default=100, ge=0, le=100_000)
    seed: int = Field(default=0, ge=0)
    as_of: date | None = None  # defaults to the base's round date
    # Past seasons to fit the forecast on (relative to the scenario file); default: the
    # generated seasons of scenarios.forecast.DEFAULT_HISTORY.
    history: str | None = Field(default=None, min_length=1)


class Scenario(_Strict):
    """A scenario file: a question about a base round and the variants that answer it."""

    title: str = Field(min_length=1, max_length=200)
    question: str = Field(min_length=1, max_length=1000)
    base: Base = Base()
    variants: tuple[Variant, ...] = ()
    sweep: Sweep | None = None
    montecarlo: MonteCarlo | None = None
    # Variants whose marginal value per fund is computed ("base" is the base; "all": every one).
    marginal: tuple[VariantName, ...] | Literal["all"] = (BASE_NAME,)
    headline: VariantName | None = None  # the variant the one-sentence answer is about

    @model_validator(mode="after")
    def _names_unique_and_known(self) -> Scenario:
        names = [v.name for v in self.variants]
        twins = sorted({n for n in names if names.count(n) > 1})
        if twins:
            raise ValueError(f"variant names must be unique: {', '.join(twins)} repeated")
        if self.sweep is not None and self.sweep.after not in (None, *names):
            raise ValueError(f"sweep.after names no variant: {self.sweep.after!r}")
        if not self.variants and self.sweep is None:
            raise ValueError("a scenario needs at least one variant or a sweep")
        return self
