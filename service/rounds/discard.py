"""Discarding a round: a draft or solved round is set aside for good; nothing is booked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.errors import ConflictError
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.keys import Actor
from service.store.rounds import get_round
from service.store.tables import RoundRow


def discard_round(
    session: Session, round_id: int, actor: Actor, *, idempotency_key: str | None
) -> RoundRow:
    """Discard a draft or solved round; a committed or discarded one is a conflict."""
    row = get_round(session, round_id, actor, lock=True)
    if row.state not in ("draft", "solved"):
        raise ConflictError(
            f"round {row.id} is {row.state}; only a draft or solved round is discarded"
        )
    if row.job_status == "running":
        raise ConflictError(f"round {row.id} is being solved by a background job")
    row.state = "discarded"
    row.discarded_at = utcnow()
    row.version += 1
    record(session, actor, Change("round.discard", "discarded", idempotency_key), round_=row)
    return row
