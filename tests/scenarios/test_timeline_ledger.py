"""Generated ledgers: gifts dated in their campaign, adding up exactly, read back by the loader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.campaign_file import read_campaigns
from eligibility.errors import InputError
from scenarios.season import (
    CAMPAIGNS_FILE,
    LEDGER_FILE,
    Season,
    example_season_dir,
    generate_season,
    write_season,
)
from scenarios.timeline import LEDGER_COLUMNS, ledger_problems, read_ledger

HEADER = "campaign_id,donor_id,amount,donated_on,redistribute\n"


@pytest.fixture(scope="module")
def season() -> Season:
    """A mid-size season whose ledger the tests read."""
    return generate_season(seed=17, campaigns=1_200)


def per_campaign(season: Season) -> pd.DataFrame:
    """Cents and distinct donors per campaign, from the ledger, in campaign order."""
    grouped = season.ledger.groupby("campaign_id").agg(
        cents=("amount_cents", "sum"), donors=("donor_id", "nunique")
    )
    ids = season.campaigns["campaign_id"]
    return grouped.reindex(ids, fill_value=0)


def test_gifts_add_up_to_collected_to_the_cent(season: Season) -> None:
    """Each campaign's gifts sum exactly to its collected; integers all the way."""
    assert season.ledger["amount_cents"].dtype == np.int64
    totals = per_campaign(season)
    assert np.array_equal(totals["cents"].to_numpy(), season.campaigns["collected_cents"])


def test_distinct_donors_are_the_donor_count(season: Season) -> None:
    """Each campaign's distinct donors are its donors: nobody gives twice to one campaign."""
    totals = per_campaign(season)
    assert np.array_equal(totals["donors"].to_numpy(), season.campaigns["donors"])
    assert not season.ledger.duplicated(["campaign_id", "donor_id"]).any()


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 60), st.integers(2019, 2030))
def test_small_seasons_keep_the_ledger_exact(seed: int, size: int, year: int) -> None:
    """Whatever the seed and size, the ledger matches the campaigns and dates fall in them."""
    season = generate_season(seed=seed, campaigns=size, season_year=year)
    assert not ledger_problems(season.ledger, season.campaigns)
    assert list(season.ledger.columns) == list(LEDGER_COLUMNS)


def test_one_campaign_season_has_distinct_donors() -> None:
    """Even with more gifts than the season's donor base, one campaign's donors are distinct."""
    season = generate_season(seed=3, campaigns=1)
    ledger = season.ledger
    assert ledger["donor_id"].nunique() == len(ledger) == int(season.campaigns["donors"][0])


def test_ledger_is_sorted_by_campaign_then_day(season: Season) -> None:
    """Rows go campaign by campaign in file order, each campaign's gifts by day."""
    ledger = season.ledger
    order = pd.Index(season.campaigns["campaign_id"]).get_indexer(ledger["campaign_id"])
    assert (np.diff(order) >= 0).all()
    days = ledger["donated_on"].to_numpy("datetime64[D]").astype(np.int64)
    same = np.diff(order) == 0
    assert (np.diff(days)[same] >= 0).all()


def test_last_gift_of_a_topped_up_success_is_its_latest(season: Season) -> None:
    """The gift that completes a minimum is the campaign's last, never dated before another."""
    last = season.ledger.groupby("campaign_id")["donated_on"].agg(["max", "last"])
    assert (last["max"] == last["last"]).all()


def test_redistribution_is_chosen_by_about_a_quarter(season: Season) -> None:
    """About 24 % of the gifts would be redistributed (binomial sd ~0.004 on ~25,000 gifts)."""
    share = season.ledger["redistribute"].mean()
    assert 0.22 <= share <= 0.26


def test_same_seed_same_ledger_other_seed_another() -> None:
    """The ledger is deterministic by seed."""
    first = generate_season(seed=8, campaigns=200).ledger
    again = generate_season(seed=8, campaigns=200).ledger
    other = generate_season(seed=9, campaigns=200).ledger
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_written_ledger_reads_back(season: Season, tmp_path: Path) -> None:
    """ledger.csv reads back through the loader to the same frame, checked against campaigns."""
    write_season(season, tmp_path)
    campaigns = read_campaigns(tmp_path / CAMPAIGNS_FILE).frame
    read = read_ledger(tmp_path / LEDGER_FILE, campaigns=campaigns)
    pd.testing.assert_frame_equal(read, season.ledger)
    first = (tmp_path / LEDGER_FILE).read_text(encoding="utf-8").splitlines()[:2]
    assert first[0] + "\n" == HEADER
    assert first[1].count(",") == 4


