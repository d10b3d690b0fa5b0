"""Load redistributed donations from their CSV file or API records into a ``DonationTable``.

Every problem is collected with its row and field before one ``InputError`` is raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.donations import DonationTable
from allocator.fund_file import canonical_rule
from eligibility.cells import check_identifier, parse_iso_date, shown
from eligibility.columns import (
    MISSING,
    duplicate_problems,
    file_columns,
    read_csv_text,
    record_columns,
)
from eligibility.errors import InputError, Problem
from eligibility.money import MAX_CENTS, format_euros, parse_euros

FILE_COLUMNS: tuple[str, ...] = (
    "donation_id",
    "donor_id",
    "amount",
    "origin_campaign_id",
    "redistributed_on",
)
OPTIONAL_FILE_COLUMNS: tuple[str, ...] = ("scope",)
_INVALID = object()  # a value that failed its check; its problem is already recorded


def read_donations(path: Path | str) -> DonationTable:
    """Load and validate a redistributed donations file (UTF-8 CSV, commas)."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        message = f"expected a .csv donations file, got the suffix {shown(path.suffix)}"
        raise InputError([Problem(path.name, message)])
    values, rows, problems = file_columns(
        read_csv_text(path),
        required=FILE_COLUMNS,
        optional=OPTIONAL_FILE_COLUMNS,
        source=path.name,
    )
    return _validate(values, origin=_Origin(path.name, False, rows), problems=problems)


def donations_from_records(
    records: Sequence[Mapping[str, object]], *, source: str
) -> DonationTable:
    """Validate API records: ``amount_cents`` integer, ``scope`` rule text or JSON tree."""
    names = {field.key: field.name for field in _FIELDS}
    by_key, rows, problems = record_columns(
        records, keys=list(names), optional=OPTIONAL_FILE_COLUMNS, source=source
    )
    values = {names[key]: column for key, column in by_key.items()}
    return _validate(values, origin=_Origin(source, True, rows), problems=problems)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {shown(value)}")


def _identifier(value: object) -> str:
    return check_identifier(_text(value))


def _euros(value: object) -> int:
    return _positive(parse_euros(_text(value)))


def _cents(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value >= MAX_CENTS:
        raise ValueError(f"expected integer cents below {MAX_CENTS}, got {shown(value)}")
    return _positive(value)


def _positive(cents: int) -> int:
    if cents <= 0:
        raise ValueError(f"expected a positive amount, got {format_euros(cents)}")
    return cents


def _date(value: object) -> date:
    return parse_iso_date(_text(value))


def _scope(value: object) -> str:
    # The rule language's empty rule means every campaign: no restriction.
    return canonical_rule(value if isinstance(value, dict | list) else _text(value))


@dataclass(frozen=True)
class _Field:
    """A donation field: its file column, its API key, and how each form is read."""

    name: str
    key: str
    from_file: Callable[[object], object]
    from_json: Callable[[object], object]


_FIELDS: tuple[_Field, ...] = (
    _Field("donation_id", "donation_id", _identifier, _identifier),
    _Field("donor_id", "donor_id", _identifier, _identifier),
    _Field("amount", "amount_cents", _euros, _cents),
    _Field("origin_campaign_id", "origin_campaign_id", _identifier, _identifier),
    _Field("redistributed_on", "redistributed_on", _date, _date),
    _Field("scope", "scope", _scope, _scope),
)


@dataclass(frozen=True)
class _Origin:
    """Where the values come from: the source, whether it is an API body, each value's row."""

    source: str
    api: bool
    rows: list[int]


def _validate(
    values: dict[str, list[object]], *, origin: _Origin, problems: list[Problem]
) -> DonationTable:
    read = {
        field.name: _read(field, values[field.name], origin, problems)
        for field in _FIELDS
        if field.name in values
    }
    if "donation_id" in read:
        problems += duplicate_problems(
            read["donation_id"], origin.rows, source=origin.source, field="donation_id"
        )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    read.setdefault("scope", [""] * len(origin.rows))
    # The API keys are the names DonationTable.from_columns expects.
    frame = pd.DataFrame({field.key: read[field.name] for field in _FIELDS})
    frame["redistributed_on"] = np.array(read["redistributed_on"], dtype="datetime64[D]")
    return DonationTable.from_columns(frame)


def _read(
    field: _Field, raw: list[object], origin: _Origin, problems: list[Problem]
) -> list[object]:
    reader = field.from_json if origin.api else field.from_file
    name = field.key if origin.api else field.name
    read: list[object] = []
    for row, value in zip(origin.rows, raw, strict=True):
        try:
            read.append(_INVALID if value is MISSING else reader(value))
        except ValueError as exc:
            problems.append(Problem(origin.source, str(exc), row=row, field=name))
            read.append(_INVALID)
    return read
