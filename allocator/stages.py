"""Lexicographic solving: one MILP per criterion, each optimum fixed before the next.

Every criterion is integer-valued (campaigns, points, cents), so an absolute gap just below
one is exact and lets the solver close at the root. A last LP, with the completed campaigns
fixed, chooses which source pays: the most restricted and soonest-expiring money first.

The count of completed campaigns is first proven without a branch-and-bound when it can be:
its LP relaxation, rounded down, is a bound, and a selection that reaches it is optimal. The
selection comes from the LP itself: campaigns the LP completes in full are kept, those it leaves
out are dropped, and a small MILP decides only the few it completes in part. On the measured
rounds that reached the bound every time; when it does not, the full MILP runs from there.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from allocator.milp import INF, LinearModel
from allocator.model import PooledModel
from allocator.options import Criterion, RoundOptions
from allocator.round import Prepared
from allocator.solve import Solution, SolveStatus, require_solution, solve

EXACT_GAP = 0.999  # below one unit of an integer-valued objective


@dataclass
class StageReport:
    """What each stage of the solve found."""

    values: np.ndarray
    status: SolveStatus = SolveStatus.OPTIMAL
    objectives: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    bounds: dict[str, float | None] = field(default_factory=dict)
    lp_bound: float | None = None
    seconds: float = 0.0
    # Every solve in order: what it was for, its status and seconds (wall clock, not stable).
    solves: list[dict[str, str | float]] = field(default_factory=list)


def criterion_coefficients(
    criterion: Criterion, prepared: Prepared, pooled: PooledModel
) -> tuple[np.ndarray, bool]:
    """Objective on the y columns for one criterion, and whether it is maximised."""
    modelled = pooled.campaigns
    if criterion is Criterion.COMPLETED:
        return np.ones(len(modelled)), True
    if criterion is Criterion.PRIORITY:
        return prepared.score[modelled].astype(np.float64), True
    return prepared.need[modelled].astype(np.float64), False


def source_costs(prepared: Prepared) -> np.ndarray:
    """Cost per cent of each source: soonest-expiring, then most restricted, money is cheapest."""
    breadth = prepared.eligible.sum(axis=0)
    keys = [
        (s.valid_until or date.max, int(breadth[j]), s.id) for j, s in enumerate(prepared.sources)
    ]
    ranks = np.empty(len(keys), dtype=np.float64)
    for rank, j in enumerate(sorted(range(len(keys)), key=keys.__getitem__)):
        ranks[j] = 1.0 + rank
    return ranks


def solve_stages(
    prepared: Prepared, pooled: PooledModel, options: RoundOptions, *, start: np.ndarray
) -> StageReport:
    """Run the criteria in order, then the source-preference LP; values of the last solve.

    ``start`` is a feasible answer (the best greedy one): the first solve starts from it, and a
    solve that stops with nothing better keeps the answer it started from, marked not proven.
    """
    began = time.perf_counter()
    model = pooled.model
    report = StageReport(values=np.zeros(model.num_cols))
    if len(pooled.campaigns) == 0:
        report.objectives = {c.value: 0 for c in options.order}
        report.lp_bound = 0.0
        return report
    deadline = None if options.time_limit is None else began + options.time_limit
    if options.order[0] is not Criterion.COMPLETED:
        report.lp_bound = _lp_bound(model, pooled, options, deadline, report)
    for position, criterion in enumerate(options.order):
        coefficients, maximize = criterion_coefficients(criterion, prepared, pooled)
        objective = np.zeros(model.num_cols)
        objective[pooled.y] = coefficients
        staged = model.with_objective(objective, maximize=maximize)
        certified: int | None = None
        if criterion is Criterion.COMPLETED:
            relaxation = _solve(
                staged.relaxed(), options, _time_left(deadline), None, report, "completed: LP"
            )
            if position == 0 and relaxation.status is SolveStatus.OPTIMAL:
                report.lp_bound = relaxation.objective
            start, certified = _reach_lp_bound(
                staged, pooled, relaxation, options, deadline, start, report
            )
        left = _time_left(deadline)
        if certified is not None or (left is not None and left <= 0):
            solution = None
        else:
            solution = _solve(staged, options, left, start, report, criterion.value)
        started = round(float(objective @ start))
        note = _stage_status(solution) if certified is None else _CERTIFIED
        if solution is not None and solution.values is not None:
            found = round(float(objective @ solution.values))
            if found < started if maximize else found > started:
                # The start is feasible, so a worse "optimum" is a numerical slip: keep the start.
                note = f"solver answer {found} worse than the known {started}: kept the known one"
            else:
                start = solution.values
        elif solution is not None and solution.status not in _STOPPED:
            require_solution(solution, stage=f"optimising '{criterion.value}'")
        value = round(float(objective @ start))
        report.objectives[criterion.value] = value
        report.statuses[criterion.value] = note
        if certified is not None:
            report.bounds[criterion.value] = float(certified)
        else:
            report.bounds[criterion.value] = None if solution is None else solution.bound
        if note not in PROVEN:
            report.status = SolveStatus.FEASIBLE
        # Keep this optimum while the next criteria are optimised (half a unit of slack).
        lower, upper = (value - 0.5, INF) if maximize else (-INF, value + 0.5)
        model = model.with_row(objective, lower=lower, upper=upper)
    chosen = np.round(start[pooled.y])
    money = np.zeros(model.num_cols)
    costs = source_costs(prepared)
    money[pooled.z] = costs[pooled.z_source]
    money[pooled.x] = costs[pooled.x_source]
    final = model.with_fixed(pooled.y, chosen).with_objective(money, maximize=False).relaxed()
    solution = _solve(final, options, None, None, report, "which fund pays")
    report.values = require_solution(solution, stage="choosing which fund pays")
    report.seconds = time.perf_counter() - began
    return report


_STOPPED = (SolveStatus.NO_SOLUTION, SolveStatus.FEASIBLE)
_CERTIFIED = "optimal: reached its LP bound"
PROVEN = (SolveStatus.OPTIMAL.value, _CERTIFIED)  # stage statuses that prove the criterion
# LP objectives carry the solver's tolerances (and CBC's values 8 significant digits): a bound
# is weakened by this share of its size (at least by this much) before it certifies anything.
_BOUND_SLACK = 1e-6
_SETTLED = 1e-6  # an LP share of y this close to 0 or 1 is taken as decided


def integer_bound(relaxation: Solution, *, maximize: bool) -> int | None:
    """The LP optimum of an integer-valued objective as an integer bound, weakened to be safe."""
    if relaxation.status is not SolveStatus.OPTIMAL or relaxation.objective is None:
        return None
    value = relaxation.objective
    slack = _BOUND_SLACK * max(1.0, abs(value))
    return math.floor(value + slack) if maximize else math.ceil(value - slack)


def _reach_lp_bound(
    staged: LinearModel,
    pooled: PooledModel,
    relaxation: Solution,
    options: RoundOptions,
    deadline: float | None,
    start: np.ndarray,
    report: StageReport,
) -> tuple[np.ndarray, int | None]:
    """A selection from the LP (kept: complete; decided by a small MILP: partial) and, when it
    or ``start`` reaches the LP's integer bound, that bound: the criterion is then proven.
    """
    bound = integer_bound(relaxation, maximize=staged.maximize)
    if bound is None or relaxation.values is None:
        return start, None
    objective = staged.objective

    def reaches(values: np.ndarray) -> bool:
        found = round(float(objective @ values))
        return found >= bound if staged.maximize else found <= bound

    if reaches(start):
        return start, bound
    share = relaxation.values[pooled.y]
    settled = (share <= _SETTLED) | (share >= 1 - _SETTLED)
    left = _time_left(deadline)
    if left is not None and left <= 0:
        return start, None
    restricted = staged.with_fixed(pooled.y[settled], np.round(share[settled]))
    fixed = _solve(restricted, options, left, None, report, "completed: LP selection")
    if fixed.values is None:
        return start, None  # a restriction may be infeasible; the full MILP decides then
    found, known = (round(float(objective @ v)) for v in (fixed.values, start))
    if found > known if staged.maximize else found < known:
        start = fixed.values
    return start, bound if reaches(start) else None


def _stage_status(solution: Solution | None) -> str:
    """The stage's status in words; anything but 'optimal' means the round is not proven."""
    if solution is None:
        return "not run: time limit reached, kept the answer found so far"
    if solution.values is None:
        return f"{solution.status.value}: kept the answer found so far"
    return solution.status.value


def _lp_bound(
    model: LinearModel,
    pooled: PooledModel,
    options: RoundOptions,
    deadline: float | None,
    report: StageReport,
) -> float | None:
    objective = np.zeros(model.num_cols)
    objective[pooled.y] = 1.0
    relaxation = model.relaxed().with_objective(objective, maximize=True)
    solution = _solve(relaxation, options, _time_left(deadline), None, report, "LP bound")
    return solution.objective if solution.status is SolveStatus.OPTIMAL else None


def _solve(
    model: LinearModel,
    options: RoundOptions,
    time_limit: float | None,
    start: np.ndarray | None,
    report: StageReport,
    purpose: str,
) -> Solution:
    limit = None if time_limit is None else max(time_limit, 0.01)
    solution = solve(model, solver=options.solver, time_limit=limit, gap_abs=EXACT_GAP, start=start)
    report.solves.append(
        {"stage": purpose, "status": solution.status.value, "seconds": solution.seconds}
    )
    return solution


def _time_left(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.perf_counter()
