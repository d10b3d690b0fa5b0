"""The solver adapter: statuses mapped to SolveStatus, values only with a solution."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import allocator.stages as stages
from allocator import RoundOptions, SolverName, SolveStatus, allocate, verify_allocation
from allocator.canonical import canonical_input, input_sha256
from allocator.highs import new_highs
from allocator.milp import INF, LinearModel, ModelBuilder
from allocator.options import DEFAULT_HIGHS_THREADS
from allocator.result import RoundResult
from allocator.round import Round
from allocator.solve import Solution, require_solution, solve
from benchmarks.rounds import benchmark_round, benchmark_season
from eligibility.errors import SolverError
from tests.allocator.builders import campaign, fund, round_of

SOLVERS = [SolverName.CBC, SolverName.HIGHS]
TOLERANCE = 1e-6


def model_of(
    *,
    objective: list[float],
    maximize: bool,
    upper: list[float],
    integer: list[bool],
    rows: list[tuple[list[float], float, float]],
) -> LinearModel:
    """A model from dense rows ``(coefficients, lower, upper)``; columns start at 0."""
    builder = ModelBuilder()
    for bound, flag in zip(upper, integer, strict=True):
        builder.add_columns(lower=np.zeros(1), upper=np.array([bound]), integer=flag)
    for coefficients, lower, high in rows:
        (row,) = builder.add_rows(lower=np.array([lower]), upper=np.array([high]))
        cols = np.flatnonzero(coefficients)
        builder.add_entries(np.full(len(cols), row), cols, np.asarray(coefficients)[cols])
    return builder.build(np.asarray(objective, dtype=np.float64), maximize=maximize)


def broken_rows(model: LinearModel, values: np.ndarray) -> list[int]:
    """Rows, bounds or integralities that ``values`` breaks (by more than a tolerance)."""
    activity = np.bincount(
        model.rows, weights=model.values * values[model.cols], minlength=model.num_rows
    )
    rows = np.flatnonzero(
        (activity < model.row_lower - TOLERANCE) | (activity > model.row_upper + TOLERANCE)
    )
    outside = (values < model.col_lower - TOLERANCE) | (values > model.col_upper + TOLERANCE)
    fractional = model.integer & (np.abs(values - np.round(values)) > TOLERANCE)
    return [*rows.tolist(), *(-1 - np.flatnonzero(outside | fractional)).tolist()]


INFEASIBLE = {
    # x + y >= 3 with x, y in [0, 1]: even the LP has no solution.
    "lp": model_of(
        objective=[1, 1],
        maximize=True,
        upper=[1, 1],
        integer=[False, False],
        rows=[([1, 1], 3, INF)],
    ),
    # 2x = 1 with x integer: the LP has x = 0.5, the MILP nothing.
    "integer": model_of(
        objective=[1], maximize=False, upper=[1], integer=[True], rows=[([2], 1, 1)]
    ),
    # Three binaries, pairwise at most one, yet at least two: the LP has (0.5, 0.5, 0.5) or so.
    "packing": model_of(
        objective=[1, 2, 3],
        maximize=True,
        upper=[1, 1, 1],
        integer=[True, True, True],
        rows=[
            ([1, 1, 0], -INF, 1),
            ([0, 1, 1], -INF, 1),
            ([1, 0, 1], -INF, 1),
            ([1, 1, 1], 2, INF),
        ],
    ),
}


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("kind", sorted(INFEASIBLE))
def test_infeasible_model_has_no_values(solver: SolverName, kind: str) -> None:
    """An infeasible model is reported INFEASIBLE and no value or objective is read."""
    solution = solve(INFEASIBLE[kind], solver=solver)
    assert solution.status is SolveStatus.INFEASIBLE
    assert not solution.status.has_solution
    assert solution.values is None
    assert solution.objective is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_knapsack_with_a_continuous_column_is_solved_exactly(solver: SolverName) -> None:
    """Weights 5, 4, 3 in 7 with values 10, 7, 5: b and c (12) beat a (10); z adds its 2.5."""
    model = model_of(
        objective=[10, 7, 5, 1],
        maximize=True,
        upper=[1, 1, 1, 2.5],
        integer=[True, True, True, False],
        rows=[([5, 4, 3, 0], -INF, 7)],
    )
    solution = solve(model, solver=solver)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.values is not None
    assert solution.values == pytest.approx([0, 1, 1, 2.5], abs=TOLERANCE)
    assert solution.objective == pytest.approx(14.5)


def knapsack() -> LinearModel:
    """Weights 5, 4, 3 in 7 with values 10, 7, 5 (optimum b and c, 12)."""
    return model_of(
        objective=[10, 7, 5],
        maximize=True,
        upper=[1, 1, 1],
        integer=[True, True, True],
        rows=[([5, 4, 3], -INF, 7)],
    )


def in_a_new_thread(work: Callable[[], Any]) -> Any:
    """``work``'s result, or the exception it raised, from a thread of its own (HiGHS keeps
    one scheduler per thread: what happens there does not touch the test's own thread)."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    return outcome[0]


