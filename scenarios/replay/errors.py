"""The replay's own error: its money accounting broke an invariant (a bug, never bad input)."""

from __future__ import annotations

from eligibility.errors import CourteEchelleError


class ReplayAccountingError(CourteEchelleError):
    """A budget went negative, a pool lost or made a cent, or a campaign got a wrong amount."""


def require(condition: bool, message: str) -> None:
    """Raise ``ReplayAccountingError(message)`` unless ``condition`` holds."""
    if not condition:
        raise ReplayAccountingError(message)
