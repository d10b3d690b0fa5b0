"""Read and check one value, from a CSV or .xlsx cell or from a JSON body, for any input file.

A reader turns what a cell or a JSON value holds into a Python type; a check refuses a bad
value. Both raise ``ValueError`` with the message a problem shows, quoting the value by ``shown``.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from datetime import date, datetime, time

from eligibility.money import MAX_CENTS, parse_euros

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")


def shown(value: object) -> str:
    """How a found value is quoted in a problem message."""
    if isinstance(value, str):
        return repr(value) if value else "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, numbers.Number):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return "null" if value is None else repr(value)


def parse_iso_date(text: str) -> date:
    """Parse an ISO date ``YYYY-MM-DD``; ValueError says what was expected."""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"expected an ISO date YYYY-MM-DD, got {text!r} ({exc})") from None
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {shown(text)}")


def cell_text(value: object) -> str:
    """A text cell; a typed .xlsx cell (number, date, boolean) is refused."""
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {shown(value)}: format the cell as text")


def cell_bool(value: object) -> bool:
    """A boolean cell, or the text true or false."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"expected true or false, got {shown(value)}")


def cell_int(value: object) -> int:
    """A whole number, as digits or as a number cell without a fraction."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number written with digits, got {shown(value)}")


def cell_money(value: object) -> int:
    """Euros, as text or as a number cell, in integer cents."""
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: what the cell shows.
        return parse_euros(repr(float(value)))
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return parse_euros(int(value))
    return parse_euros(value)


def cell_date(value: object) -> date:
    """A date cell at midnight, or the text of an ISO date."""
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(f"expected a date without a time of day, got {value.isoformat()}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {shown(value)}")


def json_text(value: object) -> str:
    """A JSON string."""
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, got {shown(value)}")


def json_bool(value: object) -> bool:
    """A JSON boolean."""
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {shown(value)}")


def json_int(value: object) -> int:
    """A JSON integer (a boolean is not one)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected an integer, got {shown(value)}")


def json_cents(value: object) -> int:
    """Money as a JSON integer of cents, from 0 to below ``MAX_CENTS``."""
    cents = json_int(value)
    if not 0 <= cents < MAX_CENTS:
        raise ValueError(f"expected integer cents from 0 to {MAX_CENTS - 1}, got {cents}")
    return cents


def json_date(value: object) -> date:
    """A JSON string holding an ISO date."""
    return parse_iso_date(json_text(value))


def check_identifier(text: str) -> str:
    """An identifier: not empty, no spaces around it (they would make two ids look equal)."""
    if not text.strip() or text != text.strip():
        message = f"expected a non-empty identifier without surrounding spaces, got {shown(text)}"
        raise ValueError(message)
    return text


def check_required(text: str) -> str:
    """Text that is not empty or only spaces, without control characters (a NUL or a line
    break in a school's name would reach its tax receipts)."""
    if not text.strip():
        raise ValueError(f"expected a non-empty value, got {shown(text)}")
    control = next((c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0), None)
    if control is not None:
        raise ValueError(f"expected text without control characters, got {control!r} in {text!r}")
    return text


def one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A check that the text is one of ``allowed``, listing them when it is not."""
    listed = ", ".join(repr(a) for a in allowed)

    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"expected one of {listed}, got {shown(text)}")
        return text

    return check


MAX_COUNT = 10**9  # nights, donors: far above any real one, far below int64's limit


def check_count(number: int) -> int:
    """A count: a whole number from 0 to ``MAX_COUNT`` (a larger one would not fit the
    table's 64-bit integers, and no night or donor count comes near)."""
    if not 0 <= number <= MAX_COUNT:
        raise ValueError(f"expected a whole number from 0 to {MAX_COUNT:,}, got {number}")
    return number
