"""Solving a round: read what it sees now, run the engine outside any transaction, write back.

A round sees the registered funds' remaining budgets and each donation less what committed
rounds assigned. The write checks the round's version, so a solve never overwrites a change
made while it ran.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from allocator import Round, RoundOptions, allocate
from allocator.solve import solver_version
from service.errors import ConflictError
from service.rounds.create import checked_options
from service.rounds.data import decode_round, encode_round, with_available_donations, with_funds
from service.rounds.results import (
    allocations_of,
    encode_result,
    lineage_of,
    result_document,
    result_sha256,
)
from service.settings import Settings
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.database import Database
from service.store.funds import registered_funds
from service.store.keys import Actor
from service.store.ledger import assigned_cents
from service.store.rounds import get_round, owner_fund_ids, replace_result_rows
from service.store.tables import RoundRow

SOLVABLE = ("draft", "solved")


@dataclass(frozen=True)
class Plan:
    """A round as it will be solved, and the version of the row it was read from."""

    round_id: int
    version: int
    round_: Round
    options: RoundOptions


@dataclass(frozen=True)
class Solved:
    """A solved plan: the canonical input and result, with their hashes."""

    plan: Plan
    input_json: str
    input_sha256: str
    document: dict[str, Any]
    result_sha256: str
    solver_version: str


def check_solvable(row: RoundRow, *, job: bool = False) -> None:
    """Conflict unless the round may be solved now (``job``: by the job that claimed it)."""
    if row.state not in SOLVABLE:
        raise ConflictError(
            f"round {row.id} is {row.state}; only a draft or solved round is solved"
        )
    if (row.job_status == "running") != job:
        raise ConflictError(f"round {row.id} is being solved by a background job")


def plan_solve(
    db: Database,
    round_id: int,
    actor: Actor,
    *,
    overrides: Mapping[str, object],
    settings: Settings,
    job: bool = False,
) -> Plan:
    """What the round sees now, with the options it was created with updated by ``overrides``."""
    with db.read() as session:
        row = get_round(session, round_id, actor)
        check_solvable(row, job=job)
        stored, _ = decode_round(row.data_json)
        options = checked_options({**json.loads(row.options_json), **overrides}, settings)
        if row.funds_mode == "registered":
            ids = owner_fund_ids(session, row) if row.kind == "simulation" else None
            stored = with_funds(stored, registered_funds(session, ids))
        frame = stored.donations.frame
        assigned = assigned_cents(session, frame["donation_id"].astype(str).tolist())
        return Plan(row.id, row.version, with_available_donations(stored, assigned), options)


def run_plan(plan: Plan) -> Solved:
    """Run the engine (verified before it returns) and hash what went in and came out."""
    result = allocate(plan.round_, plan.options)
    document = result_document(result)
    return Solved(
        plan=plan,
        input_json=encode_round(plan.round_, plan.options),
        input_sha256=str(result.summary["input_sha256"]),
        document=document,
        result_sha256=result_sha256(document),
        solver_version=solver_version(plan.options.solver),
    )


def apply_solved(
    session: Session, solved: Solved, actor: Actor, *, idempotency_key: str | None
) -> RoundRow:
    """Write a solve's result, unless the round changed since the plan was read."""
    plan = solved.plan
    row = get_round(session, plan.round_id, actor, lock=True)
    if row.version != plan.version:
        raise ConflictError(f"round {row.id} changed while it was being solved; solve it again")
    table = plan.round_.campaigns
    names = dict(zip(table.texts("campaign_id"), table.texts("school_name"), strict=True))
    replace_result_rows(
        session,
        row.id,
        allocations=allocations_of(solved.document),
        lineage=lineage_of(solved.document),
        school_names=names,
    )
    row.state = "solved"
    row.options_json = plan.options.model_dump_json()
    row.input_json = solved.input_json
    row.input_sha256 = solved.input_sha256
    row.result_json = encode_result(solved.document)
    row.result_sha256 = solved.result_sha256
    row.solve_status = str(solved.document["status"])
    row.solver_version = solved.solver_version
    row.job_status = None
    row.job_error = None
    row.solved_at = utcnow()
    row.version += 1
    record(session, actor, Change("round.solve", "solved", idempotency_key), round_=row)
    return row


def start_job(
    session: Session, round_id: int, actor: Actor, *, idempotency_key: str | None
) -> RoundRow:
    """Mark a round as being solved in the background (its version moves on)."""
    row = get_round(session, round_id, actor, lock=True)
    check_solvable(row)
    row.job_status = "running"
    row.job_error = None
    row.version += 1
    record(session, actor, Change("solve.start", "running", idempotency_key), round_=row)
    return row


def fail_job(db: Database, round_id: int, actor: Actor, error: str) -> None:
    """Record that a background solve failed; the round keeps its state and last result."""
    with db.write() as session:
        row = get_round(session, round_id, actor, lock=True)
        if row.job_status != "running":
            return
        row.job_status = "failed"
        row.job_error = error
        row.version += 1
        record(session, actor, Change("solve.fail", "failed", detail=error), round_=row)
