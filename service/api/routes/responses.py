"""The documented error responses of each kind of route (every one has the ErrorPublic schema)."""

from __future__ import annotations

from typing import Any

from service.api.schemas.common import ErrorPublic

_WHY = {
    401: "No API key, or an unknown or revoked one.",
    403: "The key's role may not do this.",
    404: "No such resource, or one this key may not see.",
    409: "The resource's state forbids it now, or the Idempotency-Key is in use.",
    413: "The request body is too large.",
    422: "Invalid input: every problem with its source, row and field.",
    500: "The result failed its independent verification (never returned), or an internal fault.",
    503: "Every solver slot is taken; retry later.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for these error statuses."""
    return {status: {"model": ErrorPublic, "description": _WHY[status]} for status in statuses}


READ = errors(401, 404, 422)
WRITE = errors(401, 403, 404, 409, 413, 422)
