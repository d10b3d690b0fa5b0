"""How well a fitted forecaster does on seasons it has not seen, looked at round by round.

On each evaluation day (weekly by default, from the season's first start), every campaign still
running (started, deadline still ahead) is forecast from what was known at the end of that day
and compared with what it finally collected.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from scenarios.forecast.features import Standing, standing_on
from scenarios.forecast.model import Forecaster
from scenarios.timeline import SeasonHistory, campaign_columns, snapshot_columns

LEVEL = 0.9
# Quarters of a campaign's course, for the figures by elapsed time.
_QUARTERS = ("0-25%", "25-50%", "50-75%", "75-100%")


def evaluate_forecaster(
    fitted: Forecaster, held_out: Sequence[SeasonHistory], days: int | Sequence[date] = 7
) -> dict[str, object]:
    """Error figures on held-out seasons: all, and by quarter of the campaigns' course.

    ``days`` is the step in days between evaluation days, or the evaluation days themselves.
    Figures: ``mae_euros`` (mean absolute error of the expected final), ``median_ape_percent``
    (median absolute error as a percentage of the final, finals above 0), ``coverage_90`` (share
    of finals inside the 90 % band), ``band_width_euros`` (its mean width), ``brier`` and
    ``accuracy`` of the success probability (at 0.5), and ``brier_constant`` (Brier score of
    always answering the held-out success rate, a floor any useful model beats).
    """
    parts = [_season_points(fitted, season, days) for season in held_out]
    points = {key: np.concatenate([p[key] for p in parts]) for key in _KEYS}
    if not len(points["final"]):
        raise ValueError("expected held-out seasons with running campaigns to evaluate on")
    quarter = np.minimum((points["elapsed"] * 4).astype(np.int64), 3)
    return {
        "seasons": len(held_out),
        "days": days if isinstance(days, int) else [d.isoformat() for d in days],
        **_figures(points, np.ones(len(points["final"]), dtype=bool)),
        "by_elapsed": {name: _figures(points, quarter == q) for q, name in enumerate(_QUARTERS)},
    }


_KEYS = ("final", "expected", "low", "high", "chance", "success", "elapsed")


def _season_points(
    fitted: Forecaster, season: SeasonHistory, days: int | Sequence[date]
) -> dict[str, np.ndarray]:
    frame = campaign_columns(season.campaigns)
    final = dict(
        zip(frame["campaign_id"], frame["collected_cents"].to_numpy(np.int64), strict=True)
    )
    rows: list[dict[str, np.ndarray]] = []
    for day in _evaluation_days(frame["starts_on"], frame["ends_on"], days):
        known = snapshot_columns(frame, season.ledger, day)
        running = known["ends_on"].to_numpy("datetime64[D]") > np.datetime64(day, "D")
        if running.any():
            known = known[running].reset_index(drop=True)
            ends = np.array([final[c] for c in known["campaign_id"]], dtype=np.int64)
            rows.append(_points(fitted, standing_on(known, day), ends))
    if not rows:
        return {key: np.zeros(0) for key in _KEYS}
    return {key: np.concatenate([r[key] for r in rows]) for key in _KEYS}


def _points(fitted: Forecaster, standing: Standing, final: np.ndarray) -> dict[str, np.ndarray]:
    low, high = fitted.band(standing, level=LEVEL)
    return {
        "final": final,
        "expected": fitted.expected(standing),
        "low": low,
        "high": high,
        "chance": fitted.chance(standing),
        "success": final >= standing.min_goal,
        "elapsed": standing.elapsed,
    }


def _evaluation_days(starts: object, ends: object, days: int | Sequence[date]) -> list[date]:
    if not isinstance(days, int):
        return list(days)
    if days < 1:
        raise ValueError(f"expected a step of at least one day, got {days}")
    first = np.asarray(starts).astype("datetime64[D]").min().astype(date)
    last = np.asarray(ends).astype("datetime64[D]").max().astype(date)
    count = (last - first).days // days + 1
    return [first + timedelta(days=k * days) for k in range(count)]


def _figures(points: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, float | int]:
    final = points["final"][rows]
    if not len(final):
        return {"points": 0}
    error = np.abs(points["expected"][rows] - final)
    positive = final > 0
    success = points["success"][rows].astype(float)
    chance = points["chance"][rows]
    inside = (points["low"][rows] <= final) & (final <= points["high"][rows])
    return {
        "points": len(final),
        "mae_euros": round(float(error.mean()) / 100, 2),
        "median_ape_percent": round(
            float(np.median(error[positive] / final[positive])) * 100 if positive.any() else 0.0,
            2,
        ),
        "coverage_90": round(float(inside.mean()), 4),
        "band_width_euros": round(
            float((points["high"][rows] - points["low"][rows]).mean()) / 100, 2
        ),
        "brier": round(float(((chance - success) ** 2).mean()), 4),
        "brier_constant": round(float(success.var()), 4),
        "accuracy": round(float(((chance >= 0.5) == (success > 0)).mean()), 4),
        "success_rate": round(float(success.mean()), 4),
    }
