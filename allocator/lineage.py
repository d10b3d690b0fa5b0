"""Lineage: which redistributed donation pays which campaign, for the receiving school's receipt.

A split is a donation that pays more than one campaign (its donor gets a receipt from each
school); a pool's lineage keeps them few. Campaigns that share whole donations with nobody cost
no split, and a *group* of campaigns whose shares add up exactly to some whole donations costs at
most one split fewer than it has campaigns: filling its shares one after the other from those
donations splits at most the one donation at each boundary. So the pool's campaigns are
grouped, and the more groups close on whole donations the fewer splits:

1. a campaign whose share is a sum of whole donations left takes them (a subset-sum, exact);
2. then pairs, then triples, of campaigns whose shares together are such a sum (candidates
   are those whose shares' remainders add up to zero modulo the divisor common to the amounts
   several donations share, say 5 euros: found without trying every pair);
3. the campaigns left share what remains, filled largest share first: whole donations that fit
   (largest first), then a split one whose rest stays available, at most one split each.

The plain fill of step 3 over the whole pool is computed too and kept when it splits no more
(a heuristic: the fewest splits is a partition problem, hard in general). A donation never
pays its origin campaign (a group only takes donations from outside it). Should that rule ever
leave the fill stuck, an exact max-flow assigns the pool instead (the model's per-campaign cap
on what a pool may give guarantees one exists). Every cent a pool pays maps to a donation.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import numpy as np

from allocator.donations import DonationTable
from allocator.maxflow import maximum_flow
from allocator.result import Allocation, LineageLine
from allocator.round import Source
from eligibility.campaigns import CampaignTable
from eligibility.errors import AllocationError


@dataclass(frozen=True)
class _Gift:
    """One donation of a pool: its identity, amount and origin."""

    row: int
    donation_id: str
    donor_id: str
    origin: str
    amount: int


def assign_lineage(
    allocations: tuple[Allocation, ...],
    *,
    pools: tuple[Source, ...],
    donations: DonationTable,
    campaigns: CampaignTable,
) -> tuple[LineageLine, ...]:
    """Lineage lines for every cent the pools pay, sorted by donation then campaign."""
    uai = dict(zip(campaigns.texts("campaign_id"), campaigns.texts("uai"), strict=True))
    paid: dict[str, list[tuple[int, str]]] = {pool.id: [] for pool in pools}
    for a in allocations:
        if a.fund_id in paid:
            paid[a.fund_id].append((a.amount_cents, a.campaign_id))
    table = _DonationColumns.of(donations) if any(paid.values()) else None
    lines: list[LineageLine] = []
    for pool in pools:
        shares = sorted(paid[pool.id], key=lambda share: (-share[0], share[1]))
        if not shares or table is None:
            continue
        gifts = _gifts(pool, table)
        parts = _fewest_splits(gifts, shares) or _max_flow(gifts, shares, pool.id)
        lines.extend(
            LineageLine(g.donation_id, g.donor_id, c, uai[c], cents, pool.id, g.origin)
            for g, c, cents in parts
        )
    return tuple(sorted(lines))


@dataclass(frozen=True)
class _DonationColumns:
    """The donation table's columns as Python lists, read once for every pool."""

    donation_id: list[str]
    donor_id: list[str]
    origin: list[str]
    amount: list[int]

    @classmethod
    def of(cls, donations: DonationTable) -> _DonationColumns:
        frame = donations.frame
        return cls(
            [str(v) for v in frame["donation_id"].tolist()],
            [str(v) for v in frame["donor_id"].tolist()],
            [str(v) for v in frame["origin_campaign_id"].tolist()],
            [int(v) for v in frame["amount_cents"].to_numpy(np.int64).tolist()],
        )


def _gifts(pool: Source, table: _DonationColumns) -> list[_Gift]:
    gifts = [
        _Gift(r, table.donation_id[r], table.donor_id[r], table.origin[r], table.amount[r])
        for r in pool.donation_rows
    ]
    return sorted(gifts, key=lambda g: (-g.amount, g.donation_id))


_Part = tuple[_Gift, str, int]  # a donation, the campaign it pays, cents
_PARTNERS = 4  # campaigns of the matching remainder tried as a partner, per campaign
_THIRDS = 24  # second campaigns tried per campaign when looking for a triple
_MAX_BITS = 1 << 22  # largest subset-sum table (in units of the donations' divisor) tried


def _fewest_splits(gifts: list[_Gift], shares: list[tuple[int, str]]) -> list[_Part] | None:
    """The grouped fill or the plain one, whichever splits fewer donations (plain on a tie)."""
    plain = _fill(gifts, shares)
    grouped = _grouped(gifts, shares)
    if grouped is None or (plain is not None and _splits(plain) <= _splits(grouped)):
        return plain
    return grouped


