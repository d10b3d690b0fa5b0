"""Allocation, platform-size round of 1,500 campaigns × 10 funds (issue 3)."""

from __future__ import annotations

from benchmarks.allocation import AllocationSpec, run_allocation
from benchmarks.allocation_report import target_text
from benchmarks.case import Case, Metrics

SPEC = AllocationSpec(
    campaigns=1_500,
    funds=10,
    smoke_campaigns=150,
    smoke_funds=6,
    seed=1501,
    seconds_target=0.2,
    limit=300.0,
    repeats=5,
)


def run(smoke: bool) -> Metrics:
    """Allocate the seeded round with CBC and HiGHS; check the optimum against the references."""
    return run_allocation(SPEC, smoke)


CASE = Case(
    name="allocation-1500x10",
    sizes="1,500 campaigns × 10 funds",
    smoke_sizes=f"{SPEC.smoke_campaigns} campaigns × {SPEC.smoke_funds} funds",
    seed=SPEC.seed,
    target=target_text(SPEC) + " (issue 3)",
    run=run,
    timeout=4 * SPEC.limit + 900,  # two solvers and the references, each within its limit
)
