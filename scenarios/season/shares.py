"""Turn relative weights into per-campaign probabilities that hit a calibrated share."""

from __future__ import annotations

import numpy as np

# No campaign is certain to carry a trait: the weights express tendencies, not rules.
_MAX_PROBABILITY = 0.95


def probabilities_for_share(weights: np.ndarray, share: float) -> np.ndarray:
    """Probabilities proportional to ``weights`` whose mean is ``share`` (before clipping).

    Normalising on the drawn campaigns keeps the expected share on target however the other
    traits (level, département) fell for this seed.
    """
    total = float(weights.sum())
    if total <= 0.0:
        return np.zeros(len(weights))
    scaled = weights * (share * len(weights) / total)
    return np.clip(scaled, 0.0, _MAX_PROBABILITY)


def draw_flags(rng: np.random.Generator, weights: np.ndarray, share: float) -> np.ndarray:
    """Booleans drawn with ``probabilities_for_share``."""
    return rng.random(len(weights)) < probabilities_for_share(weights, share)
