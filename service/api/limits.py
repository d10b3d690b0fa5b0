"""Limits applied before any model is built: body size (413) and rows per request (422)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eligibility.errors import InputError, Problem
from service.api.auth import current_actor
from service.api.schemas.common import ErrorPublic
from service.api.services import Services, services
from service.store import Actor


class BodyLimit:
    """Refuse a request body past ``max_bytes`` with 413, reading no more than that."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Buffer the body up to the limit, then hand it on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        body = ErrorPublic(
            error="too_large", message=f"the request body is over {self.max_bytes} bytes"
        ).model_dump_json()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})


async def _json_body(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None  # FastAPI reports malformed JSON itself


def _count_problems(data: Any, limits: dict[str, int]) -> list[Problem]:
    problems = []
    if not isinstance(data, dict):
        return []
    for key, most in limits.items():
        value = data.get(key)
        if isinstance(value, list) and len(value) > most:
            message = f"at most {most} {key} per request, got {len(value)}"
            problems.append(Problem(key, message, field=key))
    return problems


async def cap_round_rows(
    request: Request,
    app: Annotated[Services, Depends(services)],
    _: Annotated[Actor, Depends(current_actor)],
) -> None:
    """422 for a round with too many campaigns, funds or donations, before models are built."""
    settings = app.settings
    limits = {
        "campaigns": settings.max_campaigns,
        "funds": settings.max_funds,
        "donations": settings.max_donations,
    }
    problems = _count_problems(await _json_body(request), limits)
    if problems:
        raise InputError(problems)


async def cap_check_rows(
    request: Request,
    app: Annotated[Services, Depends(services)],
    _: Annotated[Actor, Depends(current_actor)],
) -> None:
    """422 for an eligibility check with too many funds, before models are built."""
    problems = _count_problems(await _json_body(request), {"funds": app.settings.max_funds})
    if problems:
        raise InputError(problems)
