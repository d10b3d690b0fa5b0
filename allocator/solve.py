"""The one place a solver runs: HiGHS in memory or CBC through PuLP, mapped to SolveStatus.

No solver value leaves this module unless the status says a solution exists; an infeasible or
unsolved model's values are garbage and are never read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from allocator.cbc import cbc_version, solve_cbc, sweep_stale_workdirs
from allocator.highs import highs_version, solve_highs
from allocator.milp import LinearModel
from allocator.options import DEFAULT_HIGHS_THREADS, SolverName
from allocator.status import Basis, SolveStatus
from eligibility.errors import SolverError

__all__ = [
    "Solution",
    "SolveStatus",
    "require_solution",
    "solve",
    "solver_version",
    "sweep_stale_workdirs",
]


@dataclass(frozen=True)
class Solution:
    """A solver's answer; ``values`` is None unless the status has a solution."""

    status: SolveStatus
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    seconds: float
    solver: str
    # An LP solved to optimality: each column's reduced cost (sign as the solver gives it).
    reduced_costs: np.ndarray | None = None
    # An LP solved to optimality by HiGHS: its basis, to start the next LP from.
    basis: Basis | None = None


def solver_version(solver: SolverName) -> str:
    """Name and version of a solver as reported in summaries and audit records."""
    if solver is SolverName.HIGHS:
        return f"HiGHS {highs_version()}"
    return f"CBC {cbc_version()}"


def solve(
    model: LinearModel,
    *,
    solver: SolverName,
    time_limit: float | None = None,
    gap_abs: float = 0.0,
    start: np.ndarray | None = None,
    heuristics: bool = True,
    basis: Basis | None = None,
    threads: int = DEFAULT_HIGHS_THREADS,
) -> Solution:
    """Solve ``model``; ``gap_abs`` below one is exact for integer-valued objectives.

    ``heuristics=False`` switches off the solver's searches for better answers (HiGHS's sub-MIPs
    RINS and RENS and its root reduced-cost heuristic; CBC's primal heuristics): for a proof
    from a good start they cost more than the tree itself (measured: 46 s against 5.5 s on the
    10,000 x 30 benchmark's priority proof). The answer is as optimal either way.

    ``basis`` starts an LP's simplex from an earlier LP's optimal basis (HiGHS only): an LP
    with one row more and a new objective, or columns fixed, solves in a fraction of the
    iterations (10,000 x 30: the priority LP in 0.09 s against 2.3 s cold; under a new
    objective the primal simplex goes on from it, see ``allocator.highs``).

    ``threads`` is HiGHS's thread count (``RoundOptions.highs_threads``); CBC runs on one.
    """
    began = time.perf_counter()
    if solver is SolverName.HIGHS:
        outcome = solve_highs(model, time_limit, gap_abs, start, heuristics, basis, threads=threads)
    else:
        outcome = solve_cbc(model, time_limit, gap_abs, start, heuristics, basis)
    seconds = time.perf_counter() - began
    if not outcome.status.has_solution:
        return Solution(outcome.status, None, None, outcome.bound, seconds, solver.value)
    return Solution(
        outcome.status,
        outcome.values,
        outcome.objective,
        outcome.bound,
        seconds,
        solver.value,
        outcome.reduced_costs,
        outcome.basis,
    )


def require_solution(solution: Solution, *, stage: str) -> np.ndarray:
    """The values of a solution that has some; SolverError otherwise."""
    if solution.values is None:
        raise SolverError(
            f"the solver ({solution.solver}) returned '{solution.status}' while {stage}"
        )
    return solution.values
