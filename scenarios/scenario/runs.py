"""Running many rounds of one scenario, in batches, on any ``concurrent.futures`` executor.

A job is one allocation: the base campaigns (or a Monte Carlo draw of their amounts) with a
variant's funds and options. Jobs go out in batches of consecutive jobs with the campaigns
sent once per batch; every job's answer depends only on the job, never on the batch, the
worker or the executor, so results are identical whatever runs them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass

import numpy as np

from allocator.allocate import solve_round
from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.options import RoundOptions
from allocator.result import Allocation
from allocator.round import Round
from eligibility.campaigns import VALIDATED_COLUMNS, CampaignTable

Progress = Callable[[int, int], None]  # (jobs done, jobs in all)
# Batches go to whichever worker is free, so the last one decides how long the other waits:
# variants of a 1,500 x 10 round take 0.2 to 0.9 s each, and at 4 batches per worker the
# 1,000-variant sweep's batches took about a minute each. Sending the campaigns with each
# batch costs about a millisecond at that size.
BATCHES_PER_WORKER = 16


@dataclass(frozen=True)
class Job:
    """One allocation to run; ``collected`` replaces the campaigns' amounts (a draw) if given."""

    key: Hashable
    funds: tuple[Fund, ...]
    options: RoundOptions
    collected: np.ndarray | None = None


@dataclass(frozen=True)
class RunOutcome:
    """What a scenario needs of a round's result, small enough to send back from a worker."""

    key: Hashable
    status: str
    paid: tuple[tuple[str, int], ...]  # (campaign id, cents) of campaigns the round completes
    spent: tuple[tuple[str, int], ...]  # (source id, cents) spent by each fund and pool

    @property
    def completed(self) -> int:
        """Campaigns completed by the round."""
        return len(self.paid)

    @property
    def spent_cents(self) -> int:
        """Money the round spends, all sources together."""
        return sum(cents for _, cents in self.spent)


def run_job(campaigns: CampaignTable, donations: DonationTable, job: Job) -> RunOutcome:
    """Allocate one job's round (verified; the explanations and summary a scenario never reads
    are not built)."""
    table = campaigns if job.collected is None else with_collected(campaigns, job.collected)
    result = solve_round(Round(table, job.funds, donations), job.options)
    return run_outcome(job.key, result.status.value, result.allocations)


def run_outcome(key: Hashable, status: str, allocations: Sequence[Allocation]) -> RunOutcome:
    """What a scenario keeps of a round's allocations: cents per campaign and per source."""
    paid: dict[str, int] = {}
    spent: dict[str, int] = {}
    for a in allocations:
        paid[a.campaign_id] = paid.get(a.campaign_id, 0) + a.amount_cents
        spent[a.fund_id] = spent.get(a.fund_id, 0) + a.amount_cents
    return RunOutcome(
        key=key,
        status=status,
        paid=tuple(sorted(paid.items())),
        spent=tuple(sorted(spent.items())),
    )


def run_batch(
    campaigns: CampaignTable, donations: DonationTable, jobs: Sequence[Job]
) -> list[RunOutcome]:
    """Allocate a batch of jobs in order (the unit of work sent to a worker)."""
    return [run_job(campaigns, donations, job) for job in jobs]


def with_collected(campaigns: CampaignTable, collected: np.ndarray) -> CampaignTable:
    """The campaigns with other collected amounts (and so other needs)."""
    frame = campaigns.frame[list(VALIDATED_COLUMNS)].copy()
    frame["collected_cents"] = np.asarray(collected, dtype=np.int64)
    return CampaignTable.from_columns(frame)


def run_jobs(
    jobs: Sequence[Job],
    *,
    campaigns: CampaignTable,
    donations: DonationTable,
    executor: Executor | None,
    workers: int,
    progress: Progress | None = None,
) -> dict[Hashable, RunOutcome]:
    """Run every job, on ``executor`` (or here when None); outcomes by job key."""
    outcomes: dict[Hashable, RunOutcome] = {}
    done = 0
    if executor is None:
        for job in jobs:
            outcomes[job.key] = run_job(campaigns, donations, job)
            done += 1
            if progress:
                progress(done, len(jobs))
        return outcomes
    futures: dict[Future[list[RunOutcome]], int] = {}
    for batch in batches(jobs, workers=workers):
        futures[executor.submit(run_batch, campaigns, donations, batch)] = len(batch)
    for future in as_completed(futures):
        for outcome in future.result():
            outcomes[outcome.key] = outcome
        done += futures[future]
        if progress:
            progress(done, len(jobs))
    return outcomes


def batches(jobs: Sequence[Job], *, workers: int) -> list[list[Job]]:
    """Consecutive batches, about ``BATCHES_PER_WORKER`` per worker (for an even load)."""
    if not jobs:
        return []
    count = min(len(jobs), max(1, workers) * BATCHES_PER_WORKER)
    size = math.ceil(len(jobs) / count)
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
