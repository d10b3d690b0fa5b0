"""A solver stopped by its time limit: the answer found so far is kept, marked not proven."""

from __future__ import annotations

from typing import Any

import pytest

import allocator.stages as stages
from allocator import RoundOptions, allocate
from allocator.milp import LinearModel
from allocator.solve import Solution, SolveStatus
from eligibility.errors import SolverError
from tests.allocator.builders import campaign, fund, round_of


def round_with_choices() -> Any:
    """Needs 60, 50, 40 against 100 €: the optimum completes two, B and C."""
    return round_of([campaign("A", 60), campaign("B", 50), campaign("C", 40)], [fund("F", 100)])


def test_no_solution_in_time_keeps_the_greedy_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every MILP stops with nothing: the greedy start is returned, verified, marked feasible."""
    real = stages.solve

    def stopped(model: LinearModel, **options: Any) -> Solution:
        if model.is_mip:
            return Solution(SolveStatus.NO_SOLUTION, None, None, None, 0.0, "cbc")
        return real(model, **options)

    monkeypatch.setattr(stages, "solve", stopped)
    result = allocate(round_with_choices(), RoundOptions(time_limit=5))
    assert result.status is SolveStatus.FEASIBLE
    assert result.summary["proven_optimal"] is False
    assert result.summary["completed_by_round"] == 2
    statuses = result.summary["stage_statuses"]
    # The count needs no MILP when the greedy answer reaches its LP bound (2 of 2.5 here).
    assert statuses.pop("completed") == "optimal: reached its LP bound"
    assert result.summary["criteria_proven"] == {
        "completed": True,
        "priority": False,
        "money": False,
    }
    assert all("kept the answer found so far" in s for s in statuses.values())


def test_infeasible_stage_is_an_error_not_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage the solver calls infeasible (it never is) raises rather than guessing."""
    real = stages.solve

    def infeasible(model: LinearModel, **options: Any) -> Solution:
        if model.is_mip:
            return Solution(SolveStatus.INFEASIBLE, None, None, None, 0.0, "cbc")
        return real(model, **options)

    monkeypatch.setattr(stages, "solve", infeasible)
    with pytest.raises(SolverError, match="infeasible"):
        allocate(round_with_choices(), RoundOptions())


def test_feasible_stage_is_reported_with_its_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage stopped with a solution keeps it and the summary gives the LP-bound gap."""
    real = stages.solve

    def early(model: LinearModel, **options: Any) -> Solution:
        answer = real(model, **options)
        if not model.is_mip:
            return answer
        return Solution(SolveStatus.FEASIBLE, answer.values, answer.objective, None, 0.0, "cbc")

    monkeypatch.setattr(stages, "solve", early)
    result = allocate(round_with_choices(), RoundOptions(time_limit=5))
    assert result.status is SolveStatus.FEASIBLE
    # The LP bound, 2, proves the count without the MILP's word.
    assert result.summary["stage_statuses"]["completed"] == "optimal: reached its LP bound"
    assert result.summary["gaps"]["completed"] == 0.0
    assert result.summary["stage_statuses"]["priority"] == "feasible"
    assert result.summary["gaps"]["priority"] is None  # CBC gives no bound to compare with
