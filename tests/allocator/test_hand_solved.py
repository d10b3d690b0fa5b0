"""Tiny rounds solved by hand, the answer written in."""

from __future__ import annotations

from datetime import date

import pytest

from allocator import RoundOptions, SolverName, allocate
from allocator.greedy import _closest_first, _ties_are_exact
from allocator.result import RoundResult
from allocator.round import prepare
from tests.allocator.builders import campaign, donations, fund, round_of

SOLVERS = [SolverName.CBC, SolverName.HIGHS]


def paid(result: RoundResult) -> dict[tuple[str, str], int]:
    """Allocations as {(fund, campaign): cents}."""
    return {(a.fund_id, a.campaign_id): a.amount_cents for a in result.allocations}


def reason(result: RoundResult, campaign_id: str) -> str:
    """The outcome reason of one campaign."""
    return next(o.reason for o in result.outcomes if o.campaign_id == campaign_id)


@pytest.mark.parametrize("solver", SOLVERS)
def test_most_completions_then_least_money(solver: SolverName) -> None:
    """100 € for needs 60, 50, 40: two fit (A+C or B+C); B+C costs less."""
    round_ = round_of([campaign("A", 60), campaign("B", 50), campaign("C", 40)], [fund("F", 100)])
    result = allocate(round_, RoundOptions(solver=solver))
    assert paid(result) == {("F", "B"): 5000, ("F", "C"): 4000}
    assert result.summary["completed_by_round"] == 2
    assert result.summary["objectives"]["money"] == 9000
    assert result.status == "optimal"


@pytest.mark.parametrize("solver", SOLVERS)
def test_count_comes_before_priority(solver: SolverName) -> None:
    """A REP+ campaign needing 80 € loses to two ordinary ones needing 50 € each."""
    records = [
        campaign("A", 80, priority_education="REP+"),
        campaign("B", 50),
        campaign("C", 50),
    ]
    result = allocate(round_of(records, [fund("F", 100)]), RoundOptions(solver=solver))
    assert set(result.completed) == {"B", "C"}
    assert "budget went to campaigns ranked higher" in reason(result, "A")


@pytest.mark.parametrize("solver", SOLVERS)
def test_priority_comes_before_money(solver: SolverName) -> None:
    """Among pairs that fit in 100 €, those with the REP campaign win; the cheaper one of them."""
    records = [
        campaign("A", 60, priority_education="REP"),
        campaign("B", 40),
        campaign("C", 30),
        campaign("D", 50),
    ]
    result = allocate(round_of(records, [fund("F", 100)]), RoundOptions(solver=solver))
    assert paid(result) == {("F", "A"): 6000, ("F", "C"): 3000}


@pytest.mark.parametrize("solver", SOLVERS)
def test_caps_split_a_need_and_block_another(solver: SolverName) -> None:
    """F1 caps at 30 € a campaign: A (isolated) takes all 50 € of the restricted F2 first, then
    20 € from F1; C needs 40 € and only F1 may pay it, capped at 30 €."""
    records = [campaign("A", 70, isolated=True), campaign("B", 25), campaign("C", 40)]
    funds = [fund("F1", 1000, cap_per_campaign_cents=3000), fund("F2", 50, "isolated")]
    result = allocate(round_of(records, funds), RoundOptions(solver=solver))
    assert paid(result) == {("F1", "A"): 2000, ("F2", "A"): 5000, ("F1", "B"): 2500}
    assert "caps allow at most 30.00 €" in reason(result, "C")


def test_share_and_match_caps_are_exact() -> None:
    """Share 0.333 of a 1,000.01 € goal floors to 333.00 €; match 1.5 × collected floors too."""
    records = [
        campaign("A", 400, min_goal_cents=100_001, collected_cents=60_001),
        campaign("B", 300),
    ]
    funds = [
        fund("S", 1000, cap_share_of_min_goal="0.333"),
        fund("M", 1000, match_ratio="1.5"),
    ]
    result = allocate(round_of(records, funds), RoundOptions())
    amounts = paid(result)
    assert sum(v for (f, c), v in amounts.items() if c == "A") == 40_000
    assert amounts.get(("S", "A"), 0) <= 33_300
    assert sum(v for (f, c), v in amounts.items() if c == "B") == 30_000


def test_restricted_money_is_spent_first() -> None:
    """An isolated campaign is paid by the fund that can only pay isolated campaigns."""
    records = [campaign("A", 50, isolated=True), campaign("B", 10)]
    result = allocate(round_of(records, [fund("ALL", 500), fund("ISO", 500, "isolated")]))
    assert paid(result) == {("ISO", "A"): 5000, ("ALL", "B"): 1000}


def test_soonest_expiring_money_is_spent_first() -> None:
    """Of two funds open to everyone, the one closing sooner pays."""
    funds = [fund("LATE", 500), fund("SOON", 500, valid_until=date(2024, 4, 30))]
    result = allocate(round_of([campaign("A", 50)], funds))
    assert paid(result) == {("SOON", "A"): 5000}


