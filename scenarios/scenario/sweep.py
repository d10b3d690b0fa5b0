"""A sweep: one number (a fund's budget, a cap, a match ratio, the horizon) from A to B in K steps.

Values are evenly spaced and exact: cents and days by integer division, shares and ratios as
decimals with four places.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from allocator.funds import Fund
from allocator.options import RoundOptions
from eligibility.errors import Problem
from eligibility.money import format_euros, parse_euros
from scenarios.scenario.changes import ChangeError, apply_change
from scenarios.scenario.spec import (
    Change,
    SetBudget,
    SetCap,
    SetMatchRatio,
    SetOptions,
    Sweep,
    decimal_value,
)
from scenarios.scenario.words import decimal_text, euros_text, percent_text

UNITS = {
    "budget": "euros",
    "cap_per_campaign": "euros",
    "cap_share_of_min_goal": "share of the minimum goal",
    "match_ratio": "times the amount collected",
    "horizon_days": "days",
}
_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class SweepPlan:
    """The sweep as resolved: what varies, in which unit, through which values and variants."""

    name: str
    parameter: str
    fund: str | None
    unit: str
    values: tuple[str, ...]
    variants: tuple[str, ...]
    after: str | None
    texts: tuple[str, ...] = ()  # the values in words: "2,000 €", "50 %", "30 days"
    words: str = ""  # what varies, in words: "budget of food:"


@dataclass(frozen=True)
class SweepPoint:
    """One value of the sweep and the round it gives."""

    name: str
    label: str
    value: str
    changes: tuple[str, ...]
    funds: tuple[Fund, ...]
    options: RoundOptions


def sweep_points(
    sweep: Sweep,
    *,
    start: tuple[tuple[Fund, ...], dict[str, Any], tuple[str, ...]],
    source: str,
    problems: list[Problem],
) -> tuple[SweepPlan | None, list[SweepPoint]]:
    """The sweep's points on top of ``start`` (funds, option values, changes in words)."""
    try:
        values = _values(sweep)
    except ValueError as exc:
        problems.append(Problem(source, str(exc), field="sweep"))
        return None, []
    width = len(str(sweep.steps))
    points = []
    for k, value in enumerate(values):
        change = _change(sweep, value)
        try:
            funds, options = apply_change(change, start[0], start[1])
            round_options = RoundOptions.model_validate(options)
        except ChangeError as exc:
            problems.append(Problem(source, str(exc), field="sweep.fund"))
            return None, []
        except ValidationError as exc:
            message = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            problems.append(Problem(source, f"at {_text(sweep, value)}: {message}", field="sweep"))
            return None, []
        label = f"{_words(sweep)} {_text(sweep, value)}"
        points.append(
            SweepPoint(
                name=f"{sweep.name}-{k + 1:0{width}d}",
                label=label,
                value=_cell(sweep, value),
                changes=(*start[2], label),
                funds=funds,
                options=round_options,
            )
        )
    plan = SweepPlan(
        name=sweep.name,
        parameter=sweep.parameter,
        fund=sweep.fund,
        unit=UNITS[sweep.parameter],
        values=tuple(p.value for p in points),
        variants=tuple(p.name for p in points),
        after=sweep.after,
        texts=tuple(_text(sweep, v) for v in values),
        words=_words(sweep),
    )
    return plan, points


def _values(sweep: Sweep) -> list[int | Decimal]:
    gaps = sweep.steps - 1
    values: list[int | Decimal]
    # Cents and days are rounded to the nearest (half to even): 0 to 1 EUR in 4 steps is
    # 0.00, 0.33, 0.67, 1.00, as a sponsor would write it.
    if sweep.parameter in ("budget", "cap_per_campaign", "horizon_days"):
        whole = parse_euros if sweep.parameter != "horizon_days" else _whole
        a, b = whole(sweep.start), whole(sweep.stop)
        values = [a + round(Fraction((b - a) * k, gaps)) for k in range(sweep.steps)]
    else:
        low, high = Fraction(decimal_value(sweep.start)), Fraction(decimal_value(sweep.stop))
        values = [_decimal_of(low + (high - low) * k / gaps) for k in range(sweep.steps)]
    if len(set(values)) != len(values):
        raise ValueError(f"{sweep.steps} steps from {sweep.start} to {sweep.stop} repeat values")
    return values


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number of days >= 0, got {value!r}")
    return value


def _decimal_of(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(_PLACES, rounding=ROUND_HALF_EVEN).normalize()


def _change(sweep: Sweep, value: int | Decimal) -> Change:
    # Values are already cents and decimals: built without validation, which reads euros.
    fund = sweep.fund or ""
    if sweep.parameter == "budget":
        return SetBudget.model_construct(op="set_budget", fund=fund, budget=int(value))
    if sweep.parameter == "cap_per_campaign":
        return SetCap.model_construct(op="set_cap", fund=fund, cap_per_campaign=int(value))
    if sweep.parameter == "cap_share_of_min_goal":
        share = Decimal(value)
        return SetCap.model_construct(op="set_cap", fund=fund, cap_share_of_min_goal=share)
    if sweep.parameter == "match_ratio":
        ratio = Decimal(value)
        return SetMatchRatio.model_construct(op="set_match_ratio", fund=fund, match_ratio=ratio)
    return SetOptions(op="set_options", options={"horizon_days": int(value)})


def _words(sweep: Sweep) -> str:
    return {
        "budget": f"budget of {sweep.fund}:",
        "cap_per_campaign": f"cap per campaign of {sweep.fund}:",
        "cap_share_of_min_goal": f"cap of {sweep.fund} as a share of each minimum goal:",
        "match_ratio": f"match ratio of {sweep.fund}:",
        "horizon_days": "horizon:",
    }[sweep.parameter]


def _text(sweep: Sweep, value: int | Decimal) -> str:
    if sweep.parameter in ("budget", "cap_per_campaign"):
        return euros_text(int(value))
    if sweep.parameter == "horizon_days":
        return f"{value} days"
    if sweep.parameter == "cap_share_of_min_goal":
        return percent_text(Decimal(value))
    return f"{decimal_text(Decimal(value))} × collected"


def _cell(sweep: Sweep, value: int | Decimal) -> str:
    """The value as written in ``comparison.csv``: euros with two decimals, days, decimals."""
    if sweep.parameter in ("budget", "cap_per_campaign"):
        return format_euros(int(value))
    if sweep.parameter == "horizon_days":
        return str(value)
    return decimal_text(Decimal(value))
