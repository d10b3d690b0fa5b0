"""The append-only audit trail: one record per state change, written in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.clock import utcnow
from service.store.keys import Actor
from service.store.tables import AuditRow, RoundRow


@dataclass(frozen=True)
class Change:
    """What changed: the action, the resulting status, and the request's idempotency key."""

    action: str
    status: str
    idempotency_key: str | None = None
    detail: str = ""


def record(
    session: Session,
    actor: Actor,
    change: Change,
    *,
    round_: RoundRow | None = None,
    fund_id: str | None = None,
) -> AuditRow:
    """Append one audit record; a round's input and result hashes and solver come with it."""
    row = AuditRow(
        at=utcnow(),
        actor_key_id=actor.key_id,
        actor_role=actor.role,
        action=change.action,
        status=change.status,
        idempotency_key=change.idempotency_key,
        detail=change.detail,
        fund_id=fund_id,
    )
    if round_ is not None:
        row.round_id = round_.id
        row.input_sha256 = round_.input_sha256
        row.result_sha256 = round_.result_sha256
        row.solver_version = round_.solver_version
        row.options_json = round_.options_json
        row.solver = _solver_of(round_.solver_version)
    session.add(row)
    return row


def _solver_of(version: str | None) -> str | None:
    return version.split()[0].lower() if version else None


def round_history(session: Session, round_id: int) -> list[AuditRow]:
    """Every audit record of a round, oldest first."""
    query = select(AuditRow).where(AuditRow.round_id == round_id).order_by(AuditRow.id)
    return list(session.scalars(query))
