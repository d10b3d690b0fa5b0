"""Simulations: numbers equal direct allocator calls, whatever the executor; marginals; draws."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from allocator import Round, RoundOptions, allocate
from eligibility.labels import CRITERIA
from scenarios.scenario import (
    COMPARISON_FILE,
    MONTECARLO_FILE,
    SCENARIO_FILE,
    ExecutorKind,
    MonteCarloSettings,
    Plan,
    count_relaxation,
    marginal_round,
    open_executor,
    plan_scenario,
    scenario_from_text,
    simulate,
    simulation_files,
)
from scenarios.scenario.answer import montecarlo_answer, variant_answer
from scenarios.scenario.executors import LOOPBACK_ANY_PORT
from scenarios.scenario.montecarlo import MonteCarloRow
from scenarios.scenario.runs import RunOutcome
from scenarios.season import past_seasons, write_history
from service.cli import app
from tests.allocator.builders import campaign, fund, round_of

SCENARIO = """
title: Tiny
question: What if?
base: {season: generated, seed: 11, size: 120}
marginal: all
variants:
  - {name: more-food, change: {op: set_budget, fund: food, budget: 900}}
  - {name: no-national, change: {op: remove_fund, fund: national-solidarity}}
  - name: new-fund
    label: 1,500 € for inclusive projects
    change: {op: add_fund, fund: {id: incl, name: Inclusion, budget: 1500, rule: inclusive}}
sweep: {fund: national-solidarity, parameter: budget, from: 0, to: 2000, steps: 3}
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The tiny scenario, resolved."""
    return plan_scenario(scenario_from_text(SCENARIO, source="t.yaml"), folder=Path(), source="t")


@pytest.fixture(scope="module")
def files(plan: Plan) -> dict[str, str]:
    """The files of the tiny scenario, run here."""
    return simulation_files(simulate(plan))


def rows(text: str) -> list[dict[str, str]]:
    """CSV rows as dicts."""
    return list(csv.DictReader(io.StringIO(text)))


def test_comparison_equals_direct_allocator_calls(plan: Plan, files: dict[str, str]) -> None:
    """Completions, spending and breakdowns of each row match allocate() on that variant."""
    base = plan.base.round_
    frame = base.campaigns.frame.set_index("campaign_id")
    table = rows(files[COMPARISON_FILE])
    assert [r["variant"] for r in table] == [v.name for v in plan.variants]
    first = None
    for row, variant in zip(table, plan.variants, strict=True):
        result = allocate(Round(base.campaigns, variant.funds, base.donations), variant.options)
        done = sorted({a.campaign_id for a in result.allocations})
        spent = sum(a.amount_cents for a in result.allocations)
        first = first or (len(done), spent)
        assert int(row["completed"]) == len(done) == result.summary["completed_by_round"]
        assert row["money_spent"] == f"{spent // 100}.{spent % 100:02d}"
        assert int(row["extra_completions"]) == len(done) - first[0]
        chosen = frame.loc[done]
        for criterion in CRITERIA:
            expected = int(chosen[f"ce_{criterion.name}"].sum())
            assert int(row[f"completed_{criterion.name}"]) == expected
        for academie, count in chosen["academie"].value_counts().items():
            assert int(row[f"completed_academie_{academie}"]) == count
        levels = sum(
            int(row[f"completed_level_{k}"]) for k in ("primary", "college", "lycee", "erea")
        )
        assert levels == len(done)


def test_cost_per_extra_completion_is_the_extra_money_over_the_extra_campaigns(
    files: dict[str, str],
) -> None:
    """Empty without extra completions, else extra spending / extra completions, to the cent."""
    table = rows(files[COMPARISON_FILE])
    base_spent = int(table[0]["money_spent"].replace(".", ""))
    for row in table:
        extra = int(row["extra_completions"])
        if extra <= 0:
            assert row["cost_per_extra_completion"] == ""
            continue
        cents = int(row["money_spent"].replace(".", "")) - base_spent
        cost = int(row["cost_per_extra_completion"].replace(".", ""))
        assert abs(cost * extra - cents) * 2 <= extra


def test_added_campaigns_are_completed_by_the_variant_and_not_by_the_base(
    plan: Plan, files: dict[str, str]
) -> None:
    """Every added row is a campaign the variant pays and the base does not."""
    base = plan.base.round_
    completed = {}
    for variant in plan.variants:
        result = allocate(Round(base.campaigns, variant.funds, base.donations), variant.options)
        completed[variant.name] = {a.campaign_id for a in result.allocations}
    added = rows(files["added.csv"])
    for variant in plan.variants[1:]:
        listed = {r["campaign_id"] for r in added if r["variant"] == variant.name}
        assert listed == completed[variant.name] - completed["base"]


@pytest.fixture
def dask_executor() -> Iterator[object]:
    """An executor on an in-process Dask cluster."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=LOOPBACK_ANY_PORT
    )
    with cluster, distributed.Client(cluster) as client:
        yield client.get_executor()


