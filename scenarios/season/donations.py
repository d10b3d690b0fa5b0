"""Redistributed donations: gifts to campaigns that failed earlier, passed on by their donors.

The origins are never campaigns of the season's file, which the allocator decides on: they are
the earlier failed campaigns of ``scenarios.season.earlier``, campaigns of the previous season
that failed and are in no file. An origin id such as ``C2023-F0001`` reads "campaign of the 2023
season (the one before season 2024), failed, number 1"; the file's ids (``C2024-00001``) can
never take that form, so no donation goes back to, or comes from, a campaign of the file.

Each donor of an earlier failed campaign chooses redistribution with the calibrated probability
(24 %). The money reaches the season's pool within the season's year: half of it before the
season's first deadlines (from the first of January to the day the first tenth of the file's
campaigns have ended), so an early round has a pool to spend, the rest through the season up to
its last deadline. A few donations carry a ``scope`` rule drawn from their origin.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from allocator.donations import DONATION_COLUMNS
from eligibility.reference import departements
from scenarios.season.calibration import target
from scenarios.season.dates import season_bounds
from scenarios.season.earlier import EarlierCampaigns

# The season's first deadlines: the day by which this share of its campaigns have ended.
_FIRST_DEADLINES_SHARE = 0.1
_BEFORE_FIRST_DEADLINES_SHARE = 0.5
_SCOPED_SHARE = 0.08
# A scoped donor keeps the money in the origin's académie, its theme, or for labelled campaigns.
_SCOPE_KINDS = ("academie", "theme", "courte_echelle")
_SCOPE_KIND_WEIGHTS = (0.5, 0.35, 0.15)


def draw_donations(
    rng: np.random.Generator,
    *,
    campaigns: pd.DataFrame,
    earlier: EarlierCampaigns,
    season_year: int,
) -> pd.DataFrame:
    """Redistributed donations as validated columns (``allocator.donations.DONATION_COLUMNS``)."""
    gifts = earlier.gifts
    picked = np.flatnonzero(rng.random(len(gifts)) < target("redistribution_share"))
    dates = _draw_dates(rng, len(picked), campaigns=campaigns, season_year=season_year)
    scopes = _draw_scopes(rng, earlier=earlier, rows=gifts.campaign_row[picked])
    order = np.argsort(dates, kind="stable")
    gift = picked[order]
    return pd.DataFrame(
        {
            "donation_id": [f"D{season_year}-{k:06d}" for k in range(1, len(order) + 1)],
            "donor_id": [f"P{d:06d}" for d in gifts.donor[gift]],
            "amount_cents": gifts.amount_cents[gift],
            "origin_campaign_id": earlier.campaign_id[gifts.campaign_row[gift]],
            "redistributed_on": dates[order].astype("datetime64[s]"),
            "scope": scopes[order],
        },
        columns=list(DONATION_COLUMNS),
    )


def first_deadlines(campaigns: pd.DataFrame) -> np.datetime64:
    """The day by which the first tenth of the season's campaigns have ended."""
    ends = np.sort(campaigns["ends_on"].to_numpy("datetime64[D]"))
    day: np.datetime64 = ends[int(_FIRST_DEADLINES_SHARE * (len(ends) - 1))]
    return day


def _draw_dates(
    rng: np.random.Generator, count: int, *, campaigns: pd.DataFrame, season_year: int
) -> np.ndarray:
    """``redistributed_on`` as ``datetime64[D]``: half before the first deadlines, then on."""
    first_day = season_bounds(season_year)[0]
    early_end = first_deadlines(campaigns)
    last_deadline = campaigns["ends_on"].to_numpy("datetime64[D]").max()
    early = rng.random(count) < _BEFORE_FIRST_DEADLINES_SHARE
    early_days = rng.integers(0, int((early_end - first_day).astype(int)), count, endpoint=True)
    late_days = rng.integers(0, int((last_deadline - early_end).astype(int)), count, endpoint=True)
    dates: np.ndarray = np.where(early, first_day + early_days, early_end + late_days)
    return dates


def _draw_scopes(
    rng: np.random.Generator, *, earlier: EarlierCampaigns, rows: np.ndarray
) -> np.ndarray:
    """A scope rule for a few donations, from their origin campaign; "" for the others."""
    # An exact count, rounded up, so that even a small pool shows what a scope looks like.
    scoped = rng.permutation(len(rows)) < math.ceil(_SCOPED_SHARE * len(rows))
    kind = rng.choice(len(_SCOPE_KINDS), size=len(rows), p=_SCOPE_KIND_WEIGHTS)
    reference = departements()
    origin_departement = earlier.departement[rows]
    origin_themes = earlier.themes[rows]
    scopes = []
    for i in range(len(rows)):
        if not scoped[i]:
            scopes.append("")
        elif _SCOPE_KINDS[kind[i]] == "academie":
            scopes.append(f'academie == "{reference[origin_departement[i]].academie}"')
        elif _SCOPE_KINDS[kind[i]] == "theme":
            scopes.append(f'"{origin_themes[i].split(";")[0]}" in themes')
        else:
            scopes.append("courte_echelle")
    return np.array(scopes, dtype=object)
