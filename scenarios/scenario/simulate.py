"""``simulate``: run every round of a scenario plan and gather what its files report."""

from __future__ import annotations

from collections.abc import Hashable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocator.round import Round, prepare
from eligibility.errors import InputError, Problem
from scenarios.scenario.marginal import EXTRA_CENTS, count_relaxation, marginal_round
from scenarios.scenario.montecarlo import (
    Forecaster,
    MonteCarloRow,
    completions_on_their_own,
    draw_collected,
    summarise_draws,
)
from scenarios.scenario.plan import Plan, VariantPlan
from scenarios.scenario.runs import Job, Progress, RunOutcome, run_jobs

MAX_CENTS_BUDGET = 10**11 - 1


@dataclass(frozen=True)
class MarginalRow:
    """What one more euro, and one more 1,000 €, of a fund is worth to one variant."""

    variant: str
    fund_id: str
    fund_name: str
    per_euro_lp: float
    per_1000_lp: float
    per_1000_resolved: int


@dataclass(frozen=True)
class MonteCarloSettings:
    """Draws to make, their seed, the day they start from, and the model that makes them."""

    draws: int
    seed: int
    forecaster: Forecaster
    as_of: Any  # date


@dataclass(frozen=True)
class Simulation:
    """Every round's outcome and the derived marginal values and Monte Carlo figures."""

    plan: Plan
    outcomes: dict[str, RunOutcome]
    marginal: tuple[MarginalRow, ...]
    montecarlo: tuple[MonteCarloRow, ...]
    montecarlo_settings: MonteCarloSettings | None


def simulate(
    plan: Plan,
    *,
    executor: Executor | None = None,
    workers: int = 1,
    montecarlo: MonteCarloSettings | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Run the plan's variants, marginal re-solves and Monte Carlo draws on ``executor``."""
    base = plan.base.round_
    jobs = [Job(("variant", v.name), v.funds, v.options) for v in plan.variants]
    jobs += [job for name in plan.marginal for job in _marginal_jobs(plan.variant(name))]
    drawn = None
    if montecarlo is not None and montecarlo.draws > 0:
        drawn = draw_collected(
            montecarlo.forecaster,
            base.campaigns,
            as_of=montecarlo.as_of,
            draws=montecarlo.draws,
            seed=montecarlo.seed,
        )
        jobs += [
            Job(("draw", v.name, d), v.funds, v.options, drawn[d])
            for v in plan.variants
            for d in range(montecarlo.draws)
        ]
    outcomes = run_jobs(
        jobs,
        campaigns=base.campaigns,
        donations=base.donations,
        executor=executor,
        workers=workers,
        progress=progress,
    )
    by_variant = {v.name: outcomes[("variant", v.name)] for v in plan.variants}
    marginal = tuple(
        row
        for name in plan.marginal
        for row in _marginal_rows(plan, plan.variant(name), by_variant[name], outcomes)
    )
    rows: tuple[MonteCarloRow, ...] = ()
    if drawn is not None:
        rows = _montecarlo_rows(plan, drawn, outcomes)
    return Simulation(plan, by_variant, marginal, rows, montecarlo)


def _marginal_jobs(variant: VariantPlan) -> list[Job]:
    jobs = []
    for k, fund in enumerate(variant.funds):
        more = min(fund.budget_cents + EXTRA_CENTS, MAX_CENTS_BUDGET)
        funds = list(variant.funds)
        funds[k] = fund.model_copy(update={"budget_cents": more})
        jobs.append(Job(("marginal", variant.name, fund.id), tuple(funds), variant.options))
    return jobs


def _marginal_rows(
    plan: Plan, variant: VariantPlan, outcome: RunOutcome, outcomes: dict[Hashable, RunOutcome]
) -> list[MarginalRow]:
    base = plan.base.round_
    prepared, budget = marginal_round(
        Round(base.campaigns, variant.funds, base.donations), variant.options
    )
    margins = count_relaxation(prepared, budget, threads=variant.options.highs_threads)
    column = {s.id: j for j, s in enumerate(prepared.sources)}
    rows = []
    for fund in sorted(variant.funds, key=lambda f: f.id):
        per_cent = float(margins.per_cent[column[fund.id]])
        resolved = outcomes[("marginal", variant.name, fund.id)].completed - outcome.completed
        rows.append(
            MarginalRow(
                variant=variant.name,
                fund_id=fund.id,
                fund_name=fund.name,
                per_euro_lp=per_cent * 100,
                per_1000_lp=per_cent * EXTRA_CENTS,
                per_1000_resolved=resolved,
            )
        )
    return rows


def _montecarlo_rows(
    plan: Plan, drawn: np.ndarray, outcomes: dict[Hashable, RunOutcome]
) -> tuple[MonteCarloRow, ...]:
    base = plan.base.round_
    counts = {}
    for v in plan.variants:
        candidates = prepare(Round(base.campaigns, v.funds, base.donations), v.options).candidates
        own = completions_on_their_own(base.campaigns, drawn, candidates)
        by_round = np.array(
            [outcomes[("draw", v.name, d)].completed for d in range(len(drawn))], dtype=np.int64
        )
        counts[v.name] = own + by_round
    base_counts = counts[plan.variants[0].name]
    return tuple(summarise_draws(v.name, counts[v.name], base_counts) for v in plan.variants)


def montecarlo_as_of(plan: Plan, override: Any = None) -> Any:
    """The day draws start from: the scenario's, else the base's as_of, else its round date."""
    settings = plan.montecarlo
    day = override or (settings.as_of if settings else None) or plan.scenario.base.as_of
    day = day or plan.variants[0].options.round_date
    if day is None:
        message = "Monte Carlo needs a day to forecast from: montecarlo.as_of or a round date"
        raise InputError([Problem("scenario", message, field="montecarlo.as_of")])
    return day
