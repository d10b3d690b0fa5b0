"""Load a season's donation ledger (``ledger.csv``): one row per public gift, checked cell by cell.

Every problem is collected with its row and field before one ``InputError`` is raised. Given the
season's campaigns, the ledger is also checked against them: known campaigns, gifts dated within
their campaign, gifts adding up exactly to ``collected`` and distinct donors to ``donors``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from eligibility.cells import cell_bool, check_identifier, parse_iso_date, shown
from eligibility.columns import file_columns, read_csv_text
from eligibility.errors import InputError, Problem
from eligibility.money import format_euros, parse_euros

LEDGER_FILE = "ledger.csv"
LEDGER_FILE_COLUMNS: tuple[str, ...] = (
    "campaign_id",
    "donor_id",
    "amount",
    "donated_on",
    "redistribute",
)
# The validated ledger frame: money in cents, dates as ``datetime64[s]``, choices as booleans.
LEDGER_COLUMNS: tuple[str, ...] = (
    "campaign_id",
    "donor_id",
    "amount_cents",
    "donated_on",
    "redistribute",
)
_INVALID = object()  # a value that failed its check; its problem is already recorded


def _identifier(value: object) -> str:
    return check_identifier(str(value))


def _amount(value: object) -> int:
    cents = parse_euros(value)
    if cents <= 0:
        raise ValueError(f"expected a positive amount, got {format_euros(cents)}")
    return cents


def _date(value: object) -> np.datetime64:
    return np.datetime64(parse_iso_date(str(value)), "D")


_READERS: dict[str, Callable[[object], object]] = {
    "campaign_id": _identifier,
    "donor_id": _identifier,
    "amount": _amount,
    "donated_on": _date,
    "redistribute": cell_bool,
}


def read_ledger(path: Path | str, *, campaigns: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load and validate ``ledger.csv``; with ``campaigns`` (cents frame), check it against them.

    Returns ``LEDGER_COLUMNS`` in file order. ``campaigns`` is a campaign frame in cents, as
    ``read_campaigns(...).frame`` or a generated season's ``campaigns``.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        message = f"expected a .csv ledger file, got the suffix {shown(path.suffix)}"
        raise InputError([Problem(path.name, message)])
    values, rows, problems = file_columns(
        read_csv_text(path), required=LEDGER_FILE_COLUMNS, optional=(), source=path.name
    )
    read = {
        name: _read_column(name, values[name], rows, source=path.name, problems=problems)
        for name in LEDGER_FILE_COLUMNS
        if name in values
    }
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    ledger = _frame(read)
    if campaigns is not None:
        problems = ledger_problems(ledger, campaigns, source=path.name, rows=rows)
        if problems:
            raise InputError(problems)
    return ledger


def ledger_problems(
    ledger: pd.DataFrame,
    campaigns: pd.DataFrame,
    *,
    source: str = LEDGER_FILE,
    rows: list[int] | None = None,
) -> list[Problem]:
    """Where a validated ledger disagrees with its campaigns (cents frame), row by row.

    ``rows`` are the ledger rows' numbers in the file (default: header on 1, rows from 2).
    """
    numbers = np.asarray(rows if rows is not None else range(2, len(ledger) + 2), dtype=np.int64)
    ids = campaigns["campaign_id"].astype(object).to_numpy()
    position = pd.Index(ids).get_indexer(ledger["campaign_id"].astype(object).to_numpy())
    known = position >= 0
    problems = [
        Problem(source, f"unknown campaign {cid!r}: not in the campaigns", row=int(row), field=name)
        for cid, row, name in zip(
            ledger["campaign_id"].to_numpy(object)[~known],
            numbers[~known],
            ["campaign_id"] * int((~known).sum()),
            strict=True,
        )
    ]
    problems += _date_problems(ledger[known], campaigns, position[known], numbers[known], source)
    problems += _total_problems(ledger[known], campaigns, position[known], numbers[known], source)
    return sorted(problems, key=lambda p: p.row or 0)


def _read_column(
    name: str, raw: list[object], rows: list[int], *, source: str, problems: list[Problem]
) -> list[object]:
    reader = _READERS[name]
    read: list[object] = []
    for row, value in zip(rows, raw, strict=True):
        try:
            read.append(reader(value))
        except ValueError as exc:
            problems.append(Problem(source, str(exc), row=row, field=name))
            read.append(_INVALID)
    return read


def _frame(read: dict[str, list[object]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign_id": np.array(read["campaign_id"], dtype=object),
            "donor_id": np.array(read["donor_id"], dtype=object),
            "amount_cents": np.array(read["amount"], dtype=np.int64),
            "donated_on": np.array(read["donated_on"], dtype="datetime64[D]").astype(
                "datetime64[s]"
            ),
            "redistribute": np.array(read["redistribute"], dtype=bool),
        },
        columns=list(LEDGER_COLUMNS),
    )


def _date_problems(
    ledger: pd.DataFrame,
    campaigns: pd.DataFrame,
    position: np.ndarray,
    numbers: np.ndarray,
    source: str,
) -> list[Problem]:
    """Gifts dated outside their campaign's ``starts_on``..``ends_on``."""
    day = ledger["donated_on"].to_numpy("datetime64[D]")
    starts = campaigns["starts_on"].to_numpy("datetime64[D]")[position]
    ends = campaigns["ends_on"].to_numpy("datetime64[D]")[position]
    outside = np.flatnonzero((day < starts) | (day > ends))
    return [
        Problem(
            source,
            f"expected a date from {starts[i]} to {ends[i]}, when campaign "
            f"{ledger['campaign_id'].iloc[i]!r} runs, got {day[i]}",
            row=int(numbers[i]),
            field="donated_on",
        )
        for i in outside
    ]


def _total_problems(
    ledger: pd.DataFrame,
    campaigns: pd.DataFrame,
    position: np.ndarray,
    numbers: np.ndarray,
    source: str,
) -> list[Problem]:
    """Campaigns whose gifts do not add up to ``collected`` or whose donors are not ``donors``.

    The problem sits on the campaign's last gift row (no row when it has no gift at all).
    """
    count = len(campaigns)
    sums = np.zeros(count, dtype=np.int64)
    np.add.at(sums, position, ledger["amount_cents"].to_numpy(np.int64))
    pairs = pd.DataFrame({"c": position, "d": ledger["donor_id"].to_numpy(object)})
    donors = np.bincount(pairs.drop_duplicates()["c"].to_numpy(np.int64), minlength=count)
    last_row = np.zeros(count, dtype=np.int64)
    np.maximum.at(last_row, position, numbers)
    collected = campaigns["collected_cents"].to_numpy(np.int64)
    stated = campaigns["donors"].to_numpy(np.int64)
    ids = campaigns["campaign_id"].astype(object).to_numpy()
    problems = [
        Problem(
            source,
            f"expected the gifts to {ids[i]!r} to add up to its collected "
            f"{format_euros(int(collected[i]))}, got {format_euros(int(sums[i]))}",
            row=int(last_row[i]) or None,
            field="amount",
        )
        for i in np.flatnonzero(sums != collected)
    ]
    problems += [
        Problem(
            source,
            f"expected {int(stated[i])} distinct donors to {ids[i]!r} as its donors says, "
            f"got {int(donors[i])}",
            row=int(last_row[i]) or None,
            field="donor_id",
        )
        for i in np.flatnonzero(donors != stated)
    ]
    return problems
