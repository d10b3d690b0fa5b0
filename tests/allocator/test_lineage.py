"""Lineage: every pooled cent traced to a donation, with few donations split over campaigns."""

from __future__ import annotations

import itertools
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from allocator import allocate
from allocator.lineage import _exact_counts, _fewest_splits, _fill, _Gift, _Part
from tests.allocator.builders import campaign, donations, round_of


def test_campaigns_whose_shares_add_up_to_a_donation_share_it() -> None:
    """Shares of 60, 60, 40 and 40 euros from two 100-euro donations: each donation pays one
    60 and one 40 (two splits). Filling the largest shares first would split three times."""
    records = [
        campaign(c, need, isolated=True) for c, need in zip("ABCD", (60, 60, 40, 40), strict=True)
    ]
    gifts = donations(("D1", "P1", 100, "X"), ("D2", "P2", 100, "Y"))
    result = allocate(round_of(records, [], gifts))
    assert set(result.completed) == set("ABCD")
    paid: dict[str, list[int]] = defaultdict(list)
    for line in result.lineage:
        paid[line.donation_id].append(line.amount_cents)
    assert {d: sorted(cents) for d, cents in paid.items()} == {
        "D1": [4000, 6000],
        "D2": [4000, 6000],
    }
    assert result.summary["lineage_splits"] == 2


def splits(parts: list[_Part]) -> int:
    receivers: dict[str, set[str]] = defaultdict(set)
    for gift, campaign_id, _ in parts:
        receivers[gift.donation_id].add(campaign_id)
    return sum(len(r) - 1 for r in receivers.values())


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[_Gift], list[tuple[int, str]]]:
    """Donations (mostly multiples of 5 euros, a few odd remnants) and campaign shares that
    use all of them or part, some campaigns being a donation's origin."""
    campaigns = [f"C{i}" for i in range(draw(st.integers(1, 8)))]
    whole = st.sampled_from([500, 1000, 2000, 2500, 3000, 5000, 10000])
    amounts = draw(st.lists(st.one_of(whole, whole, whole, st.integers(1, 9999)), min_size=1))
    origins = st.sampled_from([*campaigns, "ELSEWHERE", "ELSEWHERE"])
    gifts = sorted(
        (
            _Gift(row, f"D{row:02d}", f"P{row}", draw(origins), amount)
            for row, amount in enumerate(amounts)
        ),
        key=lambda g: (-g.amount, g.donation_id),
    )
    total = draw(st.integers(len(campaigns), sum(amounts))) if sum(amounts) >= len(campaigns) else 0
    if total == 0:
        return gifts, []
    cuts = (
        sorted(
            draw(
                st.sets(
                    st.integers(1, total - 1),
                    min_size=len(campaigns) - 1,
                    max_size=len(campaigns) - 1,
                )
            )
        )
        if len(campaigns) > 1
        else []
    )
    bounds = [0, *cuts, total]
    shares = [(b - a, c) for a, b, c in zip(bounds[:-1], bounds[1:], campaigns, strict=True)]
    return gifts, sorted(shares, key=lambda s: (-s[0], s[1]))


@settings(deadline=None, max_examples=300)
@given(pools())
def test_fewest_splits_pays_every_share_and_splits_no_more_than_the_plain_fill(
    pool: tuple[list[_Gift], list[tuple[int, str]]],
) -> None:
    """Each share paid to the cent, no donation over its amount or back to its origin, and
    never more splits than the plain largest-share-first fill."""
    gifts, shares = pool
    parts = _fewest_splits(gifts, shares)
    plain = _fill(gifts, shares)
    if parts is None:
        assert plain is None  # the caller falls back to an exact max-flow
        return
    received: dict[str, int] = defaultdict(int)
    given_out: dict[str, int] = defaultdict(int)
    for gift, campaign_id, cents in parts:
        assert cents > 0
        assert gift.origin != campaign_id
        received[campaign_id] += cents
        given_out[gift.donation_id] += cents
    assert dict(received) == {c: amount for amount, c in shares}
    assert all(given_out[g.donation_id] <= g.amount for g in gifts)
    if plain is not None:
        assert splits(parts) <= splits(plain)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.sampled_from([300, 500, 700, 1000, 1500, 2000, 4999]), max_size=8),
    st.integers(1, 12000),
    st.sampled_from([1, 100, 500]),
)
def test_exact_counts_finds_a_subset_whenever_one_exists(
    amounts: list[int], target: int, divisor: int
) -> None:
    """Among the amounts that are multiples of ``divisor`` when the target is one (all amounts
    otherwise), a subset adding up to the target is found whenever brute force finds one."""
    stock: dict[int, list[int]] = defaultdict(list)
    for row, amount in enumerate(amounts):
        stock[amount].append(row)
    counts = _exact_counts(stock, sorted(stock, reverse=True), target, divisor)
    allowed = [a for a in amounts if target % divisor or a % divisor == 0]
    exists = any(
        sum(subset) == target
        for size in range(len(allowed) + 1)
        for subset in itertools.combinations(allowed, size)
    )
    if counts is not None:
        assert sum(a * n for a, n in counts.items()) == target
        assert all(n <= len(stock[a]) for a, n in counts.items())
    assert (counts is not None) or not exists
