"""Lexicographic solving: one MILP per criterion, each optimum fixed before the next.

Every criterion is integer-valued (campaigns, points, cents), so an absolute gap just below
one is exact and lets the solver close at the root. A last LP, with the completed campaigns
fixed, chooses which source pays: the most restricted and soonest-expiring money first.

Each criterion is first proven from its LP relaxation, without a branch-and-bound over every
campaign. The LP optimum, rounded, is a bound: an answer that reaches it is optimal (the count
usually does). Otherwise the LP's reduced costs say which campaigns an answer better than the
best known could change at all; the others stay where the LP put them and a MILP over the few
left open finds the optimum, proven for the whole round because nothing better lies outside
(reduced-cost fixing, as MILP solvers do inside a tree, done once at the root with our own
incumbent). The full MILP runs only when neither proof holds, and for HiGHS's money stage
straight after its LP bound, where one solve over the whole round was measured faster than
the passes (``_solves_whole_round``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from allocator.milp import INF, LinearModel
from allocator.model import PooledModel
from allocator.options import Criterion, RoundOptions, SolverName
from allocator.round import Prepared
from allocator.solve import Solution, SolveStatus, require_solution, solve
from allocator.status import Basis

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
    need = prepared.need[pooled.campaigns].astype(np.float64)
    if options.order[0] is not Criterion.COMPLETED:
        report.lp_bound = _lp_bound(model, pooled, options, deadline, report)
    # Each LP starts from the optimal basis of the one before (HiGHS): one kept row more and a
    # new objective, or campaigns fixed, leave most of it optimal.
    basis: Basis | None = None
    for position, criterion in enumerate(options.order):
        coefficients, maximize = criterion_coefficients(criterion, prepared, pooled)
        objective = np.zeros(model.num_cols)
        objective[pooled.y] = coefficients
        staged = model.with_objective(objective, maximize=maximize)
        relaxation = _solve(
            staged.relaxed(),
            options,
            _time_left(deadline),
            None,
            report,
            f"{criterion.value}: LP",
            basis=basis,
        )
        basis = relaxation.basis
        if position == 0 and relaxation.status is SolveStatus.OPTIMAL:
            report.lp_bound = relaxation.objective
        start, proof = _prove_from_lp(
            staged, pooled, relaxation, options, deadline, start, report, criterion, need
        )
        certified, proven_note = proof if proof is not None else (None, "")
        left = _time_left(deadline)
        if certified is not None or (left is not None and left <= 0):
            solution = None
        else:
            whole = _solves_whole_round(options, criterion)
            solution = _solve(
                staged, options, left, start, report, criterion.value, heuristics=not whole
            )
        started = round(float(objective @ start))
        note = _stage_status(solution) if certified is None else proven_note
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
            report.bounds[criterion.value] = _tighter(
                None if solution is None else solution.bound,
                integer_bound(relaxation, maximize=maximize),
                maximize=maximize,
            )
        if note not in PROVEN:
            report.status = SolveStatus.FEASIBLE
        # Keep this optimum while the next criteria are optimised. The slack only absorbs the
        # solvers' tolerances: half a unit would let the next LP relaxations buy half a
        # campaign's worth of score or money and loosen every bound after this one.
        slack = keep_slack(value)
        lower, upper = (value - slack, INF) if maximize else (-INF, value + slack)
        model = model.with_row(objective, lower=lower, upper=upper)
    chosen = np.round(start[pooled.y])
    money = np.zeros(model.num_cols)
    costs = source_costs(prepared)
    money[pooled.z] = costs[pooled.z_source]
    money[pooled.x] = costs[pooled.x_source]
    final = model.with_fixed(pooled.y, chosen).with_objective(money, maximize=False).relaxed()
    solution = _solve(final, options, None, None, report, "which fund pays", basis=basis)
    report.values = require_solution(solution, stage="choosing which fund pays")
    report.seconds = time.perf_counter() - began
    return report


_STOPPED = (SolveStatus.NO_SOLUTION, SolveStatus.FEASIBLE)
_CERTIFIED = "optimal: reached its LP bound"
_FIXED = "optimal: proven with reduced-cost fixing"
PROVEN = (SolveStatus.OPTIMAL.value, _CERTIFIED, _FIXED)  # stage statuses that prove it
# LP objectives carry the solver's tolerances (and CBC's values 8 significant digits): a bound
# is weakened by this share of its size (at least by this much) before it certifies anything.
_BOUND_SLACK = 1e-6
# A kept optimum may slip by this share of its size, at least 1e-4 and at most half a unit: far
# above what the solvers' tolerances move a sum of near-integer values, and always below one
# unit, so the criterion stays exact whatever comes after it.
_KEEP_SLACK = 1e-6
_SETTLED = 1e-6  # an LP share of y this close to 0 or 1 is taken as decided...
_SETTLED_CENTS = 0.25  # ...if the money it leaves out or adds is below a quarter of a cent
_DUAL_SLACK = 1e-7  # per campaign: what the reduced costs' tolerances may add up to
_PROOF = "proof"  # the pass that opens all an improvement could flip
_FIRST_OPEN = 64  # campaigns the first pass leaves open (or four times those the LP splits)


def keep_slack(value: int) -> float:
    """Tolerance of the row that keeps an integer optimum ``value`` in the later stages."""
    return min(0.5, max(1e-4, _KEEP_SLACK * abs(value)))


def integer_bound(relaxation: Solution, *, maximize: bool) -> int | None:
    """The LP optimum of an integer-valued objective as an integer bound, weakened to be safe."""
    if relaxation.status is not SolveStatus.OPTIMAL or relaxation.objective is None:
        return None
    value = relaxation.objective
    slack = _BOUND_SLACK * max(1.0, abs(value))
    return math.floor(value + slack) if maximize else math.ceil(value - slack)


def _prove_from_lp(
    staged: LinearModel,
    pooled: PooledModel,
    relaxation: Solution,
    options: RoundOptions,
    deadline: float | None,
    start: np.ndarray,
    report: StageReport,
    criterion: Criterion,
    need: np.ndarray,
) -> tuple[np.ndarray, tuple[int, str] | None]:
    """The best answer found from the stage's LP, and (optimum, how proven) when it is proven.

    The LP optimum ``L`` and its reduced costs bound every answer: flipping a campaign that the
    LP leaves at 0 or 1 costs at least its reduced cost. An answer better than ``best`` can
    therefore only flip campaigns whose reduced cost is at most ``|L - best| - 1``; the others
    are fixed where the LP put them and a small MILP searches the rest. If the MILP covered
    every campaign an improvement could flip, its optimum is the stage's optimum.

    A first pass opens only the campaigns the LP splits, the cheapest flips and those where the
    best known answer parts from the LP (a good answer, fast); a second, if the first proved
    nothing, opens all that the proof of the best answer needs, with that answer as its start
    (except where the solver proves faster without it, see ``_proves_without_start``).
    """
    name = criterion.value
    bound = integer_bound(relaxation, maximize=staged.maximize)
    if bound is None or relaxation.values is None or relaxation.objective is None:
        return start, None
    lp_value = relaxation.objective
    maximize = staged.maximize

    def value(values: np.ndarray) -> int:
        return round(float(staged.objective @ values))

    def better(a: int, b: int) -> bool:
        return a > b if maximize else a < b

    def room(best: int) -> float:
        """How much LP value an answer strictly better than ``best`` may give up."""
        return lp_value - (best + 1) if maximize else (best - 1) - lp_value

    best = value(start)
    if not better(bound, best):
        return start, (bound, _CERTIFIED)
    if _solves_whole_round(options, criterion):
        return start, None  # one MILP over the whole round decides
    share = relaxation.values[pooled.y]
    # Decided means within the LP's noise of 0 or 1 *in money*: 1 - 1e-8 of a million-euro need
    # is a cent short, a real split that CBC, once y is fixed, would round away within its
    # tolerances (and call optimal an answer a cent over budget).
    off = np.minimum(share, 1 - share)
    settled = (off <= _SETTLED) & (off * need <= _SETTLED_CENTS)
    has_duals = relaxation.reduced_costs is not None
    if relaxation.reduced_costs is None:
        cost = np.where(settled, INF, 0.0)  # no duals: only the LP selection can be tried
    else:
        cost = np.where(settled, np.abs(relaxation.reduced_costs[pooled.y]), 0.0)
    # The duals carry the solver's tolerances too: a flip is kept open a little beyond need.
    margin = _BOUND_SLACK * max(1.0, abs(lp_value)) + _DUAL_SLACK * len(cost)
    opened = max(_FIRST_OPEN, 4 * int((~settled).sum()))
    lp_choice = np.round(share)
    while True:
        left = _time_left(deadline)
        if left is not None and left <= 0:
            return start, None
        # The cheapest flips first, then all that the proof of the best answer needs.
        widest = opened >= len(cost)
        reach = room(best)
        if not widest:
            reach = min(reach, float(np.partition(cost, opened - 1)[opened - 1]))
        proof = reach >= room(best)
        fixed = cost > reach + margin
        # Where the best answer parts from the LP, leave it open too (unless that more than
        # doubles the pass): the best answer then lies inside, starts the solver (as a rule)
        # and prunes its tree, and the pass searches the answers between it and the LP (at
        # 10,000 x 30 the LP's rounding alone leaves the priority pass infeasible and its
        # proof three times wider than from the answer found this way).
        differs = fixed & (np.round(start[pooled.y]) != lp_choice)
        if int(differs.sum()) <= opened:
            fixed &= ~differs
        values = lp_choice[fixed]
        restricted = staged.with_fixed(pooled.y[fixed], values)
        fits = bool(np.all(np.round(start[pooled.y[fixed]]) == values))
        open_count = len(cost) - int(fixed.sum())
        attempt = _PROOF if proof and has_duals else "search"
        purpose = f"{name}: {attempt} ({open_count} of {len(cost)} campaigns open)"
        # From a known answer the solver's own searches for better ones cost more than the
        # proof (HiGHS: 46 s against 5.5 s at 10,000 x 30); with no start they find the first.
        # They stay off where a known answer lies inside but is not given (measured so).
        given = start if fits and not _proves_without_start(options, criterion, attempt) else None
        found = _solve(restricted, options, left, given, report, purpose, heuristics=not fits)
        if given is not None and found.status is SolveStatus.INFEASIBLE:
            # The start is a feasible answer inside the restriction: the solver is wrong.
            require_solution(found, stage=f"optimising '{name}' ({attempt})")
        # Infeasible, or an "optimum" below the known answer the restriction holds: a slip
        # (the start, had it been given, would have ruled it out); the pass proves nothing.
        slipped = found.values is not None and better(best, value(found.values))
        wrong = found.status is SolveStatus.INFEASIBLE or (
            found.status is SolveStatus.OPTIMAL and slipped
        )
        if fits and wrong:
            return start, None
        if found.values is not None and better(value(found.values), best):
            if not _fundable(staged, pooled, found.values, options, report, name, relaxation):
                return start, None  # the full MILP decides, and the final check still holds
            start, best = found.values, value(found.values)
        if not better(bound, best):
            return start, (bound, _CERTIFIED)
        # Infeasible is an answer too when the start lies outside: nothing better is inside.
        searched = found.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE)
        if searched and has_duals and reach >= room(best):
            return start, (best, _FIXED)
        if not searched and found.status is not SolveStatus.FEASIBLE:
            return start, None  # stopped with nothing, or an error: the full MILP decides
        if proof or widest or not has_duals or not searched:
            return start, None
        # Straight to the proof: a middle pass whose optimum falls short of the stage's would
        # spend its time proving that shortfall (measured: minutes at 10,000 x 30).
        opened = len(cost)


def _proves_without_start(options: RoundOptions, criterion: Criterion, attempt: str) -> bool:
    """Whether a pass runs better without the best known answer as its start (the answer is
    not lost: a pass that finds nothing better leaves it the stage's answer).

    HiGHS proving a count from the optimal count as its start restarts its tree again and
    again: on the 1,500 x 10 sweep rounds whose count the LP bound does not prove, each such
    proof (its heuristics off) took 5 to 70 times longer with the start than without (7.1 s
    against 0.1 s at worst); a count has countless equal answers, and HiGHS finds one within
    its first nodes anyway. The priority and money proofs need the start (10,000 x 30, with
    the start against without: 4.4 s against 7.7 s, and 4.2 s against over 100 s), and CBC
    proves that worst count fast with it (0.26 s): they keep it.
    """
    return (
        options.solver is SolverName.HIGHS
        and criterion is Criterion.COMPLETED
        and attempt == _PROOF
    )


def _solves_whole_round(options: RoundOptions, criterion: Criterion) -> bool:
    """Whether a stage that its LP bound does not prove goes straight to one MILP over the
    whole round, from the best known answer and without the solver's sub-MIP heuristics,
    instead of the restricted search and proof passes.

    For the money criterion, with the count and the priority already kept, HiGHS's own
    presolve and reduced-cost fixing do the passes' work in one solve: at 10,000 x 30, 4.6 s
    against 7.6 s for search and proof (12.8 s with the heuristics on); on ten seeded
    1,500 x 10 rounds, 1.43 s against 1.90 s in all. The priority MILP over the whole round
    does not close within 120 s at 10,000 x 30 (its passes: 10 s), and the count's passes
    are faster too: they keep them, as CBC keeps them for every criterion (not measured).
    """
    return options.solver is SolverName.HIGHS and criterion is Criterion.MONEY


def _fundable(
    staged: LinearModel,
    pooled: PooledModel,
    values: np.ndarray,
    options: RoundOptions,
    report: StageReport,
    name: str,
    relaxation: Solution,
) -> bool:
    """Whether the campaigns ``values`` completes can all be paid, checked by an LP with them
    fixed (started from the stage LP's basis). A MILP with most campaigns fixed may accept,
    within its tolerances, an answer a cent over a budget of millions (CBC does); the LP over
    fixed campaigns does not.
    """
    chosen = np.round(values[pooled.y])
    nothing = np.zeros(staged.num_cols)
    check = staged.with_fixed(pooled.y, chosen).with_objective(nothing, maximize=False).relaxed()
    checked = _solve(check, options, None, None, report, f"{name}: check", basis=relaxation.basis)
    return checked.status is SolveStatus.OPTIMAL


def _tighter(solver: float | None, lp: int | None, *, maximize: bool) -> float | None:
    """The tighter of the MILP's own bound (HiGHS gives one, CBC not) and the stage's LP one."""
    known = [float(b) for b in (solver, lp) if b is not None]
    if not known:
        return None
    return min(known) if maximize else max(known)


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
    *,
    heuristics: bool = True,
    basis: Basis | None = None,
) -> Solution:
    limit = None if time_limit is None else max(time_limit, 0.01)
    solution = solve(
        model,
        solver=options.solver,
        time_limit=limit,
        gap_abs=EXACT_GAP,
        start=start,
        heuristics=heuristics,
        basis=basis,
        threads=options.highs_threads,
    )
    report.solves.append(
        {"stage": purpose, "status": solution.status.value, "seconds": solution.seconds}
    )
    return solution


def _time_left(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.perf_counter()
