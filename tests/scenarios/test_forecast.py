"""The forecast model: sane bounds, determinism, and honest figures on held-out seasons."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eligibility.errors import InputError
from scenarios.forecast import (
    Forecaster,
    default_forecaster,
    evaluate_forecaster,
    fit_forecaster,
    history_forecaster,
    standing_on,
)
from scenarios.season import past_seasons, write_history
from scenarios.timeline import SeasonHistory, load_history, snapshot_at, snapshot_columns

DAY = date(2024, 3, 15)


@pytest.fixture(scope="module")
def fitted() -> Forecaster:
    """A model fitted on three generated seasons of 800 campaigns (2021 to 2023)."""
    seasons = past_seasons(seed=31, campaigns=800, season_year=2024, count=3)
    return fit_forecaster([s.history() for s in seasons])


@pytest.fixture(scope="module")
def held_out() -> list[SeasonHistory]:
    """Two seasons of other seeds, never seen in fitting."""
    return [s.history() for s in past_seasons(seed=77, campaigns=800, season_year=2025, count=2)]


@pytest.fixture(scope="module")
def known(held_out: list[SeasonHistory]) -> pd.DataFrame:
    """A held-out season as known on 15 March 2024, in the campaigns file's text columns."""
    return snapshot_at(held_out[0], None, DAY)


