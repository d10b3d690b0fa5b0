"""A round's data and its preparation into arrays: campaigns in play, sources, capacities.

A *source* is anything that pays: a fund, or a pool of redistributed donations (one per scope).
A donation never pays its own origin campaign, so a pool may give a campaign of the round at most
its total less the donations that came from that campaign. That per-pair cap, with the pool's
budget, is exactly what a lineage needs (Gale's condition: any two campaigns together can use
every donation, so only single campaigns are limited).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.options import PriorityWeights, RoundOptions
from eligibility.campaigns import CampaignTable
from eligibility.errors import InputError, Problem
from eligibility.money import MAX_CENTS
from eligibility.rules import eligibility_matrix, parse_rule

NO_CAP = MAX_CENTS  # capacity of a pair that no cap limits
COURTE_ECHELLE_SCOPE = "courte_echelle"


@dataclass(frozen=True)
class Round:
    """The input of an allocation round."""

    campaigns: CampaignTable
    funds: tuple[Fund, ...]
    donations: DonationTable


@dataclass(frozen=True)
class Source:
    """One payer in the model: a fund, or a pool of redistributed donations."""

    id: str
    name: str
    budget_cents: int
    rule: str
    fund: Fund | None
    donation_rows: tuple[int, ...] = ()

    @property
    def is_pool(self) -> bool:
        """True for a pool of redistributed donations."""
        return self.fund is None

    @property
    def valid_until(self) -> date | None:
        """Expiry of the money (pools do not expire)."""
        return self.fund.valid_until if self.fund else None


@dataclass(frozen=True)
class Prepared:
    """A round as arrays: ``candidates`` rows of ``table`` by ``sources`` columns."""

    table: CampaignTable
    sources: tuple[Source, ...]
    candidates: np.ndarray  # rows of table considered by the round, in canonical order
    out_reason: dict[int, str]  # rows of table not considered, with the reason
    rule_ok: np.ndarray  # (candidates, sources) rule (and pool scope) holds
    window_ok: np.ndarray  # (candidates, sources) ends_on inside the validity window
    capacity: np.ndarray  # (candidates, sources) cents a source may give, 0 if not eligible
    need: np.ndarray  # (candidates,) cents to reach the minimum goal
    score: np.ndarray  # (candidates,) integer priority score
    budget: np.ndarray  # (sources,) cents

    @property
    def eligible(self) -> np.ndarray:
        """Pairs where a source may pay a campaign at all."""
        return self.capacity > 0

    def campaign_ids(self) -> np.ndarray:
        """Ids of the candidate campaigns, in model order."""
        return np.asarray(self.table.ids[self.candidates], dtype=object)


def prepare(round_: Round, options: RoundOptions) -> Prepared:
    """Turn a round into arrays; pure, deterministic, independent of input row order."""
    table = round_.campaigns
    _check_unique_ids(round_)
    candidates, out_reason = _select_candidates(table, options)
    sources = _sources(round_, options)
    considered = table.take(candidates)
    rules = [parse_rule(s.rule, source=f"source {s.id}") for s in sources]
    rule_ok = eligibility_matrix(rules, considered) if sources else _empty(len(candidates))
    window_ok = window_matrix(considered, [s.fund for s in sources])
    capacity = _capacity_matrix(considered, sources, round_.donations) * (rule_ok & window_ok)
    need = considered.frame["need_cents"].to_numpy(np.int64)
    return Prepared(
        table=table,
        sources=sources,
        candidates=candidates,
        out_reason=out_reason,
        rule_ok=rule_ok,
        window_ok=window_ok,
        capacity=capacity,
        need=need,
        score=priority_scores(considered, options.weights, _reference_day(considered, options)),
        budget=np.array([s.budget_cents for s in sources], dtype=np.int64),
    )


def _empty(rows: int) -> np.ndarray:
    return np.zeros((rows, 0), dtype=bool)


def _check_unique_ids(round_: Round) -> None:
    problems = []
    fund_ids = [f.id for f in round_.funds]
    for fund_id in sorted({i for i in fund_ids if fund_ids.count(i) > 1}):
        problems.append(Problem("funds", f"fund id {fund_id!r} appears more than once", None, "id"))
    for fund_id in fund_ids:
        if fund_id.startswith("pool"):
            message = "fund ids starting with 'pool' are reserved for donation pools"
            problems.append(Problem("funds", f"{message}: {fund_id!r}", None, "id"))
    if problems:
        raise InputError(problems)


def _select_candidates(
    table: CampaignTable, options: RoundOptions
) -> tuple[np.ndarray, dict[int, str]]:
    frame = table.frame
    ends = table.ends_on_days()
    reasons = pd.Series("", index=frame.index, dtype=object)
    if options.round_date is not None:
        day = np.datetime64(options.round_date, "D")
        reasons[ends < day] = f"ended before the round date {options.round_date.isoformat()}"
        if options.horizon_days is not None:
            last = options.round_date + timedelta(days=options.horizon_days)
            late = (ends > np.datetime64(last, "D")) & (reasons == "")
            reasons[late] = f"ends after the horizon ({options.horizon_days} days, {last})"
    done = (frame["need_cents"].to_numpy() == 0) & (reasons == "").to_numpy()
    reasons[done] = "already reached its minimum goal"
    keep = np.flatnonzero((reasons == "").to_numpy())
    order = np.lexsort((frame["campaign_id"].to_numpy(str)[keep], ends[keep]))
    out = {int(i): str(reasons[i]) for i in np.flatnonzero((reasons != "").to_numpy())}
    return keep[order], out


def _sources(round_: Round, options: RoundOptions) -> tuple[Source, ...]:
    funds = tuple(
        Source(f.id, f.name, f.budget_cents, f.rule, f) for f in sorted(round_.funds, key=_id)
    )
    return funds + _pools(round_.donations, options)


def _id(fund: Fund) -> str:
    return fund.id


def _pools(donations: DonationTable, options: RoundOptions) -> tuple[Source, ...]:
    frame = donations.frame
    groups: dict[str, list[int]] = {}
    for row, scope in enumerate(frame["scope"].tolist()):
        groups.setdefault(str(scope), []).append(row)
    amounts = frame["amount_cents"].to_numpy(np.int64)
    pools = []
    for scope, rows in sorted(groups.items()):
        only_ce = COURTE_ECHELLE_SCOPE if options.pools_courte_echelle_only else ""
        parts = [p for p in (scope, only_ce) if p]
        rule = " and ".join(f"({p})" for p in parts) if len(parts) > 1 else "".join(parts)
        label = "redistributed donations" + (f" scoped to {scope}" if scope else "")
        budget = int(amounts[rows].sum())
        pools.append(Source(_pool_id(scope), label, budget, rule, None, tuple(rows)))
    return tuple(pools)


def _pool_id(scope: str) -> str:
    if not scope:
        return "pool"
    return "pool-" + hashlib.sha256(scope.encode()).hexdigest()[:8]


def from_origin(pool: Source, donations: DonationTable, campaign_ids: np.ndarray) -> np.ndarray:
    """Cents of ``pool`` that came from each campaign (and so may not go back to it)."""
    frame = donations.frame
    rows = list(pool.donation_rows)
    origins = frame["origin_campaign_id"].to_numpy(object)[rows]
    amounts = frame["amount_cents"].to_numpy(np.int64)[rows]
    totals: dict[str, int] = {}
    for origin, amount in zip(origins.tolist(), amounts.tolist(), strict=True):
        totals[str(origin)] = totals.get(str(origin), 0) + int(amount)
    return np.array([totals.get(str(c), 0) for c in campaign_ids.tolist()], dtype=np.int64)


def fund_eligibility(table: CampaignTable, funds: Sequence[Fund]) -> np.ndarray:
    """(campaigns, funds): the fund's rule holds and the campaign ends inside its window."""
    if not funds:
        return _empty(len(table))
    rules = [parse_rule(f.rule, source=f"fund {f.id}") for f in funds]
    return np.asarray(
        eligibility_matrix(rules, table) & window_matrix(table, list(funds)), dtype=bool
    )


