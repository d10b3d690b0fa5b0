"""Amounts and counts in words for people: ``20,000 €``, ``1,234.50 €``, ``50 %``."""

from __future__ import annotations

from decimal import Decimal


def euros_text(cents: int) -> str:
    """Euros with thousands separators, cents shown only when there are any."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}" + (f".{part:02d}" if part else "") + " €"


def whole_euros_text(cents: int) -> str:
    """Euros rounded half up to the euro, with thousands separators."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{(abs(int(cents)) + 50) // 100:,} €"


def percent_text(share: Decimal) -> str:
    """A share as a percentage: ``0.5`` -> ``50 %``."""
    return f"{(share * 100).normalize():f} %"


def decimal_text(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: ``2.50`` -> ``2.5``."""
    return f"{value.normalize():f}"


def campaigns_text(count: int) -> str:
    """``1 campaign``, ``3 campaigns``."""
    return f"{count:,} campaign{'s' if abs(count) != 1 else ''}"
