"""Euros at the human edges, integer cents inside: parsing and formatting, never floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# PuLP writes numbers with 12 significant digits; every amount must stay below this.
MAX_CENTS = 10**11

_EUROS = re.compile(r"[0-9]+(\.[0-9]+)?")


def parse_euros(value: object) -> int:
    """Parse euros ("1234.5", "1234.50", 12, Decimal) into integer cents, exactly.

    Raises ValueError with what was expected; floats are refused because they are not exact.
    """
    if isinstance(value, bool | float):
        raise ValueError(f"expected euros written as text or an integer, got {value!r}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        # ASCII digits and one point only: Decimal alone would take '1_000', '+5', ' 5 ', '١٢'.
        if value.startswith("-") and _EUROS.fullmatch(value[1:]):
            raise ValueError(f"expected a non-negative amount of euros, got {value!r}")
        if not _EUROS.fullmatch(value):
            raise ValueError(f"expected euros like 1234.50, got {value!r}")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"expected euros like 1234.50, got {value!r}") from None
    else:
        raise ValueError(f"expected euros like 1234.50, got {value!r}")
    if not amount.is_finite():
        raise ValueError(f"expected a finite amount of euros, got {value!r}")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"expected euros with at most two decimals, got {value!r}")
    if amount < 0:
        raise ValueError(f"expected a non-negative amount of euros, got {value!r}")
    cents = int(amount * 100)
    if cents >= MAX_CENTS:
        raise ValueError(f"expected an amount below {MAX_CENTS // 100} euros, got {value!r}")
    return cents


def format_euros(cents: int) -> str:
    """Format integer cents as euros with two decimals: 123456 -> '1234.56'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{part:02d}"