def window_matrix(table: CampaignTable, funds: Sequence[Fund | None]) -> np.ndarray:
    """(campaigns, funds): ``ends_on`` lies in the fund's validity window (pools: always)."""
    ends = table.ends_on_days()
    window = np.ones((len(table), len(funds)), dtype=bool)
    for j, fund in enumerate(funds):
        if fund is None:
            continue
        if fund.valid_from is not None:
            window[:, j] &= ends >= np.datetime64(fund.valid_from, "D")
        if fund.valid_until is not None:
            window[:, j] &= ends <= np.datetime64(fund.valid_until, "D")
    return window


def _capacity_matrix(
    table: CampaignTable, sources: tuple[Source, ...], donations: DonationTable
) -> np.ndarray:
    capacity = np.full((len(table), len(sources)), NO_CAP, dtype=np.int64)
    min_goal = table.frame["min_goal_cents"].to_numpy(np.int64)
    collected = table.frame["collected_cents"].to_numpy(np.int64)
    for j, source in enumerate(sources):
        fund = source.fund
        capacity[:, j] = min(NO_CAP, source.budget_cents)
        if fund is None:
            capacity[:, j] -= from_origin(source, donations, table.ids)
            continue
        if fund.cap_per_campaign_cents is not None:
            capacity[:, j] = np.minimum(capacity[:, j], fund.cap_per_campaign_cents)
        if fund.cap_share_of_min_goal is not None:
            share_cap = floor_times(min_goal, fund.cap_share_of_min_goal)
            capacity[:, j] = np.minimum(capacity[:, j], share_cap)
        if fund.match_ratio is not None:
            capacity[:, j] = np.minimum(capacity[:, j], floor_times(collected, fund.match_ratio))
    return capacity


