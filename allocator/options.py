"""Round options: which campaigns a round considers, how it ranks answers, which solver runs."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from eligibility.errors import InputError, Problem


class SolverName(StrEnum):
    """The MILP solvers the adapter knows."""

    CBC = "cbc"
    HIGHS = "highs"


class Criterion(StrEnum):
    """The lexicographic criteria of a round, from most to least important by default."""

    COMPLETED = "completed"  # (1) number of campaigns completed
    PRIORITY = "priority"  # (2) priority score of the completed campaigns
    MONEY = "money"  # (3) less money spent


DEFAULT_ORDER = (Criterion.COMPLETED, Criterion.PRIORITY, Criterion.MONEY)

# HiGHS's answer among equal optima depends on how many threads it runs (measured on 84
# variants of a 1,500 x 10 round: 4 answers differ between 1 thread and 2, 2 between 2 and 4),
# and by default it runs half of the machine's: a round would then be decided differently on
# another machine. The count is a round option instead, so the same input and options give the
# same answer everywhere (measured: the 84 answers are the same on 1 CPU as on 2 with 2
# threads). Two is this 2-core machine's default: one round at a time goes fastest on it
# (10,000 x 30: 11.4 s against 35 s on 1 thread).
DEFAULT_HIGHS_THREADS = 2


class PriorityWeights(BaseModel):
    """Integer points of the priority score; a campaign's score is the sum of those it meets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rep: int = Field(default=2, ge=0, le=1000)
    rep_plus: int = Field(default=3, ge=0, le=1000)
    vocational: int = Field(default=2, ge=0, le=1000)
    isolated: int = Field(default=2, ge=0, le=1000)
    inclusive: int = Field(default=2, ge=0, le=1000)
    # Points per week of deadline nearness: ends within a week 4 x this, within 4 weeks 1 x.
    deadline: int = Field(default=1, ge=0, le=1000)


class RoundOptions(BaseModel):
    """Everything that shapes a round besides its data; defaults are documented in the README."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    round_date: date | None = None
    # Strict: a scenario's `horizon_days: true` must not be read as 1 day.
    horizon_days: int | None = Field(default=None, ge=0, le=3660, strict=True)
    solver: SolverName = SolverName.CBC
    time_limit: float | None = Field(default=None, gt=0, le=86400)
    pools_courte_echelle_only: bool = True
    order: tuple[Criterion, ...] = DEFAULT_ORDER
    weights: PriorityWeights = PriorityWeights()
    compare_greedy: bool = True
    # HiGHS's thread count (CBC always runs on one); see DEFAULT_HIGHS_THREADS. Rounds run two
    # at a time (a scenario's variants) go faster on 1 each: two rounds on 2 threads each
    # oversubscribe two cores.
    highs_threads: int = Field(default=DEFAULT_HIGHS_THREADS, ge=1, le=64, strict=True)

    @field_validator("order")
    @classmethod
    def _order_is_a_permutation(cls, order: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        if sorted(order) != sorted(DEFAULT_ORDER):
            raise ValueError(f"order must list each of {[c.value for c in DEFAULT_ORDER]} once")
        return order

    @model_validator(mode="after")
    def _horizon_needs_a_date(self) -> RoundOptions:
        if self.horizon_days is not None and self.round_date is None:
            raise ValueError("horizon_days needs a round_date to count from")
        return self


def round_options(**fields: object) -> RoundOptions:
    """RoundOptions from loose values; invalid ones raise InputError naming each option."""
    try:
        return RoundOptions.model_validate(fields)
    except ValidationError as exc:
        problems = [
            Problem(
                "round options",
                str(error["msg"]).removeprefix("Value error, "),
                field=".".join(str(part) for part in error["loc"]) or None,
            )
            for error in exc.errors()
        ]
        raise InputError(problems) from exc
