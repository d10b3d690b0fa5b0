"""Turn a CSV or .xlsx file, or a list of API records, into raw columns by name.

Header, key and duplicate-id problems are collected with their row; the cells are left as found.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from eligibility.cells import shown
from eligibility.errors import InputError, Problem

MISSING = object()  # a key absent from an API record; reported with the record


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


def read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet of an .xlsx workbook with cells as typed, the header row as columns."""
    # Imported here: openpyxl takes a quarter of a second to import and most runs read CSV.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

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
