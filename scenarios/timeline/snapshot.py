"""A season as it was known on one day: the campaigns started by then, with the gifts made by then.

``day`` is inclusive: a snapshot is taken at the end of ``day``, so a gift dated ``day`` counts
and a campaign starting on ``day`` is in it. Campaigns that ended before ``day`` stay in it with
their final amounts (the allocator's ``round_date`` leaves them out).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

import numpy as np
import pandas as pd

from eligibility.campaign_file import campaigns_from_frame
from eligibility.campaigns import FILE_COLUMNS, VALIDATED_COLUMNS
from eligibility.money import format_euros


class SeasonLike(Protocol):
    """Anything holding a season's campaigns (cents frame) and its validated ledger."""

    @property
    def campaigns(self) -> pd.DataFrame: ...

    @property
    def ledger(self) -> pd.DataFrame: ...


def snapshot_at(
    campaigns: pd.DataFrame | SeasonLike,
    ledger: pd.DataFrame | None = None,
    day: date | None = None,
) -> pd.DataFrame:
    """The campaigns started by ``day`` as the campaigns file shows them at the end of ``day``.

    ``campaigns`` is a campaign frame (in cents, or the file's text columns) with ``ledger``
    (``LEDGER_COLUMNS``), or a season holding both. The result has the file's columns as text
    (``eligibility.campaigns.FILE_COLUMNS``): ``eligibility.campaign_file.campaigns_from_frame``
    reads it as it reads ``campaigns.csv``.
    """
    return file_frame(snapshot_columns(campaigns, ledger, day))


def snapshot_columns(
    campaigns: pd.DataFrame | SeasonLike,
    ledger: pd.DataFrame | None = None,
    day: date | None = None,
) -> pd.DataFrame:
    """``snapshot_at`` in cents: the validated columns ``CampaignTable.from_columns`` takes."""
    frame, gifts = _frame_and_ledger(campaigns, ledger)
    if day is None:
        raise TypeError("snapshot_columns() needs the day of the snapshot")
    until = np.datetime64(day, "D")
    started = frame["starts_on"].to_numpy("datetime64[D]") <= until
    kept = frame.loc[started, list(VALIDATED_COLUMNS)].reset_index(drop=True)
    collected, donors = known_totals(kept["campaign_id"], gifts, day=day)
    kept["collected_cents"] = collected
    kept["donors"] = donors
    return kept


def known_totals(
    campaign_ids: Sequence[str] | pd.Series, ledger: pd.DataFrame, *, day: date
) -> tuple[np.ndarray, np.ndarray]:
    """Cents given to each campaign and its distinct donors, by the end of ``day``."""
    ids = pd.Index(np.asarray(campaign_ids, dtype=object))
    made = ledger["donated_on"].to_numpy("datetime64[D]") <= np.datetime64(day, "D")
    position = ids.get_indexer(ledger["campaign_id"].to_numpy(object)[made])
    ours = position >= 0
    position = position[ours]
    sums = np.zeros(len(ids), dtype=np.int64)
    np.add.at(sums, position, ledger["amount_cents"].to_numpy(np.int64)[made][ours])
    pairs = pd.DataFrame({"c": position, "d": ledger["donor_id"].to_numpy(object)[made][ours]})
    donors = np.bincount(pairs.drop_duplicates()["c"].to_numpy(np.int64), minlength=len(ids))
    return sums, donors.astype(np.int64)


def campaign_columns(campaigns: pd.DataFrame) -> pd.DataFrame:
    """A campaign frame in cents: as given, or read from the file's text columns."""
    if "collected_cents" in campaigns.columns:
        return campaigns
    return campaigns_from_frame(campaigns, source="campaigns").frame


def file_frame(columns: pd.DataFrame) -> pd.DataFrame:
    """Validated campaign columns (cents) as the file's text cells, in the file's order."""
    cells: dict[str, list[str]] = {}
    for name in FILE_COLUMNS:
        if name in ("min_goal", "optimum_goal", "collected"):
            values = columns[f"{name}_cents"].to_numpy(np.int64)
            cells[name] = [format_euros(int(c)) for c in values]
        elif name in ("isolated", "inclusive"):
            cells[name] = ["true" if flag else "false" for flag in columns[name]]
        elif name in ("starts_on", "ends_on"):
            cells[name] = [str(d) for d in columns[name].to_numpy("datetime64[D]")]
        else:
            cells[name] = [str(v) for v in columns[name]]
    return pd.DataFrame(cells, columns=list(FILE_COLUMNS), dtype=object)


def _frame_and_ledger(
    campaigns: pd.DataFrame | SeasonLike, ledger: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if isinstance(campaigns, pd.DataFrame):
        if ledger is None:
            raise TypeError("a campaigns frame needs its ledger")
        return campaign_columns(campaigns), ledger
    return campaign_columns(campaigns.campaigns), campaigns.ledger if ledger is None else ledger
