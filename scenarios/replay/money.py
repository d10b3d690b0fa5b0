"""A policy's money during a replay: fund budgets, the pool, payments and open pledges.

Every movement goes through ``pay``, ``reserve``, ``settle`` or ``release``; ``check`` proves
after each day that nothing was over-committed and every cent is accounted for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from allocator import Allocation, Fund, LineageLine
from scenarios.replay.errors import require
from scenarios.replay.pool import Pool


@dataclass(frozen=True)
class Payment:
    """Cents a source (a fund id, or ``pool``) paid a campaign on a day, and how."""

    day: date
    source_id: str
    campaign_id: str
    amount_cents: int
    how: str  # "round", "pledge" (a pledge settled at the deadline) or "rescue"


@dataclass(frozen=True)
class PoolUse:
    """Cents of one redistributed donation paid to a campaign: a line of its tax receipt."""

    day: date
    donation_id: str
    donor_id: str
    origin_campaign_id: str
    campaign_id: str
    amount_cents: int


@dataclass(frozen=True)
class Pledge:
    """Money reserved for a campaign until its deadline: fund parts and donation parts."""

    campaign_id: str
    made_on: date
    ends_on: date
    fund_parts: tuple[Allocation, ...]
    pool_parts: tuple[LineageLine, ...]

    @property
    def total_cents(self) -> int:
        """All cents reserved by this pledge."""
        return sum(a.amount_cents for a in self.fund_parts) + sum(
            x.amount_cents for x in self.pool_parts
        )


class Money:
    """Budgets, the pool, what was paid and what is pledged, for one policy."""

    def __init__(self, funds: tuple[Fund, ...]) -> None:
        self.funds = {f.id: f for f in funds}
        self.spent: dict[str, int] = dict.fromkeys(self.funds, 0)
        self.reserved: dict[str, int] = dict.fromkeys(self.funds, 0)
        self.pool = Pool()
        self.payments: list[Payment] = []
        self.pool_uses: list[PoolUse] = []
        self.pledges: dict[str, Pledge] = {}
        self.paid_to: dict[str, int] = defaultdict(int)
        self.pledged_cents = 0  # every cent ever pledged
        self.pledge_paid_cents = 0  # of which paid at a deadline

    def free(self, fund_id: str) -> int:
        """Cents of a fund neither spent nor pledged."""
        fund = self.funds[fund_id]
        return fund.budget_cents - self.spent[fund_id] - self.reserved[fund_id]

    def round_funds(self) -> tuple[Fund, ...]:
        """The funds as a round sees them: budgets cut to their free cents, empty ones left out."""
        return tuple(
            f.model_copy(update={"budget_cents": self.free(f.id)})
            for f in self.funds.values()
            if self.free(f.id) > 0
        )

    def pay(
        self,
        day: date,
        allocations: tuple[Allocation, ...],
        lineage: tuple[LineageLine, ...],
        *,
        how: str,
    ) -> None:
        """Pay a round's decisions from free money."""
        _check_lineage_covers_pools(allocations, lineage, self.funds)
        for a in allocations:
            if a.fund_id in self.funds:
                require(a.amount_cents <= self.free(a.fund_id), f"{a.fund_id} over-committed")
                self._pay_fund(day, a, how=how)
        for line in lineage:
            self.pool.move(line.donation_id, line.amount_cents, source="free", target="paid")
            self._pay_pool(day, line, line.amount_cents, how=how)

    def reserve(
        self,
        day: date,
        ends_on: dict[str, date],
        allocations: tuple[Allocation, ...],
        lineage: tuple[LineageLine, ...],
    ) -> None:
        """Pledge a round's decisions: the money stays reserved until each deadline."""
        _check_lineage_covers_pools(allocations, lineage, self.funds)
        for campaign in sorted({a.campaign_id for a in allocations}):
            fund_parts = tuple(
                a for a in allocations if a.campaign_id == campaign and a.fund_id in self.funds
            )
            pool_parts = tuple(x for x in lineage if x.campaign_id == campaign)
            pledge = Pledge(campaign, day, ends_on[campaign], fund_parts, pool_parts)
            require(campaign not in self.pledges, f"{campaign} pledged twice")
            for a in fund_parts:
                require(a.amount_cents <= self.free(a.fund_id), f"{a.fund_id} over-committed")
                self.reserved[a.fund_id] += a.amount_cents
            for x in pool_parts:
                self.pool.move(x.donation_id, x.amount_cents, source="free", target="reserved")
            self.pledges[campaign] = pledge
            self.pledged_cents += pledge.total_cents

    def settle(self, day: date, campaign: str, gap_cents: int) -> None:
        """Pay a pledge's campaign its actual gap (at most the pledge); the rest returns."""
        pledge = self.pledges.pop(campaign)
        require(0 <= gap_cents <= pledge.total_cents, f"{campaign}: gap beyond its pledge")
        due = gap_cents
        for a in sorted(pledge.fund_parts, key=lambda a: (_expiry(self.funds[a.fund_id]), a)):
            self.reserved[a.fund_id] -= a.amount_cents
            take = min(due, a.amount_cents)
            if take:
                self._pay_fund(day, Allocation(a.fund_id, campaign, take), how="pledge")
                due -= take
        for x in pledge.pool_parts:
            take = min(due, x.amount_cents)
            self.pool.move(x.donation_id, x.amount_cents - take, source="reserved", target="free")
            if take:
                self.pool.move(x.donation_id, take, source="reserved", target="paid")
                self._pay_pool(day, x, take, how="pledge")
                due -= take
        self.pledge_paid_cents += gap_cents

    def release(self, campaign: str) -> None:
        """Return a whole pledge to its funds and donations, paying nothing."""
        self.settle(date.min, campaign, 0)

    def _pay_fund(self, day: date, a: Allocation, *, how: str) -> None:
        self.spent[a.fund_id] += a.amount_cents
        self.paid_to[a.campaign_id] += a.amount_cents
        self.payments.append(Payment(day, a.fund_id, a.campaign_id, a.amount_cents, how))

    def _pay_pool(self, day: date, line: LineageLine, cents: int, *, how: str) -> None:
        self.paid_to[line.campaign_id] += cents
        self.payments.append(Payment(day, "pool", line.campaign_id, cents, how))
        donation = self.pool.donations[line.donation_id]
        self.pool_uses.append(
            PoolUse(
                day,
                line.donation_id,
                donation.donor_id,
                donation.origin_campaign_id,
                line.campaign_id,
                cents,
            )
        )

    def reserved_cents(self) -> int:
        """Cents pledged and not yet settled, funds and pool."""
        return sum(self.reserved.values()) + self.pool.totals()["reserved"]

    def spent_cents(self) -> int:
        """Cents paid to campaigns so far, funds and pool."""
        return sum(p.amount_cents for p in self.payments)

    def check(self) -> None:
        """Raise unless every fund and the pool add up exactly and nothing is over-committed."""
        for fund_id, fund in self.funds.items():
            parts = (self.spent[fund_id], self.reserved[fund_id], self.free(fund_id))
            require(
                min(parts) >= 0 and sum(parts) == fund.budget_cents,
                f"fund {fund_id}: spent {parts[0]} + reserved {parts[1]} + free {parts[2]} "
                f"cents must be non-negative and add up to its budget {fund.budget_cents}",
            )
        self.pool.check()
        pool_paid = sum(p.amount_cents for p in self.payments if p.source_id == "pool")
        require(pool_paid == self.pool.totals()["paid"], "pool payments and donations disagree")
        require(
            sum(u.amount_cents for u in self.pool_uses) == pool_paid, "lineage misses pool cents"
        )
        reserved = sum(p.total_cents for p in self.pledges.values())
        require(reserved == self.reserved_cents(), "open pledges and reservations disagree")
        require(sum(self.paid_to.values()) == self.spent_cents(), "payments and campaigns disagree")


def _expiry(fund: Fund) -> date:
    # Soonest-expiring money pays first, as in the allocator; funds without an end date last.
    return fund.valid_until or date.max


def _check_lineage_covers_pools(
    allocations: tuple[Allocation, ...], lineage: tuple[LineageLine, ...], funds: dict[str, Fund]
) -> None:
    pooled: dict[str, int] = defaultdict(int)
    for a in allocations:
        if a.fund_id not in funds:
            pooled[a.campaign_id] += a.amount_cents
    traced: dict[str, int] = defaultdict(int)
    for x in lineage:
        traced[x.campaign_id] += x.amount_cents
    require(dict(pooled) == dict(traced), "pool allocations and their lineage disagree")
