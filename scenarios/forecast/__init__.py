"""Forecasts of a campaign's final public amount from what is known on a day, fitted on the past.

forecaster = fit_forecaster(load_history("season/history"))     # or default_forecaster()
forecaster, errors = history_forecaster(Path("season/history"))  # latest season held out
known = snapshot_at(season, None, day)                           # campaigns as known that day
forecaster.predict(known, day)                                   # expected final, int64 cents
forecaster.sample(known, day, draws=1_000, seed=7)               # (draws, campaigns) cents
forecaster.success_probability(known, day)                       # P(final >= min goal alone)
evaluate_forecaster(forecaster, held_out, days=7)                # error figures, JSON-ready
"""

from scenarios.forecast.default import DEFAULT_HISTORY, default_forecaster
from scenarios.forecast.evaluate import evaluate_forecaster
from scenarios.forecast.features import Standing, standing_on
from scenarios.forecast.history import history_forecaster
from scenarios.forecast.model import Forecaster, fit_forecaster

__all__ = [
    "DEFAULT_HISTORY",
    "Forecaster",
    "Standing",
    "default_forecaster",
    "evaluate_forecaster",
    "fit_forecaster",
    "history_forecaster",
    "standing_on",
]
