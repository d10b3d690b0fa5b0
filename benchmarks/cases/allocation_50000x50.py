"""Allocation, largest round of 50,000 campaigns × 50 funds (issue 3)."""

from __future__ import annotations

from benchmarks.allocation import AllocationSpec, run_allocation
from benchmarks.allocation_report import target_text
from benchmarks.case import Case, Metrics

SPEC = AllocationSpec(
    campaigns=50_000,
    funds=50,
    smoke_campaigns=250,
    smoke_funds=20,
    seed=50001,
    seconds_target=10.0,
    memory_target_bytes=2 * 2**30,
    limit=600.0,
    repeats=1,
)


def run(smoke: bool) -> Metrics:
    """Allocate the seeded round with CBC and HiGHS; check the optimum against the references."""
    return run_allocation(SPEC, smoke)


CASE = Case(
    name="allocation-50000x50",
    sizes="50,000 campaigns × 50 funds",
    smoke_sizes=f"{SPEC.smoke_campaigns} campaigns × {SPEC.smoke_funds} funds",
    seed=SPEC.seed,
    target=target_text(SPEC) + " (issue 3)",
    run=run,
    timeout=4 * SPEC.limit + 900,  # two solvers and the references, each within its limit
)
