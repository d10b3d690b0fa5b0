"""Independent references: the plain one-variable-per-pair model, from the prepared arrays only.

    y_c ∈ {0,1}, 0 <= x_fc <= u_fc          for each eligible pair (u_fc = capacity > 0)
    Σ_f x_fc = g_c y_c                       for each campaign with a need
    x_fc <= u_fc y_c                         where u_fc < g_c
    Σ_c x_fc <= B_f                          for each source
    max Σ_c y_c

Nothing here comes from ``allocator.model`` or ``allocator.solve``: (a) builds the matrix with
numpy and hands it to HiGHS directly, (b) writes the same model with plain PuLP for CBC.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocator.highs import new_highs

EXACT_GAP = 0.999  # the objective counts campaigns: a gap below one is exact


@dataclass(frozen=True)
class PlainModel:
    """The plain model's index arrays: campaigns with a need, eligible pairs, binding pairs."""

    need: np.ndarray  # (campaigns,) g_c > 0
    budget: np.ndarray  # (sources,) B_f
    pair_campaign: np.ndarray  # (pairs,) c of each x_fc
    pair_source: np.ndarray  # (pairs,) f of each x_fc
    pair_cap: np.ndarray  # (pairs,) u_fc, at most the source's budget
    binding: np.ndarray  # (pairs,) u_fc < g_c: the pair gets its own link row


@dataclass(frozen=True)
class ReferenceResult:
    """What a reference solve found, and how long building and solving took."""

    optimum: int | None  # proven optimum, None when not proven
    status: str
    build_seconds: float
    solve_seconds: float
    columns: int
    rows: int

    @property
    def seconds(self) -> float:
        """Build plus solve."""
        return self.build_seconds + self.solve_seconds


def plain_model(capacity: np.ndarray, need: np.ndarray, budget: np.ndarray) -> PlainModel:
    """The plain model of a prepared round: ``capacity`` is campaigns × sources, 0 = ineligible."""
    needy = np.flatnonzero(need > 0)
    cap = np.minimum(capacity[needy], budget[None, :])
    pair_campaign, pair_source = np.nonzero(cap > 0)
    pair_cap = cap[pair_campaign, pair_source]
    g = need[needy]
    return PlainModel(
        need=g,
        budget=budget,
        pair_campaign=pair_campaign,
        pair_source=pair_source,
        pair_cap=pair_cap,
        binding=pair_cap < g[pair_campaign],
    )


def solve_plain_highs(model: PlainModel, *, time_limit: float) -> ReferenceResult:
    """(a) The plain model through highspy's ``passModel``, matrix built column-wise in numpy."""
    import highspy

    began = time.perf_counter()
    n, p, s = len(model.need), len(model.pair_campaign), len(model.budget)
    link = np.flatnonzero(model.binding)
    link_row = np.full(p, -1, dtype=np.int64)
    link_row[link] = n + np.arange(len(link))
    fund_row = n + len(link) + model.pair_source
    ys, xs = np.arange(n), n + np.arange(p)
    cols = np.concatenate([ys, ys[model.pair_campaign[link]], xs, xs[link], xs])
    rows = np.concatenate([ys, link_row[link], model.pair_campaign, link_row[link], fund_row])
    values = np.concatenate(
        [-model.need, -model.pair_cap[link], np.ones(p), np.ones(len(link)), np.ones(p)]
    ).astype(np.float64)
    order = np.lexsort((rows, cols))
    start = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=n + p))])
    num_rows = n + len(link) + s
    inf = highspy.kHighsInf
    row_lower = np.concatenate([np.zeros(n), np.full(len(link) + s, -inf)])
    row_upper = np.concatenate([np.zeros(n + len(link)), model.budget.astype(np.float64)])
    highs = _quiet_highs(time_limit)
    highs.passModel(
        n + p, num_rows, len(values), int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize), 0.0,
        np.concatenate([np.ones(n), np.zeros(p)]),
        np.zeros(n + p), np.concatenate([np.ones(n), model.pair_cap.astype(np.float64)]),
        row_lower, row_upper,
        start.astype(np.int32), rows[order].astype(np.int32), values[order],
        np.concatenate([np.ones(n), np.zeros(p)]).astype(np.int32),
    )  # fmt: skip
    built = time.perf_counter()
    highs.run()
    solved = time.perf_counter()
    proven = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    optimum = round(highs.getInfo().objective_function_value) if proven else None
    status = highs.modelStatusToString(highs.getModelStatus())
    return ReferenceResult(optimum, status, built - began, solved - built, n + p, num_rows)


