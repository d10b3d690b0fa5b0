"""Hypothesis properties of ``allocate`` on small random rounds, judged by brute force."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import (
    Allocation,
    LineageLine,
    RoundOptions,
    RoundResult,
    SolverName,
    SolveStatus,
    allocate,
    solve_round,
    verify_allocation,
)
from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.round import Round
from eligibility.errors import VerificationError
from tests.allocator.brute_force import Reference, brute_force, need_of, rows_of
from tests.allocator.builders import campaign, donations, fund, round_of
from tests.allocator.strategies import Case, cases

SLOW_DATA = [HealthCheck.too_slow]
# Sized so that the file runs in about half a minute: an allocate call takes ~0.1 s here.
BRUTE = settings(deadline=None, max_examples=80, suppress_health_check=SLOW_DATA)
MANY = settings(deadline=None, max_examples=30, suppress_health_check=SLOW_DATA)
FEW = settings(deadline=None, max_examples=12, suppress_health_check=SLOW_DATA)


def objectives(result: RoundResult, reference: Reference) -> tuple[int, int, int]:
    """(completed, priority score, money) of a result, scored by the reference's own scores."""
    completed = {a.campaign_id for a in result.allocations}
    money = sum(a.amount_cents for a in result.allocations)
    return len(completed), sum(reference.scores[c] for c in completed), money


def received(allocations: tuple[Allocation, ...]) -> dict[str, int]:
    """Cents each campaign receives, summed over sources."""
    totals: dict[str, int] = defaultdict(int)
    for a in allocations:
        totals[a.campaign_id] += a.amount_cents
    return dict(totals)


def spent(allocations: tuple[Allocation, ...]) -> dict[str, int]:
    """Cents each source pays, summed over campaigns."""
    totals: dict[str, int] = defaultdict(int)
    for a in allocations:
        totals[a.fund_id] += a.amount_cents
    return dict(totals)


def stable_summary(result: RoundResult) -> dict[str, Any]:
    """The summary without its timings, which are the one part allowed to vary."""
    return {k: v for k, v in result.summary.items() if k != "timings"}


@BRUTE
@given(cases())
def test_optimum_equals_brute_force(case: Case) -> None:
    """Completed count, then priority score, then money equal the best subset found by max-flow."""
    result = allocate(case.round_, case.options)
    reference = brute_force(case.round_, case.options)
    assert objectives(result, reference) == reference.objectives
    count, score, money = reference.objectives
    assert result.summary["objectives"] == {"completed": count, "priority": score, "money": money}
    assert result.status is SolveStatus.OPTIMAL
    assert result.summary["status"] == "optimal"


@MANY
@given(cases(ranking=True))
def test_any_criteria_order_and_weights_match_brute_force(case: Case) -> None:
    """With a drawn criteria order and priority weights, the optimum is still the brute force's."""
    result = allocate(case.round_, case.options)
    reference = brute_force(case.round_, case.options)
    assert objectives(result, reference) == reference.objectives


@FEW
@given(cases(scale=100))
def test_large_amounts_match_brute_force(case: Case) -> None:
    """Needs and budgets up to tens of thousands of euros, to the cent, still match brute force."""
    result = allocate(case.round_, case.options)
    reference = brute_force(case.round_, case.options)
    assert objectives(result, reference) == reference.objectives


@pytest.mark.parametrize("solver", [SolverName.CBC, SolverName.HIGHS])
def test_needs_from_a_cent_to_a_million_euros_are_solved_exactly(solver: SolverName) -> None:
    """Three campaigns 1 cent short, one 1,000,000 € short, 1,000,000.02 € to give: 3 complete."""
    records = [campaign(f"S{i}", 0, min_goal_cents=1, collected_cents=0) for i in range(3)]
    big = 100_000_000
    records.append(
        campaign("BIG", 0, min_goal_cents=big, optimum_goal_cents=big, collected_cents=0)
    )
    fund_ = Fund.model_validate({**fund("F", 0).model_dump(), "budget_cents": big + 2})
    round_ = round_of(records, [fund_])
    options = RoundOptions(solver=solver)
    result = allocate(round_, options)
    reference = brute_force(round_, options)
    assert reference.objectives == (3, 12, 3)
    assert objectives(result, reference) == reference.objectives


