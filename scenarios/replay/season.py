"""What a replay walks through: a season's campaigns, gift ledger, funds and earlier donations.

The ledger is ``scenarios.timeline``'s: one row per public gift, ``campaign_id``, ``donor_id``,
``amount_cents``, ``donated_on`` and ``redistribute`` (the donor's choice should it fail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from allocator import DonationTable, Fund
from eligibility.campaigns import CampaignTable
from scenarios.timeline import LEDGER_COLUMNS

# The campaigns started by a day, ``collected`` and ``donors`` as of that day (gifts dated on or
# before it), as the engine's table.
Snapshot = Callable[[date], CampaignTable]
# Expected final public collected cents of each row of a table, as known on a day.
Forecast = Callable[[CampaignTable, date], np.ndarray]


@dataclass(frozen=True, eq=False)
class ReplaySeason:
    """A season as the replay needs it; ``campaigns`` holds every campaign with its attributes.

    ``donations`` are the redistributed donations that come from outside the season (campaigns
    of the year before); each joins the pool on its ``redistributed_on`` day.
    """

    campaigns: CampaignTable
    ledger: pd.DataFrame
    funds: tuple[Fund, ...]
    donations: DonationTable

    def __post_init__(self) -> None:
        missing = [c for c in LEDGER_COLUMNS if c not in self.ledger.columns]
        if missing:
            raise KeyError(f"ledger columns missing: {missing}")


def ledger_frame(
    *,
    campaign_id: list[str],
    donor_id: list[str],
    amount_cents: list[int],
    donated_on: list[date],
    redistribute: list[bool],
) -> pd.DataFrame:
    """A ledger frame with the replay's column types, from plain lists."""
    return pd.DataFrame(
        {
            "campaign_id": pd.Series(campaign_id, dtype=object),
            "donor_id": pd.Series(donor_id, dtype=object),
            "amount_cents": np.asarray(amount_cents, dtype=np.int64),
            "donated_on": np.asarray(donated_on, dtype="datetime64[D]").astype("datetime64[s]"),
            "redistribute": np.asarray(redistribute, dtype=bool),
        }
    )


def final_collected(season: ReplaySeason) -> dict[str, int]:
    """Public cents each campaign holds at its deadline: its gifts dated on or before it."""
    ledger = season.ledger
    ends = dict(
        zip(season.campaigns.ids.tolist(), season.campaigns.ends_on_days().tolist(), strict=True)
    )
    totals = dict.fromkeys(ends, 0)
    days = ledger["donated_on"].to_numpy("datetime64[D]").tolist()
    for campaign, amount, day in zip(
        ledger["campaign_id"].tolist(), ledger["amount_cents"].tolist(), days, strict=True
    ):
        if campaign in ends and day <= ends[campaign]:
            totals[campaign] += int(amount)
    return totals


@dataclass(frozen=True)
class Gift:
    """A public gift whose donor chose redistribution should its campaign fail."""

    donation_id: str
    donor_id: str
    amount_cents: int


def redistributable_gifts(season: ReplaySeason) -> dict[str, tuple[Gift, ...]]:
    """Per campaign, in ledger order, the gifts that go to the pool if it fails."""
    ledger = season.ledger
    gifts: dict[str, list[Gift]] = {}
    counts: dict[str, int] = {}
    for campaign, donor, amount, chosen in zip(
        ledger["campaign_id"].tolist(),
        ledger["donor_id"].tolist(),
        ledger["amount_cents"].tolist(),
        ledger["redistribute"].tolist(),
        strict=True,
    ):
        counts[campaign] = counts.get(campaign, 0) + 1
        if chosen:
            # The id names the gift: its campaign and its rank among that campaign's gifts.
            gift_id = f"{campaign}-G{counts[campaign]:05d}"
            gifts.setdefault(campaign, []).append(Gift(gift_id, str(donor), int(amount)))
    return {campaign: tuple(items) for campaign, items in gifts.items()}


def with_collected(
    table: CampaignTable, collected_cents: np.ndarray, donors: np.ndarray | None = None
) -> CampaignTable:
    """The table with other ``collected`` (and ``donors``) and the ``need`` that follows.

    Only the money columns change (no label or theme depends on them), so the rest of the
    table is kept as it is rather than derived again: a replay does this every round.
    """
    frame = table.frame.copy()
    collected = np.asarray(collected_cents, dtype=np.int64)
    frame["collected_cents"] = collected
    if donors is not None:
        frame["donors"] = np.asarray(donors, dtype=np.int64)
    need = frame["min_goal_cents"].to_numpy(np.int64) - collected
    frame["need_cents"] = np.maximum(need, 0)
    return CampaignTable(frame)
