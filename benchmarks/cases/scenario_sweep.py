"""The scenario sweep (issue 5): registered, reported as not built until its code exists."""

from __future__ import annotations

from benchmarks.case import Case, Metrics, not_built


def run(smoke: bool) -> Metrics:
    """Nothing to measure yet: the sweep belongs to issue 5."""
    return not_built(5, "scenario sweeps")


CASE = Case(
    name="scenario-sweep",
    sizes="—",
    smoke_sizes="—",
    seed=0,
    target="set by issue 5",
    run=run,
)
