"""Explanations, in a manager's words, for every campaign of a round.

A campaign the round does not complete is either out of the round (ended, beyond the horizon,
already funded), not eligible for any source (and which rule part failed), eligible but capped
below its need, or feasible but outranked: then we say how much more in which fund would have
completed it without moving any other campaign's money.
"""

from __future__ import annotations

import functools

import numpy as np

from allocator.result import Allocation, Outcome
from allocator.round import NO_CAP, Prepared, Source
from eligibility.money import format_euros
from eligibility.rules import FIELDS, Rule, explain_row, fields_of, parse_rule


def explain_outcomes(
    prepared: Prepared, allocations: tuple[Allocation, ...], *, modelled: np.ndarray
) -> tuple[Outcome, ...]:
    """One outcome per campaign of the input, sorted by campaign id."""
    table = prepared.table
    need_all = table.cents("need_cents")
    received: dict[str, list[Allocation]] = {}
    for a in allocations:
        received.setdefault(a.campaign_id, []).append(a)
    position = {int(row): i for i, row in enumerate(prepared.candidates)}
    in_model = set(modelled.tolist())
    left = _budget_left(prepared, allocations)
    no_source = prepared.candidates[~(prepared.capacity > 0).any(axis=1)].tolist()
    records = table.frame.iloc[no_source].to_dict("records")
    values = {
        row: {str(k): v for k, v in r.items()} for row, r in zip(no_source, records, strict=True)
    }
    memo: dict[tuple[object, ...], str] = {}
    outcomes = []
    for row, campaign_id in enumerate(table.ids.tolist()):
        need = int(need_all[row])
        paid = received.get(campaign_id, [])
        total = sum(a.amount_cents for a in paid)
        if row in prepared.out_reason:
            reason = prepared.out_reason[row]
        elif paid:
            parts = ", ".join(f"{a.fund_id} {format_euros(a.amount_cents)} €" for a in paid)
            reason = f"completed by this round: {format_euros(total)} € from {parts}"
        else:
            row_values = values.get(row, {})
            reason = _why_not(prepared, position[row], left, in_model, row_values, memo)
        outcomes.append(Outcome(campaign_id, need, total, need == 0 or total == need, reason))
    return tuple(sorted(outcomes, key=lambda o: o.campaign_id))


def _budget_left(prepared: Prepared, allocations: tuple[Allocation, ...]) -> np.ndarray:
    index = {s.id: j for j, s in enumerate(prepared.sources)}
    left = prepared.budget.astype(np.int64).copy()
    for a in allocations:
        left[index[a.fund_id]] -= a.amount_cents
    return left


def _why_not(
    prepared: Prepared,
    i: int,
    left: np.ndarray,
    in_model: set[int],
    values: dict[str, object],
    memo: dict[tuple[object, ...], str],
) -> str:
    need = int(prepared.need[i])
    eligible = np.flatnonzero(prepared.capacity[i] > 0)
    if len(eligible) == 0:
        return "not eligible for any fund: " + _ineligibility(prepared, i, values, memo)
    if i not in in_model:
        return _capped(prepared, i, eligible, need)
    return _outranked(prepared, i, eligible, need, left)


def _ineligibility(
    prepared: Prepared, i: int, values: dict[str, object], memo: dict[tuple[object, ...], str]
) -> str:
    if not prepared.sources:
        return "there is no fund in this round"
    row = int(prepared.candidates[i])
    reasons = []
    for j, source in enumerate(prepared.sources):
        if not prepared.rule_ok[i, j]:
            why = _failed_words(source.rule, values, memo)
        elif not prepared.window_ok[i, j]:
            why = _window_words(source, prepared, row)
        else:
            why = _zero_cap_words(source, prepared, row)
        reasons.append(f"{source.id} ({why})")
    return "; ".join(reasons)


def _failed_words(text: str, values: dict[str, object], memo: dict[tuple[object, ...], str]) -> str:
    """The failed conditions of a rule; campaigns alike in the fields it reads share words."""
    rule, columns = _rule_columns(text)
    key = (text, *(values[column] for column in columns))
    if key not in memo:
        failed = explain_row(rule, values).failed_conditions()
        memo[key] = "; ".join(failed) or "its rule does not hold"
    return memo[key]


@functools.lru_cache(maxsize=1024)
def _rule_columns(text: str) -> tuple[Rule, tuple[str, ...]]:
    """A rule and the campaign columns it reads, worked out once per rule text."""
    rule = parse_rule(text)
    return rule, tuple(FIELDS[name].column for name in sorted(fields_of(rule)))


def _window_words(source: Source, prepared: Prepared, row: int) -> str:
    fund = source.fund
    ends = prepared.table.ends_on(row)
    start = fund.valid_from.isoformat() if fund and fund.valid_from else "any date"
    end = fund.valid_until.isoformat() if fund and fund.valid_until else "any date"
    return f"ends on {ends}, outside the fund's window from {start} to {end}"


def _zero_cap_words(source: Source, prepared: Prepared, row: int) -> str:
    if source.budget_cents == 0:
        return "its budget is empty"
    if source.is_pool:
        return "all its donations came from this campaign, and a donation never goes back"
    return "its caps allow nothing for this campaign: " + _cap_words(source, prepared, row)


def _cap_words(source: Source, prepared: Prepared, row: int) -> str:
    fund = source.fund
    table = prepared.table
    if source.is_pool:
        return "what is left once this campaign's own donations are set aside"
    words = []
    if fund is not None and fund.cap_per_campaign_cents is not None:
        words.append(f"cap per campaign {format_euros(fund.cap_per_campaign_cents)} €")
    if fund is not None and fund.cap_share_of_min_goal is not None:
        goal = format_euros(int(table.cents("min_goal_cents")[row]))
        words.append(f"at most {fund.cap_share_of_min_goal} of the {goal} € minimum goal")
    if fund is not None and fund.match_ratio is not None:
        collected = format_euros(int(table.cents("collected_cents")[row]))
        words.append(f"at most {fund.match_ratio} × the {collected} € collected")
    return ", ".join(words) or f"budget {format_euros(source.budget_cents)} €"


def _capped(prepared: Prepared, i: int, eligible: np.ndarray, need: int) -> str:
    row = int(prepared.candidates[i])
    reach = np.minimum(prepared.capacity[i, eligible], prepared.budget[eligible])
    parts = []
    for j, cents in zip(eligible.tolist(), reach.tolist(), strict=True):
        source = prepared.sources[j]
        limit = "budget" if prepared.capacity[i, j] >= NO_CAP else _cap_words(source, prepared, row)
        parts.append(f"{source.id} up to {format_euros(cents)} € ({limit})")
    return (
        f"eligible, but the caps allow at most {format_euros(int(reach.sum()))} € in all, "
        f"less than the {format_euros(need)} € it needs: " + "; ".join(parts)
    )


def _outranked(
    prepared: Prepared, i: int, eligible: np.ndarray, need: int, left: np.ndarray
) -> str:
    reach = np.minimum(prepared.capacity[i], np.maximum(left, 0))
    options = []
    for j in eligible.tolist():
        others = int(reach[eligible].sum() - reach[j])
        from_here = need - others
        if 0 < from_here <= prepared.capacity[i, j]:
            options.append((max(0, from_here - int(max(left[j], 0))), prepared.sources[j].id))
    head = "could be completed, but the budget went to campaigns ranked higher"
    if not options:
        return head + " (no single fund's extra budget would complete it on its own)"
    extra, fund_id = min(options)
    return f"{head}; {format_euros(extra)} € more in {fund_id} would have completed it"