@MANY
@given(cases())
def test_result_is_exact_and_within_every_limit(case: Case) -> None:
    """Verified; exact needs or nothing; no budget, cap or eligibility broken by the reference."""
    result = allocate(case.round_, case.options)
    verify_allocation(case.round_, case.options, result.allocations, result.lineage)
    reference = brute_force(case.round_, case.options)
    rows = rows_of(case.round_)
    totals = received(result.allocations)
    assert {o.campaign_id for o in result.outcomes} == set(rows)
    for outcome in result.outcomes:
        need = need_of(rows[outcome.campaign_id])
        assert outcome.need_cents == need
        assert outcome.allocated_cents == totals.get(outcome.campaign_id, 0)
        assert outcome.allocated_cents == (need if outcome.completed else 0)
    assert set(result.completed) == set(totals)
    assert all(totals[c] == reference.need[c] > 0 for c in totals)
    budgets = {f.id: f.budget_cents for f in case.round_.funds}
    for source, total in spent(result.allocations).items():
        assert total <= budgets.get(source, int(case.round_.donations.frame["amount_cents"].sum()))
    for a in result.allocations:
        if a.fund_id in budgets:
            assert a.amount_cents <= reference.capacity.get((a.fund_id, a.campaign_id), 0)
    assert all(f["left_cents"] >= 0 for f in result.summary["funds"])


@MANY
@given(cases())
def test_greedy_never_beats_the_optimum_and_lp_bounds_it(case: Case) -> None:
    """Each greedy policy is lexicographically no better; the LP bound is at least the count."""
    result = allocate(case.round_, case.options)
    policies = {p["policy"]: p for p in result.summary["policies"]}
    assert set(policies) == {"optimal", "closest", "fcfs"}

    def merit(p: dict[str, Any]) -> tuple[int, int, int]:
        return p["completed"], p["priority_score"], -p["spent_cents"]

    best = merit(policies["optimal"])
    assert best[0] == result.summary["objectives"]["completed"]
    for name in ("closest", "fcfs"):
        assert merit(policies[name]) <= best
    bound = result.summary["lp_bound"]
    assert bound is not None
    assert bound >= best[0] - 1e-6
    assert result.summary["lp_gap_campaigns"] >= 0


@FEW
@given(cases())
def test_cbc_and_highs_agree(case: Case) -> None:
    """Both solvers reach the same objectives, prove them, and find the same LP bound."""
    cbc = allocate(case.round_, case.options.model_copy(update={"solver": SolverName.CBC}))
    highs = allocate(case.round_, case.options.model_copy(update={"solver": SolverName.HIGHS}))
    assert cbc.summary["objectives"] == highs.summary["objectives"]
    assert cbc.status is highs.status is SolveStatus.OPTIMAL
    assert cbc.summary["lp_bound"] == pytest.approx(highs.summary["lp_bound"], abs=1e-5)


@FEW
@given(cases())
def test_runs_are_deterministic(case: Case) -> None:
    """Two runs on the same input give the same allocations, outcomes, lineage and summary."""
    first = allocate(case.round_, case.options)
    second = allocate(case.round_, case.options)
    assert first.allocations == second.allocations
    assert first.outcomes == second.outcomes
    assert first.lineage == second.lineage
    assert stable_summary(first) == stable_summary(second)


@FEW
@given(cases())
def test_solve_round_is_the_answer_allocate_explains(case: Case) -> None:
    """Scenarios and replays use ``solve_round``: its answer must be ``allocate``'s, unexplained."""
    full = allocate(case.round_, case.options)
    bare = solve_round(case.round_, case.options)
    assert bare.allocations == full.allocations
    assert bare.lineage == full.lineage
    assert bare.status is full.status
    assert bare.report.objectives == full.summary["objectives"]
    assert bare.report.lp_bound == pytest.approx(full.summary["lp_bound"], abs=1e-6)


def permuted(round_: Round, data: st.DataObject) -> Round:
    """The same round with campaign, fund and donation rows in a drawn order."""
    campaigns = data.draw(st.permutations(range(len(round_.campaigns))), label="campaigns")
    funds = data.draw(st.permutations(round_.funds), label="funds")
    gifts = data.draw(st.permutations(range(len(round_.donations))), label="donations")
    frame = round_.donations.frame.iloc[list(gifts)].reset_index(drop=True)
    table = round_.campaigns.take(np.array(campaigns, dtype=np.int64))
    return Round(table, tuple(funds), DonationTable(frame))


@FEW
@given(cases(), st.data())
def test_row_order_does_not_matter(case: Case, data: st.DataObject) -> None:
    """Permuting campaigns, funds and donations changes nothing in the result."""
    original = allocate(case.round_, case.options)
    shuffled = allocate(permuted(case.round_, data), case.options)
    assert shuffled.allocations == original.allocations
    assert shuffled.outcomes == original.outcomes
    assert shuffled.lineage == original.lineage
    assert stable_summary(shuffled) == stable_summary(original)


