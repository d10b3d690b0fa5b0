"""Independent random streams, one per part of a season, all derived from the one seed.

Each part draws from its own stream so that a later part (donation timelines, say) can be added
without changing a single byte of what the existing parts generate for the same seed.
"""

from __future__ import annotations

import numpy as np

# Append only: a part's position is mixed into its stream's seed.
PARTS: tuple[str, ...] = (
    "schools",
    "projects",
    "goals",
    "gifts",
    "dates",
    "donations",
    "names",
    "earlier",
    "timeline",
)


def stream(seed: int, part: str) -> np.random.Generator:
    """The generator of one part of the season for ``seed``."""
    return np.random.default_rng([seed, PARTS.index(part)])
