"""A synthetic season of the platform, generated deterministically from a seed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator.donations import DonationTable
from allocator.funds import Fund
from eligibility.campaigns import FILE_COLUMNS, CampaignTable
from eligibility.labels import criteria_columns
from scenarios.season.dates import draw_dates
from scenarios.season.donations import draw_donations
from scenarios.season.earlier import EarlierCampaigns, draw_earlier
from scenarios.season.funds import season_funds
from scenarios.season.gifts import Gifts, donor_base, draw_gifts
from scenarios.season.goals import draw_min_goals, draw_optimum_goals
from scenarios.season.names import communes, school_names, uai_codes
from scenarios.season.projects import draw_projects
from scenarios.season.schools import draw_schools
from scenarios.season.streams import stream
from scenarios.season.timelines import draw_ledger
from scenarios.timeline import SeasonHistory

_MONEY = {
    "min_goal": "min_goal_cents",
    "optimum_goal": "optimum_goal_cents",
    "collected": "collected_cents",
}
# The campaigns frame: the file's columns in its order, money as integer cents.
CAMPAIGN_COLUMNS: tuple[str, ...] = tuple(_MONEY.get(c, c) for c in FILE_COLUMNS)


@dataclass(frozen=True, eq=False)
class Season:
    """One generated season: campaigns and donations as validated columns, funds as objects.

    ``campaigns`` has ``CAMPAIGN_COLUMNS`` (cents, booleans, ``datetime64[s]`` dates) and
    ``donations`` has ``allocator.donations.DONATION_COLUMNS``. ``gifts`` are the public's gifts
    that add up to each ``collected``, kept for donation timelines. The donations' origins are
    the ``earlier`` failed campaigns (``C2023-F0001`` for season 2024), never campaigns of the
    file (see ``scenarios.season.earlier``); ``earlier.gifts`` are all their donors' gifts, of
    which the donations are the ones passed on. ``ledger`` dates every gift of ``gifts`` and
    holds its donor's choice should the campaign fail (``scenarios.timeline.LEDGER_COLUMNS``).
    """

    seed: int
    season_year: int
    campaigns: pd.DataFrame
    funds: tuple[Fund, ...]
    donations: pd.DataFrame
    gifts: Gifts
    earlier: EarlierCampaigns
    ledger: pd.DataFrame

    def campaign_table(self) -> CampaignTable:
        """The campaigns as the engine's table (académie, need, labels and theme flags added)."""
        return CampaignTable.from_columns(self.campaigns)

    def donation_table(self) -> DonationTable:
        """The redistributed donations as the engine's table."""
        return DonationTable.from_columns(self.donations)

    def history(self) -> SeasonHistory:
        """The campaigns and ledger, as a past season to fit forecasts on."""
        return SeasonHistory(self.campaigns, self.ledger, name=str(self.season_year))


def generate_season(*, seed: int, campaigns: int, season_year: int = 2024) -> Season:
    """A realistic season of ``campaigns`` campaigns ending in ``season_year``, by ``seed``."""
    if seed < 0:
        raise ValueError(f"expected a seed >= 0, got {seed}")
    if campaigns < 1:
        raise ValueError(f"expected at least one campaign, got {campaigns}")
    frame, gifts = _campaigns(seed=seed, count=campaigns, season_year=season_year)
    earlier = draw_earlier(
        stream(seed, "earlier"),
        campaigns=campaigns,
        season_year=season_year,
        donor_base=donor_base(len(gifts)),
    )
    donations = draw_donations(
        stream(seed, "donations"), campaigns=frame, earlier=earlier, season_year=season_year
    )
    funds = season_funds(campaigns=campaigns, season_year=season_year)
    ledger = draw_ledger(stream(seed, "timeline"), campaigns=frame, gifts=gifts)
    return Season(seed, season_year, frame, funds, donations, gifts, earlier, ledger)


def _campaigns(*, seed: int, count: int, season_year: int) -> tuple[pd.DataFrame, Gifts]:
    """The campaign columns and the gifts behind them."""
    columns: dict[str, np.ndarray] = draw_schools(stream(seed, "schools"), count)
    columns.update(draw_projects(stream(seed, "projects"), columns["school_type"]))
    columns.update(_identities(stream(seed, "names"), columns, season_year=season_year))
    goals = stream(seed, "goals")
    columns["min_goal_cents"] = draw_min_goals(goals, columns["nights"])
    columns["optimum_goal_cents"] = draw_optimum_goals(goals, columns["min_goal_cents"])
    gifts = draw_gifts(
        stream(seed, "gifts"),
        school_type=columns["school_type"],
        courte_echelle=criteria_columns(pd.DataFrame(columns))["courte_echelle"],
        min_goal_cents=columns["min_goal_cents"],
        optimum_goal_cents=columns["optimum_goal_cents"],
    )
    columns["collected_cents"], columns["donors"] = gifts.per_campaign(count)
    dates = draw_dates(stream(seed, "dates"), count, season_year=season_year)
    columns.update({name: days.astype("datetime64[s]") for name, days in dates.items()})
    return pd.DataFrame({name: columns[name] for name in CAMPAIGN_COLUMNS}), gifts


def _identities(
    rng: np.random.Generator, columns: dict[str, np.ndarray], *, season_year: int
) -> dict[str, np.ndarray]:
    """Campaign ids, UAI codes, school names and communes."""
    count = len(columns["school_type"])
    return {
        "campaign_id": np.array([f"C{season_year}-{k:05d}" for k in range(1, count + 1)], object),
        "uai": uai_codes(rng, columns["departement"]),
        "school_name": school_names(
            rng, school_type=columns["school_type"], sector=columns["sector"]
        ),
        "commune": communes(rng, departement=columns["departement"], isolated=columns["isolated"]),
    }
