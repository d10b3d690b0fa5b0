"""The answer to a scenario's question, in one sentence a sponsor reads."""

from __future__ import annotations

from collections.abc import Sequence

from scenarios.scenario.comparison import cost_per_extra
from scenarios.scenario.montecarlo import MonteCarloRow, fraction_text
from scenarios.scenario.plan import Plan, VariantPlan
from scenarios.scenario.runs import RunOutcome
from scenarios.scenario.words import campaigns_text, euros_text, whole_euros_text


def variant_answer(variant: VariantPlan, outcome: RunOutcome, base: RunOutcome) -> str:
    """What a variant changes against the base, with its cost per extra campaign."""
    extra = outcome.completed - base.completed
    label = variant.label[:1].lower() + variant.label[1:] if variant.label else variant.name
    if extra <= 0:
        money = _money_against_base(outcome.spent_cents - base.spent_cents)
        if extra == 0:
            return (
                f"With {label}, as many campaigns succeed as in the base ({base.completed}){money}."
            )
        verb = "succeeds" if extra == -1 else "succeed"
        fewer = f"{campaigns_text(-extra)} fewer {verb} ({outcome.completed})"
        return f"With {label}, {fewer}{money}."
    cost = cost_per_extra(outcome.spent_cents - base.spent_cents, extra)
    more = "1 more campaign succeeds" if extra == 1 else f"{extra:,} more campaigns succeed"
    return f"With {label}, {more} ({whole_euros_text(cost or 0)} per extra campaign)."


def _money_against_base(difference_cents: int) -> str:
    """``, for 500 € less`` (money the variant leaves for later rounds), or nothing."""
    if difference_cents == 0:
        return ""
    words = "less" if difference_cents < 0 else "more"
    return f", for {euros_text(abs(difference_cents))} {words} spent"


def sweep_answer(plan: Plan, outcomes: dict[str, RunOutcome]) -> str:
    """From the first to the last value of the sweep, how completions move."""
    if plan.sweep is None:
        return ""
    sweep = plan.sweep
    counts = [outcomes[name].completed for name in sweep.variants]
    best = counts.index(max(counts))
    return (
        f"With the {sweep.words.rstrip(':')} from {sweep.texts[0]} to {sweep.texts[-1]}, "
        f"completions go from {counts[0]} to {counts[-1]}; "
        f"the most, {counts[best]}, first at {sweep.texts[best]}."
    )


def montecarlo_answer(row: MonteCarloRow) -> str:
    """What the draws say of a variant: completions counting the campaigns' own future gifts."""
    extra = row.mean - row.base_mean
    spread = f"90 % interval {_count_text(row.p05)}–{_count_text(row.p95)}"
    counted = f"counting the gifts campaigns may still receive ({row.draws:,} forecast draws)"
    if extra == 0:
        return (
            f"{counted}, as many succeed as in the base: "
            f"{fraction_text(row.mean)} on average, {spread}"
        )
    more = "more" if extra > 0 else "fewer"
    return (
        f"{counted}, {fraction_text(abs(extra))} {more} succeed on average "
        f"({fraction_text(row.mean)} against {fraction_text(row.base_mean)} in the base, {spread})"
    )


def _count_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def scenario_answer(
    plan: Plan, outcomes: dict[str, RunOutcome], montecarlo: Sequence[MonteCarloRow] = ()
) -> str:
    """The headline: the named variant, else the first variant, else the sweep; with Monte
    Carlo draws, the headline variant's answer at today's amounts and then over the draws."""
    base = outcomes[plan.variants[0].name]
    names = [v.name for v in plan.variants if v.kind == "variant"]
    headline = plan.headline or (names[0] if names else None)
    if headline is None:
        return sweep_answer(plan, outcomes)
    today = variant_answer(plan.variant(headline), outcomes[headline], base)
    drawn = next((row for row in montecarlo if row.variant == headline), None)
    if drawn is None:
        return today
    return f"{today.removesuffix('.')}, at today's amounts; {montecarlo_answer(drawn)}."
