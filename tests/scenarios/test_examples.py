"""The scenario files shipped in scenarios/examples/: each one resolves, and what the cap
comparison's comments claim of its answers holds, checked against direct allocator calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator import Round, allocate
from scenarios.scenario import Plan, plan_scenario, read_scenario, simulate

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "examples"


def example_plan(name: str) -> Plan:
    """A shipped example, read and resolved as `simulate` does."""
    path = EXAMPLES / name
    return plan_scenario(read_scenario(path), folder=path.parent, source=path.name)


def test_the_readme_s_four_examples_are_shipped() -> None:
    names = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    assert names == ["budget-sweep.yaml", "cap-comparison.yaml", "montecarlo.yaml", "mountain.yaml"]
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"courte-echelle simulate scenarios/examples/{name} --out" in readme


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_each_example_resolves_into_variants_that_differ(name: str) -> None:
    """Every change of every variant applies to its base; no two variants run the same round
    (a sweep may pass through the base's own value)."""
    plan = example_plan(name)
    assert plan.title
    assert plan.question
    assert plan.variants[0].kind == "base"
    others = plan.variants[1:]
    assert others
    assert len({(v.funds, v.options) for v in others}) == len(others)
    if plan.headline is not None:
        assert plan.variant(plan.headline).kind == "variant"
    if name == "montecarlo.yaml":
        assert plan.montecarlo is not None
        assert plan.montecarlo.draws > 0


def test_the_cap_comparison_answers_as_its_comments_say() -> None:
    """Caps never add completions; a quarter, 250 € and no cap cost nothing, a tenth costs a
    campaign, 150 € completes as many for less money: the rows equal allocate()'s."""
    plan = example_plan("cap-comparison.yaml")
    simulation = simulate(plan)
    base = plan.base.round_
    figures = {}
    for variant in plan.variants:
        result = allocate(Round(base.campaigns, variant.funds, base.donations), variant.options)
        done = len({a.campaign_id for a in result.allocations})
        spent = sum(a.amount_cents for a in result.allocations)
        outcome = simulation.outcomes[variant.name]
        assert (outcome.completed, outcome.spent_cents) == (done, spent)
        figures[variant.name] = (done, spent)
    completed, spent = figures["base"]
    assert all(done <= completed or name == "no-cap" for name, (done, _) in figures.items())
    for free in ("share-quarter", "per-campaign-250", "no-cap"):
        assert figures[free][0] == completed
    assert figures["share-tenth"][0] < completed
    assert figures["per-campaign-150"][0] == completed
    assert figures["per-campaign-150"][1] < spent
