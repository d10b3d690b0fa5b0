"""The service's own errors, below the engine's tree; the API maps each to one HTTP status.

CourteEchelleError
└── ServiceError
    ├── UnauthorizedError      no key, or a key the service does not know (401)
    ├── ForbiddenError         the key's role may not do this (403)
    ├── NotFoundError          no such thing, or one this key may not see (404)
    ├── ConflictError          the state forbids it now: a committed round, spent budgets (409)
    └── BusyError              every solver slot is taken; try again later (503)
"""

from __future__ import annotations

from collections.abc import Iterable

from eligibility.errors import CourteEchelleError


class ServiceError(CourteEchelleError):
    """Base of the service's errors."""


class UnauthorizedError(ServiceError):
    """No credentials, or unknown ones."""


class ForbiddenError(ServiceError):
    """The caller's role does not allow the action."""


class NotFoundError(ServiceError):
    """The resource does not exist, or is not visible to the caller."""


class ConflictError(ServiceError):
    """The action is not possible in the current state; ``failures`` say why, item by item."""

    def __init__(self, message: str, failures: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.failures: tuple[str, ...] = tuple(failures)


class BusyError(ServiceError):
    """Too many solves are running; the caller may retry."""
