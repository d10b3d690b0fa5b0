"""Season replays small enough to solve by hand: every policy's successes and money written in."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from allocator import DonationTable, Fund
from eligibility.campaigns import CampaignTable
from scenarios.replay import (
    Policy,
    ReplayOptions,
    ReplayResult,
    ReplaySeason,
    ledger_frame,
    replay_files,
    replay_season,
    snapshot_by,
)
from scenarios.replay.season import Forecast

START = date(2023, 12, 1)


def campaign(
    campaign_id: str, *, min_goal: int, ends_on: date, rep: bool = False
) -> dict[str, object]:
    """One campaign's validated columns (money in euros here, cents in the frame)."""
    return {
        "campaign_id": campaign_id,
        "uai": "0951234X",
        "school_name": f"École {campaign_id}",
        "school_type": "ecole_elementaire",
        "sector": "public",
        "departement": "095",
        "commune": "Sarcelles",
        "priority_education": "REP" if rep else "",
        "themes": "arts",
        "isolated": False,
        "inclusive": False,
        "nights": 0,
        "donors": 0,
        "min_goal_cents": min_goal * 100,
        "optimum_goal_cents": min_goal * 200,
        "collected_cents": 0,
        "starts_on": np.datetime64(START, "s"),
        "ends_on": np.datetime64(ends_on, "s"),
    }


def season(
    campaigns: list[dict[str, object]], gifts: list[tuple[str, str, int, date, bool]]
) -> ReplaySeason:
    """A season from campaigns and gifts ``(campaign, donor, euros, day, redistribute)``."""
    fund = Fund(
        id="national",
        name="Fonds national",
        kind="patron",
        budget_cents=10_000,
        valid_from=date(2024, 1, 1),
        valid_until=date(2024, 12, 31),
    )
    ledger = ledger_frame(
        campaign_id=[g[0] for g in gifts],
        donor_id=[g[1] for g in gifts],
        amount_cents=[g[2] * 100 for g in gifts],
        donated_on=[g[3] for g in gifts],
        redistribute=[g[4] for g in gifts],
    )
    table = CampaignTable.from_columns(pd.DataFrame(campaigns))
    return ReplaySeason(table, ledger, (fund,), DonationTable.empty())


@pytest.fixture(scope="module")
def three_needs() -> ReplaySeason:
    """100 € for needs of 90 € (91 % there), 60 € (88 %) and 40 € (60 %) in one week, then 25 €.

    C1 and C2 each hold one gift whose donor chose redistribution; C4 is REP, so a pool may pay it.
    """
    return season(
        [
            campaign("C1", min_goal=1000, ends_on=date(2024, 1, 10)),
            campaign("C2", min_goal=500, ends_on=date(2024, 1, 12)),
            campaign("C3", min_goal=100, ends_on=date(2024, 1, 8)),
            campaign("C4", min_goal=200, ends_on=date(2024, 1, 20), rep=True),
        ],
        [
            ("C1", "P-1", 880, date(2023, 12, 10), False),
            ("C1", "P-9", 30, date(2023, 12, 20), True),
            ("C2", "P-2", 415, date(2023, 12, 10), False),
            ("C2", "P-8", 25, date(2023, 12, 11), True),
            ("C3", "P-3", 60, date(2023, 12, 10), False),
            ("C4", "P-4", 175, date(2024, 1, 2), False),
        ],
    )


@pytest.fixture(scope="module")
def three_needs_replayed(three_needs: ReplaySeason) -> ReplayResult:
    """The four non-pledge policies on ``three_needs``."""
    options = ReplayOptions(policies=(Policy.FCFS, Policy.CLOSEST, Policy.OPTIMAL))
    return replay_season(three_needs, options, snapshot=snapshot_by(three_needs))


def test_round_dates_are_mondays_covering_every_deadline(
    three_needs_replayed: ReplayResult,
) -> None:
    """Weekly rounds from the Monday of the first deadline to the last deadline."""
    assert three_needs_replayed.context.rounds == (date(2024, 1, 8), date(2024, 1, 15))


@pytest.mark.parametrize(
    ("policy", "succeeded", "spent_cents"),
    [
        (Policy.NONE, set(), 0),
        # Deadline order: C3 (40), C1 does not fit, C2 (60); C1 fails and its 30 € pays C4.
        (Policy.FCFS, {"C2", "C3", "C4"}, 12_500),
        # Closest first: C1 (90), the 10 € left cover nobody; C2 fails and its 25 € pays C4.
        (Policy.CLOSEST, {"C1", "C4"}, 11_500),
        # The optimum completes the only pair that fits (C2 and C3), then C4 from the pool.
        (Policy.OPTIMAL, {"C2", "C3", "C4"}, 12_500),
    ],
)
def test_hand_solved_successes_and_spending(
    three_needs_replayed: ReplayResult,
    policy: Policy,
    succeeded: set[str],
    spent_cents: int,
) -> None:
    """Who succeeds and what is spent, per policy, as worked out by hand."""
    run = three_needs_replayed.run(policy)
    assert set(run.succeeded) == succeeded
    assert run.money.spent_cents() == spent_cents


def test_failures_feed_the_pool_with_their_donors_choice(
    three_needs_replayed: ReplayResult,
) -> None:
    """Only gifts whose donor chose redistribution join the pool, only from failed campaigns."""
    pool_in = {
        p: three_needs_replayed.run(p).money.pool.totals()["in"]
        for p in Policy
        if p in (Policy.NONE, Policy.FCFS, Policy.CLOSEST)
    }
    assert pool_in == {Policy.NONE: 5_500, Policy.FCFS: 3_000, Policy.CLOSEST: 2_500}


