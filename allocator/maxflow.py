"""A maximum flow that routes the same way in every process, whatever the hash seed."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


def maximum_flow(
    graph: Any, source: Hashable, sink: Hashable
) -> tuple[int, dict[Any, dict[Any, int]]]:
    """networkx's maximum flow on ``graph``, read back under its own node names.

    networkx's preflow-push keeps its active nodes in sets, and a set of strings (or of tuples
    holding strings) iterates in an order that changes with each process's hash seed
    (PYTHONHASHSEED): on named nodes, the same round routed its cents through other pairs from
    one run to the next (same totals). Integer nodes, numbered in the order the graph was
    built, hash to themselves, so the flow depends on the graph alone.
    """
    import networkx as nx  # slow to import; only the rare paths that need a flow load it

    names = list(graph.nodes)
    index = {name: k for k, name in enumerate(names)}
    numbered = nx.convert_node_labels_to_integers(graph, ordering="default")
    value, flows = nx.maximum_flow(numbered, index[source], index[sink])
    paths = {
        names[head]: {names[tail]: amount for tail, amount in edges.items()}
        for head, edges in flows.items()
    }
    return int(value), paths
