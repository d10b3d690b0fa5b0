"""Snapshots: a season as known at the end of a day, hand-checked on a tiny ledger."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from eligibility.campaign_file import campaigns_from_frame
from eligibility.campaigns import FILE_COLUMNS
from scenarios.season import generate_season
from scenarios.timeline import (
    SeasonHistory,
    file_frame,
    known_totals,
    snapshot_at,
    snapshot_columns,
)


def campaign(campaign_id: str, starts_on: str, ends_on: str, collected: str, donors: str) -> dict:
    """One campaigns-file row as text."""
    return {
        "campaign_id": campaign_id,
        "uai": "0951234X",
        "school_name": "École Jean Jaurès",
        "school_type": "ecole_elementaire",
        "sector": "public",
        "departement": "095",
        "commune": "Argenteuil",
        "priority_education": "REP",
        "isolated": "false",
        "inclusive": "false",
        "themes": "arts",
        "nights": "0",
        "min_goal": "100.00",
        "optimum_goal": "200.00",
        "collected": collected,
        "donors": donors,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@pytest.fixture
def campaigns() -> pd.DataFrame:
    """Three campaigns, the last starting after the first snapshot day."""
    return pd.DataFrame(
        [
            campaign("C-1", "2024-01-01", "2024-01-31", "60.50", "2"),
            campaign("C-2", "2024-01-10", "2024-02-10", "25.00", "1"),
            campaign("C-3", "2024-01-20", "2024-02-20", "5.00", "1"),
        ],
        dtype=object,
    )


@pytest.fixture
def ledger() -> pd.DataFrame:
    """P-1 gives to C-1 twice, on the snapshot day and after."""
    return pd.DataFrame(
        {
            "campaign_id": ["C-1", "C-1", "C-2", "C-1", "C-3"],
            "donor_id": ["P-1", "P-2", "P-3", "P-1", "P-4"],
            "amount_cents": np.array([10_00, 20_50, 25_00, 30_00, 5_00], dtype=np.int64),
            "donated_on": np.array(
                ["2024-01-01", "2024-01-15", "2024-01-16", "2024-01-20", "2024-01-20"],
                dtype="datetime64[s]",
            ),
            "redistribute": [False, True, False, False, False],
        }
    )


def test_day_is_inclusive(campaigns: pd.DataFrame, ledger: pd.DataFrame) -> None:
    """On 15 January: C-1 has 10.00 + 20.50 (the 15th counts), C-2 nothing yet, C-3 not started."""
    known = snapshot_at(campaigns, ledger, date(2024, 1, 15))
    assert known["campaign_id"].tolist() == ["C-1", "C-2"]
    assert known["collected"].tolist() == ["30.50", "0.00"]
    assert known["donors"].tolist() == ["2", "0"]


def test_a_donor_giving_twice_counts_once(campaigns: pd.DataFrame, ledger: pd.DataFrame) -> None:
    """On 20 January C-1 has 60.50 from two donors; C-3 starts and has its first gift."""
    known = snapshot_at(campaigns, ledger, date(2024, 1, 20))
    assert known["campaign_id"].tolist() == ["C-1", "C-2", "C-3"]
    assert known["collected"].tolist() == ["60.50", "25.00", "5.00"]
    assert known["donors"].tolist() == ["2", "1", "1"]


def test_before_any_start_nothing_is_known(campaigns: pd.DataFrame, ledger: pd.DataFrame) -> None:
    """Before the first start the snapshot is empty, with the file's columns."""
    known = snapshot_at(campaigns, ledger, date(2023, 12, 31))
    assert known.empty
    assert tuple(known.columns) == FILE_COLUMNS


def test_snapshot_goes_straight_into_the_loader(
    campaigns: pd.DataFrame, ledger: pd.DataFrame
) -> None:
    """The file-format frame loads as campaigns.csv does; other columns are untouched."""
    known = snapshot_at(campaigns, ledger, date(2024, 1, 16))
    table = campaigns_from_frame(known, source="snapshot")
    assert table.frame["collected_cents"].tolist() == [30_50, 25_00]
    assert table.frame["need_cents"].tolist() == [69_50, 75_00]
    assert (
        (
            known.drop(columns=["collected", "donors"])
            == campaigns.iloc[:2].drop(columns=["collected", "donors"])
        )
        .all()
        .all()
    )


def test_cents_frame_and_season_like_inputs_agree(
    campaigns: pd.DataFrame, ledger: pd.DataFrame
) -> None:
    """A cents frame, a text frame and a season holding both give the same snapshot."""
    cents = campaigns_from_frame(campaigns, source="c").frame
    day = date(2024, 1, 16)
    expected = snapshot_at(campaigns, ledger, day)
    pd.testing.assert_frame_equal(snapshot_at(cents, ledger, day), expected)
    pd.testing.assert_frame_equal(snapshot_at(SeasonHistory(cents, ledger), None, day), expected)
    columns = snapshot_columns(cents, ledger, day)
    assert columns["collected_cents"].tolist() == [30_50, 25_00]
    pd.testing.assert_frame_equal(file_frame(columns), expected)


def test_a_campaigns_frame_needs_its_ledger_and_a_day(campaigns: pd.DataFrame) -> None:
    """Forgetting the ledger or the day is a TypeError, not an empty snapshot."""
    with pytest.raises(TypeError, match="ledger"):
        snapshot_at(campaigns, None, date(2024, 1, 1))
    with pytest.raises(TypeError, match="day"):
        snapshot_at(campaigns, pd.DataFrame())


def test_known_totals_ignore_other_campaigns(ledger: pd.DataFrame) -> None:
    """Totals are for the ids asked, in their order; gifts to other campaigns are left out."""
    cents, donors = known_totals(["C-3", "C-1"], ledger, day=date(2024, 12, 31))
    assert cents.tolist() == [5_00, 60_50]
    assert donors.tolist() == [1, 2]


def test_snapshot_after_the_season_is_the_final_file() -> None:
    """After the last deadline, a generated season's snapshot is its campaigns, as generated."""
    season = generate_season(seed=4, campaigns=150)
    known = snapshot_columns(season, None, date(2025, 1, 1))
    generated = season.campaigns[list(known.columns)]
    pd.testing.assert_frame_equal(known, generated, check_dtype=False)


def test_collected_only_grows_through_the_season() -> None:
    """Week by week, no campaign's known amount or donors ever goes down."""
    season = generate_season(seed=6, campaigns=200)
    ids = season.campaigns["campaign_id"]
    previous = np.zeros(len(ids), dtype=np.int64)
    previous_donors = np.zeros(len(ids), dtype=np.int64)
    for week in range(60):
        day = date(2023, 12, 1) + pd.Timedelta(days=7 * week).to_pytimedelta()
        cents, donors = known_totals(ids, season.ledger, day=day)
        assert (cents >= previous).all()
        assert (donors >= previous_donors).all()
        previous, previous_donors = cents, donors
    assert np.array_equal(previous, season.campaigns["collected_cents"])
