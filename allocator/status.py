"""The project's own solve status, which every solver's status is mapped to."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

import numpy as np


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


class Basis(NamedTuple):
    """An LP's simplex basis: HiGHS's status code of every column and every row."""

    columns: np.ndarray
    rows: np.ndarray


class SolverOutcome(NamedTuple):
    """What a backend returns; values, objective and bound only with a solution, reduced costs
    and basis only for an LP solved to optimality (and the basis only by HiGHS)."""

    status: SolveStatus
    values: np.ndarray | None = None
    objective: float | None = None
    bound: float | None = None
    reduced_costs: np.ndarray | None = None
    basis: Basis | None = None
