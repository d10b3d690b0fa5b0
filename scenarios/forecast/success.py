"""The probability that a campaign still short of its minimum reaches it on its own.

A logistic regression fitted by iteratively reweighted least squares (Newton's method, a small
ridge penalty so that a separable sample still converges), on the growth model's features plus
the squared distance to the goal and the share of the course gone.
"""

from __future__ import annotations

import numpy as np

from scenarios.forecast.features import Standing
from scenarios.forecast.growth import design

_RIDGE = 1e-3
_ITERATIONS = 50
_TOLERANCE = 1e-10


def success_features(standing: Standing) -> np.ndarray:
    """The logistic regression's features, one row per campaign."""
    base = design(standing)
    distance = base[:, 1]
    elapsed = standing.elapsed
    return np.column_stack([base, distance**2, distance * elapsed, elapsed])


def fit_success(standing: Standing, success: np.ndarray) -> np.ndarray:
    """Coefficients of the logistic regression of ``success`` (booleans) on the features."""
    features = success_features(standing)
    target = success.astype(float)
    coefficients = np.zeros(features.shape[1])
    penalty = _RIDGE * np.eye(features.shape[1])
    for _ in range(_ITERATIONS):
        chance = _sigmoid(features @ coefficients)
        weight = chance * (1 - chance)
        hessian = features.T @ (features * weight[:, None]) + penalty
        gradient = features.T @ (target - chance) - _RIDGE * coefficients
        step = np.linalg.solve(hessian, gradient)
        coefficients = coefficients + step
        if float(step @ step) < _TOLERANCE:
            break
    return coefficients


def success_chance(coefficients: np.ndarray, standing: Standing) -> np.ndarray:
    """The fitted probability of success; 1 for a campaign already at its minimum."""
    chance = _sigmoid(success_features(standing) @ coefficients)
    reached: np.ndarray = np.where(standing.collected >= standing.min_goal, 1.0, chance)
    return reached


def _sigmoid(x: np.ndarray) -> np.ndarray:
    value: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return value