def knapsack_after_a_direct_run(*, threads: int) -> Callable[[], Solution]:
    """Work that runs HiGHS directly on ``threads`` threads (starting the thread's scheduler),
    then solves the knapsack through the adapter."""

    def work() -> Solution:
        import highspy

        other = highspy.Highs()  # type: ignore[no-untyped-call]
        other.setOptionValue("output_flag", False)
        other.setOptionValue("threads", threads)
        other.run()
        return solve(knapsack(), solver=SolverName.HIGHS)

    return work


def test_highs_runs_on_the_rounds_fixed_thread_count() -> None:
    """Not the machine's default (half its cores): the answer among equal optima depends on it."""
    assert RoundOptions().highs_threads == DEFAULT_HIGHS_THREADS == 2
    assert new_highs().getOptionValue("threads")[1] == 2
    assert new_highs(1).getOptionValue("threads")[1] == 1


@pytest.mark.parametrize(("first", "then"), [(1, 2), (2, 1), (3, 1)])
def test_a_thread_whose_highs_scheduler_another_count_started_still_solves(
    first: int, then: int
) -> None:
    """HiGHS refuses a run on another thread count than its thread's first: the adapter resets
    that thread's scheduler and runs again, and the answer is the optimum."""

    def work() -> Solution:
        knapsack_after_a_direct_run(threads=first)()
        return solve(knapsack(), solver=SolverName.HIGHS, threads=then)

    solution = in_a_new_thread(work)
    assert isinstance(solution, Solution)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(12)


def test_a_refused_run_that_cannot_be_reset_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A highspy without ``resetThreadScheduler``: the refused run is a SolverError that says
    why, never a model status read as an answer."""
    import highspy

    monkeypatch.setattr(highspy.Highs, "resetThreadScheduler", None)

    def work() -> Solution:
        knapsack_after_a_direct_run(threads=1)()
        return solve(knapsack(), solver=SolverName.HIGHS, threads=2)

    error = in_a_new_thread(work)
    assert isinstance(error, SolverError)
    assert "refused to run on 2 threads" in str(error)


def test_a_round_after_a_reset_scheduler_is_decided_as_in_a_fresh_thread() -> None:
    """The same round on 1 thread, in a fresh thread and in one whose scheduler a 2-thread
    round started: the same allocations to the cent (a reset keeps nothing that decides)."""
    round_ = benchmark_round(benchmark_season(campaigns=300, funds=6, seed=3))
    one = RoundOptions(solver="highs", compare_greedy=False, highs_threads=1)
    two = one.model_copy(update={"highs_threads": 2})

    def after_two_threads() -> RoundResult:
        allocate(round_, two)
        return allocate(round_, one)

    fresh = in_a_new_thread(lambda: allocate(round_, one))
    reset = in_a_new_thread(after_two_threads)
    assert isinstance(fresh, RoundResult)
    assert isinstance(reset, RoundResult)
    assert fresh.summary["completed_by_round"] > 0
    assert reset.allocations == fresh.allocations
    assert reset.lineage == fresh.lineage


def test_the_thread_count_is_part_of_the_input_hash_only_off_its_default() -> None:
    """A round recorded before the option existed keeps its SHA-256; another count is another
    input (it may decide another answer among equal optima)."""
    round_ = round_of([campaign("A", 50)], [fund("F", 100)])
    default = canonical_input(round_, RoundOptions())
    assert "highs_threads" not in default["options"]
    assert input_sha256(round_, RoundOptions(highs_threads=2)) == input_sha256(
        round_, RoundOptions()
    )
    assert input_sha256(round_, RoundOptions(highs_threads=1)) != input_sha256(
        round_, RoundOptions()
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_proof_without_heuristics_leaves_a_worse_start_for_the_optimum(
    solver: SolverName,
) -> None:
    """The same knapsack from the start {a} (10 + 2.5): the solver's searches for better answers
    switched off, its tree still finds b and c (14.5) and proves it."""
    model = model_of(
        objective=[10, 7, 5, 1],
        maximize=True,
        upper=[1, 1, 1, 2.5],
        integer=[True, True, True, False],
        rows=[([5, 4, 3, 0], -INF, 7)],
    )
    start = np.array([1.0, 0.0, 0.0, 2.5])
    solution = solve(model, solver=solver, gap_abs=0.0, start=start, heuristics=False)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.values == pytest.approx([0, 1, 1, 2.5], abs=TOLERANCE)
    assert solution.objective == pytest.approx(14.5)


@pytest.mark.parametrize("solver", SOLVERS)
def test_equality_and_minimisation_are_solved_exactly(solver: SolverName) -> None:
    """min x + y with x + 2y = 7 in integers: (1, 3), not the LP's (0, 3.5)."""
    model = model_of(
        objective=[1, 1],
        maximize=False,
        upper=[10, 10],
        integer=[True, True],
        rows=[([1, 2], 7, 7)],
    )
    solution = solve(model, solver=solver)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.values == pytest.approx([1, 3], abs=TOLERANCE)
    assert solution.objective == pytest.approx(4)
    assert solve(model.relaxed(), solver=solver).objective == pytest.approx(3.5)