def _quiet_highs(time_limit: float) -> Any:
    """A HiGHS instance with the reference's options: exact gap, no log, a time limit.

    The reference builds its model and reads its answer itself, not through the allocator's
    adapter; only the instance comes from ``new_highs`` (silent, on a round's default thread
    count, as the allocator's own solves of the case run)."""
    highs = new_highs()
    highs.setOptionValue("mip_abs_gap", EXACT_GAP)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("time_limit", float(time_limit))
    return highs


def solve_plain_pulp_cbc(
    model: PlainModel,
    *,
    time_limit: float,
    on_built: Callable[[float, int, int], None] | None = None,
) -> ReferenceResult:
    """(b) The plain model written with PuLP variables and ``lpSum``, solved by CBC.

    ``on_built(seconds, columns, rows)`` is called once the model is built, before CBC starts.
    """
    import pulp

    began = time.perf_counter()
    problem = pulp.LpProblem("plain", pulp.LpMaximize)
    y = [problem.add_variable(f"y{c}", 0, 1, pulp.LpInteger) for c in range(len(model.need))]
    x = [problem.add_variable(f"x{k}", 0, float(u)) for k, u in enumerate(model.pair_cap.tolist())]
    problem += pulp.lpSum(y)
    by_campaign: list[list[int]] = [[] for _ in y]
    by_source: list[list[int]] = [[] for _ in model.budget]
    for k, (c, f) in enumerate(zip(model.pair_campaign, model.pair_source, strict=True)):
        by_campaign[c].append(k)
        by_source[f].append(k)
    for c, pairs in enumerate(by_campaign):
        problem += pulp.lpSum(x[k] for k in pairs) == float(model.need[c]) * y[c]
    for k in np.flatnonzero(model.binding).tolist():
        problem += x[k] <= float(model.pair_cap[k]) * y[model.pair_campaign[k]]
    for f, pairs in enumerate(by_source):
        if pairs:
            problem += pulp.lpSum(x[k] for k in pairs) <= float(model.budget[f])
    built = time.perf_counter()
    size, rows = len(y) + len(x), problem.numConstraints()
    if on_built is not None:
        on_built(built - began, size, rows)
    status = _run_cbc(problem, time_limit)
    solved = time.perf_counter()
    optimum = round(pulp.value(problem.objective)) if status == "optimal" else None
    return ReferenceResult(optimum, status, built - began, solved - built, size, rows)


def _run_cbc(problem: Any, time_limit: float) -> str:
    """Solve with the CBC binary PuLP ships, in a temporary folder of its own; a status word."""
    import pulp
    from pulp.apis import coin_api

    path = str(coin_api.COIN_CMD.executableExtension(coin_api.pulp_cbc_path))
    command = pulp.COIN_CMD(
        path=path, msg=False, timeLimit=time_limit, gapAbs=EXACT_GAP, gapRel=0.0
    )
    workdir = tempfile.mkdtemp(prefix="benchmark-plain-cbc-")
    command.tmpDir = workdir
    try:
        problem.solve(command)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # A time limit with an incumbent still says "Optimal": only both statuses prove it.
    if problem.status == pulp.LpStatusOptimal and problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return "time limit"
    return str(pulp.LpStatus[problem.status]).lower()
