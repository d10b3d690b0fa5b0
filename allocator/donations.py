"""Redistributed donations: gifts of failed campaigns' donors, kept traceable to the donor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DONATION_COLUMNS: tuple[str, ...] = (
    "donation_id",
    "donor_id",
    "amount_cents",
    "origin_campaign_id",
    "redistributed_on",
    "scope",
)


@dataclass(frozen=True)
class DonationTable:
    """Redistributed donations as columns; ``scope`` is canonical rule text, "" for none."""

    frame: pd.DataFrame

    @classmethod
    def from_columns(cls, validated: pd.DataFrame) -> DonationTable:
        """Build from validated columns (see ``DONATION_COLUMNS``), normalising types."""
        frame = pd.DataFrame(index=pd.RangeIndex(len(validated)))
        for column in ("donation_id", "donor_id", "origin_campaign_id", "scope"):
            frame[column] = validated[column].astype(object).to_numpy()
        frame["amount_cents"] = validated["amount_cents"].to_numpy(np.int64)
        frame["redistributed_on"] = pd.to_datetime(validated["redistributed_on"]).to_numpy(
            "datetime64[s]"
        )
        return cls(frame)

    @classmethod
    def empty(cls) -> DonationTable:
        """No redistributed donations."""
        return cls.from_columns(pd.DataFrame({c: [] for c in DONATION_COLUMNS}))

    def __len__(self) -> int:
        return len(self.frame)