def test_results_are_identical_whatever_the_executor(
    plan: Plan, files: dict[str, str], dask_executor: object
) -> None:
    """Inline, two threads, three threads and Dask give byte-identical files."""
    for workers in (2, 3):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            assert simulation_files(simulate(plan, executor=pool, workers=workers)) == files
    on_dask = simulate(plan, executor=dask_executor, workers=2)  # type: ignore[arg-type]
    assert simulation_files(on_dask) == files
    # HiGHS has run in this process already: forked workers would hang on its locks.
    with open_executor(ExecutorKind.PROCESS, workers=2) as pool:
        assert simulation_files(simulate(plan, executor=pool, workers=2)) == files


def outcome(completed: int, spent_cents: int) -> RunOutcome:
    """A round's outcome with ``completed`` campaigns paid and ``spent_cents`` spent."""
    paid = tuple((f"C{i}", 100) for i in range(completed))
    return RunOutcome(key="x", status="optimal", paid=paid, spent=(("F", spent_cents),))


@pytest.mark.parametrize(
    ("completed", "spent", "sentence"),
    [
        (
            6,
            90_000,
            "With 1,500 € for inclusive projects, as many campaigns succeed as in the "
            "base (6), for 50.40 € less spent.",
        ),
        (
            6,
            95_040,
            "With 1,500 € for inclusive projects, as many campaigns succeed as in the base (6).",
        ),
        (
            5,
            100_000,
            "With 1,500 € for inclusive projects, 1 campaign fewer succeeds (5), "
            "for 49.60 € more spent.",
        ),
        (
            8,
            115_040,
            "With 1,500 € for inclusive projects, 2 more campaigns succeed (100 € per "
            "extra campaign).",
        ),
    ],
)
def test_a_variant_s_answer_gives_completions_then_money(
    plan: Plan, completed: int, spent: int, sentence: str
) -> None:
    """When completions tie or fall, the money the variant spends more or less is said."""
    variant = plan.variant("new-fund")
    assert variant_answer(variant, outcome(completed, spent), outcome(6, 95_040)) == sentence


