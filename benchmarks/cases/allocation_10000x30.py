"""Allocation, national-scale round of 10,000 campaigns × 30 funds (issue 3)."""

from __future__ import annotations

from benchmarks.allocation import AllocationSpec, run_allocation
from benchmarks.allocation_report import target_text
from benchmarks.case import Case, Metrics

SPEC = AllocationSpec(
    campaigns=10_000,
    funds=30,
    smoke_campaigns=200,
    smoke_funds=16,
    seed=10001,
    seconds_target=1.0,
    cli_seconds_target=3.0,
    limit=300.0,
    repeats=3,
)


def run(smoke: bool) -> Metrics:
    """Allocate the seeded round with CBC and HiGHS; check the optimum against the references."""
    return run_allocation(SPEC, smoke)


CASE = Case(
    name="allocation-10000x30",
    sizes="10,000 campaigns × 30 funds",
    smoke_sizes=f"{SPEC.smoke_campaigns} campaigns × {SPEC.smoke_funds} funds",
    seed=SPEC.seed,
    target=target_text(SPEC) + " (issue 3)",
    run=run,
    timeout=4 * SPEC.limit + 900,  # two solvers and the references, each within its limit
)
