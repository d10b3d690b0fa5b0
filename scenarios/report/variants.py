"""Reading the per-variant (or per-policy) rows of a comparison file into plain records.

Breakdown columns share a prefix (``completed_academie_Lille``); the report groups them by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Breakdown:
    """One breakdown (by criterion, level or académie): its keys and each row's counts."""

    keys: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # one tuple per row, in ``keys`` order

    def of(self, row: int) -> dict[str, int]:
        """The counts of one row by key."""
        return dict(zip(self.keys, self.counts[row], strict=True))

    def changed_keys(self, base: int) -> tuple[str, ...]:
        """The keys where some row differs from row ``base``."""
        return tuple(
            key
            for k, key in enumerate(self.keys)
            if any(row[k] != self.counts[base][k] for row in self.counts)
        )


def breakdown(
    rows: Sequence[dict[str, str]], prefix: str, *, exclude: Sequence[str] = ()
) -> Breakdown:
    """The columns named ``prefix<key>`` (except those starting with an ``exclude`` prefix)."""
    header = list(rows[0].keys()) if rows else []
    columns = [
        c for c in header if c.startswith(prefix) and not any(c.startswith(x) for x in exclude)
    ]
    keys = tuple(c[len(prefix) :] for c in columns)
    counts = tuple(tuple(_int(row[c]) for c in columns) for row in rows)
    return Breakdown(keys, counts)


def spread(count: int, limit: int) -> list[int]:
    """At most ``limit`` indices of ``range(count)``, evenly spread, first and last kept."""
    if count <= limit:
        return list(range(count))
    if limit == 1:
        return [count - 1]
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})


def _int(text: str | None) -> int:
    if text is None or text.strip() == "":
        return 0
    return int(float(text))