def test_pool_money_keeps_its_donor(three_needs_replayed: ReplayResult) -> None:
    """The optimum's 25 € to C4 is traced to donor P-9 of failed campaign C1."""
    uses = three_needs_replayed.run(Policy.OPTIMAL).money.pool_uses
    assert [(u.donor_id, u.origin_campaign_id, u.campaign_id, u.amount_cents) for u in uses] == [
        ("P-9", "C1", "C4", 2_500)
    ]
    assert uses[0].day == date(2024, 1, 15)


def test_replay_csv_figures(three_needs_replayed: ReplayResult) -> None:
    """replay.csv: one row per policy, euros with two decimals, extra successes over none."""
    rows = list(csv.DictReader(io.StringIO(replay_files(three_needs_replayed)["replay.csv"])))
    assert [r["policy"] for r in rows] == ["none", "fcfs", "closest", "optimal"]
    fcfs = rows[1]
    assert (fcfs["succeeded"], fcfs["extra_successes"], fcfs["spent"]) == ("3", "3", "125.00")
    assert fcfs["euros_per_extra_success"] == "41.67"
    assert (fcfs["unspent_funds"], fcfs["unspent_pool"], fcfs["pool_in"]) == (
        "0.00",
        "5.00",
        "30.00",
    )
    assert rows[0]["euros_per_extra_success"] == ""
    assert rows[1]["succeeded_courte_echelle"] == "1"


def test_timeline_is_cumulative_per_round_date(three_needs_replayed: ReplayResult) -> None:
    """timeline.csv after each round date: C3 ended on the first one (round then deadline)."""
    text = replay_files(three_needs_replayed)["timeline.csv"]
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["policy"] == "optimal"]
    assert [(r["date"], r["succeeded"], r["spent"], r["pool_available"]) for r in rows] == [
        ("2024-01-08", "1", "100.00", "0.00"),
        ("2024-01-15", "2", "125.00", "5.00"),
    ]


@pytest.fixture(scope="module")
def pledge_season() -> ReplaySeason:
    """P1 (400 € of 500 on the round) ends at 480 €; P2 (300 €) ends at 420 €; 100 € of funds."""
    return season(
        [
            campaign("P1", min_goal=500, ends_on=date(2024, 1, 9)),
            campaign("P2", min_goal=500, ends_on=date(2024, 1, 11)),
        ],
        [
            ("P1", "D-1", 400, date(2023, 12, 10), False),
            ("P1", "D-2", 80, date(2024, 1, 9), False),
            ("P2", "D-3", 300, date(2023, 12, 10), True),
            ("P2", "D-4", 120, date(2024, 1, 10), True),
        ],
    )


def fixed_forecast(finals: dict[str, int]) -> Forecast:
    """A forecast that expects the given final euros of each campaign."""

    def forecast(table: CampaignTable, day: date) -> np.ndarray:
        return np.array([finals[c] * 100 for c in table.ids.tolist()], dtype=np.int64)

    return forecast


def test_pledges_pay_the_actual_gap_and_rescue_a_short_one(pledge_season: ReplaySeason) -> None:
    """Pledges of 30 € and 50 €: P1 takes 20 €, P2's gap of 80 € is met by the deadline rescue.

    The optimum without forecast pays P1's whole 100 € on the round and P2 fails.
    """
    options = ReplayOptions(policies=(Policy.OPTIMAL, Policy.OPTIMAL_PLEDGE))
    result = replay_season(
        pledge_season,
        options,
        snapshot=snapshot_by(pledge_season),
        forecast=fixed_forecast({"P1": 470, "P2": 450}),
    )
    optimal, pledge = result.run(Policy.OPTIMAL), result.run(Policy.OPTIMAL_PLEDGE)
    assert (set(optimal.succeeded), optimal.money.spent_cents()) == ({"P1"}, 10_000)
    assert set(pledge.succeeded) == {"P1", "P2"}
    figures = result.figures()[2]
    assert {k: figures[k] for k in ("pledged_cents", "pledged_unused_cents", "spent_cents")} == {
        "pledged_cents": 8_000,
        "pledged_unused_cents": 6_000,
        "spent_cents": 10_000,
    }
    assert (figures["pledges"], figures["pledges_short"], figures["rescued"]) == (2, 1, 1)
    hows = [(p.campaign_id, p.amount_cents, p.how) for p in pledge.money.payments]
    assert hows == [("P1", 2_000, "pledge"), ("P2", 8_000, "rescue")]


@pytest.mark.parametrize(("rescue_unpledged", "succeeded"), [(False, {"P1"}), (True, {"P1", "P2"})])
def test_a_wrong_forecast_of_success_costs_the_campaign_unless_rescued(
    pledge_season: ReplaySeason, rescue_unpledged: bool, succeeded: set[str]
) -> None:
    """P2 forecast to succeed gets no pledge; it fails unless unpledged campaigns are rescued."""
    options = ReplayOptions(policies=(Policy.OPTIMAL_PLEDGE,), rescue_unpledged=rescue_unpledged)
    result = replay_season(
        pledge_season,
        options,
        snapshot=snapshot_by(pledge_season),
        forecast=fixed_forecast({"P1": 470, "P2": 520}),
    )
    run = result.run(Policy.OPTIMAL_PLEDGE)
    assert set(run.succeeded) == succeeded
    assert run.money.pledged_cents == 3_000
    # P2's redistributing donors feed the pool only when it fails.
    assert run.money.pool.totals()["in"] == (0 if rescue_unpledged else 42_000)


def test_pledge_policy_needs_a_forecast(pledge_season: ReplaySeason) -> None:
    """optimal-pledge without a forecast is refused up front."""
    with pytest.raises(ValueError, match="forecast"):
        replay_season(pledge_season, ReplayOptions(), snapshot=snapshot_by(pledge_season))
