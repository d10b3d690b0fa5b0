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
    """Two funds of 100 € for two campaigns each, all needing 60 €: the LP completes 3.33
    (bound 3), whole campaigns only 2, so no LP alone proves the count: a MILP must.
    """
    records = [campaign(c, 60) for c in ("a1", "a2", "b1", "b2")]
    funds = [
        fund("A", 100, rule='campaign_id in ("a1", "a2")'),
        fund("B", 100, rule='campaign_id in ("b1", "b2")'),
    ]
    return round_of(records, funds)


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
    assert "kept the answer found so far" in statuses["completed"]
    assert "kept the answer found so far" in statuses["priority"]
    # The money needs no MILP: with two campaigns kept, the LP spends 2 x 60 € as well.
    assert result.summary["criteria_proven"] == {
        "completed": False,
        "priority": False,
        "money": True,
    }
    assert statuses["money"] == "optimal: reached its LP bound"


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
    """A stage stopped with a solution keeps it and the summary gives its status and gap."""
    real = stages.solve

    def early(model: LinearModel, **options: Any) -> Solution:
        answer = real(model, **options)
        if not model.is_mip:
            return answer
        return Solution(SolveStatus.FEASIBLE, answer.values, answer.objective, None, 0.0, "cbc")

    monkeypatch.setattr(stages, "solve", early)
    result = allocate(round_with_choices(), RoundOptions(time_limit=5))
    assert result.status is SolveStatus.FEASIBLE
    assert result.summary["completed_by_round"] == 2
    assert result.summary["stage_statuses"]["completed"] == "feasible"
    # No bound from the (stubbed) MILP: the LP's stands in, 3.33 campaigns rounded down.
    assert result.summary["gaps"]["completed"] == 1.0
    assert result.summary["stage_statuses"]["money"] == "optimal: reached its LP bound"
    assert result.summary["gaps"]["money"] == 0.0
