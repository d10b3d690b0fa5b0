"""Scenario files: validation with paths, each change applied as written, sweep values exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from allocator.options import RoundOptions
from eligibility.errors import InputError
from scenarios.scenario import plan_scenario, read_scenario, scenario_from_text

HEAD = """
title: t
question: q?
base: {season: example, as_of: 2024-03-15}
"""


def problems(text: str, *, json_format: bool = False) -> list[tuple[str | None, str]]:
    """(field, message) of every problem in a scenario text."""
    with pytest.raises(InputError) as caught:
        scenario_from_text(text, source="s.yaml", json_format=json_format)
    return [(p.field, p.message) for p in caught.value.problems]


def plan_of(text: str, folder: Path = Path()) -> object:
    """The plan of a scenario text."""
    return plan_scenario(scenario_from_text(text, source="s.yaml"), folder=folder, source="s.yaml")


def test_bad_budget_is_reported_at_its_path() -> None:
    """A budget with three decimals points at variants[2].change.budget."""
    text = (
        HEAD
        + """
variants:
  - {name: a, change: {op: remove_fund, fund: food}}
  - {name: b, changes: [{op: set_budget, fund: food, budget: 10}]}
  - {name: c, change: {op: set_budget, fund: food, budget: 12.345}}
"""
    )
    assert problems(text) == [
        (
            "variants[2].change.budget",
            "expected euros with at most two decimals, got Decimal('12.345')",
        )
    ]


def test_every_problem_is_listed_with_its_path() -> None:
    """Unknown keys, an unknown op and a change in a list are all reported at once."""
    text = (
        HEAD
        + """
colour: blue
variants:
  - {name: a, change: {op: set_budget, fund: food, budget: 10, extra: 1}}
  - name: b
    changes: [{op: remove_fund, fund: food}, {op: set_rule, fund: food, rule: "nights >"}]
  - {name: c, change: {op: paint, fund: food}}
"""
    )
    fields = sorted(str(field) for field, _ in problems(text))
    assert fields == [
        "colour",
        "variants[0].change.extra",
        "variants[1].changes[1].rule",
        "variants[2].change",
    ]


def test_json_files_are_read_with_exact_decimals(tmp_path: Path) -> None:
    """JSON numbers with a point become Decimal, so a share of 0.1 stays exactly 0.1."""
    path = tmp_path / "s.json"
    path.write_text(
        '{"title": "t", "question": "q", "variants": [{"name": "a", "change": '
        '{"op": "set_cap", "fund": "food", "cap_share_of_min_goal": 0.1}}]}',
        encoding="utf-8",
    )
    scenario = read_scenario(path)
    change = scenario.variants[0].all_changes[0]
    assert change.cap_share_of_min_goal == Decimal("0.1")  # type: ignore[union-attr]


def test_duplicate_yaml_keys_are_refused() -> None:
    """YAML would keep the last of two equal keys; a scenario file refuses them."""
    (problem,) = problems("title: a\ntitle: b\nquestion: q\n")
    assert "a key appears twice" in problem[1]


def test_an_impossible_date_names_its_line() -> None:
    """YAML reads 2024-13-01 as a date and failed without saying where."""
    (problem,) = problems("title: a\nquestion: q\nbase: {season: example, as_of: 2024-13-01}\n")
    assert "expected a date YYYY-MM-DD, got 2024-13-01 (month must be in 1..12)" in problem[1]
    assert "line 3, column 32" in problem[1]


def test_base_season_needs_its_fields() -> None:
    """A generated base without a size is an error at base."""
    text = "title: t\nquestion: q\nbase: {season: generated, seed: 3}\nsweep: " + (
        "{parameter: horizon_days, from: 1, to: 5, steps: 2}"
    )
    assert problems(text) == [("base", "season 'generated' needs size")]


def test_unknown_fund_and_bad_option_are_reported_at_their_paths() -> None:
    """Resolving checks fund ids and round options against the base."""
    text = (
        HEAD
        + """
variants:
  - {name: a, change: {op: set_budget, fund: no-such-fund, budget: 10}}
  - {name: b, change: {op: set_options, options: {horizon_days: -3}}}
"""
    )
    with pytest.raises(InputError) as caught:
        plan_of(text)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["variants[0].change.fund", "variants[1].change.options.horizon_days"]


def test_an_added_fund_s_own_checks_are_reported_in_the_scenario_s_words() -> None:
    """A pool id or a reversed window: the variant's path, no pydantic header or link."""
    text = (
        HEAD
        + """
variants:
  - {name: a, change: {op: add_fund, fund: {id: pool-x, name: X, budget: 10}}}
  - name: b
    change: {op: add_fund, fund: {id: late, name: Y, budget: 10, valid_from: 2024-05-01,
                                   valid_until: 2024-01-01}}
"""
    )
    with pytest.raises(InputError) as caught:
        plan_of(text)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        (
            "variants[0].change.fund",
            "id: fund ids starting with 'pool' are reserved for donation pools",
        ),
        ("variants[1].change.fund", "valid_from must not be after valid_until"),
    ]


