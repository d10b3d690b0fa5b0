"""Past seasons for fitting forecasts: each a folder with ``campaigns.csv`` and ``ledger.csv``.

A history folder holds one sub-folder per past season, named by its year (``history/2023/``),
each a season folder as ``courte-echelle generate`` writes it (its ``funds.json`` and
``donations.csv`` are not needed here and not read).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eligibility.campaign_file import read_campaigns
from eligibility.errors import InputError, Problem
from scenarios.timeline.ledger_file import LEDGER_FILE, read_ledger

# The name ``scenarios.season`` writes the campaigns under.
CAMPAIGNS_FILE = "campaigns.csv"
HISTORY_DIR = "history"


@dataclass(frozen=True, eq=False)
class SeasonHistory:
    """One past season: its campaigns (cents frame) and the ledger of their gifts, checked."""

    campaigns: pd.DataFrame
    ledger: pd.DataFrame
    name: str = ""


def read_season_history(path: Path | str) -> SeasonHistory:
    """Load one season folder's campaigns and ledger, the ledger checked against the campaigns."""
    folder = Path(path)
    campaigns = read_campaigns(folder / CAMPAIGNS_FILE).frame
    ledger = read_ledger(folder / LEDGER_FILE, campaigns=campaigns)
    return SeasonHistory(campaigns, ledger, name=folder.name)


def load_history(path: Path | str) -> tuple[SeasonHistory, ...]:
    """The past seasons under ``path``: the folder itself if it is a season, else its sub-folders.

    Sub-folders holding a ``campaigns.csv`` are read in name order (years ascending).
    """
    folder = Path(path)
    if (folder / CAMPAIGNS_FILE).is_file():
        return (read_season_history(folder),)
    seasons = sorted(p for p in folder.iterdir() if (p / CAMPAIGNS_FILE).is_file())
    if not seasons:
        message = f"expected a season folder or folders of seasons holding {CAMPAIGNS_FILE}"
        raise InputError([Problem(folder.name or str(folder), message)])
    return tuple(read_season_history(p) for p in seasons)