def test_pool_pays_courte_echelle_only_with_lineage() -> None:
    """Redistributed donations pay the REP campaign; both donations go whole to it, no split."""
    records = [campaign("A", 45, priority_education="REP"), campaign("B", 10)]
    gifts = donations(("D1", "P1", 30, "X"), ("D2", "P2", 20, "Y"))
    result = allocate(round_of(records, [], gifts))
    assert paid(result) == {("pool", "A"): 4500}
    lines = {(x.donation_id, x.campaign_id): x.amount_cents for x in result.lineage}
    assert lines == {("D1", "A"): 3000, ("D2", "A"): 1500}
    assert "not eligible for any fund" in reason(result, "B")
    assert result.summary["lineage_splits"] == 0


def test_donation_never_returns_to_its_origin() -> None:
    """A donation that came from campaign A may not pay A, even if A is in the round."""
    records = [campaign("A", 10, priority_education="REP"), campaign("B", 10, isolated=True)]
    gifts = donations(("D1", "P1", 10, "A"))
    result = allocate(round_of(records, [], gifts))
    assert set(result.completed) == {"B"}
    assert [(x.donation_id, x.campaign_id) for x in result.lineage] == [("D1", "B")]
    assert "all its donations came from this campaign" in reason(result, "A")


def test_round_date_and_horizon_select_campaigns() -> None:
    """Ended campaigns and those beyond the horizon are out, with the reason said."""
    records = [
        campaign("OLD", 10, ends_on="2024-03-01"),
        campaign("NOW", 10, ends_on="2024-03-20"),
        campaign("LATER", 10, ends_on="2024-06-20"),
        campaign("DONE", 0),
    ]
    options = RoundOptions(round_date=date(2024, 3, 10), horizon_days=30)
    result = allocate(round_of(records, [fund("F", 100)]), options)
    assert set(result.completed) == {"NOW"}
    assert "ended before the round date" in reason(result, "OLD")
    assert "after the horizon" in reason(result, "LATER")
    assert "already reached its minimum goal" in reason(result, "DONE")
    assert result.summary["completed_with_round"] == 2


def test_window_excludes_campaigns_ending_outside_it() -> None:
    """A fund valid until March cannot pay a campaign ending in June."""
    records = [campaign("A", 10, ends_on="2024-06-20")]
    result = allocate(round_of(records, [fund("F", 100, valid_until=date(2024, 3, 31))]))
    assert result.completed == ()
    assert "outside the fund's window" in reason(result, "A")


def test_ineligible_campaign_says_which_rule_part_failed() -> None:
    """The mountain fund's rule fails on nights for a 2-night stay."""
    rule = 'nights >= 4 and "mountain" in themes'
    records = [campaign("A", 10, nights=2, themes="mountain")]
    result = allocate(round_of(records, [fund("MOUNTAIN", 100, rule)]))
    text = reason(result, "A")
    assert text.startswith("not eligible for any fund")
    assert "nights" in text


def test_outranked_campaign_says_what_it_would_take() -> None:
    """B loses to cheaper A; 10 € more in F would have completed B as well."""
    result = allocate(round_of([campaign("A", 40), campaign("B", 70)], [fund("F", 100)]))
    assert set(result.completed) == {"A"}
    assert "10.00 € more in F would have completed it" in reason(result, "B")


def test_no_funds_and_no_campaigns_are_fine() -> None:
    """An empty round completes nothing and still verifies."""
    result = allocate(round_of([campaign("A", 10)], []))
    assert result.completed == ()
    assert result.summary["completed_by_round"] == 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_millions_of_euros_are_exact_to_the_cent(solver: SolverName) -> None:
    """A 1,234,567.89 € need beside cent-sized ones: every cent right (CBC prints 8 digits)."""
    big = 123_456_789
    records = [campaign(f"S{i}", 0, min_goal_cents=1, collected_cents=0) for i in range(3)]
    records.append(
        campaign("BIG", 0, min_goal_cents=big, optimum_goal_cents=big, collected_cents=0)
    )
    funds = [fund("F", 0).model_copy(update={"budget_cents": big + 2})]
    result = allocate(round_of(records, funds), RoundOptions(solver=solver))
    assert result.summary["completed_by_round"] == 3
    assert sum(a.amount_cents for a in result.allocations) == result.summary["spent_cents"]
    assert result.summary["spent_cents"] in {3, big + 2}


def test_closest_first_ranks_shares_exactly_where_floats_tie() -> None:
    """Shares 1 - 1/g of two goals near 10**9 euros are the same float: the exact fractions
    still put the larger goal's campaign (the larger share) first, whatever the ids say."""
    big = 99_999_999_999
    records = [
        campaign("A", 0, min_goal_cents=big - 1, optimum_goal_cents=big, collected_cents=big - 2),
        campaign("B", 0, min_goal_cents=big, optimum_goal_cents=big, collected_cents=big - 1),
        campaign("C", 0, min_goal_cents=200_000, collected_cents=100_000),
    ]
    prepared = prepare(round_of(records, [fund("F", 1)]), RoundOptions())
    ids = list(prepared.campaign_ids())
    assert (big - 2) / (big - 1) == (big - 1) / big  # the float tie
    assert [ids[i] for i in _closest_first(prepared)] == ["B", "A", "C"]
    assert _ties_are_exact([0, 1], [0.5, 0.5], [1, 2], [2, 4])
    assert not _ties_are_exact([0, 1], [0.5, 0.5], [1, 2], [2, 3])
