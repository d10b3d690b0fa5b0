"""The one place a solver runs: HiGHS in memory or CBC through PuLP, mapped to SolveStatus.

No solver value leaves this module unless the status says a solution exists; an infeasible or
unsolved model's values are garbage and are never read. CBC runs in a temporary directory of its
own, removed afterwards, so two solves never share a file.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from importlib import metadata
from typing import Any

import numpy as np

from allocator.milp import LinearModel
from allocator.options import SolverName
from eligibility.errors import SolverError


class SolveStatus(StrEnum):
    """What a solve produced, in the project's own words."""

    OPTIMAL = "optimal"  # proven optimal (within an absolute gap below one unit)
    FEASIBLE = "feasible"  # stopped (time limit) with a solution not proven optimal
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NO_SOLUTION = "no_solution"  # stopped before any solution was found
    ERROR = "error"

    @property
    def has_solution(self) -> bool:
        """True when the values may be read."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class Solution:
    """A solver's answer; ``values`` is None unless the status has a solution."""

    status: SolveStatus
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    seconds: float
    solver: str


def solver_version(solver: SolverName) -> str:
    """Name and version of a solver as reported in summaries and audit records."""
    if solver is SolverName.HIGHS:
        from highspy import _core as core

        major, minor = core.HIGHS_VERSION_MAJOR, core.HIGHS_VERSION_MINOR
        return f"HiGHS {major}.{minor}.{core.HIGHS_VERSION_PATCH}"
    return f"CBC {_cbc_version()} (PuLP {metadata.version('pulp')})"


