"""How much more a campaign collects, given whether it ends up reaching its minimum or not.

The growth still to come, ``z = log((final + a) / (collected + a))`` with ``a`` = 50 €, is
regressed by least squares, for each eighth of the campaign's course, on its distance to the
minimum goal ``log((collected + a) / min_goal)``, its donors so far, the size of its goal, the room
up to its optimum and the days left. What the regression misses is kept as seen: the residuals
of the fitting examples, cut by eighth of the course and by band of the share of the minimum
reached, stored as ``QUANTILES`` quantiles (the eighth's whole pool where a band has too few).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.forecast.features import Standing

SMOOTHING_CENTS = 5_000
ELAPSED_BINS = 8
# Bands of the share of the minimum goal reached (upper edges; the last band is open).
PROGRESS_EDGES = np.array([0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, 1.3, 1.8])
QUANTILES = 200
MIN_CELL_EXAMPLES = 40
_MAX_GROWTH = 20.0  # exp(20): far above any campaign, keeps exp finite


@dataclass(frozen=True, eq=False)
class Growth:
    """A fitted growth distribution: regression per eighth, residual quantiles per band."""

    coefficients: np.ndarray  # (ELAPSED_BINS, features)
    residuals: np.ndarray  # (ELAPSED_BINS, len(PROGRESS_EDGES) + 1, QUANTILES), ascending

    def finals(
        self, standing: Standing, probability: np.ndarray, *, low: np.ndarray, high: np.ndarray
    ) -> np.ndarray:
        """Final amounts (float cents) at ``probability`` (rows, k), kept in ``[low, high]``."""
        elapsed = elapsed_bin(standing)
        pool = self.residuals[elapsed, progress_bin(standing)]
        mean = np.einsum("ij,ij->i", design(standing), self.coefficients[elapsed])
        growth = np.minimum(mean[:, None] + _quantile_of(pool, probability), _MAX_GROWTH)
        start = standing.collected.astype(float)[:, None] + SMOOTHING_CENTS
        finals: np.ndarray = np.clip(
            start * np.exp(growth) - SMOOTHING_CENTS, low[:, None], high[:, None]
        )
        return finals


def fit_growth(standing: Standing, final: np.ndarray) -> Growth:
    """Fit the growth distribution on examples (a standing and each example's final amount)."""
    growth = np.log((final + SMOOTHING_CENTS) / (standing.collected + SMOOTHING_CENTS))
    features = design(standing)
    everything = np.linalg.lstsq(features, growth, rcond=None)[0]
    elapsed, progress = elapsed_bin(standing), progress_bin(standing)
    coefficients = np.tile(everything, (ELAPSED_BINS, 1))
    residuals = np.zeros((ELAPSED_BINS, len(PROGRESS_EDGES) + 1, QUANTILES))
    probabilities = (np.arange(QUANTILES) + 0.5) / QUANTILES
    for b in range(ELAPSED_BINS):
        rows = elapsed == b
        if rows.sum() >= 10 * features.shape[1]:
            coefficients[b] = np.linalg.lstsq(features[rows], growth[rows], rcond=None)[0]
        missed = growth - features @ coefficients[b]
        pooled = missed[rows] if rows.any() else missed
        for q in range(len(PROGRESS_EDGES) + 1):
            cell = rows & (progress == q)
            seen = missed[cell] if cell.sum() >= MIN_CELL_EXAMPLES else pooled
            residuals[b, q] = np.quantile(seen, probabilities)
    return Growth(coefficients, residuals)


def design(standing: Standing) -> np.ndarray:
    """The regression's features, one row per campaign."""
    goal = np.maximum(standing.min_goal, 1).astype(float)
    return np.column_stack(
        [
            np.ones(len(standing)),
            np.log((standing.collected + SMOOTHING_CENTS) / goal),
            np.log1p(standing.donors),
            np.log(goal / 100_000),
            np.log(np.maximum(standing.optimum_goal, goal) / goal),
            np.log1p(np.maximum(standing.days_left, 0)),
        ]
    )


def elapsed_bin(standing: Standing) -> np.ndarray:
    """Which eighth of its course each campaign is in."""
    bins: np.ndarray = np.minimum(
        (standing.elapsed * ELAPSED_BINS).astype(np.int64), ELAPSED_BINS - 1
    )
    return bins


def progress_bin(standing: Standing) -> np.ndarray:
    """Which band of the share of its minimum each campaign has reached."""
    share = standing.collected / np.maximum(standing.min_goal, 1)
    bins: np.ndarray = np.searchsorted(PROGRESS_EDGES, share, side="right")
    return bins


def _quantile_of(pool: np.ndarray, probability: np.ndarray) -> np.ndarray:
    """Each row's stored quantiles (rows, QUANTILES) read at ``probability`` (rows, k)."""
    position = np.clip(probability * QUANTILES - 0.5, 0.0, QUANTILES - 1.0)
    low = np.minimum(np.floor(position).astype(np.int64), QUANTILES - 2)
    fraction = position - low
    rows = np.arange(len(pool))[:, None]
    value: np.ndarray = pool[rows, low] * (1 - fraction) + pool[rows, low + 1] * fraction
    return value
