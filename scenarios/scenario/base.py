"""The base round of a scenario: the example season, a generated season or data files.

With ``as_of``, campaigns are taken as they were known at the end of that day (the gifts'
ledger), and the round date defaults to that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from allocator.donation_file import read_donations
from allocator.donations import DonationTable
from allocator.fund_file import read_funds
from allocator.round import Round
from eligibility.campaign_file import read_campaigns
from eligibility.campaigns import CampaignTable
from eligibility.errors import InputError, Problem
from scenarios.scenario.spec import Base
from scenarios.season import EXAMPLE_CAMPAIGNS, EXAMPLE_SEED, example_season_dir, generate_season


@dataclass(frozen=True)
class BaseRound:
    """The base round and its description in words."""

    round_: Round
    description: str


def load_base(base: Base, *, folder: Path, source: str) -> BaseRound:
    """The base round; data file paths are relative to ``folder`` (the scenario's)."""
    if base.season == "generated":
        return _generated(base, source=source)
    if base.season == "example":
        data = example_season_dir()
        what = f"the built-in example season ({EXAMPLE_CAMPAIGNS} campaigns, seed {EXAMPLE_SEED})"
        campaigns_path, funds_path = data / "campaigns.csv", data / "funds.json"
        donations_path: Path | None = data / "donations.csv"
        ledger: Path | None = data / "ledger.csv"
    else:
        campaigns_path, funds_path = folder / str(base.campaigns), folder / str(base.funds)
        donations_path = folder / base.donations if base.donations else None
        ledger = folder / base.ledger if base.ledger else None
        what = f"the files {base.campaigns} and {base.funds}"
        if base.as_of is not None and ledger is None:
            message = "as_of needs the gifts' ledger file in ledger"
            raise InputError([Problem(source, message, field="base.as_of")])
    table = read_campaigns(campaigns_path)
    funds = read_funds(funds_path)
    donations = read_donations(donations_path) if donations_path else DonationTable.empty()
    if base.as_of is not None and ledger is not None:
        table = _as_of_files(table, ledger, base.as_of)
        donations = donations_by(donations, base.as_of)
        what += f", as known at the end of {base.as_of.isoformat()}"
    return BaseRound(Round(table, funds, donations), what)


def _generated(base: Base, *, source: str) -> BaseRound:
    if base.seed is None or base.size is None:
        raise InputError([Problem(source, "seed and size are needed", field="base")])
    season = generate_season(seed=base.seed, campaigns=base.size)
    what = f"a generated season of {base.size} campaigns (seed {base.seed})"
    table = season.campaign_table()
    if base.as_of is not None:
        from scenarios.timeline import snapshot_columns

        table = CampaignTable.from_columns(snapshot_columns(season, day=base.as_of))
        what += f", as known at the end of {base.as_of.isoformat()}"
        return BaseRound(
            Round(table, season.funds, donations_by(season.donation_table(), base.as_of)), what
        )
    return BaseRound(Round(table, season.funds, season.donation_table()), what)


def _as_of_files(table: CampaignTable, ledger_path: Path, day: date) -> CampaignTable:
    from scenarios.timeline import read_ledger, snapshot_columns

    ledger = read_ledger(ledger_path, campaigns=table.frame)
    return CampaignTable.from_columns(snapshot_columns(table.frame, ledger, day))


def donations_by(donations: DonationTable, day: date) -> DonationTable:
    """The donations redistributed by the end of ``day`` (later ones do not exist yet)."""
    frame = donations.frame
    kept = frame["redistributed_on"].to_numpy("datetime64[D]") <= np.datetime64(day, "D")
    return DonationTable(frame.loc[kept].reset_index(drop=True))
