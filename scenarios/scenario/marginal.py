"""What one more euro of a fund is worth in completed campaigns: LP duals, then a re-solve.

The LP is the relaxation of the count criterion, built here from ``prepare``'s arrays and
solved with HiGHS directly (the allocator's own model is not needed):

    max Σ_c y_c,  0 <= y_c <= 1,  0 <= x_fc <= u_fc                eligible pairs
    Σ_f x_fc = g_c y_c                                             each campaign
    x_fc <= u_fc y_c                                               where u_fc < g_c
    Σ_c x_fc <= B_f                                                each fund and pool

Here ``u_fc`` is the pair's capacity from the fund's caps alone, not its budget
(``marginal_round`` prepares the round so): the budget appears only in its own row, so the
row's dual is the worth of more budget even where the budget is spent out or zero (a capacity
capped at the budget would leave a zero-budget fund without columns, and so without worth).
Campaigns whose capacities cannot cover their need are left out. The dual of a budget row is
the LP's gain per cent at the margin (a subgradient where the LP is degenerate); the allocator
re-solved with 1,000 € more gives the real, integer answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator.highs import new_highs, run_highs
from allocator.options import DEFAULT_HIGHS_THREADS, RoundOptions
from allocator.round import Prepared, Round, prepare
from eligibility.money import MAX_CENTS

EXTRA_CENTS = 100_000  # the "one more 1,000 €" of the re-solve


@dataclass(frozen=True)
class LpMargins:
    """The count relaxation's optimum and each source's budget dual, per cent."""

    objective: float
    per_cent: np.ndarray  # (sources,)


def marginal_round(round_: Round, options: RoundOptions) -> tuple[Prepared, np.ndarray]:
    """The round prepared with every fund's budget lifted out of its capacities, and the
    sources' real budgets (pools keep theirs: they are the donations)."""
    lifted = tuple(f.model_copy(update={"budget_cents": MAX_CENTS - 1}) for f in round_.funds)
    prepared = prepare(Round(round_.campaigns, lifted, round_.donations), options)
    real = {f.id: f.budget_cents for f in round_.funds}
    budget = np.array([real.get(s.id, s.budget_cents) for s in prepared.sources], dtype=np.int64)
    return prepared, budget


def count_relaxation(
    prepared: Prepared, budget: np.ndarray | None = None, *, threads: int = DEFAULT_HIGHS_THREADS
) -> LpMargins:
    """Solve the LP relaxation of the count criterion with ``prepared``'s capacities (from
    ``marginal_round``) and ``budget`` (default: the prepared sources'), HiGHS on ``threads``
    threads (the round's ``highs_threads``: a degenerate LP's duals may depend on it)."""
    import highspy

    budget = prepared.budget if budget is None else budget
    capacity = prepared.capacity
    need = prepared.need
    coverable = (need > 0) & (capacity.sum(axis=1) >= need)
    rows_c = np.flatnonzero(coverable)
    cap = capacity[rows_c]
    g = need[rows_c]
    pair_c, pair_s = np.nonzero(cap > 0)
    u = cap[pair_c, pair_s]
    n, p, s = len(rows_c), len(pair_c), len(budget)
    link = np.flatnonzero(u < g[pair_c])
    links = len(link)
    ys, xs = np.arange(n), n + np.arange(p)
    rows = np.concatenate(
        [ys, pair_c, n + np.arange(links), n + np.arange(links), n + links + pair_s]
    )
    cols = np.concatenate([ys, xs, xs[link], pair_c[link], xs])
    values = np.concatenate(
        [-g.astype(np.float64), np.ones(p), np.ones(links), -u[link].astype(np.float64), np.ones(p)]
    )
    order = np.lexsort((rows, cols))
    starts = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=n + p))[:-1]])
    inf = highspy.kHighsInf
    highs = new_highs(threads)
    highs.passModel(
        n + p, n + links + s, len(values), int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize), 0.0,
        np.concatenate([np.ones(n), np.zeros(p)]),
        np.zeros(n + p), np.concatenate([np.ones(n), u.astype(np.float64)]),
        np.concatenate([np.zeros(n), np.full(links + s, -inf)]),
        np.concatenate([np.zeros(n + links), budget.astype(np.float64)]),
        starts.astype(np.int32), rows[order].astype(np.int32), values[order],
        np.zeros(n + p, dtype=np.int32),
    )  # fmt: skip
    run_highs(highs)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the count relaxation did not solve: {highs.getModelStatus()}")
    duals = np.asarray(highs.getSolution().row_dual, dtype=np.float64)[n + links :]
    objective = float(highs.getInfo().objective_function_value)
    # HiGHS signs duals by its own convention; a budget row's worth is never negative.
    return LpMargins(objective=objective, per_cent=np.abs(duals))


def worth_text(value: float, *, places: int) -> str:
    """A marginal value with fixed decimals, never ``-0.000``."""
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text
