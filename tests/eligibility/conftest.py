"""A small hand-written campaign table covering every kind of field the rules can test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pytest

from eligibility.campaigns import VALIDATED_COLUMNS, CampaignTable

# One campaign per line, in VALIDATED_COLUMNS order minus the money and dates, kept readable.
_HEADER = (
    "campaign_id",
    "school_type",
    "sector",
    "departement",
    "commune",
    "priority_education",
    "isolated",
    "inclusive",
    "themes",
    "nights",
)
_ROWS = (
    ("alps", "ecole_elementaire", "public", "005", "Gap", "REP", False, False, "sport;mountain", 5),
    ("brest", "ecole_primaire", "public", "029", "Brest", "", True, False, "sea", 4),
    ("paris", "college", "prive", "075", "Paris", "REP+", False, False, "arts;international", 2),
    ("lyon", "lycee_professionnel", "public", "069", "Lyon", "", False, True, "", 0),
    ("ajaccio", "ecole_primaire", "public", "2A", "Ajaccio", "", False, False, "mountain;sea", 6),
    (
        "reunion",
        "ecole_maternelle",
        "public",
        "974",
        "Saint-Denis",
        "REP",
        False,
        False,
        "science",
        3,
    ),
    ("queyras", "ecole_primaire", "public", "005", "Abriès", "", True, False, "mountain", 4),
)
# Euros in cents: min goal, optimum goal, collected; then donors, start and end dates.
_MONEY_AND_DATES = (
    (200_000, 300_000, 50_000, 12, "2025-01-10", "2025-03-31"),
    (150_000, 150_000, 150_000, 40, "2025-02-01", "2025-04-30"),
    (400_000, 450_000, 123_456, 25, "2025-03-15", "2025-06-15"),
    (800_000, 1_000_000, 0, 0, "2025-01-01", "2025-01-31"),
    (120_000, 200_000, 130_000, 33, "2024-12-01", "2025-05-01"),
    (90_000, 90_000, 10_001, 3, "2025-04-01", "2025-07-01"),
    (250_000, 260_000, 100_000, 18, "2025-02-15", "2025-03-31"),
)


def campaign_frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """Validated campaign columns from rows given as dicts, with UAI and school names filled in."""
    frame = pd.DataFrame(list(rows))
    if "uai" not in frame:
        frame["uai"] = [f"{i:07d}A" for i in range(len(frame))]
    if "school_name" not in frame:
        frame["school_name"] = [f"École {cid}" for cid in frame["campaign_id"]]
    return frame[list(VALIDATED_COLUMNS)]


def hand_rows() -> list[dict[str, object]]:
    """The fixture campaigns as dicts of validated columns."""
    rows = []
    for base, (min_goal, optimum, collected, donors, starts, ends) in zip(
        _ROWS, _MONEY_AND_DATES, strict=True
    ):
        row: dict[str, object] = dict(zip(_HEADER, base, strict=True))
        row.update(
            min_goal_cents=min_goal,
            optimum_goal_cents=optimum,
            collected_cents=collected,
            donors=donors,
            starts_on=starts,
            ends_on=ends,
        )
        rows.append(row)
    return rows


@pytest.fixture(scope="session")
def campaigns() -> CampaignTable:
    """Seven campaigns: every school type but two, REP and REP+, isolated, inclusive, Corsica."""
    return CampaignTable.from_columns(campaign_frame(hand_rows()))
