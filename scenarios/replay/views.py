"""The bridges to a season's days: its files, snapshots from its ledger, forecasts of its finals.

A replay only ever sees a day through ``snapshot_by`` (``scenarios.timeline``) and a campaign's
future through ``forecast_by`` (``scenarios.forecast``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np

from allocator import DonationTable
from allocator.donation_file import read_donations
from allocator.fund_file import read_funds
from eligibility.campaign_file import read_campaigns
from eligibility.campaigns import CampaignTable
from eligibility.errors import InputError, Problem
from scenarios.forecast import Forecaster, default_forecaster
from scenarios.replay.season import Forecast, ReplaySeason, Snapshot, with_collected
from scenarios.season import CAMPAIGNS_FILE, DONATIONS_FILE, FUNDS_FILE, Season
from scenarios.timeline import LEDGER_FILE, known_totals, read_ledger

T = TypeVar("T")


def load_replay_season(folder: Path) -> ReplaySeason:
    """A season folder (campaigns.csv, funds.json, ledger.csv, donations.csv if any), checked.

    Every problem of every file is collected before one ``InputError`` lists them all.
    """
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "expected a season folder")])
    problems: list[Problem] = []
    campaigns = _read(problems, read_campaigns, folder / CAMPAIGNS_FILE)
    frame = None if campaigns is None else campaigns.frame
    ledger = _read(problems, lambda path: read_ledger(path, campaigns=frame), folder / LEDGER_FILE)
    funds = _read(problems, read_funds, folder / FUNDS_FILE)
    donations_file = folder / DONATIONS_FILE
    donations = (
        _read(problems, read_donations, donations_file)
        if donations_file.exists()
        else DonationTable.empty()
    )
    if problems or campaigns is None or ledger is None or funds is None or donations is None:
        raise InputError(problems or [Problem(str(folder), "a file could not be read")])
    return ReplaySeason(campaigns=campaigns, ledger=ledger, funds=funds, donations=donations)


def _read(problems: list[Problem], reader: Callable[[Path], T], path: Path) -> T | None:
    if not path.exists():
        problems.append(Problem(path.name, f"missing file {path}"))
        return None
    try:
        return reader(path)
    except InputError as error:
        problems.extend(error.problems)
        return None


def replay_season_of(season: Season) -> ReplaySeason:
    """A generated season, as a replay takes it."""
    return ReplaySeason(
        campaigns=season.campaign_table(),
        ledger=season.ledger,
        funds=season.funds,
        donations=season.donation_table(),
    )


def snapshot_by(season: ReplaySeason) -> Snapshot:
    """What was known on a day: campaigns started by then, gifts dated on or before it."""
    table = season.campaigns
    starts = table.frame["starts_on"].to_numpy("datetime64[D]")

    def snapshot(day: date) -> CampaignTable:
        started = table.take(np.flatnonzero(starts <= np.datetime64(day, "D")))
        collected, donors = known_totals(started.frame["campaign_id"], season.ledger, day=day)
        return with_collected(started, collected, donors)

    return snapshot


def forecast_by(forecaster: Forecaster | None = None) -> Forecast:
    """Expected final public cents of a table's campaigns (the default forecaster if none)."""
    model = forecaster or default_forecaster()

    def forecast(table: CampaignTable, day: date) -> np.ndarray:
        return np.asarray(model.predict(table.frame, day), dtype=np.int64)

    return forecast
