"""HiGHS in memory: the model's arrays passed straight to highspy, no file written."""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

import numpy as np

from allocator.milp import LinearModel
from allocator.options import DEFAULT_HIGHS_THREADS
from allocator.status import Basis, SolverOutcome, SolveStatus
from eligibility.errors import SolverError


def highs_version() -> str:
    """HiGHS's version, read without constructing a solver."""
    from highspy import _core as core

    return f"{core.HIGHS_VERSION_MAJOR}.{core.HIGHS_VERSION_MINOR}.{core.HIGHS_VERSION_PATCH}"


def solve_highs(
    model: LinearModel,
    time_limit: float | None,
    gap_abs: float,
    start: np.ndarray | None,
    heuristics: bool = True,
    basis: Basis | None = None,
    *,
    threads: int = DEFAULT_HIGHS_THREADS,
) -> SolverOutcome:
    """Solve with HiGHS on ``threads`` threads; the status is read before any value.

    ``basis``, for an LP, is where the simplex starts: the optimal basis of an LP over the same
    columns and the first rows of this one (rows added since start basic, as their slacks are).
    """
    import highspy

    highs = new_highs(threads)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", max(gap_abs, 1e-6))
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    if not heuristics:
        for option in _SUB_MIP_HEURISTICS:
            highs.setOptionValue(option, False)
    if _pass_model(highs, model) != highspy.HighsStatus.kOk:
        raise SolverError("HiGHS refused the model")
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(map(float, start))
        highs.setSolution(solution)
    started = basis is not None and not model.is_mip and _set_basis(highs, model, basis)
    if started and np.any(model.objective):
        # Under a new objective the start is no longer dual feasible, but primal feasible (a
        # stage LP: the earlier optimum satisfies the row kept since) or nearly (the LP over
        # fixed campaigns moves a few bounds): the primal simplex goes on from it, where the
        # dual simplex would first rebuild dual feasibility (measured with the start: the
        # priority LP in 0.09 s against 0.38 s at 10,000 x 30, 1.3 s against 81 s at
        # 50,000 x 50; which fund pays 0.10 s against 0.27 s). A check LP has no objective:
        # every basis is dual feasible, and the dual simplex (HiGHS's default) stays.
        highs.setOptionValue("simplex_strategy", _PRIMAL_SIMPLEX)
    run_highs(highs)
    return _read_highs(highs, model)


# What ``heuristics=False`` switches off: the heuristics that solve sub-MIPs.
_SUB_MIP_HEURISTICS = (
    "mip_heuristic_run_rins",
    "mip_heuristic_run_rens",
    "mip_heuristic_run_root_reduced_cost",
)


def _pass_model(highs: Any, model: LinearModel) -> Any:
    """Hand ``model``'s arrays to ``highs`` through highspy's array overload of ``passModel``
    (a ``HighsLp`` built attribute by attribute costs 1 ms more per solve at 1,500 x 10, and
    its integrality a Python list); the ``HighsStatus`` it returns."""
    import highspy

    start, index, value = _csc(model)
    inf = highspy.kHighsInf
    # One flag per column, also for an LP (all continuous: HiGHS then solves an LP); an empty
    # array would be read past its end.
    integrality = model.integer.astype(np.int32)
    return highs.passModel(
        model.num_cols, model.num_rows, len(value), int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize if model.maximize else highspy.ObjSense.kMinimize), 0.0,
        np.ascontiguousarray(model.objective, dtype=np.float64),
        np.ascontiguousarray(model.col_lower, dtype=np.float64),
        np.ascontiguousarray(model.col_upper, dtype=np.float64),
        np.where(np.isinf(model.row_lower), -inf, model.row_lower).astype(np.float64),
        np.where(np.isinf(model.row_upper), inf, model.row_upper).astype(np.float64),
        start[:-1], index, np.ascontiguousarray(value, dtype=np.float64), integrality,
    )  # fmt: skip


