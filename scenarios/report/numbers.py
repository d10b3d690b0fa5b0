"""Numbers as the reports show them, and read back from the CSV files other commands write.

Money is read as exact cents (``Decimal`` at the edge) and shown as ``1,234.56 €``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from eligibility.errors import InputError, Problem
from eligibility.money import parse_euros

NO_VALUE = "—"


def euros(cents: int | None) -> str:
    """Integer cents as euros with two decimals and thousands separators: ``1,234.56 €``."""
    if cents is None:
        return NO_VALUE
    sign = "−" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{part:02d}\u00a0€"


def count(value: int | None) -> str:
    """A whole number with thousands separators."""
    return NO_VALUE if value is None else f"{int(value):,}"


def number(value: float | None, digits: int = 2) -> str:
    """A measured quantity with ``digits`` decimals."""
    return NO_VALUE if value is None else f"{value:,.{digits}f}"


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts; a missing file is an input error naming it."""
    if not path.is_file():
        raise InputError([Problem(str(path), "file not found")])
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def read_json(path: Path) -> Any:
    """A JSON document; a missing file is an input error naming it."""
    if not path.is_file():
        raise InputError([Problem(str(path), "file not found")])
    return json.loads(path.read_text(encoding="utf-8"))


def cents_of(text: str | None) -> int | None:
    """Euros written with decimals (``"12.50"``) as cents; empty means no value."""
    if text is None or text.strip() == "":
        return None
    negative = text.startswith("-")
    cents = parse_euros(text[1:] if negative else text)
    return -cents if negative else cents


def int_of(text: str | None) -> int | None:
    """A whole number; empty means no value."""
    if text is None or text.strip() == "":
        return None
    return int(float(text)) if "." in text else int(text)


def float_of(text: str | None) -> float | None:
    """A measured number; empty means no value."""
    if text is None or text.strip() == "":
        return None
    return float(text)
