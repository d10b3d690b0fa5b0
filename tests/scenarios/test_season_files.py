"""Written seasons follow the file contract, byte for byte the same for the same seed."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from allocator.donation_file import read_donations
from allocator.fund_file import read_funds
from eligibility.campaign_file import read_campaigns
from eligibility.campaigns import FILE_COLUMNS
from eligibility.reference import departements
from eligibility.rules import parse_rule
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS, THEMES
from scenarios.season import (
    CAMPAIGNS_FILE,
    DONATIONS_FILE,
    EXAMPLE_CAMPAIGNS,
    EXAMPLE_SEASON_YEAR,
    EXAMPLE_SEED,
    FUNDS_FILE,
    LEDGER_FILE,
    MIN_DONATION_EUROS,
    MIN_GOAL_CAP_EUROS,
    Season,
    earlier_failed_count,
    example_season_dir,
    generate_season,
    write_season,
)
from scenarios.season.donations import first_deadlines

UAI = re.compile(r"[0-9]{7}[A-Z]")
EUROS = re.compile(r"[0-9]+\.[0-9]{2}")
CAMPAIGN_ID = re.compile(r"C2024-[0-9]{5}")
DONATION_ID = re.compile(r"D2024-[0-9]{6}")
ORIGIN_ID = re.compile(r"C2023-F[0-9]{4}")
DONOR_ID = re.compile(r"P[0-9]{6}")
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
FUND_KEYS = (
    "id",
    "name",
    "kind",
    "budget",
    "rule",
    "cap_per_campaign",
    "cap_share_of_min_goal",
    "match_ratio",
    "valid_from",
    "valid_until",
)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a written CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def cents(text: str) -> int:
    """Euros written by the generator, as cents."""
    return int(Decimal(text) * 100)


@pytest.fixture(scope="module")
def season() -> Season:
    """A mid-size season whose files every contract test reads."""
    return generate_season(seed=11, campaigns=1_500)


@pytest.fixture(scope="module")
def written(season: Season, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The season written to a fresh folder."""
    folder = tmp_path_factory.mktemp("season")
    write_season(season, folder)
    return folder


@pytest.fixture(scope="module")
def campaign_rows(written: Path) -> list[dict[str, str]]:
    """The rows of the written campaigns file."""
    header, rows = read_rows(written / CAMPAIGNS_FILE)
    assert tuple(header) == FILE_COLUMNS
    return rows