@functools.cache
def _cbc_version() -> str:
    """The version CBC prints when started, e.g. '2.10.3'."""
    shown = subprocess.run(
        [_cbc_path(), "-quit"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    for line in shown.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def solve(
    model: LinearModel,
    *,
    solver: SolverName,
    time_limit: float | None = None,
    gap_abs: float = 0.0,
    start: np.ndarray | None = None,
) -> Solution:
    """Solve ``model``; ``gap_abs`` below one is exact for integer-valued objectives."""
    began = time.perf_counter()
    if solver is SolverName.HIGHS:
        status, values, objective, bound = _solve_highs(model, time_limit, gap_abs, start)
    else:
        status, values, objective, bound = _solve_cbc(model, time_limit, gap_abs, start)
    seconds = time.perf_counter() - began
    if not status.has_solution:
        values, objective = None, None
    return Solution(status, values, objective, bound, seconds, solver.value)


def require_solution(solution: Solution, *, stage: str) -> np.ndarray:
    """The values of a solution that has some; SolverError otherwise."""
    if solution.values is None:
        raise SolverError(
            f"the solver ({solution.solver}) returned '{solution.status}' while {stage}"
        )
    return solution.values


def _csc(model: LinearModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.lexsort((model.rows, model.cols))
    counts = np.bincount(model.cols, minlength=model.num_cols)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return start, model.rows[order].astype(np.int32), model.values[order]


def _solve_highs(
    model: LinearModel, time_limit: float | None, gap_abs: float, start: np.ndarray | None
) -> tuple[SolveStatus, np.ndarray | None, float | None, float | None]:
    import highspy

    highs = _new_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", max(gap_abs, 1e-6))
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    lp = highspy.HighsLp()
    lp.num_col_ = model.num_cols
    lp.num_row_ = model.num_rows
    lp.col_cost_ = model.objective
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = np.where(np.isinf(model.row_lower), -highspy.kHighsInf, model.row_lower)
    lp.row_upper_ = np.where(np.isinf(model.row_upper), highspy.kHighsInf, model.row_upper)
    lp.sense_ = highspy.ObjSense.kMaximize if model.maximize else highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = _csc(model)
    if model.is_mip:
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        lp.integrality_ = [kinds[int(flag)] for flag in model.integer]
    if highs.passModel(lp) != highspy.HighsStatus.kOk:
        raise SolverError("HiGHS refused the model")
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(map(float, start))
        highs.setSolution(solution)
    highs.run()
    return _read_highs(highs, model)


_BANNER = threading.Lock()
_banner_done = False


def _new_highs() -> Any:
    """A HiGHS instance; the first one of a process prints a banner on stdout, silenced here.

    The banner comes from C++ on file descriptor 1, before any option can turn output off, and
    would corrupt a piped CSV or JSON: the descriptor is pointed at /dev/null for that one call.
    """
    global _banner_done
    import highspy

    with _BANNER:
        if _banner_done:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        silent = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(silent, 1)
            return highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(silent)
            _banner_done = True


def _read_highs(
    highs: Any, model: LinearModel
) -> tuple[SolveStatus, np.ndarray | None, float | None, float | None]:
    import highspy

    status = highs.getModelStatus()
    info = highs.getInfo()
    has_primal = info.primal_solution_status == 2
    kinds = highspy.HighsModelStatus
    stopped = (kinds.kTimeLimit, kinds.kIterationLimit, kinds.kInterrupt, kinds.kSolutionLimit)
    if status == kinds.kOptimal:
        result = SolveStatus.OPTIMAL
    elif status in stopped:
        result = SolveStatus.FEASIBLE if has_primal else SolveStatus.NO_SOLUTION
    elif status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
        result = SolveStatus.INFEASIBLE
    elif status == kinds.kUnbounded:
        result = SolveStatus.UNBOUNDED
    else:
        result = SolveStatus.ERROR
    if not result.has_solution:
        return result, None, None, None
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    bound = float(info.mip_dual_bound) if model.is_mip else float(info.objective_function_value)
    return result, values, float(info.objective_function_value), bound


def _solve_cbc(
    model: LinearModel, time_limit: float | None, gap_abs: float, start: np.ndarray | None
) -> tuple[SolveStatus, np.ndarray | None, float | None, float | None]:
    import pulp

    problem, variables = _pulp_problem(model)
    if start is not None:
        # Solver values sit within tolerances of their bounds (-1e-12 for 0); CBC wants them in.
        inside = np.clip(start, model.col_lower, model.col_upper)
        for variable, value in zip(variables, inside, strict=True):
            variable.setInitialValue(float(value))
    workdir = tempfile.mkdtemp(prefix="courte-echelle-cbc-")
    try:
        command = pulp.COIN_CMD(
            path=_cbc_path(),
            msg=False,
            timeLimit=time_limit,
            gapAbs=gap_abs if model.is_mip else None,
            gapRel=0.0 if model.is_mip else None,
            warmStart=start is not None and model.is_mip,
            mip=model.is_mip,
        )
        command.tmpDir = workdir
        try:
            problem.solve(command)
        except pulp.PulpSolverError as exc:
            raise SolverError(f"CBC failed: {exc}") from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _read_cbc(problem, variables, model)


def _cbc_path() -> str:
    """The CBC binary PuLP 3 ships (PULP_CBC_CMD, which wraps it, is deprecated)."""
    from pulp.apis import coin_api

    path = str(coin_api.COIN_CMD.executableExtension(coin_api.pulp_cbc_path))
    if not os.access(path, os.X_OK):
        raise SolverError(f"the CBC binary shipped with PuLP is missing or not executable: {path}")
    return path


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


def _read_cbc(
    problem: Any, variables: list[Any], model: LinearModel
) -> tuple[SolveStatus, np.ndarray | None, float | None, float | None]:
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
        return result, None, None, None
    raw = [v.varValue for v in variables]
    # PuLP only sends variables that appear in a row or the objective; the others keep None
    # and may take any value in their bounds: the one nearest zero.
    used = np.zeros(model.num_cols, dtype=bool)
    used[model.cols] = True
    used[np.flatnonzero(model.objective)] = True
    if any(value is None for value, u in zip(raw, used, strict=True) if u):
        return SolveStatus.ERROR, None, None, None
    idle = np.clip(0.0, model.col_lower, model.col_upper)
    values = np.array(
        [idle[j] if value is None else value for j, value in enumerate(raw)], dtype=np.float64
    )
    objective = float(model.objective @ values)
    bound = objective if result is SolveStatus.OPTIMAL else None
    return result, values, objective, bound
