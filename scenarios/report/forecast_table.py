"""The forecast's error figures (``forecast.json``) as a table a sponsor can read.

``scenarios.forecast.evaluate_forecaster`` writes the figures over every forecast and by
quarter of the campaigns' course (``by_elapsed``); each known measure gets words and a unit,
and any other scalar is shown as it was written, so nothing in the file is hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scenarios.report.numbers import NO_VALUE


def _euros(value: Any) -> str:
    return f"{float(value):,.0f}\u00a0€"


def _percent(value: Any) -> str:
    return f"{float(value):.1f}\u00a0%"


def _share(value: Any) -> str:
    return _percent(float(value) * 100)


def _score(value: Any) -> str:
    return f"{float(value):.3f}"


def _whole(value: Any) -> str:
    return f"{int(value):,}"


MEASURES: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("points", "forecasts checked (one per campaign and week)", _whole),
    ("mae_euros", "typical error on the final amount (mean absolute error)", _euros),
    ("median_ape_percent", "median error, as a share of the final amount", _percent),
    ("band_width_euros", "mean width of the forecast's 90 % band", _euros),
    ("coverage_90", "final amounts inside that band (90 % if the band is right)", _share),
    ("accuracy", "success or failure forecast right", _share),
    ("success_rate", "campaigns that succeeded (what “always success” would get right)", _share),
    ("brier", "Brier score of the success probability (0 is perfect)", _score),
    ("brier_constant", "Brier score of a constant guess, for comparison", _score),
)
DESCRIBED = {"held_out", "seasons", "days", "by_elapsed"}


@dataclass(frozen=True)
class ForecastTable:
    """Column headings, then one row per measure: its words and a cell per column."""

    held_out: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def forecast_table(document: dict[str, Any]) -> ForecastTable:
    """The figures of ``forecast.json`` in words, overall and by quarter of the course."""
    parts = document.get("by_elapsed") or {}
    groups = [document, *(parts[key] for key in parts)]
    columns = ("all forecasts", *(f"{key} of the campaign's days gone" for key in parts))
    rows = [
        (words, tuple(show(g[key]) if key in g else NO_VALUE for g in groups))
        for key, words, show in MEASURES
        if key in document
    ]
    known = {key for key, _, _ in MEASURES} | DESCRIBED
    for key, value in document.items():
        if key not in known and not isinstance(value, dict | list):
            rows.append((key.replace("_", " "), (str(value), *(NO_VALUE for _ in parts))))
    held_out = str(document.get("held_out") or "campaigns the model was not fitted on")
    return ForecastTable(held_out, columns, tuple(rows))