@pytest.mark.parametrize("solver", [SolverName.CBC, SolverName.HIGHS])
def test_coefficients_from_one_to_a_hundred_million_are_solved_exactly(solver: SolverName) -> None:
    """max y1 + .. + y4 with z = y1 + y2 + y3 + 1e8·y4 <= 1e8 + 2: three (ties are fine)."""
    model = model_of(
        objective=[1, 1, 1, 1, 0],
        maximize=True,
        upper=[1, 1, 1, 1, 1e8 + 2],
        integer=[True, True, True, True, False],
        rows=[([-1, -1, -1, -1e8, 1], 0, 0)],
    )
    solution = solve(model, solver=solver, gap_abs=0.999)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.objective == pytest.approx(3)
    values = require_solution(solution, stage="test")
    y = np.round(values[:4])
    assert y.sum() == 3
    # CBC prints solution values with 8 significant digits: z is only that exact here;
    # allocator.rounding recomputes exact cents from the 0/1 decisions.
    assert values[4] == pytest.approx(y[0] + y[1] + y[2] + 1e8 * y[3], rel=1e-7)


def hard_knapsack(items: int = 100, constraints: int = 10, seed: int = 1) -> LinearModel:
    """A multi-dimensional 0/1 knapsack that neither solver proves optimal in a blink."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 1000, size=(constraints, items))
    values = rng.integers(1, 1000, size=items) + weights.sum(axis=0) // constraints
    builder = ModelBuilder()
    x = builder.add_columns(lower=np.zeros(items), upper=np.ones(items), integer=True)
    rows = builder.add_rows(
        lower=np.full(constraints, -INF), upper=weights.sum(axis=1).astype(float) / 2
    )
    row_index, col_index = np.meshgrid(rows, x, indexing="ij")
    builder.add_entries(row_index.ravel(), col_index.ravel(), weights.ravel().astype(float))
    return builder.build(values.astype(np.float64), maximize=True)


def greedy_value(model: LinearModel) -> float:
    """A feasible knapsack value: items by value per total weight while every row has room."""
    dense = np.zeros((model.num_rows, model.num_cols))
    dense[model.rows, model.cols] = model.values
    chosen = np.zeros(model.num_cols)
    for j in np.argsort(-model.objective / dense.sum(axis=0), kind="stable"):
        chosen[j] = 1
        if np.any(dense @ chosen > model.row_upper):
            chosen[j] = 0
    return float(model.objective @ chosen)


@pytest.mark.parametrize("solver", SOLVERS)
def test_time_limited_hard_model_never_reads_garbage(solver: SolverName) -> None:
    """Stopped early: a solution that holds and is no better than the LP bound, or no values."""
    model = hard_knapsack()
    solution = solve(model, solver=solver, time_limit=0.05)
    assert solution.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION)
    if not solution.status.has_solution:
        assert solution.values is None
        assert solution.objective is None
        return
    assert solution.values is not None
    assert solution.objective is not None
    assert broken_rows(model, solution.values) == []
    assert solution.objective == pytest.approx(float(model.objective @ solution.values))
    lp_bound = solve(model.relaxed(), solver=solver).objective
    assert lp_bound is not None
    assert solution.objective <= lp_bound + TOLERANCE
    if solution.status is SolveStatus.OPTIMAL:
        assert solution.objective >= greedy_value(model) - TOLERANCE


@pytest.mark.parametrize("solver", SOLVERS)
def test_require_solution_raises_without_a_solution(solver: SolverName) -> None:
    """An infeasible solve, or a stop before any solution, raises SolverError naming the stage."""
    infeasible = solve(INFEASIBLE["integer"], solver=solver)
    with pytest.raises(SolverError, match=r"returned 'infeasible' while testing the adapter"):
        require_solution(infeasible, stage="testing the adapter")
    stopped = Solution(SolveStatus.NO_SOLUTION, None, None, None, 0.0, solver.value)
    with pytest.raises(SolverError, match="no_solution"):
        require_solution(stopped, stage="testing the adapter")


def test_require_solution_returns_the_values_of_a_solution() -> None:
    """With a solution, ``require_solution`` hands back exactly its values."""
    values = np.array([1.0, 3.0])
    found = Solution(SolveStatus.FEASIBLE, values, 4.0, None, 0.0, "cbc")
    assert require_solution(found, stage="testing the adapter") is values


def seeded_round(campaigns: int, funds: int, seed: int = 7) -> Round:
    """A reproducible round with rules, all three cap kinds and deadlines over four weeks."""
    rng = np.random.default_rng(seed)
    records = []
    for i in range(campaigns):
        goal = int(rng.integers(20_000, 300_000))
        records.append(
            campaign(
                f"C{i:05d}",
                0,
                min_goal_cents=goal,
                optimum_goal_cents=2 * goal,
                collected_cents=int(goal * rng.uniform(0.2, 0.95)),
                priority_education=str(rng.choice(["", "", "REP", "REP+"])),
                isolated=bool(rng.random() < 0.2),
                inclusive=bool(rng.random() < 0.2),
                school_type=str(rng.choice(["ecole_elementaire", "college", "lycee"])),
                themes=str(rng.choice(["arts", "sport", "science", "arts;sport"])),
                ends_on=(date(2024, 3, 1) + timedelta(days=int(rng.integers(0, 28)))).isoformat(),
            )
        )
    rules = ["", "isolated", "courte_echelle", '"sport" in themes', 'school_type == "college"']
    caps: list[dict[str, Any]] = [
        {},
        {"cap_per_campaign_cents": 40_000},
        {"cap_share_of_min_goal": Decimal("0.5")},
        {"match_ratio": Decimal("1.5")},
    ]
    budget = campaigns * 300 // funds
    return round_of(
        records,
        [fund(f"F{j}", budget, rules[j % len(rules)], **caps[j % len(caps)]) for j in range(funds)],
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_generous_time_limit_changes_nothing(solver: SolverName) -> None:
    """A time limit far above the solve time gives the same proven answer as none at all."""
    round_ = seeded_round(60, 5)
    free = allocate(round_, RoundOptions(solver=solver))
    limited = allocate(round_, RoundOptions(solver=solver, time_limit=120))
    assert limited.status is free.status is SolveStatus.OPTIMAL
    assert limited.allocations == free.allocations
    assert limited.summary["objectives"] == free.summary["objectives"]


@pytest.fixture
def milp_unproven(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Solves as usual, but every MILP reports its (real) solution as not proven."""
    calls = {"doubted": 0}

    def solve_then_doubt(model: LinearModel, **kwargs: Any) -> Solution:
        solution = solve(model, **kwargs)
        if model.is_mip and solution.status is SolveStatus.OPTIMAL:
            calls["doubted"] += 1
            return replace(solution, status=SolveStatus.FEASIBLE, bound=None)
        return solution

    monkeypatch.setattr("allocator.stages.solve", solve_then_doubt)
    return calls