@MANY
@given(cases())
def test_lineage_accounts_for_every_pool_cent(case: Case) -> None:
    """Pool money maps cent for cent to donations in scope, never to their origin campaign."""
    result = allocate(case.round_, case.options)
    reference = brute_force(case.round_, case.options)
    funds = {f.id for f in case.round_.funds}
    rows = rows_of(case.round_)
    frame = case.round_.donations.frame
    amount = dict(zip(frame["donation_id"], frame["amount_cents"].astype(int), strict=True))
    origin = dict(zip(frame["donation_id"], frame["origin_campaign_id"], strict=True))
    pooled: dict[tuple[str, str], int] = defaultdict(int)
    for a in result.allocations:
        if a.fund_id not in funds:
            pooled[(a.fund_id, a.campaign_id)] += a.amount_cents
    traced: dict[tuple[str, str], int] = defaultdict(int)
    used: dict[str, int] = defaultdict(int)
    for line in result.lineage:
        assert line.amount_cents > 0
        assert line.origin_campaign_id == origin[line.donation_id]
        assert line.campaign_id != line.origin_campaign_id
        assert line.campaign_id in reference.donation_targets[line.donation_id]
        assert line.uai == rows[line.campaign_id]["uai"]
        traced[(line.pool_id, line.campaign_id)] += line.amount_cents
        used[line.donation_id] += line.amount_cents
    assert traced == pooled
    assert all(used[d] <= amount[d] for d in used)
    assert result.summary["lineage_splits"] == splits(result.lineage)
    receivers: dict[str, set[str]] = defaultdict(set)
    for pool, campaign_id in pooled:
        receivers[pool].add(campaign_id)
    assert splits(result.lineage) <= sum(len(r) - 1 for r in receivers.values())


def splits(lineage: tuple[LineageLine, ...]) -> int:
    """Extra campaigns per donation: a donation paying k campaigns is split k - 1 times."""
    campaigns: dict[str, set[str]] = defaultdict(set)
    for line in lineage:
        campaigns[line.donation_id].add(line.campaign_id)
    return sum(len(c) - 1 for c in campaigns.values())


@MANY
@given(cases())
def test_verifier_rejects_a_cent_more_or_a_dropped_line(case: Case) -> None:
    """One cent added to any allocation, or any lineage line dropped, fails verification."""
    result = allocate(case.round_, case.options)
    for i, a in enumerate(result.allocations):
        tampered = list(result.allocations)
        tampered[i] = replace(a, amount_cents=a.amount_cents + 1)
        with pytest.raises(VerificationError, match="needs exactly"):
            verify_allocation(case.round_, case.options, tuple(tampered), result.lineage)
    for i in range(len(result.lineage)):
        dropped = result.lineage[:i] + result.lineage[i + 1 :]
        with pytest.raises(VerificationError, match="lineage traces"):
            verify_allocation(case.round_, case.options, result.allocations, dropped)


def tamper_round() -> tuple[Round, RoundResult]:
    """A real result to tamper with: a rule, a cap, a window, and two donations in one pool."""
    records = [
        campaign("A", 70, isolated=True),
        campaign("B", 25, school_type="college"),
        campaign("C", 30, school_type="college", ends_on="2024-06-20"),
        campaign("P", 10, priority_education="REP"),
        campaign("Q", 10, inclusive=True),
    ]
    funds = [
        fund("ISO", 50, "isolated"),
        fund(
            "CAP",
            200,
            'isolated or school_type == "college"',
            cap_per_campaign_cents=3000,
            valid_until=date(2024, 4, 30),
        ),
        fund("LATE", 5, valid_from=date(2024, 6, 1)),
    ]
    gifts = donations(("D1", "P1", 10, "P"), ("D2", "P2", 10, "Q"))
    round_ = round_of(records, funds, gifts)
    return round_, allocate(round_)


def test_tamper_round_has_the_expected_answer() -> None:
    """The base of the tampering tests: soonest-expiring CAP first, P and Q paid by each other."""
    _, result = tamper_round()
    assert {(a.fund_id, a.campaign_id): a.amount_cents for a in result.allocations} == {
        ("CAP", "A"): 3000,
        ("ISO", "A"): 4000,
        ("CAP", "B"): 2500,
        ("pool", "Q"): 1000,
        ("pool", "P"): 1000,
    }
    assert {(x.donation_id, x.campaign_id) for x in result.lineage} == {("D1", "Q"), ("D2", "P")}


