"""Scenario sweep (issue 5): 1,000 variants of a platform-size round on 2 worker processes.

Each of the round's 10 funds has its budget swept over 100 values (from half to one and a half
times its budget), run through the scenario engine's batches on a process pool, the way
``courte-echelle simulate`` runs them. A few variants are checked against direct allocator calls.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

from allocator import Round, RoundOptions, allocate
from benchmarks.case import Case, Metrics, check, line
from benchmarks.rounds import benchmark_round, benchmark_season
from scenarios.scenario import SCENARIO_OPTION_DEFAULTS, Job, run_jobs
from scenarios.scenario.executors import process_context
from scenarios.scenario.runs import run_outcome

SEED = 1501
SIZES = (1_500, 10, 100)  # campaigns, funds, budget values per fund
SMOKE_SIZES = (150, 6, 4)
WORKERS = 2
TARGET_SECONDS = 60.0
CHECKED = 3  # variants re-run directly


def sweep_jobs(round_: Round, values_per_fund: int) -> list[Job]:
    """Each fund's budget from 0.5x to 1.5x, ``values_per_fund`` values, in integer cents."""
    options = RoundOptions.model_validate(SCENARIO_OPTION_DEFAULTS)
    jobs = []
    for j, fund in enumerate(round_.funds):
        low, high = fund.budget_cents // 2, fund.budget_cents * 3 // 2
        for k in range(values_per_fund):
            budget = low + (high - low) * k // max(1, values_per_fund - 1)
            funds = list(round_.funds)
            funds[j] = fund.model_copy(update={"budget_cents": budget})
            jobs.append(Job((fund.id, k), tuple(funds), options))
    return jobs


def run(smoke: bool) -> Metrics:
    """Run the sweep on a process pool; check sampled variants against ``allocate``."""
    campaigns, funds, values = SMOKE_SIZES if smoke else SIZES
    round_ = benchmark_round(benchmark_season(seed=SEED, campaigns=campaigns, funds=funds))
    jobs = sweep_jobs(round_, values)
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=process_context()) as pool:
        outcomes = run_jobs(
            jobs,
            campaigns=round_.campaigns,
            donations=round_.donations,
            executor=pool,
            workers=WORKERS,
        )
    seconds = time.perf_counter() - began
    picked = [jobs[i * (len(jobs) - 1) // max(1, CHECKED - 1)] for i in range(CHECKED)]
    agree = 0
    for job in picked:
        direct = allocate(Round(round_.campaigns, job.funds, round_.donations), job.options)
        outcome = outcomes[job.key]
        expected = run_outcome(job.key, direct.status.value, direct.allocations)
        # To the cent, per campaign and per source: a worker process decides as this one does.
        agree += outcome.paid == expected.paid and outcome.spent == expected.spent
    completed = sorted(o.completed for o in outcomes.values())
    per_variant = seconds / len(jobs)
    figures = (
        f"{len(jobs):,} variants in {seconds:.1f} s on {WORKERS} processes "
        f"({per_variant * 1000:.0f} ms per variant; completions {completed[0]}–{completed[-1]})"
    )
    return Metrics(
        lines=[
            line(
                "budget sweep, process pool",
                figures,
                target=f"under {TARGET_SECONDS:g} s for 1,000 variants",
                met=None if smoke else seconds < TARGET_SECONDS,
            )
        ],
        checks=[
            check(
                "sampled variants equal direct allocator calls (cents per campaign and source)",
                agree == len(picked),
                f"{agree} of {len(picked)} agree",
            )
        ],
        phases=[],
        details={
            "variants": len(jobs),
            "campaigns": campaigns,
            "funds": funds,
            "workers": WORKERS,
            "seconds": seconds,
            "seconds_per_variant": per_variant,
        },
    )


CASE = Case(
    name="scenario-sweep",
    sizes="1,000 variants of 1,500 campaigns × 10 funds",
    smoke_sizes="24 variants of 150 campaigns × 6 funds",
    seed=SEED,
    target="under 60 s on 2 cores (issue 5)",
    run=run,
    timeout=3600.0,
)
