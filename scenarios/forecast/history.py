"""A forecaster fitted on a platform's own past seasons, with its errors on the latest one.

The latest season (last in name order: years ascending) is held out: the model fitted on the
seasons before it is measured on it, and those are the error figures reported. The draws then
come from the same model fitted on every season, the latest included, so no past is wasted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eligibility.errors import InputError, Problem
from scenarios.forecast.evaluate import evaluate_forecaster
from scenarios.forecast.model import Forecaster, fit_forecaster
from scenarios.timeline import load_history

EVALUATION_DAYS = 7  # a forecast every week of the held-out season


def history_forecaster(path: Path) -> tuple[Forecaster, dict[str, Any]]:
    """The model fitted on every season under ``path``, and its held-out error figures."""
    if not path.is_dir():
        message = "expected a folder of past seasons (one sub-folder per year), found none"
        raise InputError([Problem(str(path), message, field="history")])
    seasons = load_history(path)
    if len(seasons) < 2:
        message = (
            f"expected at least two past seasons, found {len(seasons)}: the latest measures "
            "the errors of a model fitted on those before it"
        )
        raise InputError([Problem(str(path), message, field="history")])
    earlier, latest = seasons[:-1], seasons[-1]
    figures = evaluate_forecaster(fit_forecaster(earlier), [latest], days=EVALUATION_DAYS)
    names = ", ".join(s.name for s in earlier)
    held_out = f"the past season {latest.name}, forecast weekly by the model fitted on {names}"
    return fit_forecaster(seasons), {"held_out": held_out, **dict(figures)}
