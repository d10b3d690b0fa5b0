"""Idempotency keys, scoped per API key: claimed before the work, settled in its transaction.

The response is stored in the same transaction as the state change it reports, so after a
crash there is either both (a retry replays the response) or neither (a retry does the work).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eligibility.errors import InputError, Problem
from service.errors import ConflictError
from service.store.clock import utcnow
from service.store.database import Database
from service.store.tables import IdempotencyRow

HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class Claim:
    """A key this request holds until it settles or releases it."""

    api_key_id: str
    key: str
    request_sha256: str


@dataclass(frozen=True)
class StoredResponse:
    """The response of the request that first used the key."""

    status_code: int
    body: str


def claim(db: Database, owner: Claim) -> StoredResponse | None:
    """Claim the key (None), or the stored response to replay; 422 or 409 when it cannot be."""
    for _ in range(2):
        try:
            with db.write() as session:
                row = session.get(IdempotencyRow, (owner.api_key_id, owner.key))
                if row is None:
                    session.add(
                        IdempotencyRow(
                            api_key_id=owner.api_key_id,
                            key=owner.key,
                            request_sha256=owner.request_sha256,
                            state="running",
                            created_at=utcnow(),
                        )
                    )
                    return None
                return _existing(row, owner)
        except IntegrityError:
            continue  # PostgreSQL: a concurrent request inserted the key first; look again
    raise ConflictError(f"{HEADER} {owner.key!r} is being used by a request still running")


def _existing(row: IdempotencyRow, owner: Claim) -> StoredResponse:
    if row.request_sha256 != owner.request_sha256:
        message = f"{HEADER} {owner.key!r} was already used with another request"
        raise InputError([Problem("headers", message, field=HEADER)])
    if row.state != "done" or row.status_code is None or row.response_body is None:
        raise ConflictError(f"{HEADER} {owner.key!r} is being used by a request still running")
    return StoredResponse(row.status_code, row.response_body)


def settle(session: Session, owner: Claim, status_code: int, body: str) -> None:
    """Store the response in the caller's transaction."""
    session.execute(
        update(IdempotencyRow)
        .where(IdempotencyRow.api_key_id == owner.api_key_id, IdempotencyRow.key == owner.key)
        .values(state="done", status_code=status_code, response_body=body)
    )


def release(db: Database, owner: Claim) -> None:
    """Give the key up after a failure that changed nothing, so a retry may do the work."""
    with db.write() as session:
        session.execute(
            delete(IdempotencyRow).where(
                IdempotencyRow.api_key_id == owner.api_key_id,
                IdempotencyRow.key == owner.key,
                IdempotencyRow.state == "running",
            )
        )


def release_abandoned(db: Database) -> int:
    """At start-up: keys still running belong to a process that died; free them."""
    with db.write() as session:
        result = session.execute(delete(IdempotencyRow).where(IdempotencyRow.state == "running"))
        return int(getattr(result, "rowcount", 0) or 0)


def stored(session: Session, api_key_id: str, key: str) -> IdempotencyRow | None:
    """The record of one key (tests and audits read it)."""
    return session.scalar(
        select(IdempotencyRow).where(
            IdempotencyRow.api_key_id == api_key_id, IdempotencyRow.key == key
        )
    )