def swap(
    allocations: tuple[Allocation, ...], old: Allocation, new: Allocation | None
) -> tuple[Allocation, ...]:
    """Allocations with ``old`` replaced by ``new``, or removed when ``new`` is None."""
    assert old in allocations
    kept = [a for a in allocations if a != old]
    return tuple(sorted(kept if new is None else [*kept, new]))


def tampered_failures(
    round_: Round, allocations: tuple[Allocation, ...], lineage: tuple[LineageLine, ...]
) -> tuple[str, ...]:
    """The failures the verifier lists for a tampered result; it must raise."""
    with pytest.raises(VerificationError) as error:
        verify_allocation(round_, RoundOptions(), allocations, lineage)
    return error.value.failures


@pytest.mark.parametrize(
    ("old", "new", "failure"),
    [
        pytest.param(
            Allocation("CAP", "B", 2500),
            Allocation("CAP", "B", 2501),
            "B receives 2501 cents but needs exactly 2500",
            id="one-cent-more",
        ),
        pytest.param(
            Allocation("ISO", "A", 4000),
            Allocation("ISO", "A", 3999),
            "A receives 6999 cents but needs exactly 7000",
            id="one-cent-less",
        ),
        pytest.param(
            Allocation("CAP", "B", 2500),
            Allocation("ISO", "B", 2500),
            "ISO -> B: the campaign does not satisfy the fund's rule",
            id="ineligible-campaign",
        ),
        pytest.param(
            Allocation("CAP", "B", 2500),
            Allocation("LATE", "B", 2500),
            "LATE -> B: the campaign ends on 2024-03-29, outside the fund's window",
            id="outside-window",
        ),
    ],
)
def test_verifier_rejects_a_tampered_allocation(
    old: Allocation, new: Allocation, failure: str
) -> None:
    """Each single change to a real result is caught, with the rule it breaks named."""
    round_, result = tamper_round()
    failures = tampered_failures(round_, swap(result.allocations, old, new), result.lineage)
    assert failure in failures


def test_verifier_rejects_money_over_a_cap() -> None:
    """Moving 10 € of A's need from ISO to CAP keeps every sum but breaks CAP's 30 € cap."""
    round_, result = tamper_round()
    moved = swap(result.allocations, Allocation("ISO", "A", 4000), Allocation("ISO", "A", 3000))
    moved = swap(moved, Allocation("CAP", "A", 3000), Allocation("CAP", "A", 4000))
    (failure,) = tampered_failures(round_, moved, result.lineage)
    assert "CAP -> A" in failure
    assert "cap per campaign" in failure


def test_verifier_rejects_a_fund_over_budget() -> None:
    """ISO paying all of A's 70 € keeps every need exact but spends past its 50 € budget."""
    round_, result = tamper_round()
    over = swap(result.allocations, Allocation("CAP", "A", 3000), None)
    over = swap(over, Allocation("ISO", "A", 4000), Allocation("ISO", "A", 7000))
    (failure,) = tampered_failures(round_, over, result.lineage)
    assert "ISO spends 7000 cents" in failure
    assert "budget" in failure


def test_verifier_rejects_a_dropped_lineage_line() -> None:
    """Pool money whose donation line is missing is untraced, hence rejected."""
    round_, result = tamper_round()
    dropped = tuple(x for x in result.lineage if x.donation_id != "D1")
    (failure,) = tampered_failures(round_, result.allocations, dropped)
    assert "pool pays Q 1000 cents" in failure
    assert "lineage traces 0" in failure


def test_verifier_rejects_a_donation_sent_to_its_origin() -> None:
    """Swapping the two donations keeps every sum but sends each back where it came from."""
    round_, result = tamper_round()
    by_id = {x.donation_id: x for x in result.lineage}
    other = {"D1": by_id["D2"], "D2": by_id["D1"]}
    back = tuple(
        replace(
            x,
            donation_id=other[x.donation_id].donation_id,
            donor_id=other[x.donation_id].donor_id,
            origin_campaign_id=other[x.donation_id].origin_campaign_id,
        )
        for x in result.lineage
    )
    failures = tampered_failures(round_, result.allocations, back)
    assert len(failures) == 2
    assert any("D1" in f and "origin campaign P" in f for f in failures)
    assert any("D2" in f and "origin campaign Q" in f for f in failures)
