"""Checks applied before any model is built: body size (413), a JSON key given twice in one
object and rows per request (422)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allocator.fund_file import twin_keys
from eligibility.errors import InputError, Problem
from service.api.auth import current_actor
from service.api.errors import validation_problems
from service.api.schemas.common import ErrorPublic
from service.api.services import Services, services
from service.store import Actor


class BodyLimit:
    """Refuse a request body past ``max_bytes`` with 413, reading no more than that, and a JSON
    body with a key twice in one object with 422 (see ``duplicate_key``)."""

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
        if _is_json(scope):
            twice = duplicate_key(body)
            if twice is not None:
                await _send_json(send, 422, _twice_error(twice))
                return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        error = ErrorPublic(
            error="too_large", message=f"the request body is over {self.max_bytes} bytes"
        )
        await _send_json(send, 413, error, close=True)


class _Twice(dict[str, Any]):
    """A JSON object that had ``key`` more than once (the parser keeps the last value)."""

    key: str


def duplicate_key(body: bytes) -> list[str | int] | None:
    """Where a JSON object of ``body`` has a key twice: the path to that key, or None.

    ``json`` keeps the last of two equal keys without a word, so ``{"budget_cents": 100,
    "budget_cents": 200000}`` would be a budget of 2,000 euros: such a body is refused instead.
    A body that is not JSON is left to the route, which says so.
    """
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        twins = twin_keys(items)
        if not twins:
            return dict(items)
        found = True
        twice = _Twice(items)
        twice.key = twins[0]
        return twice

    try:
        document = json.loads(body, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return None
    if not found:
        return None
    stack: list[tuple[Any, list[str | int]]] = [(document, [])]
    while stack:  # depth first, in document order: the first object with a key twice
        value, path = stack.pop()
        if isinstance(value, _Twice):
            return [*path, value.key]
        if isinstance(value, dict):
            children = [(v, [*path, k]) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, [*path, i]) for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return None  # unreachable: the hook saw a key twice in some object


def _twice_error(path: list[str | int]) -> ErrorPublic:
    key = path[-1]
    message = f"the key '{key}' is given twice in one object; give each key once"
    problems = validation_problems([{"loc": ("body", *path), "msg": message}])
    return ErrorPublic(error="invalid_input", message="1 problem in the request", problems=problems)


def _is_json(scope: Scope) -> bool:
    """Whether the routes will read the body as JSON: FastAPI does with a JSON content type,
    and with none at all."""
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"").strip()
    return not content_type or b"json" in content_type.split(b";")[0].lower()


async def _send_json(send: Send, status: int, error: ErrorPublic, *, close: bool = False) -> None:
    headers = [(b"content-type", b"application/json")]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": error.model_dump_json().encode()})


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
