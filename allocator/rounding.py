"""Solver floats to integer cents, exactly, and pooled class money split back to campaigns.

Flooring every money value keeps every budget and cap (floors never exceed the solver's values,
which respect them up to a tolerance far below one cent). The few cents the floors leave missing
are routed by a max-flow on the residual network; since the solver's fractional answer is a
feasible flow, an integral one that meets every need exists and the max-flow finds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator.maxflow import maximum_flow
from allocator.model import PooledModel
from eligibility.errors import SolverError

TOLERANCE = 1e-6


@dataclass(frozen=True)
class CentsFlow:
    """Integer money on the pooled model's columns and the selected campaigns."""

    selected: np.ndarray  # bool per modelled campaign
    z: np.ndarray  # int64 cents per z column
    x: np.ndarray  # int64 cents per x column


def selected_campaigns(pooled: PooledModel, values: np.ndarray) -> np.ndarray:
    """The 0/1 decisions of a solution; SolverError if one is not integral."""
    y = values[pooled.y]
    if np.any(np.abs(y - np.round(y)) > TOLERANCE):
        raise SolverError("the solver returned a fractional completion decision")
    return np.asarray(np.round(y), dtype=bool)


def round_to_cents(
    pooled: PooledModel, values: np.ndarray, *, need: np.ndarray, budget: np.ndarray
) -> CentsFlow:
    """Integer cents on every money column meeting each selected need exactly.

    The solver's money is followed where it can be: floored, clipped to each column's bound and
    completed by a max-flow. Where it cannot (CBC prints values with 8 significant digits, so
    amounts past a million euros come back a few cents off), every cent of the selected
    campaigns is routed afresh by max-flow, which exists because the selection is feasible.
    """
    selected = selected_campaigns(pooled, values)
    upper = pooled.model.col_upper
    z = _floor_within(values[pooled.z], upper[pooled.z])
    x = _floor_within(values[pooled.x], upper[pooled.x])
    x[~selected[pooled.x_campaign]] = 0
    try:
        return _complete(pooled, CentsFlow(selected, z, x), need=need, budget=budget)
    except SolverError:
        empty = CentsFlow(selected, np.zeros_like(z), np.zeros_like(x))
        return _complete(pooled, empty, need=need, budget=budget)


def _floor_within(values: np.ndarray, upper: np.ndarray) -> np.ndarray:
    floored = np.floor(np.maximum(values, 0.0) + TOLERANCE * 1e-3)
    return np.asarray(np.minimum(floored, np.floor(upper)), dtype=np.int64)


def _complete(
    pooled: PooledModel, flow: CentsFlow, *, need: np.ndarray, budget: np.ndarray
) -> CentsFlow:
    """Add the missing cents; SolverError if the flow is over a budget or cannot be completed."""
    spent = _spent(pooled, flow, len(budget))
    if np.any(spent > budget):
        raise SolverError("the solver's money is over a budget once in cents")
    deficit = _deficits(pooled, flow, need)
    if any(deficit.values()):
        return _repair(pooled, flow, deficit, need=need, budget=budget)
    return flow


def _spent(pooled: PooledModel, flow: CentsFlow, sources: int) -> np.ndarray:
    """Cents each source gives in ``flow`` (bincount weights come back as floats, or ints)."""
    on_classes = np.bincount(pooled.z_source, weights=flow.z, minlength=sources)
    on_pairs = np.bincount(pooled.x_source, weights=flow.x, minlength=sources)
    return np.asarray(on_classes, dtype=np.int64) + np.asarray(on_pairs, dtype=np.int64)


def _remaining_needs(pooled: PooledModel, flow: CentsFlow, need: np.ndarray) -> np.ndarray:
    g = np.where(flow.selected, need[pooled.campaigns], 0)
    from_binding = np.bincount(pooled.x_campaign, weights=flow.x, minlength=len(g))
    return (g - from_binding.astype(np.int64)).astype(np.int64)


