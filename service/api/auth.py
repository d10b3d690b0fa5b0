"""Who is calling: ``Authorization: Bearer KEY``, looked up by its SHA-256; and what they may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.services import Services, services
from service.errors import ForbiddenError, UnauthorizedError
from service.store import Actor, find_actor

bearer = HTTPBearer(
    auto_error=False, description="An API key made by `courte-echelle keys create`."
)


def current_actor(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    app: Annotated[Services, Depends(services)],
) -> Actor:
    """The key's holder; 401 for no key or an unknown or revoked one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("send an API key as 'Authorization: Bearer KEY'")
    with app.db.read() as session:
        actor = find_actor(session, credentials.credentials)
    if actor is None:
        raise UnauthorizedError("unknown or revoked API key")
    return actor


def allow(*roles: str) -> Callable[[Actor], Actor]:
    """A dependency admitting only these roles (403 for the others)."""

    def check(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if actor.role not in roles:
            raise ForbiddenError(f"the {actor.role} role may not do this")
        return actor

    return check


Anyone = Annotated[Actor, Depends(current_actor)]
Manager = Annotated[Actor, Depends(allow("manager"))]
Staff = Annotated[Actor, Depends(allow("manager", "platform"))]
