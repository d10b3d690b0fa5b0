"""Where each campaign stands on a day, as the forecast model sees it, and the fitting examples.

A campaign runs from ``starts_on`` to ``ends_on`` inclusive; on ``as_of`` (the end of that day,
as in ``scenarios.timeline.snapshot_at``) it has been running ``days_gone`` of its ``duration``
days and ``days_left`` remain. On or after its deadline it is over: what it has is final.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from scenarios.timeline import SeasonHistory, campaign_columns

# Fitting examples: each campaign is looked at every this many days, like weekly rounds.
EXAMPLE_EVERY_DAYS = 7


@dataclass(frozen=True, eq=False)
class Standing:
    """Campaigns on one day, one row each: money in cents, times in days."""

    collected: np.ndarray
    donors: np.ndarray
    min_goal: np.ndarray
    optimum_goal: np.ndarray
    days_gone: np.ndarray
    days_left: np.ndarray

    def __len__(self) -> int:
        return len(self.collected)

    @property
    def over(self) -> np.ndarray:
        """Campaigns whose deadline has passed (or is today): their amount is final."""
        over: np.ndarray = self.days_left <= 0
        return over

    @property
    def elapsed(self) -> np.ndarray:
        """Share of the campaign's days gone, 0 before it starts, 1 once over."""
        duration = np.maximum(self.days_gone + self.days_left, 1)
        elapsed: np.ndarray = np.clip(self.days_gone / duration, 0.0, 1.0)
        return elapsed

    def take(self, rows: np.ndarray) -> Standing:
        """The standing of some rows."""
        return Standing(
            self.collected[rows],
            self.donors[rows],
            self.min_goal[rows],
            self.optimum_goal[rows],
            self.days_gone[rows],
            self.days_left[rows],
        )


def standing_on(campaigns: pd.DataFrame, as_of: date) -> Standing:
    """The standing of each row of a campaign frame (cents or file text columns) on ``as_of``."""
    frame = campaign_columns(campaigns)
    day = np.datetime64(as_of, "D")
    starts = frame["starts_on"].to_numpy("datetime64[D]")
    ends = frame["ends_on"].to_numpy("datetime64[D]")
    duration = (ends - starts).astype(np.int64) + 1
    gone = np.clip((day - starts).astype(np.int64) + 1, 0, duration)
    return Standing(
        collected=frame["collected_cents"].to_numpy(np.int64),
        donors=frame["donors"].to_numpy(np.int64),
        min_goal=frame["min_goal_cents"].to_numpy(np.int64),
        optimum_goal=frame["optimum_goal_cents"].to_numpy(np.int64),
        days_gone=gone,
        days_left=duration - gone,
    )


@dataclass(frozen=True, eq=False)
class Examples:
    """Fitting examples: open campaigns on some day of a past season, and their final amount."""

    standing: Standing
    final: np.ndarray

    def __len__(self) -> int:
        return len(self.final)


def examples_from(history: Sequence[SeasonHistory]) -> Examples:
    """Every campaign of every past season, looked at weekly while it runs (not on its last day).

    The first look falls on a day between its start and a week later, staggered by row, so the
    examples cover every day of a campaign's course.
    """
    parts = [_season_examples(season) for season in history]
    if not parts or not sum(len(p) for p in parts):
        raise ValueError("expected past seasons with at least one running campaign to fit on")
    return Examples(
        Standing(*(np.concatenate([getattr(p.standing, f) for p in parts]) for f in _FIELDS)),
        np.concatenate([p.final for p in parts]),
    )


_FIELDS = ("collected", "donors", "min_goal", "optimum_goal", "days_gone", "days_left")


def _season_examples(season: SeasonHistory) -> Examples:
    frame = campaign_columns(season.campaigns)
    starts = frame["starts_on"].to_numpy("datetime64[D]").astype(np.int64)
    duration = (frame["ends_on"].to_numpy("datetime64[D]").astype(np.int64) - starts) + 1
    first = np.arange(len(frame)) % EXAMPLE_EVERY_DAYS
    looks = np.maximum((duration - 1 - first + EXAMPLE_EVERY_DAYS - 1) // EXAMPLE_EVERY_DAYS, 0)
    row = np.repeat(np.arange(len(frame)), looks)
    step = np.arange(len(row)) - np.repeat(np.cumsum(looks) - looks, looks)
    offset = first[row] + step * EXAMPLE_EVERY_DAYS  # days after the start, < duration - 1
    collected, donors = _totals_by_offset(season, frame, row=row, day=starts[row] + offset)
    return Examples(
        Standing(
            collected=collected,
            donors=donors,
            min_goal=frame["min_goal_cents"].to_numpy(np.int64)[row],
            optimum_goal=frame["optimum_goal_cents"].to_numpy(np.int64)[row],
            days_gone=offset + 1,
            days_left=duration[row] - offset - 1,
        ),
        final=frame["collected_cents"].to_numpy(np.int64)[row],
    )


def _totals_by_offset(
    season: SeasonHistory, frame: pd.DataFrame, *, row: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cents and distinct donors of campaign ``row`` by the end of day number ``day``."""
    ledger = season.ledger
    position = pd.Index(frame["campaign_id"].to_numpy(object)).get_indexer(ledger["campaign_id"])
    gift_day = ledger["donated_on"].to_numpy("datetime64[D]").astype(np.int64)
    span = int(max(gift_day.max(initial=0), day.max(initial=0))) + 2
    amounts = ledger["amount_cents"].to_numpy(np.int64)
    cents = _running_at(position, gift_day, amounts, span=span, row=row, day=day)
    # A donor counts from their first gift to the campaign.
    firsts = pd.DataFrame({"c": position, "d": ledger["donor_id"].to_numpy(object), "t": gift_day})
    firsts = firsts.sort_values(["c", "d", "t"]).drop_duplicates(["c", "d"])
    ones = np.ones(len(firsts), dtype=np.int64)
    donors = _running_at(
        firsts["c"].to_numpy(np.int64),
        firsts["t"].to_numpy(np.int64),
        ones,
        span=span,
        row=row,
        day=day,
    )
    return cents, donors


def _running_at(
    position: np.ndarray,
    gift_day: np.ndarray,
    values: np.ndarray,
    *,
    span: int,
    row: np.ndarray,
    day: np.ndarray,
) -> np.ndarray:
    """Sum of ``values`` of campaign ``row`` dated up to ``day``, for each (row, day) asked."""
    order = np.lexsort((gift_day, position))
    key = position[order] * span + gift_day[order]
    running = np.concatenate([[0], np.cumsum(values[order])])
    upto = np.searchsorted(key, row * span + day, side="right")
    before = np.searchsorted(key, row * span, side="left")
    summed: np.ndarray = running[upto] - running[before]
    return summed
