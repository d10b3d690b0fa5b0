"""The allocation MILP, pooled where pooling is exact.

For campaign ``c`` a source ``s`` is *binding* when its capacity ``u_sc`` is below the need
``g_c``, *free* otherwise. Campaigns with the same set of free sources form a class; the class
gets one money variable ``z_sk`` per free source, and each binding pair keeps its own ``x_sc``:

    class k:     Σ_s z_sk + Σ_{c∈k} Σ_{s∈B_c} x_sc = Σ_{c∈k} g_c y_c
    campaign c:  Σ_{s∈B_c} x_sc <= g_c y_c          (= when c has no free source)
    pair (s,c):  x_sc <= u_sc y_c                    (binding pairs only)
    source s:    Σ_k z_sk + Σ_c x_sc <= B_s

Splitting a class back is exact: every campaign of the class takes what remains of its need
from free sources, whose caps are at least the need, so any split of the class money fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator.milp import INF, LinearModel, ModelBuilder


@dataclass(frozen=True)
class PooledModel:
    """The model and the maps from its columns back to campaigns and sources."""

    model: LinearModel
    campaigns: np.ndarray  # positions (into the prepared candidates) of the modelled campaigns
    y: np.ndarray  # column of y_c for each modelled campaign
    class_of: np.ndarray  # class of each modelled campaign
    z_class: np.ndarray  # for each z column: class
    z_source: np.ndarray  # for each z column: source
    z: np.ndarray  # z column indices
    x_campaign: np.ndarray  # for each x column: modelled campaign (position in ``campaigns``)
    x_source: np.ndarray  # for each x column: source
    x: np.ndarray  # x column indices
    free: np.ndarray  # (modelled campaigns, sources) free eligible pairs

    @property
    def num_classes(self) -> int:
        """Number of pooled classes."""
        return int(self.class_of.max()) + 1 if len(self.class_of) else 0


def coverable(capacity: np.ndarray, budget: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Campaigns whose eligible sources could cover the need if they gave all they may."""
    reach = np.minimum(capacity, budget[None, :]).sum(axis=1) if capacity.size else 0
    return np.asarray(reach >= need, dtype=bool) & (need > 0)


def build_model(capacity: np.ndarray, budget: np.ndarray, need: np.ndarray) -> PooledModel:
    """Build the pooled model for the coverable campaigns (objective left at zero)."""
    campaigns = np.flatnonzero(coverable(capacity, budget, need))
    cap = capacity[campaigns]
    g = need[campaigns]
    eligible = cap > 0
    binding = eligible & (cap < g[:, None])
    free = eligible & ~binding
    n, num_sources = cap.shape if cap.ndim == 2 else (0, len(budget))
    if n:
        _, class_of = np.unique(np.packbits(free, axis=1), axis=0, return_inverse=True)
        class_of = class_of.reshape(-1).astype(np.int64)
    else:
        class_of = np.zeros(0, dtype=np.int64)
    num_classes = int(class_of.max()) + 1 if n else 0

    builder = ModelBuilder()
    y = builder.add_columns(lower=np.zeros(n), upper=np.ones(n), integer=True)
    class_free = np.zeros((num_classes, num_sources), dtype=bool)
    class_free[class_of, :] |= free
    z_class, z_source = np.nonzero(class_free)
    z = builder.add_columns(
        lower=np.zeros(len(z_class)), upper=budget[z_source].astype(np.float64), integer=False
    )
    x_campaign, x_source = np.nonzero(binding)
    x_cap = cap[x_campaign, x_source].astype(np.float64)
    x = builder.add_columns(lower=np.zeros(len(x_campaign)), upper=x_cap, integer=False)

    has_free = np.asarray(class_free.any(axis=1), dtype=bool)
    _class_rows(builder, has_free, class_of, g, y, z, z_class, x, x_campaign)
    _campaign_rows(builder, has_free[class_of], binding, g, y, x, x_campaign)
    link = builder.add_rows(lower=np.full(len(x), -INF), upper=np.zeros(len(x)))
    builder.add_entries(link, x, np.ones(len(x)))
    builder.add_entries(link, y[x_campaign], -x_cap)
    fund = builder.add_rows(lower=np.full(num_sources, -INF), upper=budget.astype(np.float64))
    builder.add_entries(fund[z_source], z, np.ones(len(z)))
    builder.add_entries(fund[x_source], x, np.ones(len(x)))

    model = builder.build(np.zeros(builder.num_cols), maximize=True)
    return PooledModel(
        model, campaigns, y, class_of, z_class, z_source, z, x_campaign, x_source, x, free
    )


def _class_rows(
    builder: ModelBuilder,
    has_free: np.ndarray,
    class_of: np.ndarray,
    g: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    z_class: np.ndarray,
    x: np.ndarray,
    x_campaign: np.ndarray,
) -> None:
    pooled = np.flatnonzero(has_free)
    row_of_class = np.full(len(has_free), -1, dtype=np.int64)
    row_of_class[pooled] = builder.add_rows(
        lower=np.zeros(len(pooled)), upper=np.zeros(len(pooled))
    )
    builder.add_entries(row_of_class[z_class], z, np.ones(len(z)))
    members = np.flatnonzero(has_free[class_of])
    builder.add_entries(row_of_class[class_of[members]], y[members], -g[members].astype(float))
    in_pool = has_free[class_of[x_campaign]]
    builder.add_entries(
        row_of_class[class_of[x_campaign[in_pool]]], x[in_pool], np.ones(in_pool.sum())
    )


def _campaign_rows(
    builder: ModelBuilder,
    pooled: np.ndarray,
    binding: np.ndarray,
    g: np.ndarray,
    y: np.ndarray,
    x: np.ndarray,
    x_campaign: np.ndarray,
) -> None:
    capped = np.flatnonzero(binding.any(axis=1))
    lower = np.where(pooled[capped], -INF, 0.0)
    rows = builder.add_rows(lower=lower, upper=np.zeros(len(capped)))
    row_of = np.full(len(g), -1, dtype=np.int64)
    row_of[capped] = rows
    builder.add_entries(rows, y[capped], -g[capped].astype(float))
    builder.add_entries(row_of[x_campaign], x, np.ones(len(x)))