def test_example_ledger_matches_its_campaigns() -> None:
    """The shipped example's ledger loads and agrees with its campaigns."""
    folder = example_season_dir()
    campaigns = read_campaigns(folder / CAMPAIGNS_FILE).frame
    ledger = read_ledger(folder / LEDGER_FILE, campaigns=campaigns)
    assert ledger["amount_cents"].sum() == campaigns["collected_cents"].sum()


def write(tmp_path: Path, text: str, name: str = "ledger.csv") -> Path:
    """A ledger file with the given content."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, campaigns: pd.DataFrame | None = None) -> list[str]:
    """The problems the loader reports, as text."""
    with pytest.raises(InputError) as caught:
        read_ledger(path, campaigns=campaigns)
    return [str(p) for p in caught.value.problems]


def test_cell_problems_name_file_row_and_field(tmp_path: Path) -> None:
    """Every bad cell is reported with its row and field; none stops the others."""
    path = write(
        tmp_path,
        HEADER
        + "C-1,P-1,10.00,2024-01-05,false\n"
        + "C-1, P-2,10.005,2024-02-30,yes\n"
        + "C-2,P-3,0,2024-01-05,true\n"
        + ",P-4,-5,05/01/2024,\n",
    )
    assert problems_of(path) == [
        "ledger.csv, row 3, field 'donor_id': expected a non-empty identifier without "
        "surrounding spaces, got ' P-2'",
        "ledger.csv, row 3, field 'amount': expected euros with at most two decimals, got '10.005'",
        "ledger.csv, row 3, field 'donated_on': expected an ISO date YYYY-MM-DD, got "
        "'2024-02-30' (day is out of range for month)",
        "ledger.csv, row 3, field 'redistribute': expected true or false, got 'yes'",
        "ledger.csv, row 4, field 'amount': expected a positive amount, got 0.00",
        "ledger.csv, row 5, field 'campaign_id': expected a non-empty identifier without "
        "surrounding spaces, got an empty value",
        "ledger.csv, row 5, field 'amount': expected a non-negative amount of euros, got '-5'",
        "ledger.csv, row 5, field 'donated_on': expected an ISO date YYYY-MM-DD, got '05/01/2024'",
        "ledger.csv, row 5, field 'redistribute': expected true or false, got an empty value",
    ]


def test_header_problems(tmp_path: Path) -> None:
    """A missing and an unknown column are reported on row 1."""
    path = write(tmp_path, "campaign_id,donor_id,amount,date,redistribute\nC-1,P-1,5,x,true\n")
    found = problems_of(path)
    assert "ledger.csv, row 1, field 'date': unknown column 'date'" in found[0]
    assert "ledger.csv, row 1, field 'donated_on': missing column 'donated_on'" in found[1]


def test_wrong_suffix_is_refused(tmp_path: Path) -> None:
    """Only .csv ledgers are read."""
    assert problems_of(write(tmp_path, HEADER, "ledger.xlsx")) == [
        "ledger.xlsx: expected a .csv ledger file, got the suffix '.xlsx'"
    ]


def tiny_campaigns() -> pd.DataFrame:
    """Two campaigns in cents, as a campaigns file gives them."""
    return pd.DataFrame(
        {
            "campaign_id": ["C-1", "C-2"],
            "collected_cents": [2_500, 1_000],
            "donors": [2, 1],
            "starts_on": np.array(["2024-01-01", "2024-02-01"], dtype="datetime64[s]"),
            "ends_on": np.array(["2024-01-31", "2024-02-29"], dtype="datetime64[s]"),
        }
    )


def test_ledger_disagreeing_with_its_campaigns(tmp_path: Path) -> None:
    """Unknown campaigns, gifts out of their dates, wrong totals and donors are each reported."""
    path = write(
        tmp_path,
        HEADER
        + "C-1,P-1,10.00,2024-01-05,false\n"
        + "C-1,P-1,10.00,2024-02-05,false\n"
        + "C-9,P-2,5.00,2024-01-05,false\n",
    )
    assert problems_of(path, tiny_campaigns()) == [
        "ledger.csv, field 'amount': expected the gifts to 'C-2' to add up to its "
        "collected 10.00, got 0.00",
        "ledger.csv, field 'donor_id': expected 1 distinct donors to 'C-2' as its donors "
        "says, got 0",
        "ledger.csv, row 3, field 'donated_on': expected a date from 2024-01-01 to 2024-01-31, "
        "when campaign 'C-1' runs, got 2024-02-05",
        "ledger.csv, row 3, field 'amount': expected the gifts to 'C-1' to add up to its "
        "collected 25.00, got 20.00",
        "ledger.csv, row 3, field 'donor_id': expected 2 distinct donors to 'C-1' as its donors "
        "says, got 1",
        "ledger.csv, row 4, field 'campaign_id': unknown campaign 'C-9': not in the campaigns",
    ]
