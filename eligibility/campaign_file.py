"""Load campaigns from a CSV or .xlsx export, or from API records, into a ``CampaignTable``.

Every problem is collected with its row and field first, then one ``InputError`` holds them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from eligibility.campaigns import FILE_COLUMNS, OPTIONAL_FILE_COLUMNS, CampaignTable
from eligibility.cells import (
    cell_bool,
    cell_date,
    cell_int,
    cell_money,
    cell_text,
    check_count,
    check_identifier,
    check_required,
    json_bool,
    json_cents,
    json_date,
    json_int,
    json_text,
    one_of,
    shown,
)
from eligibility.columns import (
    MISSING,
    duplicate_problems,
    file_columns,
    read_csv_text,
    read_xlsx,
    record_columns,
)
from eligibility.errors import InputError, Problem
from eligibility.money import format_euros
from eligibility.reference import academie_of, academies, departements
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS, THEMES

Dialect = Literal["cell", "json"]
_INVALID = object()  # a value that failed its check; its problem is already recorded
_DIGITS = re.compile(r"[0-9]+")
_UAI = re.compile(r"[0-9]{7}[A-Z]")

# Readers of the campaign-only kinds; text, bool, int, money and date come from ``cells``.


def _cell_departement(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A spreadsheet turns 095 into the number 95; padding it back would guess silently.
        code = f"'{int(value):03d}'" if float(value).is_integer() else "the code"
        raise ValueError(
            f"expected the département code as text, got {shown(value)}: "
            f"format the cell as text and write {code}"
        )
    return cell_text(value)


def _cell_themes(value: object) -> list[str]:
    text = cell_text(value)
    return text.split(";") if text else []


def _json_themes(value: object) -> list[str]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    if isinstance(value, str):
        return value.split(";") if value else []
    raise ValueError(f"expected a list of theme strings or a ';'-joined string, got {shown(value)}")


_READERS: dict[Dialect, dict[str, Callable[[object], Any]]] = {
    "cell": {
        "text": cell_text,
        "departement": _cell_departement,
        "bool": cell_bool,
        "int": cell_int,
        "money": cell_money,
        "date": cell_date,
        "themes": _cell_themes,
    },
    "json": {
        "text": json_text,
        "departement": json_text,
        "bool": json_bool,
        "int": json_int,
        "money": json_cents,
        "date": json_date,
        "themes": _json_themes,
    },
}

# Checks: one per field, shared by every dialect, on the value a reader returned.


def _check_uai(text: str) -> str:
    if not _UAI.fullmatch(text):
        raise ValueError(
            f"expected a UAI of 7 digits and an uppercase letter like '0951234X', got {shown(text)}"
        )
    return text


def _check_departement(code: str) -> str:
    if code in departements():
        return code
    guess = code.zfill(3) if _DIGITS.fullmatch(code) else code.upper()
    hint = f"; did you mean '{guess}'?" if guess != code and guess in departements() else ""
    raise ValueError(
        f"expected a known département INSEE code written as text like '095', '2A' or '974', "
        f"got {shown(code)}{hint}"
    )


def _check_academie(name: str) -> str:
    if name and name not in academies():
        raise ValueError(f"expected an académie among {', '.join(academies())}, got {shown(name)}")
    return name


def _check_themes(items: list[str]) -> str:
    if "" in items:
        raise ValueError(
            "expected ';'-separated themes, got an empty theme (';' doubled or at an end)"
        )
    unknown = [item for item in items if item not in THEMES]
    if unknown:
        raise ValueError(
            f"unknown theme {', '.join(repr(u) for u in unknown)}: "
            f"expected ';'-separated words from {', '.join(THEMES)}"
        )
    return ";".join(theme for theme in THEMES if theme in items)


def _check_positive_cents(cents: int) -> int:
    if cents <= 0:
        raise ValueError(f"expected a minimum goal above 0, got {format_euros(cents)}")
    return cents


def _accept(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class _Column:
    """A campaigns column: how it is read, its check, its name in the validated table."""

    name: str
    kind: str
    check: Callable[[Any], Any]

    def key(self, dialect: Dialect) -> str:
        """The column's name in a file, or its key in an API record."""
        return f"{self.name}_cents" if dialect == "json" and self.kind == "money" else self.name

    @property
    def validated(self) -> str:
        """The column's name in the frame handed to ``CampaignTable.from_columns``."""
        return f"{self.name}_cents" if self.kind == "money" else self.name


_COLUMNS: dict[str, _Column] = {
    c.name: c
    for c in (
        _Column("campaign_id", "text", check_identifier),
        _Column("uai", "text", _check_uai),
        _Column("school_name", "text", check_required),
        _Column("school_type", "text", one_of(SCHOOL_TYPES)),
        _Column("sector", "text", one_of(SECTORS)),
        _Column("departement", "departement", _check_departement),
        _Column("commune", "text", check_required),
        _Column("priority_education", "text", one_of(PRIORITY_EDUCATION)),
        _Column("isolated", "bool", _accept),
        _Column("inclusive", "bool", _accept),
        _Column("themes", "themes", _check_themes),
        _Column("nights", "int", check_count),
        _Column("min_goal", "money", _check_positive_cents),
        _Column("optimum_goal", "money", _accept),
        _Column("collected", "money", _accept),
        _Column("donors", "int", check_count),
        _Column("starts_on", "date", _accept),
        _Column("ends_on", "date", _accept),
        _Column("academie", "text", _check_academie),
    )
}

