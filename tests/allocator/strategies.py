"""Hypothesis strategies for small random rounds: ≤ 8 campaigns, ≤ 3 funds, a few donations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from hypothesis import strategies as st

from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.options import DEFAULT_ORDER, PriorityWeights, RoundOptions
from allocator.round import Round
from tests.allocator.builders import campaign, fund, round_of

# Ids that sort differently from the order they are drawn in, so row order matters to nothing.
CAMPAIGN_IDS = ("A", "B", "C", "D", "E", "F", "G", "H", "c10", "x-7", "Z")
FUND_IDS = ("F1", "F2", "M", "a-fund", "zz")
OUTSIDE_ORIGINS = ("GONE-1", "GONE-2")
END_DATES = (
    date(2024, 3, 4),
    date(2024, 3, 11),
    date(2024, 3, 29),
    date(2024, 4, 15),
    date(2024, 5, 31),
)
ROUND_DATES = (date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 30))
RULES = (
    "",
    "",
    "isolated",
    "courte_echelle",
    '"sport" in themes',
    'school_type == "college"',
    'not isolated and "arts" in themes',
    'priority_education in ("REP", "REP+") or inclusive',
)
SCOPES = ("", "isolated", '"sport" in themes', 'school_type == "college"')
SHARES = (Decimal("0.25"), Decimal("0.333"), Decimal("0.5"), Decimal("1"))
RATIOS = (Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2"))
SCHOOL_TYPES = ("ecole_elementaire", "college", "lycee", "lycee_professionnel")
THEMES = ("arts", "sport", "science", "mountain")


SOMETIMES = st.sampled_from((False, False, True))  # true a third of the time


@dataclass(frozen=True)
class Case:
    """A generated round with the options it runs under."""

    round_: Round
    options: RoundOptions


def cents(max_euros: int, *, min_cents: int = 0, scale: int = 1) -> st.SearchStrategy[int]:
    """Amounts up to ``max_euros × scale``: often whole euros, sometimes odd cents."""
    top = max_euros * scale
    whole = st.integers(-(-min_cents // 100), top).map(lambda euros: euros * 100)
    return st.one_of(whole, st.integers(min_cents, top * 100))


@st.composite
def campaign_record(draw: st.DrawFn, campaign_id: str, *, scale: int = 1) -> dict[str, Any]:
    """One campaign record; its need is mostly positive, sometimes zero or overfunded."""
    collected = draw(cents(400, scale=scale))
    need = draw(cents(300, min_cents=1, scale=scale)) if draw(st.integers(0, 7)) else 0
    min_goal = collected + need
    if need == 0 and draw(st.booleans()):
        min_goal = collected // 2  # collected more than the minimum goal
    min_goal = max(min_goal, 1)
    themes = draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=2))
    return campaign(
        campaign_id,
        0,
        min_goal_cents=min_goal,
        optimum_goal_cents=2 * min_goal,
        collected_cents=collected,
        priority_education=draw(st.sampled_from(("", "", "REP", "REP+"))),
        isolated=draw(st.booleans()),
        inclusive=draw(st.booleans()),
        school_type=draw(st.sampled_from(SCHOOL_TYPES)),
        themes=";".join(themes),
        ends_on=draw(st.sampled_from(END_DATES)).isoformat(),
    )


@st.composite
def fund_of(draw: st.DrawFn, fund_id: str, *, scale: int = 1) -> Fund:
    """One fund with a rule from ``RULES``, optional caps and an optional validity window."""
    fields: dict[str, Any] = {}
    if draw(SOMETIMES):
        fields["cap_per_campaign_cents"] = draw(cents(300, scale=scale))
    if draw(SOMETIMES):
        fields["cap_share_of_min_goal"] = draw(st.sampled_from(SHARES))
    if draw(SOMETIMES):
        fields["match_ratio"] = draw(st.sampled_from(RATIOS))
    days = draw(st.lists(st.sampled_from(END_DATES), unique=True, max_size=2).map(sorted))
    if days:
        if draw(SOMETIMES):
            fields["valid_until"] = days[-1]
        if draw(SOMETIMES):
            fields["valid_from"] = days[0]
    built = fund(fund_id, 0, draw(st.sampled_from(RULES)), **fields)
    budget = draw(cents(800, scale=scale))
    return Fund.model_validate({**built.model_dump(), "budget_cents": budget})


@st.composite
def donation_table(draw: st.DrawFn, campaign_ids: list[str], *, scale: int = 1) -> DonationTable:
    """Up to four redistributed donations, some from campaigns of the round, some scoped."""
    count = draw(st.integers(0, 4))
    if count == 0:
        return DonationTable.empty()
    origins = st.sampled_from([*campaign_ids, *OUTSIDE_ORIGINS])
    frame = pd.DataFrame(
        {
            "donation_id": [f"D{i}" for i in range(count)],
            "donor_id": [f"P{i % 2}" for i in range(count)],
            "amount_cents": [draw(cents(200, min_cents=1, scale=scale)) for _ in range(count)],
            "origin_campaign_id": [draw(origins) for _ in range(count)],
            "redistributed_on": ["2024-02-15"] * count,
            "scope": [draw(st.sampled_from(SCOPES)) for _ in range(count)],
        }
    )
    return DonationTable.from_columns(frame)


@st.composite
def round_options(draw: st.DrawFn, *, ranking: bool = False) -> RoundOptions:
    """Options with sometimes a round date, a horizon, or pools open to everyone.

    With ``ranking``, the criteria order and the priority weights are drawn too.
    """
    round_date = draw(st.sampled_from((None, None, None, *ROUND_DATES)))
    horizon = draw(st.sampled_from((None, 14, 45))) if round_date else None
    fields: dict[str, Any] = {}
    if ranking:
        fields["order"] = tuple(draw(st.permutations(DEFAULT_ORDER)))
        points = st.integers(0, 5)
        fields["weights"] = PriorityWeights(
            **{name: draw(points) for name in PriorityWeights.model_fields}
        )
    return RoundOptions(
        round_date=round_date,
        horizon_days=horizon,
        pools_courte_echelle_only=draw(st.sampled_from((True, True, False))),
        **fields,
    )


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    max_campaigns: int = 8,
    max_funds: int = 3,
    scale: int = 1,
    ranking: bool = False,
) -> Case:
    """A round of up to ``max_campaigns`` campaigns and ``max_funds`` funds, with its options.

    ``scale`` multiplies every amount (large sums stress the solver's tolerances); ``ranking``
    draws the criteria order and priority weights instead of the defaults.
    """
    # Sizes drawn first so that larger rounds are as likely as small ones.
    size = draw(st.integers(1, max_campaigns))
    ids = draw(st.permutations(CAMPAIGN_IDS))[:size]
    records = [draw(campaign_record(campaign_id, scale=scale)) for campaign_id in ids]
    count = min(max_funds, draw(st.sampled_from((0, 1, 2, 2, 3, 3))))
    fund_ids = draw(st.permutations(FUND_IDS))[:count]
    funds = [draw(fund_of(fund_id, scale=scale)) for fund_id in fund_ids]
    gifts = draw(donation_table(ids, scale=scale))
    return Case(round_of(records, funds, gifts), draw(round_options(ranking=ranking)))