def test_write_returns_the_four_files_in_order(season: Season, tmp_path: Path) -> None:
    """Exactly campaigns.csv, funds.json, donations.csv and ledger.csv are written, nothing else."""
    paths = write_season(season, tmp_path / "new")
    assert [p.name for p in paths] == [CAMPAIGNS_FILE, FUNDS_FILE, DONATIONS_FILE, LEDGER_FILE]
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == sorted(p.name for p in paths)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """Two generations with the same seed and size write identical bytes."""
    for run in ("a", "b"):
        write_season(generate_season(seed=5, campaigns=300), tmp_path / run)
    for name in (CAMPAIGNS_FILE, FUNDS_FILE, DONATIONS_FILE, LEDGER_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_different_seeds_differ(tmp_path: Path) -> None:
    """Another seed gives other campaigns and donations."""
    for seed in (5, 6):
        write_season(generate_season(seed=seed, campaigns=300), tmp_path / str(seed))
    for name in (CAMPAIGNS_FILE, DONATIONS_FILE, LEDGER_FILE):
        assert (tmp_path / "5" / name).read_bytes() != (tmp_path / "6" / name).read_bytes()


def test_files_use_unix_line_endings(written: Path) -> None:
    """No carriage return anywhere; every file ends with a newline."""
    for name in (CAMPAIGNS_FILE, FUNDS_FILE, DONATIONS_FILE, LEDGER_FILE):
        data = (written / name).read_bytes()
        assert b"\r" not in data
        assert data.endswith(b"\n")


def test_campaign_identities(campaign_rows: list[dict[str, str]]) -> None:
    """Ids are unique and numbered; UAIs are well formed, prefixed by the département."""
    reference = departements()
    assert len({r["campaign_id"] for r in campaign_rows}) == len(campaign_rows)
    for row in campaign_rows:
        assert CAMPAIGN_ID.fullmatch(row["campaign_id"])
        uai, code = row["uai"], row["departement"]
        assert code in reference
        assert UAI.fullmatch(uai)
        prefix = {"2A": "620", "2B": "720"}.get(code, code)
        assert uai.startswith(prefix)
        assert uai[7] == UAI_LETTERS[int(uai[:7]) % 23]
        assert row["school_name"]
        assert row["commune"]


def test_campaign_vocabularies(campaign_rows: list[dict[str, str]]) -> None:
    """Closed fields hold only their vocabulary; themes are 1-3 in canonical order."""
    for row in campaign_rows:
        assert row["school_type"] in SCHOOL_TYPES
        assert row["sector"] in SECTORS
        assert row["priority_education"] in PRIORITY_EDUCATION
        assert row["isolated"] in ("true", "false")
        assert row["inclusive"] in ("true", "false")
        themes = row["themes"].split(";")
        assert 1 <= len(themes) <= 3
        assert themes == sorted(themes, key=THEMES.index)
        assert len(set(themes)) == len(themes)


def test_priority_education_is_public_ecoles_and_colleges(
    campaign_rows: list[dict[str, str]],
) -> None:
    """REP and REP+ schools are public écoles or collèges, as in the national list."""
    for row in campaign_rows:
        if row["priority_education"]:
            assert row["sector"] == "public"
            assert not row["school_type"].startswith("lycee")


def test_campaign_money_and_counts(campaign_rows: list[dict[str, str]]) -> None:
    """Money has two decimals, goals are round and ordered, collected matches its donors."""
    for row in campaign_rows:
        for column in ("min_goal", "optimum_goal", "collected"):
            assert EUROS.fullmatch(row[column]), (column, row[column])
        minimum, optimum = cents(row["min_goal"]), cents(row["optimum_goal"])
        assert minimum % 1_000 == 0
        assert minimum <= MIN_GOAL_CAP_EUROS * 100
        assert minimum <= optimum
        collected, donors = cents(row["collected"]), int(row["donors"])
        assert collected <= optimum
        assert (donors == 0) == (collected == 0)
        assert collected >= donors * MIN_DONATION_EUROS * 100 or collected >= minimum
        assert int(row["nights"]) >= 0


def test_campaign_dates(campaign_rows: list[dict[str, str]]) -> None:
    """Dates are ISO; campaigns end within the season and last about one to three months."""
    for row in campaign_rows:
        starts, ends = date.fromisoformat(row["starts_on"]), date.fromisoformat(row["ends_on"])
        assert ends.year == 2024
        assert 28 <= (ends - starts).days <= 95


def test_funds_file(written: Path, season: Season) -> None:
    """Keys in documented order, euros as strings, whole-euro budgets, windows in the season."""
    funds = json.loads((written / FUNDS_FILE).read_text(encoding="utf-8"))["funds"]
    assert len(funds) == len(season.funds)
    for record in funds:
        keys = list(record)
        assert keys == [k for k in FUND_KEYS if k in record]
        assert record["kind"] in ("patron", "thematic")
        assert EUROS.fullmatch(record["budget"])
        assert record["budget"].endswith(".00")
        if "cap_per_campaign" in record:
            assert EUROS.fullmatch(record["cap_per_campaign"])
        parse_rule(record["rule"])
        assert record["valid_from"] <= record["valid_until"]
        assert record["valid_from"].startswith("2024-")
        assert record["valid_until"].startswith("2024-")
    kinds = {r["kind"] for r in funds}
    assert kinds == {"patron", "thematic"}


def test_funds_with_caps_and_ratios(season: Season) -> None:
    """Some funds cap per campaign, some by share of the minimum, some match the public."""
    assert any(f.cap_per_campaign_cents for f in season.funds)
    assert any(f.cap_share_of_min_goal is not None for f in season.funds)
    assert any(f.match_ratio is not None for f in season.funds)


def test_fund_budgets_scale_with_the_season() -> None:
    """At platform size the funds hold the 2023 solidarity money, the mountain fund 20,000 €."""
    funds = generate_season(seed=1, campaigns=1_444).funds
    assert sum(f.budget_cents for f in funds) == 126_437_00
    assert next(f for f in funds if f.id == "mountain-classes").budget_cents == 20_000_00


def test_donations_file(written: Path, campaign_rows: list[dict[str, str]], season: Season) -> None:
    """Donations come from earlier failed campaigns, never the file's, dated in the season."""
    header, rows = read_rows(written / DONATIONS_FILE)
    assert header == [
        "donation_id",
        "donor_id",
        "amount",
        "origin_campaign_id",
        "redistributed_on",
        "scope",
    ]
    assert rows
    in_file = {r["campaign_id"] for r in campaign_rows}
    earlier = set(season.earlier.campaign_id.tolist())
    last_deadline = max(date.fromisoformat(r["ends_on"]) for r in campaign_rows)
    assert len({r["donation_id"] for r in rows}) == len(rows)
    for row in rows:
        assert DONATION_ID.fullmatch(row["donation_id"])
        assert DONOR_ID.fullmatch(row["donor_id"])
        assert EUROS.fullmatch(row["amount"])
        assert cents(row["amount"]) >= MIN_DONATION_EUROS * 100
        assert ORIGIN_ID.fullmatch(row["origin_campaign_id"])
        assert row["origin_campaign_id"] in earlier
        assert row["origin_campaign_id"] not in in_file
        on = date.fromisoformat(row["redistributed_on"])
        assert date(2024, 1, 1) <= on <= last_deadline
        if row["scope"]:
            parse_rule(row["scope"])
    dates = [r["redistributed_on"] for r in rows]
    assert dates == sorted(dates)
    assert any(r["scope"] for r in rows)
    assert sum(not r["scope"] for r in rows) > 0.85 * len(rows)


def test_donations_arrive_before_the_first_deadlines_and_through_the_season(
    written: Path, season: Season
) -> None:
    """About half the donations precede the first tenth of deadlines; the rest come after."""
    _, rows = read_rows(written / DONATIONS_FILE)
    first = str(first_deadlines(season.campaigns))
    early = sum(r["redistributed_on"] <= first for r in rows) / len(rows)
    assert 0.4 <= early <= 0.6
    months = {r["redistributed_on"][:7] for r in rows}
    assert {"2024-01", "2024-06", "2024-10"} <= months


def test_earlier_failed_campaigns(season: Season) -> None:
    """As many as the failing share of the season, numbered apart, each with donors and gifts."""
    earlier = season.earlier
    assert len(earlier) == earlier_failed_count(1_500) == 90
    assert [str(i) for i in earlier.campaign_id[:2]] == ["C2023-F0001", "C2023-F0002"]
    assert all(ORIGIN_ID.fullmatch(str(i)) for i in earlier.campaign_id)
    _, donors = earlier.gifts.per_campaign(len(earlier))
    assert (donors >= 1).all()
    assert (earlier.gifts.amount_cents >= MIN_DONATION_EUROS * 100).all()
    assert set(earlier.departement.tolist()) <= set(departements())


def test_each_donation_is_a_gift_of_its_origin(season: Season) -> None:
    """Every donation is one distinct gift of its origin's donors: same donor, same amount."""
    gifts = season.earlier.gifts
    origins = season.earlier.campaign_id[gifts.campaign_row].tolist()
    available = Counter(
        zip(origins, gifts.donor.tolist(), gifts.amount_cents.tolist(), strict=True)
    )
    donations = season.donations
    passed_on = Counter(
        zip(
            donations["origin_campaign_id"].tolist(),
            [int(d[1:]) for d in donations["donor_id"]],
            donations["amount_cents"].tolist(),
            strict=True,
        )
    )
    assert not passed_on - available


def test_files_load_through_the_project_loaders(written: Path, season: Season) -> None:
    """The loaders accept the files and read back exactly the generated season."""
    table = read_campaigns(written / CAMPAIGNS_FILE)
    assert table.frame.equals(season.campaign_table().frame)
    assert read_funds(written / FUNDS_FILE) == season.funds
    donations = read_donations(written / DONATIONS_FILE)
    assert donations.frame.equals(season.donation_table().frame)


def test_example_is_the_generator_output(tmp_path: Path) -> None:
    """The shipped example is byte for byte what the generator writes for its seed and size."""
    season = generate_season(
        seed=EXAMPLE_SEED, campaigns=EXAMPLE_CAMPAIGNS, season_year=EXAMPLE_SEASON_YEAR
    )
    write_season(season, tmp_path)
    shipped = example_season_dir()
    for name in (CAMPAIGNS_FILE, FUNDS_FILE, DONATIONS_FILE, LEDGER_FILE):
        assert (shipped / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} drifted from the generator: regenerate scenarios/data/example"
        )


def test_example_has_the_documented_size() -> None:
    """The example folder holds 400 campaigns and some donations, none from its campaigns."""
    _, campaigns = read_rows(example_season_dir() / CAMPAIGNS_FILE)
    _, donations = read_rows(example_season_dir() / DONATIONS_FILE)
    assert len(campaigns) == EXAMPLE_CAMPAIGNS
    assert donations
    in_file = {r["campaign_id"] for r in campaigns}
    assert not in_file & {r["origin_campaign_id"] for r in donations}
    assert all(ORIGIN_ID.fullmatch(r["origin_campaign_id"]) for r in donations)


@pytest.mark.parametrize(("seed", "campaigns"), [(-1, 10), (1, 0)])
def test_rejects_impossible_requests(seed: int, campaigns: int) -> None:
    """A negative seed or an empty season is refused with a ValueError."""
    with pytest.raises(ValueError, match="expected"):
        generate_season(seed=seed, campaigns=campaigns)