def test_marginal_values_agree_with_re_solving(plan: Plan, files: dict[str, str]) -> None:
    """The resolved column equals allocate() with 1,000 € more; the LP dual its own finite step."""
    base = plan.base.round_
    variant = plan.variants[0]
    marginal = [r for r in rows(files["marginal.csv"]) if r["variant"] == "base"]
    assert [r["fund_id"] for r in marginal] == sorted(f.id for f in variant.funds)
    before = allocate(Round(base.campaigns, variant.funds, base.donations), variant.options)
    prepared, budgets = marginal_round(
        Round(base.campaigns, variant.funds, base.donations), variant.options
    )
    lp = count_relaxation(prepared, budgets)
    for row in marginal[:4]:
        funds = tuple(
            f.model_copy(update={"budget_cents": f.budget_cents + 100_000})
            if f.id == row["fund_id"]
            else f
            for f in variant.funds
        )
        after = allocate(Round(base.campaigns, funds, base.donations), variant.options)
        gain = len({a.campaign_id for a in after.allocations}) - len(
            {a.campaign_id for a in before.allocations}
        )
        assert int(row["per_1000_resolved"]) == gain
        j = [s.id for s in prepared.sources].index(row["fund_id"])
        budget = budgets.copy()
        budget[j] += 1
        step = count_relaxation(prepared, budget).objective - lp.objective
        assert float(row["per_euro_lp"]) == pytest.approx(step * 100, abs=1e-5)


def test_a_spent_out_or_empty_fund_still_has_a_worth_per_euro() -> None:
    """A fund's budget is its row, never its columns: at 0 € or spent out, more money still
    completes campaigns (hand-solved: 1 campaign per 100 € of need)."""
    records = [campaign("A", 100), campaign("B", 100)]
    for budget_euros in (0, 100, 150):
        round_ = round_of(records, [fund("F", budget_euros)])
        prepared, budget = marginal_round(round_, RoundOptions())
        lp = count_relaxation(prepared, budget)
        assert lp.objective == pytest.approx(budget_euros / 100)
        assert lp.per_cent[0] == pytest.approx(1 / 10_000)
    # With both campaigns paid for, one more euro is worth nothing.
    lp = count_relaxation(*marginal_round(round_of(records, [fund("F", 200)]), RoundOptions()))
    assert lp.per_cent[0] == pytest.approx(0)


class StubForecaster:
    """Open campaigns end with what they have plus a seeded uniform share of their minimum."""

    def sample(self, campaigns: pd.DataFrame, *, as_of: date, draws: int, seed: int) -> np.ndarray:
        """(draws, n) final amounts in cents."""
        rng = np.random.default_rng(seed)
        goal = campaigns["min_goal_cents"].to_numpy(np.int64)
        share = rng.uniform(0.0, 0.6, size=(draws, len(goal)))
        return campaigns["collected_cents"].to_numpy(np.int64) + (share * goal).astype(np.int64)


MONTECARLO = """
title: Draws
question: How many in all?
base: {season: generated, seed: 11, size: 200, as_of: 2024-03-15}
marginal: []
variants:
  - {name: more-national, change: {op: set_budget, fund: national-solidarity, budget: 5000}}
"""


def draws_files(seed: int, executor: object = None) -> dict[str, str]:
    """The files of the Monte Carlo scenario with the stub forecaster."""
    plan = plan_scenario(scenario_from_text(MONTECARLO, source="m"), folder=Path(), source="m")
    settings = MonteCarloSettings(
        draws=6, seed=seed, forecaster=StubForecaster(), as_of=date(2024, 3, 15)
    )
    return simulation_files(simulate(plan, montecarlo=settings, executor=executor, workers=2))  # type: ignore[arg-type]


def test_montecarlo_is_deterministic_by_seed() -> None:
    """The same seed gives the same files on any executor; another seed other draws."""
    first = draws_files(3)
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert draws_files(3, pool) == first
    assert draws_files(4)[MONTECARLO_FILE] != first[MONTECARLO_FILE]
    table = rows(first[MONTECARLO_FILE])
    assert [r["variant"] for r in table] == ["base", "more-national"]
    assert table[0]["mean"] == table[0]["base_mean"] == table[1]["base_mean"]
    for row in table:
        assert float(row["p05"]) <= float(row["mean"]) <= float(row["p95"])
    # Draws only ever add money: at least as many succeed as the round alone completes.
    comparison = rows(first[COMPARISON_FILE])
    assert float(table[0]["mean"]) >= int(comparison[0]["completed"])


