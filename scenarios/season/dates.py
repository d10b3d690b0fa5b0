"""When campaigns run: publication follows the school year, with peaks in January and March.

A season holds the campaigns that end in its calendar year; they may start in the December
before. Campaigns last one to three months.
"""

from __future__ import annotations

import numpy as np

# Relative publication frequency by month: December of the year before, then January..November.
_PUBLICATION_WEIGHTS = np.array([4, 17, 11, 17, 11, 6, 2, 0.5, 1.5, 8, 7, 3], dtype=float)
_MIN_DAYS, _MAX_DAYS = 28, 92
_EXTRA_DAYS_SHAPE, _EXTRA_DAYS_SCALE = 2.0, 12.0  # gamma: most last six to ten weeks
_LAST_WEEKS_DAYS = 20


def season_bounds(season_year: int) -> tuple[np.datetime64, np.datetime64]:
    """First and last day a campaign of the season may end on."""
    return np.datetime64(f"{season_year}-01-01"), np.datetime64(f"{season_year}-12-31")


def draw_dates(rng: np.random.Generator, count: int, *, season_year: int) -> dict[str, np.ndarray]:
    """``starts_on`` and ``ends_on`` as ``datetime64[D]``, every end within the season's year."""
    first_month = np.datetime64(f"{season_year - 1}-12", "M")
    month = rng.choice(len(_PUBLICATION_WEIGHTS), size=count, p=_publication_shares())
    month_start = (first_month + month).astype("datetime64[D]")
    month_days = ((first_month + month + 1).astype("datetime64[D]") - month_start).astype(int)
    starts = month_start + (rng.random(count) * month_days).astype(np.int64)
    extra = rng.gamma(_EXTRA_DAYS_SHAPE, _EXTRA_DAYS_SCALE, size=count).astype(np.int64)
    days = np.clip(_MIN_DAYS + extra, _MIN_DAYS, _MAX_DAYS)
    first_end, last_end = season_bounds(season_year)
    ends = starts + days
    # A campaign running past the season ends in its last weeks instead and started earlier;
    # one ending before the season is pushed into January by as much as it fell short.
    late = ends > last_end
    late_gap = rng.integers(0, _LAST_WEEKS_DAYS, size=count, endpoint=True)
    ends = np.where(late, last_end - late_gap, ends)
    starts = np.where(late, ends - days, starts)
    offset = (ends - first_end).astype(np.int64)
    ends = np.where(offset < 0, ends - 2 * offset, ends)
    return {"starts_on": starts, "ends_on": ends}


def _publication_shares() -> np.ndarray:
    shares: np.ndarray = _PUBLICATION_WEIGHTS / _PUBLICATION_WEIGHTS.sum()
    return shares
