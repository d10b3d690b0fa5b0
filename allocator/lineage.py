"""Lineage: which redistributed donation pays which campaign, for the receiving school's receipt.

Within a pool, campaigns (largest share first) take whole donations that fit (largest first);
the last part of a share comes from splitting one donation, whose rest stays available: at most
one split per receiving campaign. A donation never pays its origin campaign. Should that rule
ever leave the fill stuck, an exact max-flow assigns the pool instead (the model's per-campaign
cap on what a pool may give guarantees one exists). Every cent a pool pays maps to a donation.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import numpy as np

from allocator.donations import DonationTable
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
        parts = _fill(gifts, shares) or _max_flow(gifts, shares, pool.id)
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


def _fill(gifts: list[_Gift], shares: list[tuple[int, str]]) -> list[tuple[_Gift, str, int]] | None:
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


def _max_flow(
    gifts: list[_Gift], shares: list[tuple[int, str]], pool_id: str
) -> list[tuple[_Gift, str, int]]:
    import networkx as nx  # the rare fallback; networkx is slow to import

    graph = nx.DiGraph()
    for i, gift in enumerate(gifts):
        graph.add_edge("S", ("d", i), capacity=gift.amount)
        for _, campaign_id in shares:
            if gift.origin != campaign_id:
                graph.add_edge(("d", i), ("c", campaign_id))
    for amount, campaign_id in shares:
        graph.add_edge(("c", campaign_id), "T", capacity=amount)
    value, flows = nx.maximum_flow(graph, "S", "T")
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
    receivers: dict[str, set[str]] = {}
    for line in lineage:
        receivers.setdefault(line.donation_id, set()).add(line.campaign_id)
    return sum(len(r) - 1 for r in receivers.values())
