"""Stored rows into response models: the one place that knows both shapes."""

from __future__ import annotations

import json
from dataclasses import asdict

from allocator import RoundOptions
from service.api.schemas.checks import FundVerdictPublic
from service.api.schemas.funds import FundPublic
from service.api.schemas.rounds import (
    AllocationPublic,
    JobPublic,
    LineagePublic,
    OutcomePublic,
    RoundBrief,
    RoundPublic,
)
from service.checks import FundVerdict
from service.rounds.results import decode_result
from service.store.clock import as_utc
from service.store.tables import FundRow, RoundRow


def fund_public(row: FundRow) -> FundPublic:
    """A registered fund."""
    return FundPublic(
        id=row.id,
        name=row.name,
        kind=row.kind,
        rule=row.rule,
        budget_cents=row.budget_cents,
        committed_cents=row.committed_cents,
        remaining_cents=row.remaining_cents,
        cap_per_campaign_cents=row.cap_per_campaign_cents,
        cap_share_of_min_goal=row.cap_share_of_min_goal,
        match_ratio=row.match_ratio,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        created_at=as_utc(row.created_at),
    )


def round_brief(row: RoundRow) -> RoundBrief:
    """A round without its results."""
    return RoundBrief.model_validate(_brief_fields(row))


def _brief_fields(row: RoundRow) -> dict[str, object]:
    job = None
    if row.job_status in ("running", "failed"):
        job = JobPublic(
            status="running" if row.job_status == "running" else "failed", error=row.job_error
        )
    return {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "funds_mode": row.funds_mode,
        "campaign_count": row.campaign_count,
        "fund_count": row.fund_count,
        "donation_count": row.donation_count,
        "solve_status": row.solve_status,
        "solver_version": row.solver_version,
        "input_sha256": row.input_sha256,
        "result_sha256": row.result_sha256,
        "job": job,
        "created_at": as_utc(row.created_at),
        "solved_at": row.solved_at and as_utc(row.solved_at),
        "committed_at": row.committed_at and as_utc(row.committed_at),
        "discarded_at": row.discarded_at and as_utc(row.discarded_at),
    }


def round_public(row: RoundRow) -> RoundPublic:
    """A round with its options and, once solved, its allocations, outcomes, lineage, summary."""
    fields = _brief_fields(row)
    fields["options"] = RoundOptions.model_validate(json.loads(row.options_json))
    if row.result_json is not None:
        document = decode_result(row.result_json)
        fields["allocations"] = [AllocationPublic(**a) for a in document["allocations"]]
        fields["outcomes"] = [OutcomePublic(**o) for o in document["outcomes"]]
        fields["lineage"] = [LineagePublic(**line) for line in document["lineage"]]
        fields["summary"] = document["summary"]
    return RoundPublic.model_validate(fields)


def verdict_public(verdict: FundVerdict) -> FundVerdictPublic:
    """One fund's verdict on one campaign."""
    return FundVerdictPublic(**{**asdict(verdict), "failed": list(verdict.failed)})
