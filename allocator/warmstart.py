"""A greedy answer as a starting point: warm start for the solver, fallback if time runs out."""

from __future__ import annotations

import numpy as np

from allocator.model import PooledModel
from allocator.result import Allocation
from allocator.round import Prepared


def start_values(
    allocations: tuple[Allocation, ...], prepared: Prepared, pooled: PooledModel
) -> np.ndarray:
    """Model column values of a verified allocation (feasible by construction).

    Money on a binding pair goes to its own column, money on a free pair to the class's.
    """
    values = np.zeros(pooled.model.num_cols)
    candidate = {str(c): i for i, c in enumerate(prepared.campaign_ids().tolist())}
    modelled = {int(c): m for m, c in enumerate(pooled.campaigns.tolist())}
    source = {s.id: j for j, s in enumerate(prepared.sources)}
    pair = {
        (int(m), int(s)): int(col)
        for col, m, s in zip(pooled.x, pooled.x_campaign, pooled.x_source, strict=True)
    }
    pooled_money = {
        (int(k), int(s)): int(col)
        for col, k, s in zip(pooled.z, pooled.z_class, pooled.z_source, strict=True)
    }
    for a in allocations:
        m = modelled[candidate[a.campaign_id]]
        s = source[a.fund_id]
        values[pooled.y[m]] = 1.0
        column = pair.get((m, s))
        if column is None:
            column = pooled_money[(int(pooled.class_of[m]), s)]
        values[column] += a.amount_cents
    return values
