"""Walk a season day by day under one policy: rounds on their dates, deadlines as they come.

On a round date the policy decides the campaigns whose deadline falls before the next round, on
what is known that day; on a deadline day pledges are settled, each campaign succeeds or fails,
and the gifts of a failed campaign whose donors chose redistribution join the pool the next day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from allocator import Round, RoundOptions
from eligibility.campaigns import CampaignTable
from scenarios.replay.context import Context
from scenarios.replay.decide import Decision, decide, forecast_collected
from scenarios.replay.errors import require
from scenarios.replay.money import Money
from scenarios.replay.options import Policy
from scenarios.replay.pool import PoolDonation
from scenarios.replay.season import with_collected

Progress = Callable[[Policy, date], None]


@dataclass(frozen=True)
class RoundRecord:
    """One round of a policy: campaigns it considered with a need, how many it completed."""

    day: date
    considered: int
    completed: int
    status: str


@dataclass(frozen=True)
class TimelinePoint:
    """Where a policy stands at the end of a round date (its round and that day's deadlines)."""

    day: date
    succeeded: int
    spent_cents: int
    pledged_open_cents: int
    pool_available_cents: int


@dataclass(frozen=True, eq=False)
class PolicyRun:
    """A whole season under one policy."""

    policy: Policy
    succeeded: frozenset[str]
    money: Money
    rounds: tuple[RoundRecord, ...]
    timeline: tuple[TimelinePoint, ...]
    pledges_short: int  # pledged campaigns whose actual gap exceeded their pledge
    rescued: int  # campaigns the deadline rescue completed


def replay_policy(ctx: Context, policy: Policy, progress: Progress | None = None) -> PolicyRun:
    """Replay the season of ``ctx`` under ``policy``."""
    money = Money(ctx.season.funds)
    _add_earlier_donations(ctx, money)
    succeeded: set[str] = set()
    rounds: list[RoundRecord] = []
    timeline: list[TimelinePoint] = []
    short = rescued = 0
    round_days = set(ctx.rounds)
    for day in ctx.event_days():
        if day in round_days and policy is not Policy.NONE:
            rounds.append(_hold_round(ctx, policy, money, day))
            if progress is not None:
                progress(policy, day)
        ending = ctx.deadlines.get(day, ())
        shorts = _settle_pledges(ctx, money, day, ending)
        short += len(shorts)
        if policy is Policy.OPTIMAL_PLEDGE and ctx.options.rescue_unpledged:
            shorts = sorted(set(shorts) | set(_short_unpledged(ctx, money, ending)))
        rescued += _rescue(ctx, money, day, shorts)
        succeeded |= _close(ctx, money, day, ending)
        money.check()
        if day in round_days:
            timeline.append(
                TimelinePoint(
                    day,
                    len(succeeded),
                    money.spent_cents(),
                    money.reserved_cents(),
                    money.pool.available_cents(day),
                )
            )
    require(not money.pledges, f"pledges left open after the season: {sorted(money.pledges)}")
    return PolicyRun(
        policy, frozenset(succeeded), money, tuple(rounds), tuple(timeline), short, rescued
    )


def _add_earlier_donations(ctx: Context, money: Money) -> None:
    frame = ctx.season.donations.frame
    days = frame["redistributed_on"].to_numpy("datetime64[D]").tolist()
    amounts = frame["amount_cents"].to_numpy(np.int64).tolist()
    for k, (available, cents) in enumerate(zip(days, amounts, strict=True)):
        money.pool.add(
            PoolDonation(
                donation_id=str(frame["donation_id"].iat[k]),
                donor_id=str(frame["donor_id"].iat[k]),
                origin_campaign_id=str(frame["origin_campaign_id"].iat[k]),
                scope=str(frame["scope"].iat[k]),
                available_on=available,
                amount_cents=cents,
                free_cents=cents,
            )
        )


def _options(ctx: Context, day: date, horizon: int) -> RoundOptions:
    return RoundOptions(
        round_date=day,
        horizon_days=horizon,
        solver=ctx.options.solver,
        time_limit=ctx.options.time_limit,
    )


def _hold_round(ctx: Context, policy: Policy, money: Money, day: date) -> RoundRecord:
    """Decide the campaigns ending before the next round, and pay (or pledge) the answer."""
    snapshot = ctx.snapshot(day)
    table = snapshot.take(np.array(_open_with_a_need(ctx, money, snapshot, day), dtype=np.int64))
    if policy is Policy.OPTIMAL_PLEDGE and len(table):
        # Campaigns expected to reach their minimum alone get no pledge (their need is 0).
        table = _on_forecast(table, ctx.forecast(day))
        table = table.take(np.flatnonzero(table.cents("need_cents") > 0))
    funds = money.round_funds()
    if not len(table) or not (funds or money.pool.available_cents(day)):
        return RoundRecord(day, len(table), 0, "empty")
    round_ = Round(table, funds, money.pool.table(day))
    decision = decide(policy, round_, _options(ctx, day, ctx.options.horizon))
    _check_exact_needs(table, decision)
    if policy is Policy.OPTIMAL_PLEDGE:
        money.reserve(day, ctx.ends_on, decision.allocations, decision.lineage)
    else:
        money.pay(day, decision.allocations, decision.lineage, how="round")
    return RoundRecord(day, decision.considered, len(decision.completed), decision.status)


def _open_with_a_need(ctx: Context, money: Money, snapshot: CampaignTable, day: date) -> list[int]:
    """Rows of the snapshot the round decides: ending within its horizon, short, not yet helped."""
    frame = snapshot.frame
    ends = snapshot.ends_on_days().tolist()
    need = frame["need_cents"].to_numpy(np.int64).tolist()
    last = ctx.horizon_end(day)
    return [
        i
        for i, campaign in enumerate(snapshot.ids.tolist())
        if day <= ends[i] <= last
        and need[i] > 0
        and campaign not in money.paid_to
        and campaign not in money.pledges
    ]


def _on_forecast(table: CampaignTable, forecast: dict[str, int]) -> CampaignTable:
    """The table with ``collected`` set to the forecast final amount: its need is the forecast's."""
    frame = table.frame
    expected = np.array([forecast[str(c)] for c in table.ids.tolist()], dtype=np.int64)
    collected = forecast_collected(
        frame["collected_cents"].to_numpy(np.int64),
        expected,
        frame["min_goal_cents"].to_numpy(np.int64),
    )
    return with_collected(table, collected)


def _check_exact_needs(table: CampaignTable, decision: Decision) -> None:
    need = dict(zip(table.ids.tolist(), table.cents("need_cents").tolist(), strict=True))
    given: dict[str, int] = {}
    for a in decision.allocations:
        given[a.campaign_id] = given.get(a.campaign_id, 0) + a.amount_cents
    for campaign, cents in given.items():
        require(cents == need[campaign], f"{campaign} given {cents} cents, need {need[campaign]}")


def _settle_pledges(ctx: Context, money: Money, day: date, ending: tuple[str, ...]) -> list[str]:
    """Pay each pledge ending today its actual gap; release the pledges that cannot close it."""
    shorts = []
    for campaign in ending:
        pledge = money.pledges.get(campaign)
        if pledge is None:
            continue
        gap = max(0, ctx.min_goal[campaign] - ctx.final[campaign])
        if gap <= pledge.total_cents:
            money.settle(day, campaign, gap)
        else:
            money.release(campaign)
            shorts.append(campaign)
    return shorts


def _short_unpledged(ctx: Context, money: Money, ending: tuple[str, ...]) -> list[str]:
    """Campaigns ending today short of their goal, never pledged nor paid."""
    return [c for c in ending if c not in money.paid_to and ctx.final[c] < ctx.min_goal[c]]


def _rescue(ctx: Context, money: Money, day: date, shorts: list[str]) -> int:
    """A deadline round for pledged campaigns whose gap exceeds their pledge: all free money."""
    if not shorts:
        return 0
    snapshot = ctx.snapshot(day)
    rows = np.array([snapshot.index_of(c) for c in shorts], dtype=np.int64)
    table = snapshot.take(rows)
    final = np.array([ctx.final[c] for c in table.ids.tolist()], dtype=np.int64)
    table = with_collected(table, final)
    round_ = Round(table, money.round_funds(), money.pool.table(day))
    decision = decide(Policy.OPTIMAL, round_, _options(ctx, day, 0))
    _check_exact_needs(table, decision)
    money.pay(day, decision.allocations, decision.lineage, how="rescue")
    return len(decision.completed)


def _close(ctx: Context, money: Money, day: date, ending: tuple[str, ...]) -> set[str]:
    """Today's deadlines: who succeeded; a failure's redistributed gifts join the pool tomorrow."""
    succeeded = set()
    for campaign in ending:
        paid = money.paid_to.get(campaign, 0)
        total = ctx.final[campaign] + paid
        if total >= ctx.min_goal[campaign]:
            succeeded.add(campaign)
            continue
        require(paid == 0, f"{campaign} was paid {paid} cents and still failed")
        for gift in ctx.gifts.get(campaign, ()):
            money.pool.add(
                PoolDonation(
                    donation_id=gift.donation_id,
                    donor_id=gift.donor_id,
                    origin_campaign_id=campaign,
                    scope="",
                    available_on=day + timedelta(days=1),
                    amount_cents=gift.amount_cents,
                    free_cents=gift.amount_cents,
                )
            )
    return succeeded
