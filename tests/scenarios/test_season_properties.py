"""Invariants of every generated season, whatever the seed, size or year."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.campaigns import VALIDATED_COLUMNS
from scenarios.season import (
    CAMPAIGN_COLUMNS,
    MIN_DONATION_EUROS,
    Season,
    earlier_failed_count,
    generate_season,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
sizes = st.integers(min_value=1, max_value=80)
years = st.integers(min_value=2019, max_value=2030)


def small_season(seed: int, size: int, year: int) -> Season:
    """A small season for property checks."""
    return generate_season(seed=seed, campaigns=size, season_year=year)


@settings(max_examples=40, deadline=None)
@given(seeds, sizes, years)
def test_gifts_add_up_to_collected(seed: int, size: int, year: int) -> None:
    """``collected`` and ``donors`` are exactly the sum and count of the gifts behind them."""
    season = small_season(seed, size, year)
    collected, donors = season.gifts.per_campaign(size)
    assert np.array_equal(collected, season.campaigns["collected_cents"].to_numpy())
    assert np.array_equal(donors, season.campaigns["donors"].to_numpy())
    assert np.all(np.diff(season.gifts.campaign_row) >= 0)


@settings(max_examples=40, deadline=None)
@given(seeds, sizes, years)
def test_goals_and_amounts_are_consistent(seed: int, size: int, year: int) -> None:
    """Optimum ≥ minimum ≥ 100 €, collected never passes the optimum, nights are never negative."""
    frame = small_season(seed, size, year).campaigns
    assert (frame["min_goal_cents"] >= 100_00).all()
    assert (frame["optimum_goal_cents"] >= frame["min_goal_cents"]).all()
    assert (frame["collected_cents"] <= frame["optimum_goal_cents"]).all()
    assert (frame["nights"] >= 0).all()


@settings(max_examples=40, deadline=None)
@given(seeds, sizes, years)
def test_dates_within_the_season(seed: int, size: int, year: int) -> None:
    """Campaigns end in the season's year, after they start; donations by its last deadline."""
    season = small_season(seed, size, year)
    frame = season.campaigns
    ends = pd.DatetimeIndex(frame["ends_on"])
    assert (ends.year == year).all()
    assert (frame["starts_on"] < frame["ends_on"]).all()
    on = season.donations["redistributed_on"]
    assert (pd.DatetimeIndex(on).year == year).all()
    assert (on <= frame["ends_on"].max()).all()
    assert on.is_monotonic_increasing


@settings(max_examples=40, deadline=None)
@given(seeds, sizes, years)
def test_origins_are_earlier_failed_campaigns(seed: int, size: int, year: int) -> None:
    """Every origin is an earlier failed campaign of the year before, never one of the file."""
    season = small_season(seed, size, year)
    earlier = season.earlier
    assert len(earlier) == earlier_failed_count(size) >= 1
    ids = earlier.campaign_id.tolist()
    assert ids == [f"C{year - 1}-F{k:04d}" for k in range(1, len(ids) + 1)]
    assert not set(ids) & set(season.campaigns["campaign_id"])
    assert set(season.donations["origin_campaign_id"]) <= set(ids)
    assert len(season.donations) <= len(earlier.gifts)
    assert (earlier.gifts.amount_cents >= MIN_DONATION_EUROS * 100).all()
    assert np.all(np.diff(earlier.gifts.campaign_row) >= 0)


@settings(max_examples=25, deadline=None)
@given(seeds, sizes)
def test_season_converts_to_the_engine_tables(seed: int, size: int) -> None:
    """The campaign frame has the validated columns and builds a ``CampaignTable``."""
    season = small_season(seed, size, 2024)
    assert tuple(season.campaigns.columns) == CAMPAIGN_COLUMNS
    assert set(CAMPAIGN_COLUMNS) == set(VALIDATED_COLUMNS)
    assert len(season.campaign_table()) == size
    assert len(season.donation_table()) == len(season.donations)


@settings(max_examples=20, deadline=None)
@given(seeds, sizes)
def test_generation_is_a_pure_function_of_its_arguments(seed: int, size: int) -> None:
    """Generating twice gives equal frames, funds and earlier campaigns."""
    first, second = small_season(seed, size, 2024), small_season(seed, size, 2024)
    pd.testing.assert_frame_equal(first.campaigns, second.campaigns)
    pd.testing.assert_frame_equal(first.donations, second.donations)
    assert first.funds == second.funds
    assert np.array_equal(first.earlier.campaign_id, second.earlier.campaign_id)
    assert np.array_equal(first.earlier.gifts.amount_cents, second.earlier.gifts.amount_cents)
