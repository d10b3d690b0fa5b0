"""CBC runs as a killable process in a private directory that never outlives the solve."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest

from allocator import cbc
from allocator.milp import ModelBuilder
from allocator.options import SolverName
from allocator.solve import solve
from allocator.status import SolveStatus


def knapsack(items: int = 40) -> ModelBuilder:
    """A small 0/1 knapsack: one row, ``items`` binaries."""
    builder = ModelBuilder()
    columns = builder.add_columns(lower=np.zeros(items), upper=np.ones(items), integer=True)
    row = builder.add_rows(lower=np.array([-np.inf]), upper=np.array([float(items * 7)]))
    weights = 10.0 + (np.arange(items) * 7919 % 13)
    builder.add_entries(np.zeros(items, dtype=np.int64) + row[0], columns, weights)
    return builder


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tempfile at a folder of the test's own, to see what a solve leaves behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_cbc_solves_and_leaves_no_files(private_tmp: Path) -> None:
    """A normal solve is optimal and its working directory is removed."""
    model = knapsack().build(np.arange(40) % 5 + 1.0, maximize=True)
    solution = solve(model, solver=SolverName.CBC, gap_abs=0.999)
    assert solution.status is SolveStatus.OPTIMAL
    assert solution.values is not None
    assert list(private_tmp.iterdir()) == []


def test_cbc_is_killed_past_its_hard_limit(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the time limit plus grace, CBC is killed: no solution, no values, no files left."""
    monkeypatch.setattr(cbc, "GRACE_SECONDS", -0.999)  # hard limit 1 ms after start
    model = knapsack().build(np.arange(40) % 5 + 1.0, maximize=True)
    solution = solve(model, solver=SolverName.CBC, time_limit=1.0, gap_abs=0.999)
    assert solution.status is SolveStatus.NO_SOLUTION
    assert solution.values is None
    assert list(private_tmp.iterdir()) == []


def test_cbc_infeasible_gives_no_values() -> None:
    """An infeasible model is reported as such and its garbage values are never returned."""
    builder = ModelBuilder()
    column = builder.add_columns(lower=np.zeros(1), upper=np.ones(1), integer=True)
    row = builder.add_rows(lower=np.array([2.0]), upper=np.array([np.inf]))
    builder.add_entries(row, column, np.ones(1))
    solution = solve(builder.build(np.ones(1), maximize=True), solver=SolverName.CBC)
    assert solution.status is SolveStatus.INFEASIBLE
    assert solution.values is None
