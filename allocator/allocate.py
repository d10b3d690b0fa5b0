"""``allocate``: one round from data to a verified, explained result (``solve_round``: the
verified answer alone, for the many rounds of a scenario or a replay)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from allocator.canonical import input_sha256
from allocator.explain import explain_outcomes
from allocator.greedy import GREEDY_POLICIES, run_greedy
from allocator.lineage import assign_lineage, count_splits
from allocator.model import PooledModel, build_model
from allocator.options import RoundOptions
from allocator.result import Allocation, LineageLine, PolicyResult, RoundResult, Timings
from allocator.round import Prepared, Round, prepare
from allocator.rounding import round_to_cents, split_classes
from allocator.solve import SolveStatus, solver_version
from allocator.stages import StageReport, solve_stages
from allocator.summary import summarise
from allocator.verify import verify_allocation
from allocator.warmstart import start_values


@dataclass(frozen=True)
class SolvedRound:
    """A round's optimum, verified in integers: what a scenario or a replay needs of a round.

    ``allocate`` builds its full result (explanations, greedy comparison, summary) on it.
    """

    prepared: Prepared
    pooled: PooledModel
    report: StageReport
    greedy: dict[str, tuple[Allocation, ...]]
    allocations: tuple[Allocation, ...]
    lineage: tuple[LineageLine, ...]
    timings: Timings

    @property
    def status(self) -> SolveStatus:
        """Whether every criterion was proven optimal."""
        return self.report.status


def solve_round(round_: Round, options: RoundOptions | None = None) -> SolvedRound:
    """Decide a round and verify the answer in integers, without explaining it.

    The answer is the one ``allocate`` returns for the same round and options (``allocate``
    runs this first); a failed check raises, as there.
    """
    options = options or RoundOptions()
    began = time.perf_counter()
    prepared = prepare(round_, options)
    prepared_at = time.perf_counter()
    pooled = build_model(prepared.capacity, prepared.budget, prepared.need)
    built_at = time.perf_counter()
    greedy = {name: run_greedy(name, prepared) for name in GREEDY_POLICIES}
    best = max(greedy.values(), key=lambda a: (len({x.campaign_id for x in a}), -len(a)))
    greedy_at = time.perf_counter()
    report = solve_stages(prepared, pooled, options, start=start_values(best, prepared, pooled))
    solved_at = time.perf_counter()
    flow = round_to_cents(pooled, report.values, need=prepared.need, budget=prepared.budget)
    amounts = split_classes(pooled, flow, prepared.need)
    allocations = to_allocations(prepared, amounts, pooled.campaigns)
    lineage = lineage_of(allocations, round_, prepared)
    rounded_at = time.perf_counter()
    verify_allocation(round_, options, allocations, lineage)
    verified_at = time.perf_counter()
    timings = Timings(
        prepare=prepared_at - began,
        build=built_at - prepared_at,
        greedy=greedy_at - built_at,
        solve=report.seconds,
        round=rounded_at - solved_at,
        verify=verified_at - rounded_at,
        total=verified_at - began,
    )
    return SolvedRound(prepared, pooled, report, greedy, allocations, lineage, timings)


def allocate(round_: Round, options: RoundOptions | None = None) -> RoundResult:
    """Decide a round: who gets how much from which fund, verified in integers before return."""
    options = options or RoundOptions()
    began = time.perf_counter()
    solved = solve_round(round_, options)
    prepared, pooled, report = solved.prepared, solved.pooled, solved.report
    allocations, lineage = solved.allocations, solved.lineage
    policies = [policy_result("optimal", prepared, allocations)]
    if options.compare_greedy:
        for name, answer in solved.greedy.items():
            verify_allocation(round_, options, answer, lineage_of(answer, round_, prepared))
            policies.append(policy_result(name, prepared, answer))
    outcomes = explain_outcomes(prepared, allocations, modelled=pooled.campaigns)
    timings = replace(solved.timings, total=time.perf_counter() - began)
    summary = summarise(
        prepared=prepared,
        report=report,
        outcomes=outcomes,
        allocations=allocations,
        policies=policies,
        timings=timings,
        extra={
            "solver": solver_version(options.solver),
            "input_sha256": input_sha256(round_, options),
            "lineage_splits": count_splits(lineage),
            "model": {
                "campaigns": len(pooled.campaigns),
                "classes": pooled.num_classes,
                "columns": pooled.model.num_cols,
                "rows": pooled.model.num_rows,
            },
        },
    )
    return RoundResult(report.status, allocations, outcomes, lineage, summary)


def lineage_of(
    allocations: tuple[Allocation, ...], round_: Round, prepared: Prepared
) -> tuple[LineageLine, ...]:
    """The donation lineage of what the pools pay in ``allocations``."""
    return assign_lineage(
        allocations,
        pools=tuple(s for s in prepared.sources if s.is_pool),
        donations=round_.donations,
        campaigns=round_.campaigns,
    )


def to_allocations(
    prepared: Prepared, amounts: dict[tuple[int, int], int], modelled: np.ndarray
) -> tuple[Allocation, ...]:
    """Allocation records sorted by fund then campaign, from (source, modelled campaign) cents."""
    ids = prepared.campaign_ids()
    return tuple(
        sorted(
            Allocation(prepared.sources[s].id, str(ids[modelled[c]]), cents)
            for (s, c), cents in amounts.items()
            if cents > 0
        )
    )


def policy_result(
    policy: str, prepared: Prepared, allocations: tuple[Allocation, ...]
) -> PolicyResult:
    """A policy's completions, spending and priority score, for side-by-side comparison."""
    ids = prepared.campaign_ids()
    score = dict(zip(ids.tolist(), prepared.score.tolist(), strict=True))
    completed = tuple(sorted({a.campaign_id for a in allocations}))
    return PolicyResult(
        policy=policy,
        allocations=allocations,
        completed=completed,
        spent_cents=sum(a.amount_cents for a in allocations),
        score=sum(score[c] for c in completed),
    )
