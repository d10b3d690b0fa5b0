"""Minimum and optimum goals in cents: right-skewed, round like the ones teachers set."""

from __future__ import annotations

import numpy as np

from scenarios.season.calibration import MIN_GOAL_CAP_EUROS

# Median minimum goal of a project at school, and what each night away adds to it.
_MEDIAN_AT_SCHOOL_EUROS = 450.0
_MEDIAN_PER_NIGHT_EUROS = 130.0
_SPREAD = 0.72  # sigma of the log-normal: a long right tail up to the cap
_FLOOR_EUROS = 100
# Teachers write round numbers: most minimums are multiples of 50 €, the rest of 10 €.
_MULTIPLE_OF_50_SHARE = 0.65

# The optimum is usually 1-2x the minimum; a minority asks 2-3x; a tail states the full cost
# of the project, more often for the dearer ones (trips), which lifts the mean to ~2,740 €.
_RATIO_BANDS = ((1.0, 2.0), (2.0, 3.0), (3.0, 10.0))
_BAND_SHARES = np.array([0.72, 0.12, 0.16])
_TAIL_LIFT_PER_THOUSAND = 0.10  # extra tail probability per 1,000 € of minimum goal
_OPTIMUM_CAP_EUROS = 15_000  # three times the minimum's cap: beyond it nobody would believe it


def draw_min_goals(rng: np.random.Generator, nights: np.ndarray) -> np.ndarray:
    """Minimum goals in cents: log-normal around a median that grows with the nights away."""
    median = _MEDIAN_AT_SCHOOL_EUROS + _MEDIAN_PER_NIGHT_EUROS * nights
    euros = median * np.exp(_SPREAD * rng.standard_normal(len(nights)))
    euros = np.clip(euros, _FLOOR_EUROS, MIN_GOAL_CAP_EUROS)
    step = np.where(rng.random(len(nights)) < _MULTIPLE_OF_50_SHARE, 50, 10)
    rounded = np.maximum(np.round(euros / step) * step, _FLOOR_EUROS)
    return (np.minimum(rounded, MIN_GOAL_CAP_EUROS) * 100).astype(np.int64)


def draw_optimum_goals(rng: np.random.Generator, min_goal_cents: np.ndarray) -> np.ndarray:
    """Optimum goals in cents, never below the minimum, rounded up to a multiple of 50 €."""
    count = len(min_goal_cents)
    lift = _TAIL_LIFT_PER_THOUSAND * min_goal_cents / 100_000
    shares = np.column_stack(
        [_BAND_SHARES[0] - lift, np.full(count, _BAND_SHARES[1]), _BAND_SHARES[2] + lift]
    )
    band = (rng.random(count)[:, None] > np.cumsum(shares, axis=1)).sum(axis=1)
    low = np.array([b[0] for b in _RATIO_BANDS])[np.minimum(band, 2)]
    high = np.array([b[1] for b in _RATIO_BANDS])[np.minimum(band, 2)]
    # Inside the usual bands lower ratios are likelier (a square makes the density decrease);
    # full-cost optimums spread evenly over the tail.
    spread = rng.random(count) ** np.where(band >= 2, 1.0, 2.0)
    ratio = low + (high - low) * spread
    optimum = np.minimum(np.ceil(min_goal_cents * ratio / 5_000) * 5_000, _OPTIMUM_CAP_EUROS * 100)
    at_least_minimum: np.ndarray = np.maximum(optimum.astype(np.int64), min_goal_cents)
    return at_least_minimum
