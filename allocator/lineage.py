"""Lineage: which redistributed donation pays which campaign, for the receiving school's receipt.

Within a pool, campaigns (largest share first) take whole donations that fit (largest first);
the last part of a share comes from splitting one donation, whose rest stays available. So at
most one split per receiving campaign, and every cent a pool pays maps to one donation.
"""

from __future__ import annotations

import numpy as np

from allocator.donations import DonationTable
from allocator.result import Allocation, LineageLine
from allocator.round import Source
from eligibility.campaigns import CampaignTable


def assign_lineage(
    allocations: tuple[Allocation, ...],
    *,
    pools: tuple[Source, ...],
    donations: DonationTable,
    campaigns: CampaignTable,
) -> tuple[LineageLine, ...]:
    """Lineage lines for every cent the pools pay, sorted by donation then campaign."""
    uai = dict(zip(campaigns.texts("campaign_id"), campaigns.texts("uai"), strict=True))
    lines: list[LineageLine] = []
    for pool in pools:
        shares = sorted(
            ((a.amount_cents, a.campaign_id) for a in allocations if a.fund_id == pool.id),
            key=lambda share: (-share[0], share[1]),
        )
        if shares:
            lines.extend(_fill_pool(pool, shares, donations, uai))
    return tuple(sorted(lines))


def _fill_pool(
    pool: Source,
    shares: list[tuple[int, str]],
    donations: DonationTable,
    uai: dict[str, str],
) -> list[LineageLine]:
    frame = donations.frame
    amounts = frame["amount_cents"].to_numpy(np.int64)
    donation_ids = [str(v) for v in frame["donation_id"].tolist()]
    left = {row: int(amounts[row]) for row in pool.donation_rows}
    order = sorted(pool.donation_rows, key=lambda r: (-left[r], donation_ids[r]))
    lines = []
    for amount, campaign_id in shares:
        due = amount
        while due:
            row = _whole_fit(order, left, due)
            if row is None:
                row = _largest(order, left)
            if row is None:
                raise ValueError(f"pool {pool.id} has fewer cents than it pays")
            take = min(due, left[row])
            left[row] -= take
            due -= take
            lines.append(
                LineageLine(
                    donation_id=donation_ids[row],
                    donor_id=str(frame["donor_id"].iat[row]),
                    campaign_id=campaign_id,
                    uai=uai[campaign_id],
                    amount_cents=take,
                    pool_id=pool.id,
                    origin_campaign_id=str(frame["origin_campaign_id"].iat[row]),
                )
            )
    return lines


def _whole_fit(order: list[int], left: dict[int, int], due: int) -> int | None:
    """The largest remaining donation (or rest of one) that fits entirely in ``due``."""
    for row in order:
        if 0 < left[row] <= due:
            return row
    return None


def _largest(order: list[int], left: dict[int, int]) -> int | None:
    best = None
    for row in order:
        if left[row] > 0 and (best is None or left[row] > left[best]):
            best = row
    return best


def count_splits(lineage: tuple[LineageLine, ...]) -> int:
    """Donations spread over more than one campaign count one split per extra campaign."""
    receivers: dict[str, set[str]] = {}
    for line in lineage:
        receivers.setdefault(line.donation_id, set()).add(line.campaign_id)
    return sum(len(r) - 1 for r in receivers.values())
