"""Euros to cents and back, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.money import MAX_CENTS, format_euros, parse_euros


@pytest.mark.parametrize(
    ("text", "cents"),
    [("0", 0), ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("1234.56", 123456), ("7.000", 700)],
)
def test_parses_euros_to_cents(text: str, cents: int) -> None:
    """Plain decimal texts become exact cents (trailing zeros past two decimals are harmless)."""
    assert parse_euros(text) == cents


@pytest.mark.parametrize(
    "text",
    ["12.345", "+5", " 5", "5 ", "1_000.00", "١٢", "1e3", "", ".5", "5.", "NaN", "12,50"],
)
def test_refuses_what_is_not_plain_euros(text: str) -> None:
    """Three decimals, signs, spaces, underscores, foreign digits, exponents: all refused."""
    with pytest.raises(ValueError, match="expected"):
        parse_euros(text)


def test_refuses_floats_and_accepts_ints_and_decimals() -> None:
    """A float is never exact enough to be money; int and Decimal are."""
    with pytest.raises(ValueError, match="text or an integer"):
        parse_euros(12.5)
    assert parse_euros(12) == 1200
    assert parse_euros(Decimal("0.01")) == 1


@given(st.integers(min_value=0, max_value=MAX_CENTS - 1))
def test_format_then_parse_is_identity(cents: int) -> None:
    """Every amount of cents survives the trip through euros text."""
    assert parse_euros(format_euros(cents)) == cents


def test_negative_amounts_say_so() -> None:
    """A minus sign gets its own message."""
    with pytest.raises(ValueError, match="non-negative"):
        parse_euros("-5")
