"""The public's gifts behind each campaign's ``collected``: who gave how much, in cents.

Whether a campaign reaches its minimum on its own is decided first (calibrated success rates by
level), then an amount it heads for, then gifts in order until that amount: a success never
passes its optimum, and when its gifts fall short a last gift completes the minimum (parents'
associations and local businesses do exactly that); a failure stays at or below its aim.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES
from scenarios.season.calibration import (
    FAILING_BELOW_SHARE_OF_MINIMUM,
    MIN_DONATION_EUROS,
    target,
)

# Amounts people pick on the donation form, in euros, and how often.
MENU_EUROS = np.array([5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 150, 200, 250, 300, 500])
MENU_WEIGHTS = np.array(
    [3, 11, 3, 18, 5, 10, 5, 19, 2, 2, 1, 13, 2.5, 3.5, 0.8, 1.2, 0.8], dtype=float
)
_FREE_AMOUNT_SHARE = 0.06  # a few type their own amount, cents included
_FREE_AMOUNT_RANGE_CENTS = (500, 12_000)

# 2023: 30,324 donations (21 x 1,444) came from 21,925 donors.
DONATIONS_PER_DONOR = 21 * 1_444 / 21_925

# Draw 30 % more gifts than the aim needs on average, so most campaigns do reach it.
_DRAW_MARGIN = 1.3
# Among campaigns short of their minimum, how far they aim to stay from it: the far ones, and
# the close ones whose last gifts would pass their aim, end under 75 % and fail (6 % in all).
_CLOSE_SHARE = 0.7
_CLOSE_REACH = (0.85, 0.995)
_FAR_REACH = (0.05, FAILING_BELOW_SHARE_OF_MINIMUM)
# How far past the minimum successes go, as a share of the minimum (exponential), capped by
# the optimum where collection stops.
_PAST_MINIMUM_MEAN = 0.45
# Priority and rural families give less: labelled campaigns fail more often, same level rates.
_FAILURE_WEIGHT_LABELLED = 1.7


@dataclass(frozen=True, eq=False)
class Gifts:
    """One row per gift, grouped by campaign row in ascending order."""

    campaign_row: np.ndarray
    donor: np.ndarray
    amount_cents: np.ndarray

    def __len__(self) -> int:
        return len(self.amount_cents)

    def per_campaign(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """``collected`` cents and ``donors`` of each of ``count`` campaigns."""
        sums = np.zeros(count, dtype=np.int64)
        np.add.at(sums, self.campaign_row, self.amount_cents)
        return sums, np.bincount(self.campaign_row, minlength=count).astype(np.int64)


def draw_gifts(
    rng: np.random.Generator,
    *,
    school_type: np.ndarray,
    courte_echelle: np.ndarray,
    min_goal_cents: np.ndarray,
    optimum_goal_cents: np.ndarray,
) -> Gifts:
    """Gifts for every campaign, calibrated on success rates, donor counts and gift sizes."""
    success = _draw_success(rng, school_type=school_type, courte_echelle=courte_echelle)
    aim = _draw_aims(rng, success=success, low=min_goal_cents, high=optimum_goal_cents)
    expected = aim * _DRAW_MARGIN / (menu_mean_euros() * 100)
    counts = rng.poisson(expected) + 1
    rows = np.repeat(np.arange(len(aim)), counts)
    amounts = draw_amounts(rng, len(rows))
    rows, amounts = _stop_at(
        rows, amounts, aim=aim, counts=counts, success=success, high=optimum_goal_cents
    )
    rows, amounts = _complete_minimums(
        rows, amounts, success=success, low=min_goal_cents, high=optimum_goal_cents
    )
    base = donor_base(len(rows))
    donors = rng.integers(base, size=len(rows)).astype(np.int64)
    return Gifts(rows, distinct_within_campaigns(rows, donors, base=base), amounts)


def donor_base(gift_count: int) -> int:
    """How many people make ``gift_count`` gifts (donors are numbered from 0 below it)."""
    return max(1, round(gift_count / DONATIONS_PER_DONOR))


def distinct_within_campaigns(rows: np.ndarray, donors: np.ndarray, *, base: int) -> np.ndarray:
    """Donor numbers made distinct within each campaign, so its ``donors`` are distinct people.

    A donor drawn twice for one campaign gives way to the next number up (modulo the people, or
    the campaign's gift count in a season too small for them); no random draw is used, so the
    other parts of a season stay the same.
    """
    people = max(base, int(np.bincount(rows).max(initial=0)))
    donors = donors.copy()
    index = np.arange(len(rows))
    while True:
        order = np.lexsort((index, donors, rows))
        same = (np.diff(rows[order]) == 0) & (np.diff(donors[order]) == 0)
        if not same.any():
            return donors
        again = order[1:][same]
        donors[again] = (donors[again] + 1) % people


def menu_mean_euros() -> float:
    """Mean amount of a gift picked from the menu."""
    return float(MENU_EUROS @ MENU_WEIGHTS / MENU_WEIGHTS.sum())


def draw_amounts(rng: np.random.Generator, count: int) -> np.ndarray:
    """Gift amounts in cents: menu amounts, and a few typed by hand."""
    menu = rng.choice(MENU_EUROS * 100, size=count, p=MENU_WEIGHTS / MENU_WEIGHTS.sum())
    free = rng.integers(*_FREE_AMOUNT_RANGE_CENTS, size=count, endpoint=True)
    return np.where(rng.random(count) < _FREE_AMOUNT_SHARE, free, menu).astype(np.int64)


def _draw_success(
    rng: np.random.Generator, *, school_type: np.ndarray, courte_echelle: np.ndarray
) -> np.ndarray:
    """Whether each campaign reaches its minimum on its own, at the calibrated level rates."""
    primary = np.isin(school_type, PRIMARY_SCHOOL_TYPES)
    weight = np.where(courte_echelle, _FAILURE_WEIGHT_LABELLED, 1.0)
    failure = np.zeros(len(school_type))
    for group, name in ((primary, "primary"), (~primary, "secondary")):
        if group.any():
            rate = 1.0 - target(f"own_success_{name}_share")
            failure[group] = weight[group] * rate / weight[group].mean()
    return rng.random(len(school_type)) >= failure


def _draw_aims(
    rng: np.random.Generator, *, success: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """The amount each campaign is heading for, in cents, before its gifts are drawn."""
    count = len(success)
    past = rng.exponential(_PAST_MINIMUM_MEAN, size=count)
    close = rng.random(count) < _CLOSE_SHARE
    reach = np.where(
        close, rng.uniform(*_CLOSE_REACH, size=count), rng.uniform(*_FAR_REACH, size=count)
    )
    return np.where(success, np.minimum(low * (1.0 + past), high), low * reach)


def _stop_at(
    rows: np.ndarray,
    amounts: np.ndarray,
    *,
    aim: np.ndarray,
    counts: np.ndarray,
    success: np.ndarray,
    high: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each campaign's gifts in order until its aim is reached.

    A success keeps the gift that reaches its aim, trimmed to what is left below the optimum
    (collection stops there; a trimmed gift under the minimum donation is dropped); a failure
    keeps only the gifts that leave it at or below its aim, so it stays under its minimum.
    """
    running = np.cumsum(amounts)
    starts = np.cumsum(counts) - counts
    base = np.repeat(running[starts] - amounts[starts], counts)
    after = running - base
    before = after - amounts
    won = success[rows]
    trimmed = np.where(won, np.minimum(amounts, high[rows] - before), amounts)
    keep = np.where(won, before < aim[rows], after <= aim[rows])
    keep &= trimmed >= MIN_DONATION_EUROS * 100
    return rows[keep], trimmed[keep]


def _complete_minimums(
    rows: np.ndarray,
    amounts: np.ndarray,
    *,
    success: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Add the last gift that takes each short success to its minimum, in whole 5 € steps."""
    collected = np.zeros(len(success), dtype=np.int64)
    np.add.at(collected, rows, amounts)
    short = np.flatnonzero(success & (collected < low))
    step = MIN_DONATION_EUROS * 100
    missing = low[short] - collected[short]
    top_up = np.minimum(-(-missing // step) * step, high[short] - collected[short])
    all_rows = np.concatenate([rows, short])
    order = np.argsort(all_rows, kind="stable")
    return all_rows[order], np.concatenate([amounts, top_up])[order]