def _splits(parts: list[_Part]) -> int:
    return _extra_receivers((gift.row, campaign_id) for gift, campaign_id, _ in parts)


def _grouped(gifts: list[_Gift], shares: list[tuple[int, str]]) -> list[_Part] | None:
    """Groups of one, two, then three campaigns paid by whole donations, then the rest."""
    stock = _Stock(gifts)
    groups: list[tuple[list[tuple[int, str]], list[int]]] = []
    divisor = stock.divisor()

    def close(members: list[tuple[int, str]]) -> bool:
        taken = stock.take_exactly(
            sum(amount for amount, _ in members),
            {campaign_id for _, campaign_id in members},
            divisor=divisor,
        )
        if taken is not None:
            groups.append((members, taken))
        return taken is not None

    open_shares = [share for share in shares if not close([share])]
    for size in (2, 3):
        divisor = stock.divisor()
        open_shares = _close_tuples(open_shares, divisor, size, close)
    parts: list[_Part] = []
    for members, taken in groups:
        filled = _fill([gifts[i] for i in taken], members)
        if filled is None:
            return None
        parts.extend(filled)
    rest = _fill([gifts[i] for i in stock.left()], open_shares)
    if rest is None:
        return None
    return parts + rest


def _close_tuples(
    shares: list[tuple[int, str]],
    divisor: int,
    size: int,
    close: Callable[[list[tuple[int, str]]], bool],
) -> list[tuple[int, str]]:
    """Close groups of ``size`` (2 or 3) campaigns whose shares' remainders modulo ``divisor``
    add up to zero, a condition for any whole donations to pay them exactly; the shares left
    open, in their order."""
    by_rest: dict[int, list[int]] = defaultdict(list)
    for position, (amount, _) in enumerate(shares):
        by_rest[amount % divisor].append(position)
    used = [False] * len(shares)

    def partners(rest: int, after: int, limit: int) -> list[int]:
        found = []
        for position in by_rest.get(rest % divisor, ()):
            if position > after and not used[position]:
                found.append(position)
                if len(found) == limit:
                    break
        return found

    for first, (amount, _) in enumerate(shares):
        if used[first]:
            continue
        if size == 2:
            candidates = [[p] for p in partners(-amount, first, _PARTNERS)]
        else:
            seconds = [p for p in range(first + 1, len(shares)) if not used[p]][:_THIRDS]
            candidates = [
                [second, *partners(-amount - shares[second][0], second, 1)] for second in seconds
            ]
            candidates = [c for c in candidates if len(c) == 2]
        for others in candidates:
            if close([shares[first], *(shares[p] for p in others)]):
                for position in (first, *others):
                    used[position] = True
                break
    return [share for position, share in enumerate(shares) if not used[position]]


class _Stock:
    """The donations not given yet, by amount (each amount's gifts in the gifts' order)."""

    def __init__(self, gifts: list[_Gift]) -> None:
        self._gifts = gifts
        self._by_amount: dict[int, list[int]] = defaultdict(list)
        for i, gift in enumerate(gifts):
            self._by_amount[gift.amount].append(i)
        self._origins = {gift.origin for gift in gifts}
        self._amounts = sorted(self._by_amount, reverse=True)  # largest first

    def divisor(self) -> int:
        """The common divisor of the amounts that two or more gifts left share (of all the
        amounts if none is shared): a few odd remnants must not hide that nearly every gift is,
        say, a multiple of 5 euros."""
        shared = [amount for amount, rows in self._by_amount.items() if len(rows) > 1]
        return math.gcd(*shared) or math.gcd(*self._by_amount) or 1

    def left(self) -> list[int]:
        """Gifts not given yet, in the gifts' order."""
        return sorted(i for rows in self._by_amount.values() for i in rows)

    def take_exactly(self, target: int, campaigns: set[str], *, divisor: int) -> list[int] | None:
        """Remove and return gifts adding up to ``target`` exactly, none of them from one of
        ``campaigns``; None (and nothing removed) when none is found. A target that is a
        multiple of ``divisor`` is searched among the amounts that are too (fast); another among
        all amounts."""
        by_amount, amounts = self._by_amount, self._amounts
        if campaigns & self._origins:
            by_amount = {
                amount: kept
                for amount, rows in by_amount.items()
                if (kept := [i for i in rows if self._gifts[i].origin not in campaigns])
            }
            amounts = sorted(by_amount, reverse=True)
        counts = _exact_counts(by_amount, amounts, target, divisor)
        if counts is None:
            return None
        taken = []
        for amount, n in counts.items():
            chosen = by_amount[amount][:n]
            taken.extend(chosen)
            gone = set(chosen)
            rows = self._by_amount[amount]
            rows[:] = [i for i in rows if i not in gone]
            if not rows:
                del self._by_amount[amount]
                self._amounts.remove(amount)
        return sorted(taken)


