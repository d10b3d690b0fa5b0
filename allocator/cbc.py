"""CBC through PuLP: PuLP writes the model and reads the solution, we run the process.

PuLP's own runner waits on CBC with no timeout. Here CBC runs in a temporary directory of its
own (two solves never share a file), in its own process group, and is killed if it outlives
its time limit by more than a grace period; the directory is removed whatever happens.

Nothing survives a parent killed outright (SIGKILL runs no clean-up code): on Linux CBC gets
SIGKILL when its parent dies (``PR_SET_PDEATHSIG``; elsewhere there is no such call and this is
a no-op), and each directory is named after the process that made it, so the next solve, or
the next server start, removes those whose owner no longer exists (``sweep_stale_workdirs``).
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from allocator.milp import LinearModel
from allocator.status import Basis, SolverOutcome, SolveStatus
from eligibility.errors import SolverError

GRACE_SECONDS = 5.0
WORKDIR_PREFIX = "courte-echelle-cbc-"
# A working directory's name: the prefix, the owner's pid, a dash, mkdtemp's random part.
_WORKDIR_NAME = re.compile(re.escape(WORKDIR_PREFIX) + r"([0-9]+)-")
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def cbc_version() -> str:
    """CBC's version (as it prints it) and PuLP's, e.g. '2.10.3 (PuLP 3.3.2)'."""
    return f"{_cbc_binary_version()} (PuLP {metadata.version('pulp')})"


def solve_cbc(
    model: LinearModel,
    time_limit: float | None,
    gap_abs: float,
    start: np.ndarray | None,
    heuristics: bool = True,
    basis: Basis | None = None,
) -> SolverOutcome:
    """Solve with CBC; the status is read before any value. ``basis`` is not used (a
    simplex start would have to go through a basis file): CBC starts cold."""
    import pulp

    problem, variables = _pulp_problem(model)
    command = pulp.COIN_CMD(
        path=cbc_path(),
        msg=False,
        timeLimit=time_limit,
        gapAbs=gap_abs if model.is_mip else None,
        gapRel=0.0 if model.is_mip else None,
        timeMode="elapsed",
        mip=model.is_mip,
    )
    sweep_stale_workdirs()
    workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
    try:
        run = _run(
            problem, variables, command, workdir, model=model, start=start, heuristics=heuristics
        )
        if not run:
            return SolverOutcome(SolveStatus.NO_SOLUTION)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _read_cbc(problem, variables, model)


def _run(
    problem: Any,
    variables: list[Any],
    command: Any,
    workdir: Path,
    *,
    model: LinearModel,
    start: np.ndarray | None,
    heuristics: bool = True,
) -> bool:
    """Write, run and read back; False if CBC had to be killed at the hard limit."""
    mps, solution, mst = workdir / "model.mps", workdir / "model.sol", workdir / "start.mst"
    written, names, rows, _ = problem.writeMPS(str(mps), rename=1)
    args = [cbc_path(), str(mps)]
    if model.maximize:
        args.append("-max")
    if start is not None and model.is_mip:
        # Solver values sit within tolerances of their bounds (-1e-12 for 0); CBC wants them in.
        inside = np.clip(start, model.col_lower, model.col_upper)
        for variable, value in zip(variables, inside, strict=True):
            variable.setInitialValue(float(value))
        command.writesol(str(mst), problem, written, names, rows)
        args += ["-mips", str(mst)]
    if command.timeLimit is not None:
        args += ["-sec", str(command.timeLimit)]
    for option in command.getOptions():
        args += ["-" + option.split()[0], *option.split()[1:]]
    if model.is_mip:
        # With CBC's defaults (1e-7) y = 1 - 3e-8 passes for 1; on a need of a million euros
        # beside needs of a cent that is whole cents, and CBC called such feasible rounds
        # infeasible or a worse answer optimal. 1e-9 on both is the loosest that holds there.
        args += ["-primalTolerance", "1e-9", "-integerTolerance", "1e-9"]
        if not heuristics:
            args += ["-heuristicsOnOff", "off"]
    args += ["-solve" if model.is_mip else "-initialSolve", "-printingOptions", "all"]
    args += ["-solution", str(solution)]
    hard_limit = None if command.timeLimit is None else command.timeLimit + GRACE_SECONDS
    if not _execute(args, workdir, hard_limit):
        return False
    if not solution.exists():
        raise SolverError("CBC stopped without writing a solution file")
    status, values, reduced, _, _, sol_status = command.readsol_MPS(
        str(solution), problem, written, names, rows
    )
    problem.assignVarsVals(values)
    problem.assignVarsDj(reduced)
    problem.assignStatus(status, sol_status)
    return True


def _execute(args: list[str], workdir: Path, hard_limit: float | None) -> bool:
    """Run CBC; kill its whole process group if it outlives ``hard_limit`` seconds."""
    try:
        process = subprocess.Popen(
            args,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent(),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SolverError(f"CBC could not be started: {exc}") from exc
    with process:
        try:
            code = process.wait(timeout=hard_limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return False
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    if code != 0:
        raise SolverError(f"CBC exited with code {code}")
    return True


def _die_with_parent() -> Callable[[], None] | None:
    """What the child runs before CBC so that it gets SIGKILL when this process dies; Linux only.

    The signal follows the *thread* that started CBC; that thread waits for CBC, so the two
    end together. If the parent died between fork and prctl, the child was already handed to
    another parent and would never get the signal: it checks and kills itself.
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def in_child() -> None:
        # As little as possible between fork and exec: prctl was looked up before the fork.
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    return in_child


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl on Linux, None elsewhere (or if libc does not export it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    function.restype = ctypes.c_int
    found: Callable[..., int] = function
    return found


def sweep_stale_workdirs() -> list[Path]:
    """Remove the working directories of processes that no longer exist; the ones removed.

    A directory whose owner is alive (or may be: a process of another user, a pid reused) is
    never touched. Directories named without a pid, by older versions, are left alone. POSIX
    only: elsewhere asking whether a pid lives may kill it, so nothing is swept.
    """
    if os.name != "posix":
        return []
    removed = []
    for path in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        match = _WORKDIR_NAME.match(path.name)
        if match is None or _is_alive(int(match.group(1))) or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed


def _is_alive(pid: int) -> bool:
    """True if a process ``pid`` exists (a zombie counts until its parent reaps it)."""
    if pid <= 0:
        return True  # not a real owner: leave its directory alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def cbc_path() -> str:
    """The CBC binary PuLP 3 ships (PULP_CBC_CMD, which wraps it, is deprecated)."""
    from pulp.apis import coin_api

    path = str(coin_api.COIN_CMD.executableExtension(coin_api.pulp_cbc_path))
    if not os.access(path, os.X_OK):
        raise SolverError(f"the CBC binary shipped with PuLP is missing or not executable: {path}")
    return path


@functools.cache
def _cbc_binary_version() -> str:
    shown = subprocess.run(
        [cbc_path(), "-quit"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    for line in shown.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _pulp_problem(model: LinearModel) -> tuple[Any, list[Any]]:
    import pulp

    sense = pulp.LpMaximize if model.maximize else pulp.LpMinimize
    problem = pulp.LpProblem("round", sense)
    variables = [
        problem.add_variable(
            f"v{j}",
            lowBound=None if np.isinf(lo) else float(lo),
            upBound=None if np.isinf(up) else float(up),
            cat=pulp.LpInteger if flag else pulp.LpContinuous,
        )
        for j, (lo, up, flag) in enumerate(
            zip(model.col_lower, model.col_upper, model.integer, strict=True)
        )
    ]
    problem.setObjective(
        pulp.LpAffineExpression(
            [(variables[j], float(model.objective[j])) for j in np.flatnonzero(model.objective)]
        )
    )
    order = np.argsort(model.rows, kind="stable")
    bounds = np.searchsorted(model.rows[order], np.arange(model.num_rows + 1))
    for i in range(model.num_rows):
        part = order[bounds[i] : bounds[i + 1]]
        expression = pulp.LpAffineExpression(
            [
                (variables[j], float(v))
                for j, v in zip(model.cols[part], model.values[part], strict=True)
            ]
        )
        lower, upper = model.row_lower[i], model.row_upper[i]
        if lower == upper:
            problem += pulp.LpConstraint(expression, pulp.LpConstraintEQ, f"r{i}", float(lower))
            continue
        if not np.isinf(lower):
            problem += pulp.LpConstraint(expression, pulp.LpConstraintGE, f"r{i}l", float(lower))
        if not np.isinf(upper):
            problem += pulp.LpConstraint(expression, pulp.LpConstraintLE, f"r{i}u", float(upper))
    return problem, variables


def _read_cbc(problem: Any, variables: list[Any], model: LinearModel) -> SolverOutcome:
    import pulp

    status = problem.status
    solution_status = problem.sol_status
    # CBC stopped by its time limit with an incumbent reports "Optimal" with an
    # "integer feasible" solution status: only both together mean proven optimal.
    if status == pulp.LpStatusOptimal and solution_status == pulp.LpSolutionOptimal:
        result = SolveStatus.OPTIMAL
    elif status == pulp.LpStatusOptimal and solution_status == pulp.LpSolutionIntegerFeasible:
        result = SolveStatus.FEASIBLE
    elif status == pulp.LpStatusInfeasible:
        result = SolveStatus.INFEASIBLE
    elif status == pulp.LpStatusUnbounded:
        result = SolveStatus.UNBOUNDED
    elif status == pulp.LpStatusNotSolved:
        result = SolveStatus.NO_SOLUTION
    else:
        result = SolveStatus.ERROR
    if not result.has_solution:
        return SolverOutcome(result)
    raw = [v.varValue for v in variables]
    # PuLP only sends variables that appear in a row or the objective; the others keep None
    # and may take any value in their bounds: the one nearest zero.
    used = np.zeros(model.num_cols, dtype=bool)
    used[model.cols] = True
    used[np.flatnonzero(model.objective)] = True
    if any(value is None for value, u in zip(raw, used, strict=True) if u):
        return SolverOutcome(SolveStatus.ERROR)
    idle = np.clip(0.0, model.col_lower, model.col_upper)
    values = np.array(
        [idle[j] if value is None else value for j, value in enumerate(raw)], dtype=np.float64
    )
    objective = float(model.objective @ values)
    bound = objective if result is SolveStatus.OPTIMAL else None
    reduced = None
    if not model.is_mip and result is SolveStatus.OPTIMAL:
        # A column CBC never saw (in no row, no objective) has the cost of its objective: 0.
        reduced = np.array([v.dj or 0.0 for v in variables], dtype=np.float64)
    return SolverOutcome(result, values, objective, bound, reduced)