def test_each_change_is_applied_as_written() -> None:
    """Add, remove, budget, rule, caps, match ratio and options each change what they say."""
    text = (
        HEAD
        + """
variants:
  - name: add
    change: {op: add_fund, fund: {id: new, name: New, budget: 1500.5, rule: 'nights >= 4',
             cap_share_of_min_goal: 0.5, valid_until: 2024-12-31}}
  - {name: remove, change: {op: remove_fund, fund: food}}
  - {name: budget, change: {op: set_budget, fund: food, budget: 12}}
  - {name: rule, change: {op: set_rule, fund: food, rule: 'inclusive'}}
  - {name: cap, change: {op: set_cap, fund: food, cap_per_campaign: 300}}
  - {name: uncap, change: {op: set_cap, fund: food, cap_share_of_min_goal: null}}
  - {name: ratio, change: {op: set_match_ratio, fund: food, match_ratio: 1.5}}
  - {name: options, change: {op: set_options, options: {horizon_days: 30}}}
"""
    )
    plan = plan_of(text)
    base = plan.variant("base")  # type: ignore[attr-defined]
    food = next(f for f in base.funds if f.id == "food")
    funds = {v.name: {f.id: f for f in v.funds} for v in plan.variants}  # type: ignore[attr-defined]
    new = funds["add"]["new"]
    assert (new.budget_cents, new.rule, new.cap_share_of_min_goal) == (
        150050,
        "nights >= 4",
        Decimal("0.5"),
    )
    assert new.valid_until == date(2024, 12, 31)
    assert "food" not in funds["remove"]
    assert funds["budget"]["food"].budget_cents == 1200
    assert funds["rule"]["food"].rule == "inclusive"
    assert funds["cap"]["food"].cap_per_campaign_cents == 30000
    assert funds["cap"]["food"].cap_share_of_min_goal == food.cap_share_of_min_goal
    assert food.cap_share_of_min_goal is not None
    assert funds["uncap"]["food"].cap_share_of_min_goal is None
    assert funds["ratio"]["food"].match_ratio == Decimal("1.5")
    options = plan.variant("options").options  # type: ignore[attr-defined]
    assert options == RoundOptions(
        round_date=date(2024, 3, 15),
        horizon_days=30,
        solver="highs",
        compare_greedy=False,
        highs_threads=1,
    )
    assert funds["options"] == funds["base"]


def test_base_changes_apply_to_every_variant() -> None:
    """Changes under base shape the base and every variant built on it."""
    text = (
        HEAD.replace(
            "base: {season: example, as_of: 2024-03-15}",
            "base: {season: example, changes: [{op: remove_fund, fund: food}]}",
        )
        + "variants:\n  - {name: a, change: {op: set_budget, fund: sea-classes, budget: 1}}\n"
    )
    plan = plan_of(text)
    for variant in plan.variants:  # type: ignore[attr-defined]
        assert "food" not in {f.id for f in variant.funds}


@pytest.mark.parametrize(
    ("parameter", "start", "stop", "steps", "values"),
    [
        ("budget", "0", "1000", 3, ("0.00", "500.00", "1000.00")),
        ("budget", "0", "0.10", 4, ("0.00", "0.03", "0.07", "0.10")),
        ("budget", "0", "1", 4, ("0.00", "0.33", "0.67", "1.00")),
        ("cap_share_of_min_goal", "0.1", "0.2", 4, ("0.1", "0.1333", "0.1667", "0.2")),
        ("match_ratio", "3", "1", 3, ("3", "2", "1")),
        ("horizon_days", "7", "28", 4, ("7", "14", "21", "28")),
        ("horizon_days", "0", "10", 4, ("0", "3", "7", "10")),
    ],
)
def test_sweep_values_are_exact_and_evenly_spaced(
    parameter: str, start: str, stop: str, steps: int, values: tuple[str, ...]
) -> None:
    """Sweep values go from A to B in K steps, both ends included, without float error; cents
    and days rounded to the nearest."""
    fund = "" if parameter == "horizon_days" else "fund: food, "
    text = (
        HEAD
        + f"sweep: {{{fund}parameter: {parameter}, from: {start}, to: {stop}, steps: {steps}}}\n"
    )
    plan = plan_of(text)
    assert plan.sweep.values == values  # type: ignore[attr-defined]
    sweep = [v for v in plan.variants if v.kind == "sweep"]  # type: ignore[attr-defined]
    assert [v.sweep_value for v in sweep] == list(values)
    assert [v.name for v in sweep] == [f"sweep-{k}" for k in range(1, steps + 1)]


def test_sweep_applies_its_value_to_the_round() -> None:
    """A budget sweep sets the fund's budget in cents; a horizon sweep sets the option."""
    text = HEAD + "sweep: {fund: food, parameter: budget, from: 0, to: 50, steps: 2}\n"
    plan = plan_of(text)
    last = plan.variants[-1]  # type: ignore[attr-defined]
    assert next(f for f in last.funds if f.id == "food").budget_cents == 5000


def test_sweep_with_repeated_values_is_refused() -> None:
    """Ten steps over three days would repeat values."""
    text = HEAD + "sweep: {parameter: horizon_days, from: 1, to: 3, steps: 10}\n"
    with pytest.raises(InputError) as caught:
        plan_of(text)
    assert [p.field for p in caught.value.problems] == ["sweep"]
