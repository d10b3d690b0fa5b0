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
from allocator.options import SolverName
from allocator.status import SolveStatus
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
) -> Solution:
    """Solve ``model``; ``gap_abs`` below one is exact for integer-valued objectives.

    ``heuristics=False`` switches off the solver's searches for better answers (HiGHS's sub-MIPs
    RINS and RENS and its root reduced-cost heuristic; CBC's primal heuristics): for a proof
    from a good start they cost more than the tree itself (measured: 46 s against 5.5 s on the
    10,000 x 30 benchmark's priority proof). The answer is as optimal either way.
    """
    began = time.perf_counter()
    backend = solve_highs if solver is SolverName.HIGHS else solve_cbc
    status, values, objective, bound, reduced = backend(
        model, time_limit, gap_abs, start, heuristics
    )
    seconds = time.perf_counter() - began
    if not status.has_solution:
        values, objective, reduced = None, None, None
    return Solution(status, values, objective, bound, seconds, solver.value, reduced)


def require_solution(solution: Solution, *, stage: str) -> np.ndarray:
    """The values of a solution that has some; SolverError otherwise."""
    if solution.values is None:
        raise SolverError(
            f"the solver ({solution.solver}) returned '{solution.status}' while {stage}"
        )
    return solution.values
