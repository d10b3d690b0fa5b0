"""The one translation of errors into HTTP responses, shared by the handlers and idempotency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match, Route

from eligibility.errors import (
    CourteEchelleError,
    InputError,
    SolverError,
    VerificationError,
)
from service.api.schemas.common import ErrorPublic, ProblemPublic
from service.errors import (
    BusyError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
)

_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (InputError, 422, "invalid_input"),
    (UnauthorizedError, 401, "unauthorized"),
    (ForbiddenError, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (BusyError, 503, "busy"),
    # The solver found nothing within the round's limits: the request cannot be served as sent.
    (SolverError, 422, "solver_failed"),
    # A result that failed the independent check is an engine fault, never a silent answer.
    (VerificationError, 500, "verification_failed"),
)
HEADERS = {401: {"WWW-Authenticate": "Bearer"}, 503: {"Retry-After": "5"}}


def error_response(exc: CourteEchelleError) -> tuple[int, ErrorPublic]:
    """The status and body for a domain error."""
    for kind, status, code in _STATUS:
        if isinstance(exc, kind):
            return status, _body(exc, code)
    return 500, ErrorPublic(error="internal", message=str(exc))


def _body(exc: Exception, code: str) -> ErrorPublic:
    if isinstance(exc, InputError):
        problems = [
            ProblemPublic(source=p.source, row=p.row, field=p.field, message=p.message)
            for p in exc.problems
        ]
        return ErrorPublic(error=code, message=str(exc).splitlines()[0], problems=problems)
    failures = list(getattr(exc, "failures", ()))
    return ErrorPublic(error=code, message=str(exc).splitlines()[0], failures=failures)


def json_error(status: int, body: ErrorPublic) -> JSONResponse:
    """An error response with the headers its status calls for."""
    return JSONResponse(body.model_dump(mode="json"), status, headers=HEADERS.get(status))


def validation_problems(errors: Sequence[Any]) -> list[ProblemPublic]:
    """FastAPI's validation errors as problems: the list position is the 1-based row."""
    problems = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if part not in ("body",)]
        where = loc[0] if loc and isinstance(loc[0], str) else "body"
        row = next((part + 1 for part in loc if isinstance(part, int)), None)
        rest = [str(part) for part in loc[1:] if not isinstance(part, int)]
        field = ".".join(rest) or (str(loc[0]) if loc else None)
        problems.append(
            ProblemPublic(source=str(where), row=row, field=field, message=str(error["msg"]))
        )
    return problems


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= set(route.methods or ()) - {"HEAD"}
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error to one JSON shape, ``ErrorPublic``."""

    async def domain(_: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, CourteEchelleError):
            raise exc
        return json_error(*error_response(exc))

    async def invalid(_: Request, exc: Exception) -> JSONResponse:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        problems = validation_problems(errors)
        body = ErrorPublic(
            error="invalid_input",
            message=f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the request",
            problems=problems,
        )
        return json_error(422, body)

    async def http(request: Request, exc: Exception) -> JSONResponse:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
        if status == 400:
            # A body that is not even text: invalid input, like FastAPI's own malformed JSON.
            problem = ProblemPublic(source="body", message=str(detail))
            unreadable = ErrorPublic(error="invalid_input", message=str(detail), problems=[problem])
            return json_error(422, unreadable)
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
        headers = getattr(exc, "headers", None)
        if status == 405:
            # Starlette names only the first matching route's methods; a path may have several.
            headers = {"Allow": ", ".join(_allowed_methods(request))}
        body = ErrorPublic(error=code, message=str(detail)).model_dump(mode="json")
        return JSONResponse(body, status, headers=headers)

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette logs and re-raises the exception after sending this; the message stays vague.
        body = ErrorPublic(error="internal", message="internal error; the server log has details")
        return json_error(500, body)

    app.add_exception_handler(CourteEchelleError, domain)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http)
