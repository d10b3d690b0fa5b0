"""Shapes every endpoint shares: errors with their problems, pages of a list."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_OFFSET = 2**53
"""The largest ``?offset=`` a list accepts: far past any real list, and inside every database's
64-bit integers (SQLite refuses an OFFSET of 2**63 with an overflow, not an empty page)."""


class ProblemPublic(BaseModel):
    """One thing wrong with a request: where (source, 1-based row, field) and what."""

    model_config = ConfigDict(frozen=True)

    source: str
    row: int | None = None
    field: str | None = None
    message: str


class ErrorPublic(BaseModel):
    """Every error response: a stable code, a message, and the details that apply."""

    model_config = ConfigDict(frozen=True)

    error: str = Field(description="invalid_input, unauthorized, forbidden, not_found, ...")
    message: str
    problems: list[ProblemPublic] = Field(
        default_factory=list, description="Every problem of the input, not only the first."
    )
    failures: list[str] = Field(
        default_factory=list, description="Why a commit or a verification failed, item by item."
    )


class Page(BaseModel, Generic[T]):
    """One page of a list; ask again with ``offset=next_offset`` while it is not null."""

    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    next_offset: int | None = None


def page(items: list[T], *, total: int, limit: int, offset: int) -> Page[T]:
    """A page, with the offset of the next one if there is one."""
    following = offset + len(items)
    return Page[T](
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        next_offset=following if following < total and items else None,
    )
