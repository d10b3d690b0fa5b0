"""A large generated season matches the platform's figures within the stated tolerances."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eligibility.rules import evaluate, parse_rule
from scenarios.season import (
    LEADING_THEMES,
    PUBLICATION_PEAK_MONTHS,
    TARGET_BY_NAME,
    TARGETS,
    TOP_DEPARTEMENTS,
    Season,
    Target,
    generate_season,
    measure_season,
    publication_months,
    theme_counts,
    top_departements,
)

SEED = 2024
CAMPAIGNS = 3_000


@pytest.fixture(scope="module")
def season() -> Season:
    """The 3,000-campaign season every calibration test measures."""
    return generate_season(seed=SEED, campaigns=CAMPAIGNS)


@pytest.fixture(scope="module")
def measured(season: Season) -> dict[str, float]:
    """Its statistics, measured once."""
    return measure_season(season)


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_statistic_within_tolerance(target: Target, measured: dict[str, float]) -> None:
    """Each calibrated statistic lands within its tolerance of the target."""
    value = measured[target.name]
    assert target.holds(value), (
        f"{target.name}: {value:.3f}, expected {target.value} ± {target.tolerance}"
    )


def test_every_target_is_measured(measured: dict[str, float]) -> None:
    """The measures and the targets name the same statistics."""
    assert set(measured) == {t.name for t in TARGETS}


def test_top_ten_departements_are_the_platforms(season: Season) -> None:
    """The ten départements with most campaigns are the published ten, each within two ranks."""
    ranked = top_departements(season)
    assert set(ranked) == set(TOP_DEPARTEMENTS)
    for published_rank, code in enumerate(TOP_DEPARTEMENTS):
        assert abs(ranked.index(code) - published_rank) <= 2, (code, ranked)


def test_every_departement_can_host_a_campaign() -> None:
    """All 101 départements appear in a large season."""
    codes = generate_season(seed=SEED, campaigns=20_000).campaigns["departement"]
    assert codes.nunique() == 101


def test_arts_and_sustainable_development_lead(season: Season) -> None:
    """The two most frequent themes are arts and sustainable development."""
    counts = theme_counts(season)
    leaders = sorted(counts, key=lambda theme: -counts[theme])[:2]
    assert set(leaders) == set(LEADING_THEMES)


def test_publication_peaks_in_january_and_march(season: Season) -> None:
    """January and March are the two busiest publication months."""
    assert set(publication_months(season)[:2]) == set(PUBLICATION_PEAK_MONTHS)


def test_fewer_deadlines_in_autumn_than_in_spring(season: Season) -> None:
    """September to November holds far fewer deadlines than March to May."""
    months = pd.DatetimeIndex(season.campaigns["ends_on"]).month
    autumn = np.isin(months, [9, 10, 11]).mean()
    spring = np.isin(months, [3, 4, 5]).mean()
    assert autumn < 0.2 < spring
    assert autumn < spring / 2


def test_mountain_and_sea_classes_last_three_to_five_nights(season: Season) -> None:
    """Most mountain and sea campaigns stay 3 to 5 nights."""
    frame = season.campaigns
    for theme in ("mountain", "sea"):
        nights = frame.loc[frame["themes"].str.contains(theme), "nights"]
        assert nights.between(3, 5).mean() >= 0.8, theme


def test_labelled_campaigns_fail_more_often_on_their_own(season: Season) -> None:
    """Courte Échelle campaigns reach their minimum alone less often than the others."""
    frame = season.campaign_table().frame
    success = frame["collected_cents"] >= frame["min_goal_cents"]
    labelled = frame["courte_echelle"]
    assert success[labelled].mean() < success[~labelled].mean() - 0.03


def test_earlier_failed_campaigns_are_in_proportion_to_the_season(season: Season) -> None:
    """As many earlier failed campaigns as the target failing share of the season, rounded up."""
    share = TARGET_BY_NAME["failing_share"].value
    assert len(season.earlier) == math.ceil(share * CAMPAIGNS) == 180


def test_redistributed_donations_average_the_platforms_gift(season: Season) -> None:
    """The donations passed on average about 57 € (sd ~66 € on ~800 of them at 3,000)."""
    mean = season.donations["amount_cents"].mean() / 100
    assert abs(mean - 57.0) <= 7.0, mean


def test_short_campaigns_are_mostly_close_to_their_goal(season: Season) -> None:
    """Among campaigns below their minimum, many are close and some are far."""
    frame = season.campaigns
    reach = frame["collected_cents"] / frame["min_goal_cents"]
    short = reach[reach < 1]
    assert 0.4 <= (short >= 0.75).mean() <= 0.8


@pytest.mark.parametrize(
    ("fund_id", "minimum"),
    [
        ("mountain-classes", 10),
        ("sea-classes", 50),
        ("disability", 100),
        ("airport-territories", 200),
        ("national-solidarity", 1_000),
    ],
)
def test_earmarked_funds_have_eligible_campaigns(
    season: Season, fund_id: str, minimum: int
) -> None:
    """Every earmark, the narrow mountain one included, finds campaigns to pay."""
    fund = next(f for f in season.funds if f.id == fund_id)
    assert int(evaluate(parse_rule(fund.rule), season.campaign_table()).sum()) >= minimum
