"""Donation timelines: the day each public gift was made, and what its donor chose for a failure.

Gifts cluster at the two ends of a campaign: a launch burst (the class's families and friends, in
the first days), a steady trickle, and a deadline burst (reminders, a parents' association or a
local business closing the gap). Each campaign mixes the three in its own proportions, so some
start strong and stall while others are saved at the end. A campaign's gifts keep their drawn
order in time: the gift that completes the minimum or reaches the optimum is the last one.

Every donor also states, at the time of giving, what they want if the campaign fails: a refund
or redistribution (24 % in 2023). The choice is drawn for every gift, so a replay can apply it to
whichever campaigns fail under its policy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scenarios.season.calibration import target
from scenarios.season.gifts import Gifts
from scenarios.timeline import LEDGER_COLUMNS

# Mean share of a campaign's gifts in its launch burst, its trickle and its deadline burst, and
# how much campaigns vary around it (Dirichlet concentration: lower is more varied).
_PHASE_SHARES = np.array([0.36, 0.37, 0.27])
_PHASE_CONCENTRATION = 6.0
# Mean days from the launch to a launch gift, and from a deadline gift to the deadline.
_LAUNCH_DAYS = 4.0
_DEADLINE_DAYS = 3.0


def draw_ledger(rng: np.random.Generator, *, campaigns: pd.DataFrame, gifts: Gifts) -> pd.DataFrame:
    """The ledger (``scenarios.timeline.LEDGER_COLUMNS``) of every gift, by campaign then day."""
    rows = gifts.campaign_row
    offsets = _draw_offsets(rng, campaigns=campaigns, rows=rows)
    starts = campaigns["starts_on"].to_numpy("datetime64[D]")
    redistribute = rng.random(len(rows)) < target("redistribution_share")
    return pd.DataFrame(
        {
            "campaign_id": campaigns["campaign_id"].to_numpy(object)[rows],
            "donor_id": np.array([f"P{d:06d}" for d in gifts.donor], dtype=object),
            "amount_cents": gifts.amount_cents.astype(np.int64),
            "donated_on": (starts[rows] + offsets).astype("datetime64[s]"),
            "redistribute": redistribute,
        },
        columns=list(LEDGER_COLUMNS),
    )


def _draw_offsets(
    rng: np.random.Generator, *, campaigns: pd.DataFrame, rows: np.ndarray
) -> np.ndarray:
    """Days from each gift's campaign start, ascending within each campaign in gift order."""
    starts = campaigns["starts_on"].to_numpy("datetime64[D]")
    days = (campaigns["ends_on"].to_numpy("datetime64[D]") - starts).astype(np.int64) + 1
    shares = rng.dirichlet(_PHASE_SHARES * _PHASE_CONCENTRATION, size=len(days))
    count = len(rows)
    length = days[rows]
    u = rng.random(count)
    cumulative = np.cumsum(shares, axis=1)[rows]
    phase = (u[:, None] >= cumulative[:, :2]).sum(axis=1)
    launch = np.floor(rng.exponential(_LAUNCH_DAYS, size=count))
    trickle = np.floor(rng.random(count) * length)
    deadline = length - 1 - np.floor(rng.exponential(_DEADLINE_DAYS, size=count))
    offset = np.choose(phase, [launch, trickle, deadline]).astype(np.int64)
    offset = np.clip(offset, 0, length - 1)
    # Gifts come grouped by campaign in ascending order: sorting the days within each campaign
    # makes the k-th gift drawn the k-th made.
    ranked: np.ndarray = offset[np.lexsort((offset, rows))]
    return ranked
