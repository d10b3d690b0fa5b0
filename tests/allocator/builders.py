"""Small builders for hand-written rounds: campaigns with defaults, funds, donations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.round import Round
from eligibility.campaign_file import campaigns_from_records
from eligibility.campaigns import CampaignTable


def campaign(campaign_id: str, need_euros: int, **fields: Any) -> dict[str, Any]:
    """A campaign record needing ``need_euros`` more to reach a 1,000 € minimum goal."""
    number = sum(ord(ch) for ch in campaign_id) % 10000
    record: dict[str, Any] = {
        "campaign_id": campaign_id,
        "uai": f"095{number:04d}X",
        "school_name": f"École {campaign_id}",
        "school_type": "ecole_elementaire",
        "sector": "public",
        "departement": "095",
        "commune": "Sarcelles",
        "priority_education": "",
        "isolated": False,
        "inclusive": False,
        "themes": "arts",
        "nights": 0,
        "min_goal_cents": 100_000,
        "optimum_goal_cents": 200_000,
        "collected_cents": 100_000 - need_euros * 100,
        "donors": 10,
        "starts_on": "2024-01-08",
        "ends_on": "2024-03-29",
    }
    record.update(fields)
    return record


def table(*records: dict[str, Any]) -> CampaignTable:
    """A campaign table from records."""
    return campaigns_from_records(list(records), source="test")


def fund(fund_id: str, budget_euros: int, rule: str = "", **fields: Any) -> Fund:
    """A patron fund with a budget in whole euros."""
    return Fund(
        id=fund_id,
        name=fund_id,
        kind="patron",
        budget_cents=budget_euros * 100,
        rule=rule,
        **fields,
    )


def donations(*rows: tuple[str, str, int, str]) -> DonationTable:
    """Donations from (donation_id, donor_id, euros, origin_campaign_id) tuples, unscoped."""
    frame = pd.DataFrame(
        {
            "donation_id": [r[0] for r in rows],
            "donor_id": [r[1] for r in rows],
            "amount_cents": [r[2] * 100 for r in rows],
            "origin_campaign_id": [r[3] for r in rows],
            "redistributed_on": ["2024-01-15"] * len(rows),
            "scope": [""] * len(rows),
        }
    )
    return DonationTable.from_columns(frame) if rows else DonationTable.empty()


def round_of(
    records: list[dict[str, Any]], funds: list[Fund], gifts: DonationTable | None = None
) -> Round:
    """A round from campaign records, funds and optional donations."""
    return Round(
        table(*records), tuple(funds), gifts if gifts is not None else DonationTable.empty()
    )
