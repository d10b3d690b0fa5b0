"""A full season replay (issue 6): registered, reported as not built until the replay exists."""

from __future__ import annotations

from benchmarks.case import Case, Metrics, not_built


def run(smoke: bool) -> Metrics:
    """Nothing to measure yet: ``courte-echelle replay`` belongs to issue 6."""
    return not_built(6, "season replay")


CASE = Case(
    name="season-replay",
    sizes="—",
    smoke_sizes="—",
    seed=0,
    target="replay comparison over ≥ 3 seeded seasons (issue 6)",
    run=run,
)
