"""The project's own solve status, which every solver's status is mapped to."""

from __future__ import annotations

from enum import StrEnum

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


# What a backend returns: status, values, objective, best bound (values only with a solution),
# and for an LP solved to optimality the reduced cost of every column (else None).
Outcome = tuple[SolveStatus, np.ndarray | None, float | None, float | None, np.ndarray | None]
