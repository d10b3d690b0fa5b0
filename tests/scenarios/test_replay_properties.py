"""Whole generated seasons replayed: money is conserved, help never hurts, bytes repeat."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pytest

from eligibility.campaigns import CampaignTable
from scenarios.replay import (
    Policy,
    ReplayOptions,
    ReplayResult,
    ReplaySeason,
    replay_files,
    replay_season,
    replay_season_of,
    snapshot_by,
)
from scenarios.season import generate_season
from scenarios.timeline import snapshot_columns

OPTIONS = ReplayOptions(solver="highs")


def halfway_forecast(table: CampaignTable, day: date) -> np.ndarray:
    """A crude forecast: each campaign gets half of what it still lacks."""
    return table.cents("collected_cents") + table.cents("need_cents") // 2


@pytest.fixture(scope="module")
def season() -> ReplaySeason:
    """A small generated season with its ledger."""
    return replay_season_of(generate_season(seed=11, campaigns=60))


@pytest.fixture(scope="module")
def replayed(season: ReplaySeason) -> ReplayResult:
    """Every policy over the season."""
    return replay_season(season, OPTIONS, snapshot=snapshot_by(season), forecast=halfway_forecast)


def test_help_never_costs_a_campaign_its_own_success(replayed: ReplayResult) -> None:
    """Every campaign that succeeds alone also succeeds under every policy; some gain."""
    alone = replayed.run(Policy.NONE).succeeded
    for run in replayed.runs:
        assert alone <= run.succeeded, run.policy
    assert len(replayed.run(Policy.OPTIMAL).succeeded) > len(alone)


def test_each_fund_budget_is_spent_plus_unspent(replayed: ReplayResult) -> None:
    """Per fund and per policy: budget = spent + unspent, nothing negative, nothing reserved."""
    for run in replayed.runs:
        money = run.money
        for fund_id, fund in money.funds.items():
            assert money.spent[fund_id] + money.free(fund_id) == fund.budget_cents
            assert min(money.spent[fund_id], money.free(fund_id)) >= 0
            assert money.reserved[fund_id] == 0


def test_pool_in_is_pool_out_plus_pool_left(replayed: ReplayResult) -> None:
    """Per policy: every cent that joined the pool was paid out or is left, traced to a donor."""
    for run in replayed.runs:
        totals = run.money.pool.totals()
        assert totals["in"] == totals["paid"] + totals["free"]
        assert totals["reserved"] == 0
        paid = sum(p.amount_cents for p in run.money.payments if p.source_id == "pool")
        assert paid == totals["paid"] == sum(u.amount_cents for u in run.money.pool_uses)


def test_a_helped_campaign_gets_no_more_than_its_gap(replayed: ReplayResult) -> None:
    """Solidarity money never pays a campaign past its minimum goal as known when paid."""
    ctx = replayed.context
    for run in replayed.runs:
        paid: dict[str, int] = defaultdict(int)
        for p in run.money.payments:
            paid[p.campaign_id] += p.amount_cents
        for campaign, cents in paid.items():
            assert campaign in run.succeeded
            assert 0 < cents <= ctx.min_goal[campaign]


def test_pool_never_pays_a_donation_back_to_its_origin(replayed: ReplayResult) -> None:
    """A redistributed gift never returns to the campaign it was given to."""
    for run in replayed.runs:
        assert all(u.origin_campaign_id != u.campaign_id for u in run.money.pool_uses)


def test_timeline_never_goes_back(replayed: ReplayResult) -> None:
    """Successes and spending only grow from one round date to the next."""
    for run in replayed.runs:
        succeeded = [p.succeeded for p in run.timeline]
        spent = [p.spent_cents for p in run.timeline]
        assert succeeded == sorted(succeeded)
        assert spent == sorted(spent)
        assert spent[-1] == run.money.spent_cents()


def test_same_season_same_bytes(season: ReplaySeason, replayed: ReplayResult) -> None:
    """A second replay of the same season and options writes byte-identical files."""
    again = replay_season(season, OPTIONS, snapshot=snapshot_by(season), forecast=halfway_forecast)
    assert replay_files(again) == replay_files(replayed)


@pytest.mark.parametrize("day", [date(2024, 1, 15), date(2024, 3, 4), date(2024, 6, 17)])
def test_snapshot_matches_the_timeline_module(season: ReplaySeason, day: date) -> None:
    """The replay's fast snapshot equals scenarios.timeline's through CampaignTable.from_columns."""
    fast = snapshot_by(season)(day).frame.reset_index(drop=True)
    known = snapshot_columns(season.campaigns.frame, season.ledger, day)
    slow = CampaignTable.from_columns(known).frame
    assert fast.equals(slow)
