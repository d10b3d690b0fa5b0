"""Figures as the results table prints them; a missing figure prints as a dash."""

from __future__ import annotations


def seconds(value: float | None) -> str:
    """Seconds with three significant digits or so: ``0.123 s``, ``4.56 s``, ``78.9 s``."""
    if value is None:
        return "—"
    if value < 1:
        return f"{value:.3f} s"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s" if value < 100 else f"{value:,.0f} s"


def megabytes(value: float | None) -> str:
    """Bytes as whole mebibytes (2**20 bytes)."""
    return "—" if value is None else f"{value / 2**20:,.0f} MiB"
