"""Small hand-made campaigns, funds and donations for the service tests (cents, API records)."""

from __future__ import annotations

from functools import cache
from typing import Any

from allocator import Round
from service.bodies import round_body
from service.data import load_round


def campaign(
    campaign_id: str,
    *,
    need: int,
    uai: str = "0951234X",
    school_name: str = "École Jean Jaurès",
    priority_education: str = "REP",
    themes: tuple[str, ...] = ("sport",),
    ends_on: str = "2024-05-31",
) -> dict[str, Any]:
    """A campaign short of ``need`` cents of its minimum goal (100,000 cents)."""
    return {
        "campaign_id": campaign_id,
        "uai": uai,
        "school_name": school_name,
        "school_type": "ecole_elementaire",
        "sector": "public",
        "departement": "095",
        "commune": "Sarcelles",
        "priority_education": priority_education,
        "isolated": False,
        "inclusive": False,
        "themes": list(themes),
        "nights": 2,
        "min_goal_cents": 100_000,
        "optimum_goal_cents": 150_000,
        "collected_cents": 100_000 - need,
        "donors": 10,
        "starts_on": "2024-01-10",
        "ends_on": ends_on,
    }


def fund(fund_id: str, *, budget: int, rule: str = "", **extra: Any) -> dict[str, Any]:
    """A patron fund of ``budget`` cents."""
    made: dict[str, Any] = {
        "id": fund_id,
        "name": f"Fund {fund_id}",
        "kind": "patron",
        "budget_cents": budget,
    }
    return made | ({"rule": rule} if rule else {}) | extra


def donation(
    donation_id: str, *, amount: int, donor: str = "P-1", origin: str = "C-OLD"
) -> dict[str, Any]:
    """A redistributed donation of ``amount`` cents."""
    return {
        "donation_id": donation_id,
        "donor_id": donor,
        "amount_cents": amount,
        "origin_campaign_id": origin,
        "redistributed_on": "2024-01-05",
    }


def body(
    campaigns: list[dict[str, Any]],
    *,
    funds: Any = "registered",
    donations: list[dict[str, Any]] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """A POST /rounds body; HiGHS by default (the quickest here), greedy comparison off."""
    return {
        "campaigns": campaigns,
        "funds": funds,
        "donations": donations or [],
        "options": {"solver": "highs", "compare_greedy": False, **options},
    }


@cache
def example_round() -> Round:
    """The built-in example season."""
    return load_round(None, None, None)[0]


def example_body(**options: Any) -> dict[str, Any]:
    """The example season as a POST /rounds body using the registered funds."""
    data = round_body(example_round(), registered=True)
    data["options"] = {"solver": "highs", **options}
    return data


def example_funds() -> list[dict[str, Any]]:
    """The example season's funds as POST /funds bodies."""
    return [f.model_dump(mode="json", exclude_none=True) for f in example_round().funds]
