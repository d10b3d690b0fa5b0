"""CBC runs as a killable process in a private directory that never outlives the solve."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def market_split(rows: int = 6, seed: int = 1) -> ModelBuilder:
    """A market split instance (Cornuéjols-Dawande): CBC needs far longer than a test to end.

    ``rows`` equalities over ``10 (rows - 1)`` binaries, each with slack both ways; the slack
    is what is minimised, and proving no zero-slack split exists takes a huge search.
    """
    count = 10 * (rows - 1)
    weights = np.random.default_rng(seed).integers(0, 100, size=(rows, count)).astype(float)
    target = np.floor(weights.sum(axis=1) / 2)
    builder = ModelBuilder()
    picks = builder.add_columns(lower=np.zeros(count), upper=np.ones(count), integer=True)
    slack = builder.add_columns(
        lower=np.zeros(2 * rows), upper=np.full(2 * rows, np.inf), integer=False
    )
    equalities = builder.add_rows(lower=target, upper=target)
    row, column = np.nonzero(weights)
    builder.add_entries(equalities[row], picks[column], weights[row, column])
    builder.add_entries(equalities, slack[:rows], np.ones(rows))
    builder.add_entries(equalities, slack[rows:], -np.ones(rows))
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


# A process that starts a long CBC solve (from its main thread or another one) and waits.
LONG_SOLVE = """
import sys, threading
import numpy as np
from allocator.options import SolverName
from allocator.solve import solve
from tests.allocator.test_cbc_process import market_split

model = market_split().build(np.r_[np.zeros(50), np.ones(12)], maximize=False)
work = lambda: solve(model, solver=SolverName.CBC, time_limit=600.0, gap_abs=0.5)
if sys.argv[1] == "thread":
    threading.Thread(target=work).start()
else:
    work()
"""
ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60.0


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command names (from /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # it ended while we looked
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        if int(rest.split()[1]) == pid:
            found[int(stat.parent.name)] = name
    return found


def is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds; fail (bounded wait) if it never does."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("started_from", ["main", "thread"])
def test_cbc_dies_with_a_killed_parent_and_its_directory_is_swept(
    started_from: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL the process mid-solve: CBC dies too, and the next sweep removes its directory."""
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen(
        [sys.executable, "-c", LONG_SOLVE, started_from],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def cbc_started() -> bool:
            if parent.poll() is not None:
                stderr = parent.stderr.read().decode() if parent.stderr else ""
                pytest.fail(f"the solving process ended early ({parent.returncode}): {stderr}")
            return "cbc" in children(parent.pid).values()

        wait_until(cbc_started, "CBC started")
        (solver,) = [pid for pid, name in children(parent.pid).items() if name == "cbc"]
        (workdir,) = tmp_path.glob(f"{cbc.WORKDIR_PREFIX}{parent.pid}-*")
        parent.kill()
        parent.wait()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stderr:
            parent.stderr.close()
    try:
        wait_until(lambda: not is_running(solver), "CBC ended after its parent was killed")
    finally:
        if is_running(solver):
            os.killpg(solver, signal.SIGKILL)  # CBC leads its own group; spare the machine
    assert (workdir / "model.mps").exists()  # SIGKILL ran no clean-up: the sweep is needed
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert cbc.sweep_stale_workdirs() == [workdir]
    assert list(tmp_path.iterdir()) == []


def test_the_sweep_removes_only_directories_of_dead_processes(private_tmp: Path) -> None:
    """A dead owner's directory goes; a live owner's, or one without an owner, stays."""
    with subprocess.Popen([sys.executable, "-c", "pass"]) as ended:
        ended.wait()
    dead = private_tmp / f"{cbc.WORKDIR_PREFIX}{ended.pid}-abc"
    live = private_tmp / f"{cbc.WORKDIR_PREFIX}{os.getpid()}-abc"
    unowned = private_tmp / f"{cbc.WORKDIR_PREFIX}abc"
    for folder in (dead, live, unowned):
        folder.mkdir()
        (folder / "model.mps").write_text("NAME round\n")
    assert cbc.sweep_stale_workdirs() == [dead]
    assert sorted(private_tmp.iterdir()) == sorted([live, unowned])


def test_without_prctl_cbc_runs_with_nothing_before_it(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off Linux there is no parent-death signal: nothing runs before CBC, which still solves."""
    monkeypatch.setattr(sys, "platform", "darwin")
    cbc._prctl.cache_clear()
    try:
        assert cbc._die_with_parent() is None
        model = knapsack().build(np.arange(40) % 5 + 1.0, maximize=True)
        solution = solve(model, solver=SolverName.CBC, gap_abs=0.999)
    finally:
        cbc._prctl.cache_clear()
    assert solution.status is SolveStatus.OPTIMAL
    assert list(private_tmp.iterdir()) == []
