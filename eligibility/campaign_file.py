"""Load campaigns from a CSV or .xlsx export, or from API records, into a ``CampaignTable``.

Every problem is collected with its row and field first, then one ``InputError`` holds them all.
"""

from __future__ import annotations

import math
import numbers
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from eligibility.campaigns import FILE_COLUMNS, OPTIONAL_FILE_COLUMNS, CampaignTable
from eligibility.errors import InputError, Problem
from eligibility.money import MAX_CENTS, format_euros, parse_euros
from eligibility.reference import academie_of, academies, departements
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS, THEMES

Dialect = Literal["cell", "json"]
_INVALID = object()  # a value that failed its check; its problem is already recorded
MISSING = object()  # a key absent from an API record; reported with the record
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
_UAI = re.compile(r"[0-9]{7}[A-Z]")


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


# Readers turn what a cell or a JSON body holds into the field's Python type.


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {shown(value)}: format the cell as text")


def _cell_departement(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A spreadsheet turns 095 into the number 95; padding it back would guess silently.
        code = f"'{int(value):03d}'" if float(value).is_integer() else "the code"
        raise ValueError(
            f"expected the département code as text, got {shown(value)}: "
            f"format the cell as text and write {code}"
        )
    return _cell_text(value)


def _cell_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"expected true or false, got {shown(value)}")


def _cell_int(value: object) -> int:
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number written with digits, got {shown(value)}")


def _cell_money(value: object) -> int:
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: what the cell shows.
        return parse_euros(repr(float(value)))
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return parse_euros(int(value))
    return parse_euros(value)


def _cell_date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(f"expected a date without a time of day, got {value.isoformat()}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value)
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {shown(value)}")


def _cell_themes(value: object) -> list[str]:
    text = _cell_text(value)
    return text.split(";") if text else []


def _json_text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected a string, got {shown(value)}")


def _json_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {shown(value)}")


def _json_int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"expected an integer, got {shown(value)}")


def _json_cents(value: object) -> int:
    cents = _json_int(value)
    if not 0 <= cents < MAX_CENTS:
        raise ValueError(f"expected integer cents from 0 to {MAX_CENTS - 1}, got {cents}")
    return cents


def _json_date(value: object) -> date:
    return parse_iso_date(_json_text(value))


def _json_themes(value: object) -> list[str]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    if isinstance(value, str):
        return value.split(";") if value else []
    raise ValueError(f"expected a list of theme strings or a ';'-joined string, got {shown(value)}")


_READERS: dict[Dialect, dict[str, Callable[[object], Any]]] = {
    "cell": {
        "text": _cell_text,
        "departement": _cell_departement,
        "bool": _cell_bool,
        "int": _cell_int,
        "money": _cell_money,
        "date": _cell_date,
        "themes": _cell_themes,
    },
    "json": {
        "text": _json_text,
        "departement": _json_text,
        "bool": _json_bool,
        "int": _json_int,
        "money": _json_cents,
        "date": _json_date,
        "themes": _json_themes,
    },
}

# Checks: one per field, shared by every dialect, on the value a reader returned.


def check_identifier(text: str) -> str:
    """An identifier: not empty, no spaces around it (they would make two ids look equal)."""
    if not text.strip() or text != text.strip():
        message = f"expected a non-empty identifier without surrounding spaces, got {shown(text)}"
        raise ValueError(message)
    return text


def _check_required(text: str) -> str:
    if not text.strip():
        raise ValueError(f"expected a non-empty value, got {shown(text)}")
    return text


def _check_uai(text: str) -> str:
    if not _UAI.fullmatch(text):
        raise ValueError(
            f"expected a UAI of 7 digits and an uppercase letter like '0951234X', got {shown(text)}"
        )
    return text


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    listed = ", ".join(repr(a) for a in allowed)

    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"expected one of {listed}, got {shown(text)}")
        return text

    return check


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


def _check_count(number: int) -> int:
    if number < 0:
        raise ValueError(f"expected a whole number >= 0, got {number}")
    return number


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
        _Column("school_name", "text", _check_required),
        _Column("school_type", "text", _one_of(SCHOOL_TYPES)),
        _Column("sector", "text", _one_of(SECTORS)),
        _Column("departement", "departement", _check_departement),
        _Column("commune", "text", _check_required),
        _Column("priority_education", "text", _one_of(PRIORITY_EDUCATION)),
        _Column("isolated", "bool", _accept),
        _Column("inclusive", "bool", _accept),
        _Column("themes", "themes", _check_themes),
        _Column("nights", "int", _check_count),
        _Column("min_goal", "money", _check_positive_cents),
        _Column("optimum_goal", "money", _accept),
        _Column("collected", "money", _accept),
        _Column("donors", "int", _check_count),
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
    readers = {".csv": read_csv_text, ".xlsx": _read_xlsx}
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


