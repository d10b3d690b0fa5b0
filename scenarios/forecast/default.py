"""A forecaster for callers without past seasons: fitted once per process on generated ones."""

from __future__ import annotations

import functools
from types import MappingProxyType

from scenarios.forecast.model import Forecaster, fit_forecaster
from scenarios.season import past_seasons

# Four platform-size seasons before 2024 (seeds 2024001 to 2024004, see history_seed).
DEFAULT_HISTORY = MappingProxyType(
    {"seed": 2024, "campaigns": 1_444, "season_year": 2024, "count": 4}
)


@functools.cache
def default_forecaster() -> Forecaster:
    """The model fitted on the ``DEFAULT_HISTORY`` generated seasons, cached in memory."""
    seasons = past_seasons(
        seed=DEFAULT_HISTORY["seed"],
        campaigns=DEFAULT_HISTORY["campaigns"],
        season_year=DEFAULT_HISTORY["season_year"],
        count=DEFAULT_HISTORY["count"],
    )
    return fit_forecaster([season.history() for season in seasons])