def cents_of(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A money column of a text snapshot, in cents."""
    return snapshot_cents(frame)[f"{column}_cents"].to_numpy(np.int64)


def snapshot_cents(frame: pd.DataFrame) -> pd.DataFrame:
    """The text snapshot read into cents."""
    from eligibility.campaign_file import campaigns_from_frame

    return campaigns_from_frame(frame, source="snapshot").frame


def test_prediction_between_collected_and_optimum(fitted: Forecaster, known: pd.DataFrame) -> None:
    """The expected final is never below what is collected nor above the optimum."""
    expected = fitted.predict(known, DAY)
    collected = cents_of(known, "collected")
    assert expected.dtype == np.int64
    assert (expected >= collected).all()
    assert (expected <= np.maximum(collected, cents_of(known, "optimum_goal"))).all()
    assert (expected > collected).any()


def test_finished_campaigns_are_known(fitted: Forecaster, known: pd.DataFrame) -> None:
    """A campaign past its deadline keeps its amount; its success is certain either way."""
    over = pd.to_datetime(known["ends_on"]).dt.date.to_numpy() <= DAY
    assert over.any()
    collected = cents_of(known, "collected")
    reached = collected >= cents_of(known, "min_goal")
    assert np.array_equal(fitted.predict(known, DAY)[over], collected[over])
    chance = fitted.success_probability(known, DAY)
    assert np.array_equal(chance[over], reached[over].astype(float))
    assert (chance[reached] == 1.0).all()
    assert ((chance >= 0) & (chance <= 1)).all()


def test_text_and_cents_frames_agree(
    fitted: Forecaster, known: pd.DataFrame, held_out: list[SeasonHistory]
) -> None:
    """The snapshot's text columns and its cents columns give the same forecasts."""
    cents = snapshot_columns(held_out[0], None, DAY)
    assert np.array_equal(fitted.predict(known, DAY), fitted.predict(cents, DAY))


def test_sample_is_deterministic_by_seed(fitted: Forecaster, known: pd.DataFrame) -> None:
    """The same seed draws the same outcomes; another seed others; bounds always hold."""
    first = fitted.sample(known, DAY, draws=50, seed=1)
    assert first.shape == (50, len(known))
    assert first.dtype == np.int64
    assert np.array_equal(first, fitted.sample(known, DAY, draws=50, seed=1))
    assert not np.array_equal(first, fitted.sample(known, DAY, draws=50, seed=2))
    collected = cents_of(known, "collected")
    assert (first >= collected).all()
    assert (first <= np.maximum(collected, cents_of(known, "optimum_goal"))).all()


def test_sample_agrees_with_predict_and_probability(
    fitted: Forecaster, known: pd.DataFrame
) -> None:
    """Averaged over many draws, samples match the expected final and the success probability."""
    draws = fitted.sample(known, DAY, draws=4_000, seed=5)
    expected = fitted.predict(known, DAY)
    total = expected.sum()
    assert abs(draws.mean(axis=0).sum() - total) <= 0.01 * total
    success = (draws >= cents_of(known, "min_goal")).mean(axis=0)
    chance = fitted.success_probability(known, DAY)
    assert np.abs(success - chance).max() <= 0.05


def test_band_holds_the_prediction(fitted: Forecaster, known: pd.DataFrame) -> None:
    """The 90 % band is ordered, within bounds, and wider than the 50 % band."""
    low, high = fitted.interval(known, DAY)
    narrow_low, narrow_high = fitted.interval(known, DAY, level=0.5)
    assert (low <= narrow_low).all()
    assert (narrow_high <= high).all()
    assert (low >= cents_of(known, "collected")).all()
    with pytest.raises(ValueError, match="level"):
        fitted.interval(known, DAY, level=1.0)


def test_held_out_figures(fitted: Forecaster, held_out: list[SeasonHistory]) -> None:
    """On unseen seasons: the 90 % band covers 85-95 %, success beats a constant guess."""
    figures = evaluate_forecaster(fitted, held_out, days=7)
    json.dumps(figures)
    assert figures["seasons"] == 2
    assert isinstance(figures["points"], int)
    assert figures["points"] > 5_000
    assert 0.85 <= float(figures["coverage_90"]) <= 0.95  # type: ignore[arg-type]
    assert float(figures["brier"]) < float(figures["brier_constant"])  # type: ignore[arg-type]
    assert float(figures["mae_euros"]) < 400  # type: ignore[arg-type]
    late = figures["by_elapsed"]["75-100%"]  # type: ignore[index]
    early = figures["by_elapsed"]["0-25%"]  # type: ignore[index]
    assert late["mae_euros"] < early["mae_euros"]


def test_evaluation_on_given_days(fitted: Forecaster, held_out: list[SeasonHistory]) -> None:
    """Evaluation days may be given as dates; a day with no running campaign adds nothing."""
    figures = evaluate_forecaster(fitted, held_out[:1], days=[date(2020, 1, 1), DAY])
    assert figures["days"] == ["2020-01-01", "2024-03-15"]
    running = standing_on(snapshot_columns(held_out[0], None, DAY), DAY)
    assert figures["points"] == int((~running.over).sum())


def test_fitting_needs_examples() -> None:
    """An empty history is refused."""
    with pytest.raises(ValueError, match="past seasons"):
        fit_forecaster([])


def test_default_forecaster_is_fitted_once() -> None:
    """The default model is built once per process and is a working forecaster."""
    first = default_forecaster()
    assert default_forecaster() is first
    assert first.examples > 10_000


def test_a_history_folder_fits_on_every_season_and_measures_on_the_latest(
    tmp_path: Path, known: pd.DataFrame
) -> None:
    """history_forecaster: figures of the model fitted without the latest season, on it; the
    model returned is fitted on all of them. One season alone cannot be measured."""
    seasons = past_seasons(seed=31, campaigns=300, season_year=2024, count=3)
    write_history(seasons, tmp_path)
    forecaster, figures = history_forecaster(tmp_path / "history")
    histories = load_history(tmp_path / "history")
    assert [h.name for h in histories] == ["2021", "2022", "2023"]
    assert figures == {
        "held_out": "the past season 2023, forecast weekly by the model fitted on 2021, 2022",
        **evaluate_forecaster(fit_forecaster(histories[:2]), histories[2:], days=7),
    }
    every = fit_forecaster(histories)
    assert np.array_equal(forecaster.predict(known, DAY), every.predict(known, DAY))
    with pytest.raises(InputError, match="at least two past seasons, found 1"):
        history_forecaster(tmp_path / "history" / "2021")
    with pytest.raises(InputError, match="expected a folder of past seasons"):
        history_forecaster(tmp_path / "no-such-history")