def file_columns(
    raw: pd.DataFrame, *, required: Sequence[str], optional: Sequence[str], source: str
) -> tuple[dict[str, list[object]], list[int], list[Problem]]:
    """A file's known columns with empty cells as "", each kept row's number, header problems.

    Wholly empty rows are skipped but keep their number, so rows match the spreadsheet.
    """
    header = ["" if _is_blank(name) else str(name) for name in raw.columns]
    cells = [[_blank_to_text(v) for v in raw.iloc[:, j].tolist()] for j in range(raw.shape[1])]
    problems = _header_problems(header, cells, required=required, optional=optional, source=source)
    kept = [i for i in range(len(raw)) if any(column[i] != "" for column in cells)]
    first: dict[str, int] = {}
    for position, name in enumerate(header):
        first.setdefault(name, position)
    known = [name for name in (*required, *optional) if name in first]
    values = {name: [cells[first[name]][i] for i in kept] for name in known}
    return values, [i + 2 for i in kept], problems


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


def record_columns(
    records: Sequence[Mapping[str, object]],
    *,
    keys: Sequence[str],
    optional: Sequence[str],
    source: str,
) -> tuple[dict[str, list[object]], list[int], list[Problem]]:
    """API records as columns by key, each record's row (1-based) and key problems.

    A missing required key is reported and holds ``MISSING``; a missing or null optional key is "".
    """
    expected = f"expected the fields {', '.join(keys)}"
    expected += f" ({', '.join(optional)} optional)" if optional else ""
    problems: list[Problem] = []
    values: dict[str, list[object]] = {key: [] for key in keys}
    for row, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            problems.append(Problem(source, f"expected an object, got {shown(record)}", row=row))
            for column in values.values():
                column.append(MISSING)
            continue
        for key in record:
            if key not in values:
                message = f"unknown field {key!r}: {expected}"
                problems.append(Problem(source, message, row=row, field=str(key)))
        for key in keys:
            value = record.get(key, MISSING)
            if key in optional and value in (MISSING, None):
                value = ""
            elif value is MISSING:
                message = f"missing field {key!r}: {expected}"
                problems.append(Problem(source, message, row=row, field=key))
            values[key].append(value)
    return values, list(range(1, len(records) + 1)), problems


def duplicate_problems(
    ids: Sequence[object], rows: Sequence[int], *, source: str, field: str
) -> list[Problem]:
    """A problem for each id already seen on an earlier row, naming that row."""
    problems: list[Problem] = []
    seen: dict[object, int] = {}
    for row, identifier in zip(rows, ids, strict=True):
        if not isinstance(identifier, str):
            continue
        if identifier in seen:
            message = f"duplicate {field} {identifier!r}: already used on row {seen[identifier]}"
            problems.append(Problem(source, message, row=row, field=field))
        seen.setdefault(identifier, row)
    return problems


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


def _header_problems(
    header: Sequence[str],
    cells: Sequence[Sequence[object]],
    *,
    required: Sequence[str],
    optional: Sequence[str],
    source: str,
) -> list[Problem]:
    expected = f"expected the columns {', '.join(required)}"
    expected += f", and optionally {', '.join(optional)}" if optional else ""
    problems: list[Problem] = []
    for position, name in enumerate(header, start=1):
        if not name:
            if any(value != "" for value in cells[position - 1]):
                message = f"column {position} holds values but has no header: {expected}"
                problems.append(Problem(source, message, row=1))
        elif name in header[: position - 1]:
            message = f"column {name!r} appears twice (again as column {position})"
            problems.append(Problem(source, message, row=1, field=name))
        elif name not in required and name not in optional:
            problems.append(
                Problem(source, f"unknown column {name!r}: {expected}", row=1, field=name)
            )
    for name in required:
        if name not in header:
            problems.append(
                Problem(source, f"missing column {name!r}: {expected}", row=1, field=name)
            )
    return problems


def read_csv_text(path: Path) -> pd.DataFrame:
    """A UTF-8 comma-separated file with every cell as text, the header row as columns."""
    try:
        table = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _unreadable(path, "a UTF-8 comma-separated CSV file", exc) from exc
    rows: list[list[object]] = table.to_numpy(dtype=object).tolist()
    if len(rows[0]) == 1 and ";" in str(rows[0][0]):
        message = "expected comma-separated values, got a header separated by ';'"
        raise InputError([Problem(path.name, message, row=1)])
    return _frame_from_rows(rows)


def _read_xlsx(path: Path) -> pd.DataFrame:
    try:
        # data_only: a formula cell is read as the value Excel last computed for it.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise _unreadable(path, "an .xlsx workbook", exc) from exc
    try:
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise InputError([Problem(path.name, "expected a header row, got an empty first sheet")])
    return _frame_from_rows(rows)


def _frame_from_rows(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def _unreadable(path: Path, what: str, exc: Exception) -> InputError:
    return InputError([Problem(path.name, f"cannot read the file as {what}: {exc}")])


def _is_blank(value: object) -> bool:
    missing = value is None or value is pd.NA or value is pd.NaT
    return missing or (isinstance(value, float) and math.isnan(value))


def _blank_to_text(value: object) -> object:
    # pandas and openpyxl give None or NaN for an empty cell; the CSV reader gives "".
    return "" if _is_blank(value) else value