@pytest.mark.parametrize("solver", SOLVERS)
def test_unproven_stage_is_reported_and_still_verified(
    solver: SolverName, milp_unproven: dict[str, int]
) -> None:
    """A stage stopped before proving optimality marks the round feasible, never optimal.

    A criterion may still be proven by its LP bound (no MILP's word needed); one that needs a
    MILP, even a small one over the campaigns its reduced costs leave open, stays unproven.
    """
    round_ = seeded_round(40, 4)
    options = RoundOptions(solver=solver, time_limit=120)
    result = allocate(round_, options)
    assert milp_unproven["doubted"] >= 1
    assert result.status is SolveStatus.FEASIBLE
    assert result.summary["status"] == "feasible"
    statuses = set(result.summary["stage_statuses"].values())
    assert statuses <= {"feasible", "optimal: reached its LP bound"}
    assert "feasible" in statuses
    verify_allocation(round_, options, result.allocations, result.lineage)
    assert result.completed
    assert all(o.allocated_cents in (0, o.need_cents) for o in result.outcomes)


def two_knapsacks() -> Round:
    """Two funds of 100 € each, for two campaigns needing 60 € each: the LP completes 3.33
    campaigns (bound 3), whole campaigns only 2: the LP bound cannot certify, the MILP must.
    """
    records = [campaign(c, 60) for c in ("a1", "a2", "b1", "b2")]
    funds = [
        fund("A", 100, rule='campaign_id in ("a1", "a2")'),
        fund("B", 100, rule='campaign_id in ("b1", "b2")'),
    ]
    return round_of(records, funds)