def _deficits(pooled: PooledModel, flow: CentsFlow, need: np.ndarray) -> dict[str, int]:
    remaining = _remaining_needs(pooled, flow, need)
    if np.any(remaining < 0):
        raise SolverError("rounding left a campaign above its need")
    deficit: dict[str, int] = {}
    num_classes = pooled.num_classes
    class_need = np.bincount(pooled.class_of, weights=remaining, minlength=num_classes)
    class_money = np.bincount(pooled.z_class, weights=flow.z, minlength=num_classes)
    has_free = np.zeros(num_classes, dtype=bool)
    has_free[pooled.z_class] = True
    for k in np.flatnonzero(has_free):
        deficit[f"k{k}"] = int(class_need[k]) - int(class_money[k])
    for c in np.flatnonzero(~has_free[pooled.class_of]):
        deficit[f"c{c}"] = int(remaining[c])
    if any(d < 0 for d in deficit.values()):
        raise SolverError("rounding gave a class more money than its campaigns need")
    return deficit


def _repair(
    pooled: PooledModel,
    flow: CentsFlow,
    deficit: dict[str, int],
    *,
    need: np.ndarray,
    budget: np.ndarray,
) -> CentsFlow:
    """Route the missing cents through a max-flow on what budgets and caps still allow."""
    import networkx as nx  # only when largest remainders fall short; slow to import

    graph = nx.DiGraph()
    for s, left in enumerate(budget - _spent(pooled, flow, len(budget))):
        if left > 0:
            graph.add_edge("S", f"s{s}", capacity=int(left))
    for col, (k, s) in enumerate(zip(pooled.z_class, pooled.z_source, strict=True)):
        if deficit.get(f"k{k}", 0) > 0:
            graph.add_edge(f"s{s}", f"k{k}", capacity=int(need.sum()), z=col)
    upper = pooled.model.col_upper[pooled.x].astype(np.int64)
    remaining = _remaining_needs(pooled, flow, need)
    for col, (c, s) in enumerate(zip(pooled.x_campaign, pooled.x_source, strict=True)):
        alone = f"c{c}" in deficit
        target = f"c{c}" if alone else f"b{c}"
        if flow.selected[c] and upper[col] > flow.x[col]:
            graph.add_edge(f"s{s}", target, capacity=int(upper[col] - flow.x[col]), x=col)
            if not alone:
                # More from a binding source lowers what the class must give this campaign,
                # down to zero at most.
                graph.add_edge(target, f"k{pooled.class_of[c]}", capacity=int(remaining[c]))
    for node, amount in deficit.items():
        if amount > 0:
            graph.add_edge(node, "T", capacity=amount)
    total = sum(deficit.values())
    value, paths = maximum_flow(graph, "S", "T") if "S" in graph and "T" in graph else (0, {})
    if value != total:
        raise SolverError(f"could not round the solution to exact cents ({value} of {total})")
    z, x = flow.z.copy(), flow.x.copy()
    for head, edges in paths.items():
        for tail, amount in edges.items():
            data = graph.edges[head, tail]
            if amount and "z" in data:
                z[data["z"]] += amount
            elif amount and "x" in data:
                x[data["x"]] += amount
    return CentsFlow(flow.selected, z, x)


def split_classes(
    pooled: PooledModel, flow: CentsFlow, need: np.ndarray
) -> dict[tuple[int, int], int]:
    """Per (source, modelled campaign) cents: binding pairs as solved, classes split in order.

    Within a class, campaigns (in model order) take from free sources (in source order) what
    their need still lacks, north-west-corner style: at most campaigns + sources - 1 pairs.
    """
    amounts: dict[tuple[int, int], int] = {}
    remaining = np.where(flow.selected, need[pooled.campaigns], 0).astype(np.int64)
    for col in np.flatnonzero(flow.x):
        c, s = int(pooled.x_campaign[col]), int(pooled.x_source[col])
        amounts[(s, c)] = int(flow.x[col])
        remaining[c] -= int(flow.x[col])
    members_of: dict[int, list[int]] = {}
    for member in np.flatnonzero(flow.selected).tolist():
        members_of.setdefault(int(pooled.class_of[member]), []).append(member)
    order = np.lexsort((pooled.z_source, pooled.z_class))
    for col in order:
        money = int(flow.z[col])
        k, s = int(pooled.z_class[col]), int(pooled.z_source[col])
        for c in members_of.get(k, []):
            if money == 0:
                break
            take = min(money, int(remaining[c]))
            if take:
                amounts[(s, c)] = amounts.get((s, c), 0) + take
                remaining[c] -= take
                money -= take
        if money:
            raise SolverError("a class received more money than its campaigns need")
    if np.any(remaining[flow.selected] != 0):
        raise SolverError("a completed campaign did not receive exactly its need")
    return amounts