def _exact_counts(
    stock: dict[int, list[int]], amounts: list[int], target: int, divisor: int
) -> dict[int, int] | None:
    """How many gifts of each amount of ``stock`` (``amounts``: its keys, largest first) make
    ``target`` exactly, or None.

    Largest first when that lands exactly (it usually does); otherwise a bounded subset-sum
    over the distinct amounts (multiples of ``divisor`` when ``target`` is one), as bit sets.
    """
    if target <= 0:
        return None
    amounts = amounts[bisect.bisect_left(amounts, -target, key=lambda a: -a) :]
    due, counts = target, {}
    for amount in amounts:
        if amount <= due:
            n = min(len(stock[amount]), due // amount)
            counts[amount] = n
            due -= n * amount
            if due == 0:
                return counts
    if target % divisor == 0:
        amounts = [a for a in amounts if a % divisor == 0]
    unit = math.gcd(*amounts)
    if not amounts or target % unit or target // unit >= _MAX_BITS:
        return None
    goal = target // unit
    mask = (1 << (goal + 1)) - 1
    reach, steps = 1, []  # steps: (amount, how many, what was reachable before)
    for amount in reversed(amounts):
        count, chunk = len(stock[amount]), 1
        while count:
            take = min(chunk, count)
            steps.append((amount, take, reach))
            reach = (reach | (reach << (take * amount // unit))) & mask
            count -= take
            chunk *= 2
        if reach >> goal & 1:
            break
    if not reach >> goal & 1:
        return None
    chosen: dict[int, int] = defaultdict(int)
    for amount, take, before in reversed(steps):
        if not before >> goal & 1:
            chosen[amount] += take
            goal -= take * amount // unit
    return dict(chosen)


def _fill(gifts: list[_Gift], shares: list[tuple[int, str]]) -> list[_Part] | None:
    """Whole donations first, one split at the end of each share; None if it gets stuck."""
    available = sorted((gift.amount, i) for i, gift in enumerate(gifts))  # (cents left, gift)
    parts = []
    for amount, campaign_id in shares:
        due = amount
        while due:
            position = _pick(available, gifts, due, campaign_id)
            if position is None:
                return None
            cents, i = available.pop(position)
            take = min(due, cents)
            if cents > take:
                bisect.insort(available, (cents - take, i))
            due -= take
            parts.append((gifts[i], campaign_id, take))
    return parts


def _pick(
    available: list[tuple[int, int]], gifts: list[_Gift], due: int, campaign_id: str
) -> int | None:
    """The largest donation left that fits whole in ``due``, else the largest one left."""
    fits = bisect.bisect_right(available, (due, len(gifts)))
    downwards = itertools.chain(range(fits - 1, -1, -1), range(len(available) - 1, fits - 1, -1))
    for position in downwards:
        if gifts[available[position][1]].origin != campaign_id:
            return position
    return None


def _max_flow(gifts: list[_Gift], shares: list[tuple[int, str]], pool_id: str) -> list[_Part]:
    import networkx as nx  # the rare fallback; networkx is slow to import

    graph = nx.DiGraph()
    for i, gift in enumerate(gifts):
        graph.add_edge("S", ("d", i), capacity=gift.amount)
        for _, campaign_id in shares:
            if gift.origin != campaign_id:
                graph.add_edge(("d", i), ("c", campaign_id))
    for amount, campaign_id in shares:
        graph.add_edge(("c", campaign_id), "T", capacity=amount)
    value, flows = maximum_flow(graph, "S", "T")  # the same in every process
    if value != sum(amount for amount, _ in shares):
        raise AllocationError(f"the donations of {pool_id} cannot be traced to what it pays")
    return [
        (gifts[i], campaign_id, int(cents))
        for i in range(len(gifts))
        for (_, campaign_id), cents in flows[("d", i)].items()
        if cents
    ]


def count_splits(lineage: tuple[LineageLine, ...]) -> int:
    """Donations spread over more than one campaign count one split per extra campaign."""
    return _extra_receivers((line.donation_id, line.campaign_id) for line in lineage)


def _extra_receivers(pairs: Iterable[tuple[Hashable, str]]) -> int:
    """Over (donation, campaign) pairs: the campaigns each donation pays beyond its first."""
    receivers: dict[Hashable, set[str]] = defaultdict(set)
    for donation, campaign_id in pairs:
        receivers[donation].add(campaign_id)
    return sum(len(r) - 1 for r in receivers.values())
