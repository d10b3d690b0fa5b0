"""Eligibility check of one campaign against funds: may each fund pay it, how much, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from allocator import Fund
from allocator.round import fund_eligibility, window_matrix
from eligibility.campaign_file import campaigns_from_records
from eligibility.campaigns import CampaignTable
from eligibility.rules import explain, parse_rule


@dataclass(frozen=True)
class FundVerdict:
    """One fund's answer for one campaign."""

    fund_id: str
    eligible: bool
    rule_holds: bool
    in_window: bool
    max_cents: int  # the most this fund could give the campaign: budget and caps
    failed: tuple[str, ...]  # the rule's failed conditions, in words
    explanation: str  # the whole rule, part by part, held or failed


@dataclass(frozen=True)
class CampaignCheck:
    """A campaign's need and every fund's verdict."""

    campaign_id: str
    need_cents: int
    courte_echelle: bool
    verdicts: tuple[FundVerdict, ...]


def check_campaign(record: Mapping[str, object], funds: Sequence[Fund]) -> CampaignCheck:
    """Validate one campaign record (InputError if bad) and judge it against each fund."""
    return judge_campaign(campaigns_from_records([record], source="campaign"), funds)


def judge_campaign(table: CampaignTable, funds: Sequence[Fund]) -> CampaignCheck:
    """Judge the one campaign of ``table`` against each fund."""
    eligible = fund_eligibility(table, funds)
    window = window_matrix(table, list(funds))
    verdicts = []
    for j, fund in enumerate(funds):
        reasons = explain(parse_rule(fund.rule), table, 0)
        holds = bool(reasons.held)
        verdicts.append(
            FundVerdict(
                fund_id=fund.id,
                eligible=bool(eligible[0, j]),
                rule_holds=holds,
                in_window=bool(window[0, j]),
                max_cents=_most(fund, table) if eligible[0, j] else 0,
                failed=tuple(reasons.failed_conditions()),
                explanation=str(reasons),
            )
        )
    return CampaignCheck(
        campaign_id=table.texts("campaign_id")[0],
        need_cents=int(table.cents("need_cents")[0]),
        courte_echelle=bool(table.frame["courte_echelle"].to_numpy(bool)[0]),
        verdicts=tuple(verdicts),
    )


def _most(fund: Fund, table: CampaignTable) -> int:
    limits = [fund.budget_cents]
    if fund.cap_per_campaign_cents is not None:
        limits.append(fund.cap_per_campaign_cents)
    if fund.cap_share_of_min_goal is not None:
        goal = int(table.cents("min_goal_cents")[0])
        limits.append(int(Fraction(fund.cap_share_of_min_goal) * goal))
    if fund.match_ratio is not None:
        collected = int(table.cents("collected_cents")[0])
        limits.append(int(Fraction(fund.match_ratio) * collected))
    return min(limits)