def floor_times(cents: np.ndarray, factor: Decimal) -> np.ndarray:
    """``floor(cents * factor)`` exactly, in integers (no float ever touches the money)."""
    numerator, denominator = factor.as_integer_ratio()
    largest = int(cents.max()) if len(cents) else 0
    if largest * numerator < 2**62:
        return np.asarray(np.minimum(cents * numerator // denominator, NO_CAP), dtype=np.int64)
    values = [int(c) * numerator // denominator for c in cents.tolist()]
    return np.asarray(np.minimum(np.array(values, dtype=object), NO_CAP), dtype=np.int64)


def _reference_day(table: CampaignTable, options: RoundOptions) -> np.datetime64:
    if options.round_date is not None:
        return np.datetime64(options.round_date, "D")
    ends = table.ends_on_days()
    return ends.min() if len(ends) else np.datetime64("1970-01-01", "D")


def priority_scores(
    table: CampaignTable, weights: PriorityWeights, reference: np.datetime64
) -> np.ndarray:
    """Integer priority points: criteria met, REP+ above REP, and nearness of the deadline."""
    frame = table.frame
    network = frame["priority_education"].to_numpy(str)
    score = np.where(network == "REP+", weights.rep_plus, 0) + np.where(
        network == "REP", weights.rep, 0
    )
    score = score + weights.vocational * frame["ce_vocational"].to_numpy(np.int64)
    score = score + weights.isolated * frame["ce_isolated"].to_numpy(np.int64)
    score = score + weights.inclusive * frame["ce_inclusive"].to_numpy(np.int64)
    weeks_left = (table.ends_on_days() - reference).astype(np.int64) // 7
    score = score + weights.deadline * np.clip(4 - weeks_left, 0, 4)
    return np.asarray(score, dtype=np.int64)