_PRIMAL_SIMPLEX = 4  # HiGHS's simplex_strategy for the primal simplex


def _set_basis(highs: Any, model: LinearModel, basis: Basis) -> bool:
    """Start the simplex from ``basis`` if it fits the model (True); a cold start otherwise."""
    import highspy

    added = model.num_rows - len(basis.rows)
    if len(basis.columns) != model.num_cols or added < 0:
        return False
    kinds = highspy.HighsBasisStatus
    by_code = {int(kind): kind for kind in kinds.__members__.values()}
    start = highspy.HighsBasis()
    start.col_status = [by_code[code] for code in basis.columns.tolist()]
    start.row_status = [by_code[code] for code in basis.rows.tolist()] + [kinds.kBasic] * added
    start.valid = True
    # Refused (not kOk) means a cold start; the answer is as optimal.
    return bool(highs.setBasis(start) == highspy.HighsStatus.kOk)


def _csc(model: LinearModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.lexsort((model.rows, model.cols))
    counts = np.bincount(model.cols, minlength=model.num_cols)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return start, model.rows[order].astype(np.int32), model.values[order]


_BANNER = threading.Lock()
_banner_done = False


def new_highs(threads: int = DEFAULT_HIGHS_THREADS) -> Any:
    """A silent HiGHS instance on ``threads`` threads, for every HiGHS solve of the engine.

    The thread count is fixed, never the machine's (see ``allocator.options``). The first
    instance of a process prints a banner on file descriptor 1 from C++, before any option can
    turn output off, which would corrupt a piped CSV or JSON: the descriptor is pointed at
    /dev/null for that one call.
    """
    highs = _constructed()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", threads)
    return highs


def run_highs(highs: Any) -> None:
    """Run ``highs``, on the thread count it was given; ``SolverError`` if HiGHS refuses.

    HiGHS keeps one task scheduler per calling thread, started by the thread's first run, and
    refuses a later run there that asks for another thread count. A round on 2 threads and a
    scenario variant on 1 may well share a thread (the API's solve threads, a scenario run in
    process): the refused run is then retried once after resetting this thread's scheduler
    (other threads' schedulers and runs are untouched). The answer is the one a fresh thread
    would give: a scheduler keeps no state from one run to the next that the search reads.
    """
    import highspy

    status = highs.run()
    if _refused(highs, status):
        reset = getattr(highspy.Highs, "resetThreadScheduler", None)  # not in every highspy
        if reset is not None:
            reset(True)
            status = highs.run()
    if _refused(highs, status):
        _, threads = highs.getOptionValue("threads")
        raise SolverError(
            f"HiGHS refused to run on {threads} threads (HiGHS keeps one thread count per "
            "calling thread, set by its first run there; this highspy could not reset it, or "
            "the run failed again after the reset)"
        )


def _refused(highs: Any, status: Any) -> bool:
    """A run HiGHS did not start: an error before any model status was set."""
    import highspy

    return bool(
        status == highspy.HighsStatus.kError
        and highs.getModelStatus() == highspy.HighsModelStatus.kNotset
    )


def _constructed() -> Any:
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


def _read_highs(highs: Any, model: LinearModel) -> SolverOutcome:
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
        return SolverOutcome(result)
    solution = highs.getSolution()
    values = np.asarray(solution.col_value, dtype=np.float64)
    bound = float(info.mip_dual_bound) if model.is_mip else float(info.objective_function_value)
    reduced, basis = None, None
    if not model.is_mip and result is SolveStatus.OPTIMAL:
        if solution.dual_valid:
            reduced = np.asarray(solution.col_dual, dtype=np.float64)
        found = highs.getBasis()
        if found.valid:
            basis = Basis(
                np.fromiter(map(int, found.col_status), dtype=np.int8),
                np.fromiter(map(int, found.row_status), dtype=np.int8),
            )
    objective = float(info.objective_function_value)
    return SolverOutcome(result, values, objective, bound, reduced, basis)