@pytest.mark.parametrize("solver", SOLVERS)
def test_count_below_its_lp_bound_is_proven_by_the_milp(solver: SolverName) -> None:
    """The MILP runs over the campaigns the LP's reduced costs leave open (here all four)."""
    result = allocate(two_knapsacks(), RoundOptions(solver=solver))
    assert result.status is SolveStatus.OPTIMAL
    assert len(result.completed) == 2
    assert result.summary["lp_bound"] == pytest.approx(10 / 3)
    completed = result.summary["stage_statuses"]["completed"]
    assert completed == "optimal: proven with reduced-cost fixing"
    solves = [s["stage"] for s in result.summary["timings"]["solves"]]
    assert any(s.startswith("completed: proof (4 of 4 campaigns open)") for s in solves)


def starts_given(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[bool, bool]]]:
    """Records, for each solve of the stages, whether it was given a start and heuristics."""
    given: dict[str, list[tuple[bool, bool]]] = {}
    real = stages._solve

    def spy(model: LinearModel, options: RoundOptions, *args: Any, **kwargs: Any) -> Solution:
        time_limit, start, report, purpose = args
        heuristics = kwargs.get("heuristics", True)
        given.setdefault(purpose, []).append((start is not None, heuristics))
        return real(model, options, time_limit, start, report, purpose, **kwargs)

    monkeypatch.setattr(stages, "_solve", spy)
    return given


