"""Write a season as the documented files: campaigns, funds, donations and the gifts' ledger.

Bytes depend only on the season: UTF-8, ``\\n`` line endings, columns and keys in the documented
order, money through ``format_euros``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.funds import Fund
from eligibility.campaigns import FILE_COLUMNS
from eligibility.money import format_euros
from scenarios.season.season import Season
from scenarios.timeline import LEDGER_FILE, LEDGER_FILE_COLUMNS

CAMPAIGNS_FILE = "campaigns.csv"
FUNDS_FILE = "funds.json"
DONATIONS_FILE = "donations.csv"
DONATION_FILE_COLUMNS: tuple[str, ...] = (
    "donation_id",
    "donor_id",
    "amount",
    "origin_campaign_id",
    "redistributed_on",
    "scope",
)


def write_season(season: Season, out_dir: Path) -> list[Path]:
    """Write the four files of ``season`` into ``out_dir`` (created if needed); their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        CAMPAIGNS_FILE: _csv_text(FILE_COLUMNS, _campaign_cells(season.campaigns)),
        FUNDS_FILE: funds_json(season.funds),
        DONATIONS_FILE: _csv_text(DONATION_FILE_COLUMNS, _donation_cells(season.donations)),
        LEDGER_FILE: _csv_text(LEDGER_FILE_COLUMNS, _ledger_cells(season.ledger)),
    }
    paths = []
    for name, text in files.items():
        path = out_dir / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def funds_json(funds: Iterable[Fund]) -> str:
    """The ``{"funds": [...]}`` document, euros as strings, absent caps left out."""
    return (
        json.dumps({"funds": [_fund_record(f) for f in funds]}, ensure_ascii=False, indent=2) + "\n"
    )


def _fund_record(fund: Fund) -> dict[str, str]:
    record = {
        "id": fund.id,
        "name": fund.name,
        "kind": fund.kind,
        "budget": format_euros(fund.budget_cents),
        "rule": fund.rule,
    }
    if fund.cap_per_campaign_cents is not None:
        record["cap_per_campaign"] = format_euros(fund.cap_per_campaign_cents)
    if fund.cap_share_of_min_goal is not None:
        record["cap_share_of_min_goal"] = str(fund.cap_share_of_min_goal)
    if fund.match_ratio is not None:
        record["match_ratio"] = str(fund.match_ratio)
    if fund.valid_from is not None:
        record["valid_from"] = fund.valid_from.isoformat()
    if fund.valid_until is not None:
        record["valid_until"] = fund.valid_until.isoformat()
    return record


def _campaign_cells(frame: pd.DataFrame) -> dict[str, Sequence[object]]:
    """The campaign columns as the file writes them."""
    cells: dict[str, Sequence[object]] = {c: frame[c].tolist() for c in FILE_COLUMNS if c in frame}
    for column in ("isolated", "inclusive"):
        cells[column] = ["true" if flag else "false" for flag in frame[column]]
    for column in ("min_goal", "optimum_goal", "collected"):
        cells[column] = _euros(frame[f"{column}_cents"])
    for column in ("starts_on", "ends_on"):
        cells[column] = _iso_dates(frame[column])
    return cells


def _donation_cells(frame: pd.DataFrame) -> dict[str, Sequence[object]]:
    """The donation columns as the file writes them."""
    cells: dict[str, Sequence[object]] = {
        c: frame[c].tolist() for c in DONATION_FILE_COLUMNS if c in frame
    }
    cells["amount"] = _euros(frame["amount_cents"])
    cells["redistributed_on"] = _iso_dates(frame["redistributed_on"])
    return cells


def _ledger_cells(frame: pd.DataFrame) -> dict[str, Sequence[object]]:
    """The ledger columns as the file writes them."""
    return {
        "campaign_id": frame["campaign_id"].tolist(),
        "donor_id": frame["donor_id"].tolist(),
        "amount": _euros(frame["amount_cents"]),
        "donated_on": _iso_dates(frame["donated_on"]),
        "redistribute": ["true" if flag else "false" for flag in frame["redistribute"]],
    }


def _euros(cents: pd.Series) -> list[str]:
    return [format_euros(int(c)) for c in cents.to_numpy(np.int64)]


def _iso_dates(dates: pd.Series) -> list[str]:
    return [str(d) for d in dates.to_numpy("datetime64[D]")]


def _csv_text(columns: Sequence[str], cells: dict[str, Sequence[object]]) -> str:
    """CSV with a header, minimal quoting and ``\\n`` line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*(cells[c] for c in columns), strict=True))
    return buffer.getvalue()
