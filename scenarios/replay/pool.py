"""The pool of redistributed donations during a replay: each donation's cents, free or used.

A donation keeps its donor (the tax receipt) and its origin; its cents are free, reserved by a
pledge, or paid, and the three always add up to its amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from allocator import DonationTable
from scenarios.replay.errors import require


@dataclass
class PoolDonation:
    """One redistributed donation in the pool, from the day it is available."""

    donation_id: str
    donor_id: str
    origin_campaign_id: str
    scope: str
    available_on: date
    amount_cents: int
    free_cents: int
    reserved_cents: int = 0
    paid_cents: int = 0

    def check(self) -> None:
        """Raise unless free, reserved and paid cents are non-negative and add up."""
        parts = (self.free_cents, self.reserved_cents, self.paid_cents)
        require(
            min(parts) >= 0 and sum(parts) == self.amount_cents,
            f"donation {self.donation_id}: free {parts[0]} + reserved {parts[1]} + paid "
            f"{parts[2]} cents must be non-negative and add up to {self.amount_cents}",
        )


class Pool:
    """Every donation that has joined (or will join) the pool, in the order it joined."""

    def __init__(self) -> None:
        self.donations: dict[str, PoolDonation] = {}

    def add(self, donation: PoolDonation) -> None:
        """A donation joins the pool."""
        require(donation.donation_id not in self.donations, f"{donation.donation_id} twice")
        self.donations[donation.donation_id] = donation

    def table(self, day: date) -> DonationTable:
        """The donations available on ``day`` with free cents, as the allocator reads them."""
        rows = [d for d in self.donations.values() if d.available_on <= day and d.free_cents > 0]
        frame = pd.DataFrame(
            {
                "donation_id": [d.donation_id for d in rows],
                "donor_id": [d.donor_id for d in rows],
                "amount_cents": np.array([d.free_cents for d in rows], dtype=np.int64),
                "origin_campaign_id": [d.origin_campaign_id for d in rows],
                "redistributed_on": np.array([d.available_on for d in rows], "datetime64[D]"),
                "scope": [d.scope for d in rows],
            }
        )
        return DonationTable.from_columns(frame)

    def available_cents(self, day: date) -> int:
        """Free cents of the donations available on ``day``."""
        return sum(d.free_cents for d in self.donations.values() if d.available_on <= day)

    def move(self, donation_id: str, cents: int, *, source: str, target: str) -> None:
        """Move ``cents`` of a donation between its free, reserved and paid parts."""
        donation = self.donations[donation_id]
        setattr(donation, f"{source}_cents", getattr(donation, f"{source}_cents") - cents)
        setattr(donation, f"{target}_cents", getattr(donation, f"{target}_cents") + cents)
        donation.check()

    def totals(self) -> dict[str, int]:
        """Cents in, paid out, reserved and free, over every donation."""
        values = self.donations.values()
        return {
            "in": sum(d.amount_cents for d in values),
            "paid": sum(d.paid_cents for d in values),
            "reserved": sum(d.reserved_cents for d in values),
            "free": sum(d.free_cents for d in values),
        }

    def check(self) -> None:
        """Raise unless every donation and the whole pool add up exactly."""
        for donation in self.donations.values():
            donation.check()
        t = self.totals()
        require(
            t["in"] == t["paid"] + t["reserved"] + t["free"],
            f"pool: in {t['in']} != paid {t['paid']} + reserved {t['reserved']} + free {t['free']}",
        )
