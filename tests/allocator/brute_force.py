"""An independent reference for small rounds: every subset of campaigns, checked by exact max-flow.

It shares no code with the allocator's model: eligibility comes from the row-wise rule evaluator,
caps from fractions, the Courte Échelle label and the priority score (``options.weights``, by
default ``PriorityWeights()``) are recomputed from the raw fields, and every donation is its own
source (it may pay any campaign its scope and the pool rule allow, except its origin), so no
pooling of donations is assumed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import networkx as nx
import pandas as pd

from allocator.funds import Fund
from allocator.options import Criterion, PriorityWeights, RoundOptions
from allocator.round import Round
from eligibility.rules import evaluate_row, parse_rule

Row = dict[str, Any]


@dataclass(frozen=True)
class Reference:
    """The brute-force optimum of a round and the data it was computed from."""

    completed: frozenset[str]
    count: int
    score: int
    money: int
    need: dict[str, int]  # candidate campaigns only
    scores: dict[str, int]  # candidate campaigns only
    capacity: dict[tuple[str, str], int]  # (fund id, campaign id) -> cents, eligible pairs
    donation_targets: dict[str, frozenset[str]]  # donation id -> candidates it may pay

    @property
    def objectives(self) -> tuple[int, int, int]:
        """(completed campaigns, priority score, money spent)."""
        return self.count, self.score, self.money


def rows_of(round_: Round) -> dict[str, Row]:
    """Campaign rows by id, as the row-wise evaluator reads them."""
    frame = round_.campaigns.frame
    rows = ({str(k): v for k, v in frame.iloc[i].to_dict().items()} for i in range(len(frame)))
    return {str(row["campaign_id"]): row for row in rows}


def day_of(value: Any) -> date:
    """A frame date as a ``date``."""
    return pd.Timestamp(value).date()


def need_of(row: Row) -> int:
    """Cents the campaign still needs to reach its minimum goal."""
    return max(0, int(row["min_goal_cents"]) - int(row["collected_cents"]))


def candidates(rows: Mapping[str, Row], options: RoundOptions) -> list[str]:
    """Campaigns the round considers: some need left, not ended, within the horizon."""
    chosen = []
    for campaign_id, row in rows.items():
        ends = day_of(row["ends_on"])
        if need_of(row) == 0:
            continue
        start, horizon = options.round_date, options.horizon_days
        if start is not None and ends < start:
            continue
        if start is not None and horizon is not None and ends > start + timedelta(days=horizon):
            continue
        chosen.append(campaign_id)
    return chosen


def courte_echelle(row: Row) -> bool:
    """The Courte Échelle label from the raw fields: REP/REP+, vocational, isolated, inclusive."""
    return bool(
        row["priority_education"] in ("REP", "REP+")
        or row["school_type"] == "lycee_professionnel"
        or row["isolated"]
        or row["inclusive"]
    )


def priority_score(row: Row, reference: date, weights: PriorityWeights) -> int:
    """Points met, REP+ above REP, plus deadline points: 4 in the first week, down to 0."""
    network = row["priority_education"]
    score = weights.rep_plus if network == "REP+" else weights.rep if network == "REP" else 0
    score += weights.vocational if row["school_type"] == "lycee_professionnel" else 0
    score += weights.isolated if row["isolated"] else 0
    score += weights.inclusive if row["inclusive"] else 0
    weeks_left = (day_of(row["ends_on"]) - reference).days // 7
    return score + weights.deadline * min(4, max(0, 4 - weeks_left))


def fund_capacity(fund: Fund, row: Row) -> int:
    """Cents ``fund`` may give the campaign: 0 when ineligible, else its tightest cap."""
    ends = day_of(row["ends_on"])
    if not evaluate_row(parse_rule(fund.rule), row):
        return 0
    if (fund.valid_from is not None and ends < fund.valid_from) or (
        fund.valid_until is not None and ends > fund.valid_until
    ):
        return 0
    limits = [fund.budget_cents]
    if fund.cap_per_campaign_cents is not None:
        limits.append(fund.cap_per_campaign_cents)
    if fund.cap_share_of_min_goal is not None:
        share = Fraction(fund.cap_share_of_min_goal) * int(row["min_goal_cents"])
        limits.append(share.numerator // share.denominator)
    if fund.match_ratio is not None:
        match = Fraction(fund.match_ratio) * int(row["collected_cents"])
        limits.append(match.numerator // match.denominator)
    return min(limits)


def donation_may_pay(donation: Row, campaign_id: str, row: Row, options: RoundOptions) -> bool:
    """A donation may pay a campaign in its scope (Courte Échelle by default), never its origin."""
    if str(donation["origin_campaign_id"]) == campaign_id:
        return False
    scope = str(donation["scope"])
    if scope and not evaluate_row(parse_rule(scope), row):
        return False
    return courte_echelle(row) or not options.pools_courte_echelle_only


def brute_force(round_: Round, options: RoundOptions) -> Reference:
    """The best subset in ``options.order`` (default: most campaigns, top score, least money)."""
    rows = rows_of(round_)
    chosen = candidates(rows, options)
    need = {c: need_of(rows[c]) for c in chosen}
    reference = options.round_date or min(
        (day_of(rows[c]["ends_on"]) for c in chosen), default=None
    )
    weights = options.weights
    scores = {c: priority_score(rows[c], reference, weights) for c in chosen} if reference else {}
    capacity = {
        (f.id, c): cap for f in round_.funds for c in chosen if (cap := fund_capacity(f, rows[c]))
    }
    donations = [
        {str(k): v for k, v in d.items()} for d in round_.donations.frame.to_dict("records")
    ]
    targets = {
        str(d["donation_id"]): frozenset(
            c for c in chosen if donation_may_pay(d, c, rows[c], options)
        )
        for d in donations
    }
    graph = _payers(round_.funds, donations, capacity, targets)
    best = _best_subset(graph, chosen, need, scores, order=options.order)
    return Reference(
        completed=frozenset(best),
        count=len(best),
        score=sum(scores[c] for c in best),
        money=sum(need[c] for c in best),
        need=need,
        scores=scores,
        capacity=capacity,
        donation_targets=targets,
    )


def _payers(
    funds: Iterable[Fund],
    donations: list[Row],
    capacity: Mapping[tuple[str, str], int],
    targets: Mapping[str, frozenset[str]],
) -> nx.DiGraph:
    """Source → payer (budget) → campaign (capacity) edges, every capacity in integer cents."""
    graph = nx.DiGraph()
    for f in funds:
        graph.add_edge("source", ("fund", f.id), capacity=f.budget_cents)
    for (fund_id, campaign_id), cap in capacity.items():
        graph.add_edge(("fund", fund_id), ("campaign", campaign_id), capacity=cap)
    for d in donations:
        donation = ("donation", str(d["donation_id"]))
        amount = int(d["amount_cents"])
        graph.add_edge("source", donation, capacity=amount)
        for campaign_id in targets[str(d["donation_id"])]:
            graph.add_edge(donation, ("campaign", campaign_id), capacity=amount)
    return graph


def feasible(graph: nx.DiGraph, need: Mapping[str, int], subset: Iterable[str]) -> bool:
    """Whether the payers can give every campaign of ``subset`` exactly its need."""
    trial = graph.copy()
    trial.add_node("sink")
    total = 0
    for campaign_id in subset:
        trial.add_edge(("campaign", campaign_id), "sink", capacity=need[campaign_id])
        total += need[campaign_id]
    if total == 0:
        return True
    if "source" not in trial:
        return False
    return bool(nx.maximum_flow_value(trial, "source", "sink") == total)


def _best_subset(
    graph: nx.DiGraph,
    chosen: list[str],
    need: Mapping[str, int],
    scores: Mapping[str, int],
    *,
    order: Sequence[Criterion],
) -> tuple[str, ...]:
    """Subsets in lexicographic order of merit; the first feasible one is the optimum."""
    alone = [c for c in chosen if feasible(graph, need, [c])]
    payers = graph.out_edges("source", data="capacity") if "source" in graph else []
    available = sum(cap for _, _, cap in payers)
    subsets = [
        subset
        for size in range(len(alone) + 1)
        for subset in itertools.combinations(sorted(alone), size)
        if sum(need[c] for c in subset) <= available
    ]

    def merit(subset: tuple[str, ...]) -> tuple[int, ...]:
        measures = {
            Criterion.COMPLETED: -len(subset),
            Criterion.PRIORITY: -sum(scores[c] for c in subset),
            Criterion.MONEY: sum(need[c] for c in subset),
        }
        return tuple(measures[criterion] for criterion in order)

    subsets.sort(key=merit)
    return next(s for s in subsets if feasible(graph, need, s))