def test_with_draws_the_answer_gives_the_draws_figures_beside_today_s() -> None:
    """The question counts campaigns' own future gifts: the answer quotes montecarlo.csv."""
    files = draws_files(3)
    document = json.loads(files[SCENARIO_FILE])
    table = {r["variant"]: r for r in rows(files[MONTECARLO_FILE])}
    today = next(v["answer"] for v in document["variants"] if v["name"] == "more-national")
    drawn = table["more-national"]
    expected = montecarlo_answer(
        MonteCarloRow(
            "more-national",
            int(drawn["draws"]),
            Fraction(drawn["mean"]),
            float(drawn["p05"]),
            float(drawn["p95"]),
            Fraction(table["base"]["mean"]),
        )
    )
    assert document["answer"] == f"{today.removesuffix('.')}, at today's amounts; {expected}."
    assert "(6 forecast draws)" in expected
    assert f"{drawn['mean']} on average" in expected or f"{drawn['mean']} against" in expected


@pytest.mark.parametrize(
    ("mean", "base", "words"),
    [
        (Fraction(171, 2), Fraction(171, 2), "as many succeed as in the base: 85.50 on average"),
        (Fraction(88), Fraction(171, 2), "2.50 more succeed on average (88.00 against 85.50 in"),
        (Fraction(84), Fraction(171, 2), "1.50 fewer succeed on average (84.00 against 85.50 in"),
    ],
)
def test_the_draws_sentence_says_more_fewer_or_as_many(
    mean: Fraction, base: Fraction, words: str
) -> None:
    sentence = montecarlo_answer(MonteCarloRow("v", 50, mean, 84.0, 89.5, base))
    assert sentence.startswith("counting the gifts campaigns may still receive (50 forecast draws)")
    assert words in sentence
    assert sentence.endswith("90 % interval 84–89.50" + (")" if mean != base else ""))


def test_the_forecast_is_fitted_on_the_scenario_s_history_or_the_command_s(
    tmp_path: Path,
) -> None:
    """montecarlo.history (relative to the scenario file) or --history: the forecast is fitted
    on those seasons and its errors measured on the latest of them."""
    write_history(past_seasons(seed=5, campaigns=150, season_year=2024, count=2), tmp_path / "a")
    write_history(past_seasons(seed=6, campaigns=150, season_year=2020, count=2), tmp_path / "b")
    scenario = tmp_path / "draws.yaml"
    text = MONTECARLO + "montecarlo: {draws: 2, seed: 1, history: a/history}\n"
    scenario.write_text(text, encoding="utf-8")
    runner = CliRunner()
    for extra, latest in (([], "2023"), (["--history", str(tmp_path / "b" / "history")], "2019")):
        out = tmp_path / f"out-{latest}"
        args = ["simulate", str(scenario), "--out", str(out), "--executor", "thread", *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        forecast = json.loads((out / "forecast.json").read_text(encoding="utf-8"))
        assert forecast["held_out"].startswith(f"the past season {latest}, forecast weekly")
        assert f"the past season {latest}" in (out / "report.html").read_text(encoding="utf-8")


def test_simulate_command_writes_exactly_its_files(tmp_path: Path) -> None:
    """The command writes its four files and the report, byte-identical on a second run."""
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(SCENARIO.replace("marginal: all", "marginal: [base]"), encoding="utf-8")
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        args = ["simulate", str(scenario), "--out", str(tmp_path / name), "--executor", "thread"]
        result = runner.invoke(app, [*args, "--workers", "2"])
        assert result.exit_code == 0, result.output
        folder = tmp_path / name
        outputs.append(
            {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}
        )
    written = sorted(name for name in outputs[0] if "/" not in name)
    assert written == [
        "added.csv",
        "comparison.csv",
        "marginal.csv",
        "report.html",
        "scenario.json",
    ]
    assert any(name.startswith("charts/") and name.endswith(".png") for name in outputs[0])
    assert outputs[0] == outputs[1]
