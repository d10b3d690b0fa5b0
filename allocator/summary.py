"""The round summary: counts, money per fund, objectives, bound, status, policies, timings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from allocator.result import Allocation, Outcome, PolicyResult, Timings
from allocator.round import Prepared
from allocator.solve import SolveStatus
from allocator.stages import PROVEN, StageReport
from eligibility.money import format_euros


def gaps(report: StageReport) -> dict[str, float | None]:
    """Per criterion, how far the best known bound is from the value found (0 when proven).

    The bound is the tighter of the MILP's own (HiGHS gives one, CBC not) and the criterion's
    LP relaxation, rounded to a whole unit.
    """
    result: dict[str, float | None] = {}
    for name, value in report.objectives.items():
        if report.statuses.get(name) in PROVEN:
            result[name] = 0.0
            continue
        bound = report.bounds.get(name)
        result[name] = None if bound is None else round(abs(bound - value), 6)
    return result


def summarise(
    *,
    prepared: Prepared,
    report: StageReport,
    outcomes: tuple[Outcome, ...],
    allocations: tuple[Allocation, ...],
    policies: list[PolicyResult],
    timings: Timings,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """A JSON-ready summary; everything but ``timings`` is deterministic."""
    spent: dict[str, int] = defaultdict(int)
    for a in allocations:
        spent[a.fund_id] += a.amount_cents
    by_round = len({a.campaign_id for a in allocations})
    already = sum(1 for o in outcomes if o.need_cents == 0)
    lp_bound = report.lp_bound
    optimum = report.objectives.get("completed", by_round)
    return {
        "status": report.status.value,
        "proven_optimal": report.status is SolveStatus.OPTIMAL,
        "criteria_proven": {name: status in PROVEN for name, status in report.statuses.items()},
        "gaps": gaps(report),
        "campaigns": len(outcomes),
        "campaigns_considered": len(prepared.candidates),
        "completed_without_round": already,
        "completed_by_round": by_round,
        "completed_with_round": already + by_round,
        "spent_cents": sum(spent.values()),
        "spent": format_euros(sum(spent.values())),
        "funds": [
            {
                "fund_id": s.id,
                "name": s.name,
                "kind": "pool" if s.is_pool else (s.fund.kind if s.fund else ""),
                "budget_cents": s.budget_cents,
                "spent_cents": spent.get(s.id, 0),
                "left_cents": s.budget_cents - spent.get(s.id, 0),
                "spent": format_euros(spent.get(s.id, 0)),
            }
            for s in prepared.sources
        ],
        "objectives": report.objectives,
        "stage_statuses": report.statuses,
        "stage_bounds": report.bounds,
        "lp_bound": None if lp_bound is None else round(lp_bound, 6),
        "lp_gap_campaigns": None if lp_bound is None else int(lp_bound + 1e-6) - optimum,
        "policies": [
            {
                "policy": p.policy,
                "completed": len(p.completed),
                "spent_cents": p.spent_cents,
                "spent": format_euros(p.spent_cents),
                "priority_score": p.score,
            }
            for p in policies
        ],
        **extra,
        "timings": {
            **{k: round(v, 4) for k, v in asdict(timings).items()},
            "solves": [{**s, "seconds": round(float(s["seconds"]), 4)} for s in report.solves],
        },
    }