@pytest.mark.parametrize("solver", SOLVERS)
def test_highs_proves_a_count_without_the_start_cbc_with_it(
    solver: SolverName, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HiGHS restarts its tree again and again when the optimal count is its start (5 to 70
    times slower on the sweep rounds): its count proof runs without; CBC keeps the start.
    """
    given = starts_given(monkeypatch)
    result = allocate(two_knapsacks(), RoundOptions(solver=solver))
    assert len(result.completed) == 2
    assert (
        result.summary["stage_statuses"]["completed"] == "optimal: proven with reduced-cost fixing"
    )
    proof = [purpose for purpose in given if purpose.startswith("completed: proof")]
    assert len(proof) == 1
    # Its heuristics stay off either way: a known answer lies inside the pass.
    assert given[proof[0]] == [(solver is SolverName.CBC, False)]


@pytest.mark.parametrize("solver", SOLVERS)
def test_priority_and_money_proofs_keep_the_start(
    solver: SolverName, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the count's proof goes without: the others need the start (10,000 x 30).

    HiGHS decides money, when its LP bound does not, in one MILP over the whole round (faster
    than its passes, measured): from the start too, its sub-MIP heuristics off. CBC keeps the
    passes.
    """
    given = starts_given(monkeypatch)
    result = allocate(seeded_round(120, 6, seed=11), RoundOptions(solver=solver))
    assert result.status is SolveStatus.OPTIMAL
    later = [purpose for purpose in given if purpose.startswith(("priority: ", "money: "))]
    proofs = [purpose for purpose in later if ": proof" in purpose]
    assert all(given[purpose] == [(True, False)] for purpose in proofs)
    passes = [purpose for purpose in later if purpose.startswith(("money: search", "money: proof"))]
    if solver is SolverName.HIGHS:
        assert given["money"] == [(True, False)]  # the case under test ran
        assert passes == []
    else:
        assert "money" not in given
        assert proofs  # the case under test ran


def count_proof_answers(monkeypatch: pytest.MonkeyPatch, answer: SolveStatus) -> None:
    """The count's proof pass answers ``answer`` (an "optimum" of nothing if optimal or
    feasible); every other solve runs as usual."""
    real = stages._solve

    def stub(model: LinearModel, options: RoundOptions, *args: Any, **kwargs: Any) -> Solution:
        if args[3].startswith("completed: proof"):
            values = None if not answer.has_solution else np.zeros(model.num_cols)
            objective = None if values is None else 0.0
            return Solution(answer, values, objective, None, 0.0, "stub")
        return real(model, options, *args, **kwargs)

    monkeypatch.setattr(stages, "_solve", stub)


@pytest.mark.parametrize(
    "answer",
    [SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE, SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION],
)
def test_a_proof_without_the_start_that_slips_or_stops_proves_nothing(
    answer: SolveStatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HiGHS's count proof runs without the known answer: if it then calls a worse answer
    optimal, calls the pass infeasible, or stops, the pass proves nothing; the known answer
    is kept and the full MILP decides.
    """
    count_proof_answers(monkeypatch, answer)
    result = allocate(two_knapsacks(), RoundOptions(solver=SolverName.HIGHS))
    assert result.summary["stage_statuses"]["completed"] == "optimal"
    assert len(result.completed) == 2


def test_a_proof_given_the_start_that_calls_it_infeasible_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CBC's count proof is given the known answer: "infeasible" then is the solver wrong."""
    count_proof_answers(monkeypatch, SolveStatus.INFEASIBLE)
    with pytest.raises(SolverError, match=r"optimising 'completed' \(proof\)"):
        allocate(two_knapsacks(), RoundOptions(solver=SolverName.CBC))


@pytest.mark.parametrize("solver", SOLVERS)
def test_count_reaching_its_lp_bound_is_proven_without_branching(solver: SolverName) -> None:
    """One fund of 150 € for three campaigns needing 60 €: LP 2.5, bound 2, reached."""
    records = [campaign(c, 60) for c in ("c1", "c2", "c3")]
    result = allocate(round_of(records, [fund("F", 150)]), RoundOptions(solver=solver))
    assert result.status is SolveStatus.OPTIMAL
    assert len(result.completed) == 2
    assert result.summary["stage_statuses"]["completed"] == "optimal: reached its LP bound"
    assert result.summary["stage_bounds"]["completed"] == 2


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize(("size", "seed"), [((60, 5), 7), ((80, 6), 3), ((120, 6), 11)])
def test_reduced_cost_proofs_find_the_full_milps_optimum(
    solver: SolverName, size: tuple[int, int], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each criterion proven from its LP (bound reached, or a MILP over the campaigns the
    reduced costs leave open) has the value the full MILP over every campaign proves. (HiGHS
    decides money by the full MILP itself when its LP bound does not: plain "optimal".)
    """
    round_ = seeded_round(*size, seed=seed)
    options = RoundOptions(solver=solver)
    fast = allocate(round_, options)
    assert fast.status is SolveStatus.OPTIMAL
    proofs = set(fast.summary["stage_statuses"].values())
    from_lp = {"optimal: reached its LP bound", "optimal: proven with reduced-cost fixing"}
    assert proofs <= from_lp | ({"optimal"} if solver is SolverName.HIGHS else set())
    assert "optimal: proven with reduced-cost fixing" in proofs  # the case under test ran
    monkeypatch.setattr(stages, "_prove_from_lp", lambda *args: (args[5], None))
    full = allocate(round_, options)
    assert set(full.summary["stage_statuses"].values()) == {"optimal"}
    assert fast.summary["objectives"] == full.summary["objectives"]
    assert fast.summary["completed_by_round"] == full.summary["completed_by_round"]


@pytest.fixture
def no_incumbent_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every time-limited MILP solve stops before finding a solution, as real solvers do."""

    def solve_or_stop(model: LinearModel, **kwargs: Any) -> Solution:
        if model.is_mip and kwargs.get("time_limit") is not None:
            return Solution(SolveStatus.NO_SOLUTION, None, None, None, 0.0, "stub")
        return solve(model, **kwargs)

    monkeypatch.setattr("allocator.stages.solve", solve_or_stop)


@pytest.mark.usefixtures("no_incumbent_in_time")
def test_no_incumbent_in_time_still_gives_a_feasible_result() -> None:
    """Nothing found in time: the round still returns a verified result, marked feasible."""
    round_ = seeded_round(40, 4)
    options = RoundOptions(time_limit=5)
    result = allocate(round_, options)
    assert result.status is SolveStatus.FEASIBLE
    assert result.summary["status"] == "feasible"
    verify_allocation(round_, options, result.allocations, result.lineage)
    greedy = [p["completed"] for p in result.summary["policies"] if p["policy"] != "optimal"]
    best_greedy = max(greedy)
    assert len(result.completed) == best_greedy > 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_tiny_time_limit_on_a_large_round_returns_a_verified_result(solver: SolverName) -> None:
    """10 ms for 2,000 campaigns: a verified result, optimal or feasible, no worse than greedy."""
    round_ = seeded_round(2000, 12)
    options = RoundOptions(solver=solver, time_limit=0.01)
    result = allocate(round_, options)
    assert result.summary["status"] in ("optimal", "feasible")
    verify_allocation(round_, options, result.allocations, result.lineage)
    assert all(o.allocated_cents in (0, o.need_cents) for o in result.outcomes)
    greedy = [p["completed"] for p in result.summary["policies"] if p["policy"] != "optimal"]
    assert len(result.completed) >= max(greedy) > 0


@pytest.mark.parametrize("seed", range(6))
def test_an_lp_started_from_an_earlier_basis_reaches_the_cold_optimum(seed: int) -> None:
    """The stage LPs' path: the optimal basis of one LP, a row added and a new objective (the
    primal simplex goes on from it), or no objective (a check: the dual simplex). The optimum
    is the one a cold start reaches; a basis that does not fit the model is a cold start."""
    rng = np.random.default_rng(seed)
    sources, campaigns = 4, 12
    need = rng.integers(10, 100, size=campaigns).astype(np.float64)
    budget = rng.integers(50, 200, size=sources).astype(np.float64)
    builder = ModelBuilder()
    y = builder.add_columns(lower=np.zeros(campaigns), upper=np.ones(campaigns), integer=False)
    pairs = [(s, c) for s in range(sources) for c in range(campaigns) if rng.random() < 0.6]
    x = builder.add_columns(
        lower=np.zeros(len(pairs)), upper=np.full(len(pairs), INF), integer=False
    )
    covered = builder.add_rows(lower=np.zeros(campaigns), upper=np.zeros(campaigns))
    builder.add_entries(covered, y, -need)
    builder.add_entries(covered[[c for _, c in pairs]], x, np.ones(len(pairs)))
    spent = builder.add_rows(lower=np.full(sources, -INF), upper=budget)
    builder.add_entries(spent[[s for s, _ in pairs]], x, np.ones(len(pairs)))
    count = np.zeros(builder.num_cols)
    count[y] = 1.0
    first = builder.build(count, maximize=True).relaxed()
    earlier = solve(first, solver=SolverName.HIGHS)
    assert earlier.status is SolveStatus.OPTIMAL
    assert earlier.basis is not None
    score = np.zeros(builder.num_cols)
    score[y] = rng.integers(0, 5, size=campaigns)
    assert earlier.objective is not None
    kept = first.with_row(count, lower=earlier.objective - 1e-6, upper=INF)
    nothing = np.zeros(builder.num_cols)
    misfit = earlier.basis._replace(columns=earlier.basis.columns[:-1])
    for later in (
        kept.with_objective(score, maximize=True),
        kept.with_objective(nothing, maximize=False),
    ):
        cold = solve(later, solver=SolverName.HIGHS)
        for basis in (earlier.basis, misfit):
            warm = solve(later, solver=SolverName.HIGHS, basis=basis)
            assert warm.status is cold.status is SolveStatus.OPTIMAL
            assert warm.objective == pytest.approx(cold.objective, abs=TOLERANCE)
            assert warm.values is not None
            assert broken_rows(later, warm.values) == []
