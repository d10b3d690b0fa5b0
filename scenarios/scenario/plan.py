"""Resolving a scenario into a plan: the base round and, for each variant, its funds and options.

Every problem found while resolving (an unknown fund, an invalid option, a sweep value out of
range) is reported at once, each with the path of the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from allocator.funds import Fund
from allocator.options import RoundOptions
from eligibility.errors import InputError, Problem
from scenarios.scenario.base import BaseRound, load_base
from scenarios.scenario.changes import ChangeError, apply_change, describe_change
from scenarios.scenario.loading import field_path
from scenarios.scenario.spec import BASE_NAME, Change, MonteCarlo, Scenario
from scenarios.scenario.sweep import SweepPlan, sweep_points

# Scenario runs default to the fast solver, skip the greedy comparison (it changes nothing in
# the optimum) and run HiGHS on one thread: variants run two at a time, and two rounds on two
# threads each oversubscribe two cores (measured on 1,500 x 10 variants: 0.42 s each on one
# thread against 0.57 s on two). A scenario's options override all three (`highs_threads: 2`
# for national-size rounds, which a second thread speeds up when they run one at a time).
SCENARIO_OPTION_DEFAULTS: dict[str, Any] = {
    "solver": "highs",
    "compare_greedy": False,
    "highs_threads": 1,
}

Kind = Literal["base", "variant", "sweep"]


@dataclass(frozen=True)
class VariantPlan:
    """One round to run: the base, a variant, or a point of the sweep."""

    name: str
    label: str
    kind: Kind
    changes: tuple[str, ...]  # in words
    funds: tuple[Fund, ...]
    options: RoundOptions
    sweep_value: str = ""


@dataclass(frozen=True)
class Plan:
    """A resolved scenario, ready to run."""

    title: str
    question: str
    base: BaseRound
    variants: tuple[VariantPlan, ...]  # the base first, then variants, then the sweep
    sweep: SweepPlan | None
    montecarlo: MonteCarlo | None
    marginal: tuple[str, ...]
    headline: str | None
    scenario: Scenario

    def variant(self, name: str) -> VariantPlan:
        """The plan of the variant called ``name``."""
        for plan in self.variants:
            if plan.name == name:
                return plan
        raise KeyError(name)


def plan_scenario(scenario: Scenario, *, folder: Path, source: str) -> Plan:
    """Resolve ``scenario`` (data paths relative to ``folder``); ``InputError`` lists problems."""
    base = load_base(scenario.base, folder=folder, source=source)
    problems: list[Problem] = []
    defaults = dict(SCENARIO_OPTION_DEFAULTS)
    if scenario.base.as_of is not None:
        defaults["round_date"] = scenario.base.as_of
    base_values = {**defaults, **scenario.base.options}
    funds = base.round_.funds
    changed = _apply_all(
        scenario.base.changes,
        funds,
        base_values,
        paths=[f"base.changes[{k}]" for k in range(len(scenario.base.changes))],
        source=source,
        problems=problems,
    )
    if changed is None:
        raise InputError(problems)
    funds, base_values, base_words = changed
    base_options = _options(base_values, "base.options", source, problems)
    plans = [
        VariantPlan(BASE_NAME, "base", "base", base_words, funds, base_options or RoundOptions())
    ]
    applied: dict[str, tuple[tuple[Fund, ...], dict[str, Any], tuple[str, ...]]] = {}
    for i, variant in enumerate(scenario.variants):
        where = f"variants[{i}]." + ("change" if variant.change is not None else "changes")
        count = len(variant.all_changes)
        paths = [where] if variant.change is not None else [f"{where}[{k}]" for k in range(count)]
        result = _apply_all(
            variant.all_changes, funds, base_values, paths=paths, source=source, problems=problems
        )
        if result is None:
            continue
        applied[variant.name] = result
        setting = [
            p for p, c in zip(paths, variant.all_changes, strict=True) if c.op == "set_options"
        ]
        where_options = f"{setting[-1]}.options" if setting else f"variants[{i}]"
        options = _options(result[1], where_options, source, problems)
        if options is not None:
            label = variant.label or "; ".join(result[2])
            plans.append(VariantPlan(variant.name, label, "variant", result[2], result[0], options))
    sweep = None
    if scenario.sweep is not None:
        start = applied.get(scenario.sweep.after or "", (funds, base_values, ()))
        sweep, points = sweep_points(scenario.sweep, start=start, source=source, problems=problems)
        plans += [
            VariantPlan(p.name, p.label, "sweep", p.changes, p.funds, p.options, p.value)
            for p in points
        ]
    _check_names(scenario, plans, source, problems)
    if problems:
        raise InputError(problems)
    names = tuple(p.name for p in plans)
    marginal = names if scenario.marginal == "all" else scenario.marginal
    return Plan(
        title=scenario.title,
        question=scenario.question,
        base=base,
        variants=tuple(plans),
        sweep=sweep,
        montecarlo=scenario.montecarlo,
        marginal=tuple(marginal),
        headline=scenario.headline,
        scenario=scenario,
    )


def _apply_all(
    changes: tuple[Change, ...],
    funds: tuple[Fund, ...],
    options: dict[str, Any],
    *,
    paths: list[str],
    source: str,
    problems: list[Problem],
) -> tuple[tuple[Fund, ...], dict[str, Any], tuple[str, ...]] | None:
    words = []
    for change, path in zip(changes, paths, strict=False):
        try:
            words.append(describe_change(change, funds))
            funds, options = apply_change(change, funds, options)
        except ChangeError as exc:
            problems.append(Problem(source, str(exc), field=f"{path}.fund"))
            return None
        except ValidationError as exc:
            problems += [
                Problem(source, str(e["msg"]).removeprefix("Value error, "), field=path)
                for e in exc.errors()
            ]
            return None
    return funds, options, tuple(words)


def _options(
    values: dict[str, Any], path: str, source: str, problems: list[Problem]
) -> RoundOptions | None:
    try:
        return RoundOptions.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            where = field_path([path, *error["loc"]]) if error["loc"] else path
            message = str(error["msg"]).removeprefix("Value error, ")
            message = message.replace("Input should be ", "expected ")
            problems.append(Problem(source, message, field=where))
        return None


def _check_names(
    scenario: Scenario, plans: list[VariantPlan], source: str, problems: list[Problem]
) -> None:
    names = [p.name for p in plans]
    twins = sorted({n for n in names if names.count(n) > 1})
    if twins:
        message = f"sweep variant names collide with variants: {', '.join(twins)}"
        problems.append(Problem(source, message, field="sweep.name"))
    if scenario.marginal != "all":
        for k, name in enumerate(scenario.marginal):
            if name not in names:
                problems.append(Problem(source, f"no variant {name!r}", field=f"marginal[{k}]"))
    if scenario.headline is not None and scenario.headline not in names:
        problems.append(Problem(source, f"no variant {scenario.headline!r}", field="headline"))