_ORDER = {
    key: position
    for position, column in enumerate(_COLUMNS.values())
    for key in (column.name, column.key("json"))
}


def read_campaigns(path: Path | str) -> CampaignTable:
    """Load and validate a campaigns file, ``.csv`` (UTF-8, commas) or ``.xlsx`` (first sheet)."""
    path = Path(path)
    readers = {".csv": read_csv_text, ".xlsx": read_xlsx}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        message = f"expected a .csv or .xlsx campaigns file, got the suffix {shown(path.suffix)}"
        raise InputError([Problem(path.name, message)])
    return campaigns_from_frame(reader(path), source=path.name)


def campaigns_from_frame(raw: pd.DataFrame, *, source: str) -> CampaignTable:
    """Validate file columns as read (text, or typed .xlsx cells; money in euros)."""
    values, rows, problems = file_columns(
        raw, required=FILE_COLUMNS, optional=OPTIONAL_FILE_COLUMNS, source=source
    )
    return _validate(values, batch=_Batch(source, "cell", rows), problems=problems)


def campaigns_from_records(
    records: Sequence[Mapping[str, object]], *, source: str
) -> CampaignTable:
    """Validate API records: money as integer ``*_cents``, JSON booleans, themes list or text."""
    keys = {column.key("json"): column.name for column in _COLUMNS.values()}
    by_key, rows, problems = record_columns(
        records, keys=list(keys), optional=OPTIONAL_FILE_COLUMNS, source=source
    )
    values = {keys[key]: column for key, column in by_key.items()}
    return _validate(values, batch=_Batch(source, "json", rows), problems=problems)


@dataclass(frozen=True)
class _Batch:
    """Where the values come from: the source, its dialect and each value's row number."""

    source: str
    dialect: Dialect
    rows: list[int]

    def problem(self, message: str, *, row: int, column: str) -> Problem:
        """A problem on one row of one column, named as this dialect names it."""
        return Problem(self.source, message, row=row, field=_COLUMNS[column].key(self.dialect))


def _validate(
    values: dict[str, list[object]], *, batch: _Batch, problems: list[Problem]
) -> CampaignTable:
    read = {
        name: _read_column(_COLUMNS[name], raw, batch, problems) for name, raw in values.items()
    }
    problems += _pair_problems(read, batch)
    if "campaign_id" in read:
        field = _COLUMNS["campaign_id"].key(batch.dialect)
        problems += duplicate_problems(
            read["campaign_id"], batch.rows, source=batch.source, field=field
        )
    if problems:
        raise InputError(sorted(problems, key=_place))
    return CampaignTable.from_columns(_validated_frame(read))


def _place(problem: Problem) -> tuple[int, int]:
    # Header problems first, then row by row in column order; unknown names last in their row.
    return problem.row or 0, _ORDER.get(problem.field or "", len(_ORDER))


def _read_column(
    column: _Column, raw: list[object], batch: _Batch, problems: list[Problem]
) -> list[object]:
    reader = _READERS[batch.dialect][column.kind]
    read: list[object] = []
    for row, value in zip(batch.rows, raw, strict=True):
        try:
            read.append(_INVALID if value is MISSING else column.check(reader(value)))
        except ValueError as exc:
            problems.append(batch.problem(str(exc), row=row, column=column.name))
            read.append(_INVALID)
    return read


def _goals_in_order(minimum: int, optimum: int) -> None:
    if optimum < minimum:
        raise ValueError(
            f"expected an optimum goal at least the minimum goal {format_euros(minimum)}, "
            f"got {format_euros(optimum)}"
        )


def _dates_in_order(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValueError(f"expected an end on or after the start {starts_on}, got {ends_on}")


def _academie_agrees(code: str, name: str) -> None:
    if name and name != academie_of(code):
        raise ValueError(
            f"expected {academie_of(code)!r}, the académie of département {code}, got {name!r}"
        )


# (first column, second column, check): a failure is reported on the second column.
_PAIR_CHECKS: tuple[tuple[str, str, Callable[[Any, Any], None]], ...] = (
    ("min_goal", "optimum_goal", _goals_in_order),
    ("starts_on", "ends_on", _dates_in_order),
    ("departement", "academie", _academie_agrees),
)


def _pair_problems(read: dict[str, list[object]], batch: _Batch) -> list[Problem]:
    problems: list[Problem] = []
    for first, second, check in _PAIR_CHECKS:
        if first not in read or second not in read:
            continue
        for row, a, b in zip(batch.rows, read[first], read[second], strict=True):
            if a is _INVALID or b is _INVALID:
                continue
            try:
                check(a, b)
            except ValueError as exc:
                problems.append(batch.problem(str(exc), row=row, column=second))
    return problems


def _validated_frame(read: dict[str, list[object]]) -> pd.DataFrame:
    data: dict[str, object] = {}
    for column in _COLUMNS.values():
        if column.name in OPTIONAL_FILE_COLUMNS:
            continue
        values = read[column.name]
        data[column.validated] = (
            np.array(values, dtype="datetime64[D]") if column.kind == "date" else values
        )
    return pd.DataFrame(data)
