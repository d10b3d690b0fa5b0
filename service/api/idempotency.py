"""``Idempotency-Key`` on every state-changing POST: replay, refuse a different body, or run once.

The key is claimed first (a concurrent retry gets 409), the work runs, and the response is
stored in the same transaction as the state change. Errors that changed nothing are stored too
(a retry gets the same answer), except 5xx and 503 ones, after which the key is released.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from allocator.canonical import canonical_json
from eligibility.errors import CourteEchelleError
from service.api.auth import current_actor
from service.api.errors import HEADERS, error_response
from service.api.services import Services, services
from service.store import Actor
from service.store.idempotency import HEADER, Claim, claim, release, settle

P = TypeVar("P")
T = TypeVar("T")
REPLAYED = "Idempotent-Replayed"

KeyHeader = Annotated[
    str,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Any unique string per intended change; a retry sends the same one.",
    ),
]


@dataclass(frozen=True)
class Work(Generic[P, T]):
    """A state change: ``prepare`` runs outside any transaction, ``apply`` inside the write."""

    prepare: Callable[[], P]
    apply: Callable[[Session, P], T]
    render: Callable[[Session, T], BaseModel]
    status_code: int = 200
    after: Callable[[T], None] | None = None


@dataclass(frozen=True)
class Idempotent:
    """A request's claim on its key, and the services to run its work with."""

    app: Services
    owner: Claim

    @property
    def key(self) -> str:
        """The key, for the audit record."""
        return self.owner.key

    def run(self, work: Work[P, T]) -> Response:
        """Replay the stored response, or do the work once and store its response."""
        stored = claim(self.app.db, self.owner)
        if stored is not None:
            return _response(stored.status_code, stored.body, {REPLAYED: "true"})
        try:
            prepared = work.prepare()
            with self.app.db.write() as session:
                value = work.apply(session, prepared)
                body = work.render(session, value).model_dump_json()
                settle(session, self.owner, work.status_code, body)
        except CourteEchelleError as exc:
            status, error = error_response(exc)
            if status >= 500:
                release(self.app.db, self.owner)
                raise
            text = error.model_dump_json()
            with self.app.db.write() as session:
                settle(session, self.owner, status, text)
            return _response(status, text, HEADERS.get(status, {}))
        except BaseException:
            release(self.app.db, self.owner)
            raise
        if work.after is not None:
            work.after(value)
        return _response(work.status_code, body, {})


def _response(status: int, body: str, headers: dict[str, str]) -> Response:
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def idempotent(
    request: Request,
    key: KeyHeader,
    actor: Annotated[Actor, Depends(current_actor)],
    app: Annotated[Services, Depends(services)],
) -> Idempotent:
    """The request's claim: its key, scoped to the API key, and a hash of what it asks."""
    digest = fingerprint(request.method, request.url.path, await request.body())
    return Idempotent(app, Claim(actor.key_id, key, digest))


def fingerprint(method: str, path: str, raw: bytes) -> str:
    """What "the same request" means: method, path and the body's canonical JSON."""
    try:
        body = canonical_json(json.loads(raw)) if raw else b""
    except ValueError:
        body = raw
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


IdempotencyDep = Annotated[Idempotent, Depends(idempotent)]
