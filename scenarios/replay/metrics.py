"""Per-policy figures of a replay: successes by group, money, pledges, territorial spread.

Counts are integers and money integer cents; the only floats are the spread measure, computed
exactly with fractions and rounded once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from eligibility.campaigns import CampaignTable
from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES
from scenarios.replay.engine import PolicyRun

# Académies with fewer campaigns than this are left out of the spread: their rate is noise.
SPREAD_MIN_CAMPAIGNS = 5
CRITERIA = ("priority_education", "vocational", "isolated", "inclusive")
LEVELS = {
    "primary": PRIMARY_SCHOOL_TYPES,
    "college": ("college",),
    "lycee": ("lycee", "lycee_professionnel"),
    "erea": ("erea",),
}


@dataclass(frozen=True)
class Groups:
    """Which campaigns belong to each reported group (policy-independent)."""

    all: frozenset[str]
    by_name: dict[str, frozenset[str]]  # courte_echelle, each criterion, each level
    by_academie: dict[str, frozenset[str]]

    @classmethod
    def of(cls, table: CampaignTable) -> Groups:
        """The groups of a season's campaigns."""
        frame = table.frame
        ids = [str(c) for c in table.ids.tolist()]

        def where(mask: list[bool]) -> frozenset[str]:
            return frozenset(c for c, keep in zip(ids, mask, strict=True) if keep)

        by_name = {"courte_echelle": where(frame["courte_echelle"].tolist())}
        for criterion in CRITERIA:
            by_name[criterion] = where(frame[f"ce_{criterion}"].tolist())
        types = frame["school_type"].tolist()
        for level, members in LEVELS.items():
            by_name[level] = where([t in members for t in types])
        academies = frame["academie"].tolist()
        by_academie = {a: where([x == a for x in academies]) for a in sorted(set(academies))}
        return cls(frozenset(ids), by_name, by_academie)


def academie_spread(succeeded: frozenset[str], groups: Groups) -> tuple[float | None, float | None]:
    """Coefficient of variation and minimum of the académies' success rates (enough campaigns).

    The coefficient of variation is the population standard deviation of the rates over their
    mean, each académie with at least ``SPREAD_MIN_CAMPAIGNS`` campaigns counting once.
    """
    rates = [
        Fraction(len(members & succeeded), len(members))
        for members in groups.by_academie.values()
        if len(members) >= SPREAD_MIN_CAMPAIGNS
    ]
    if not rates:
        return None, None
    mean = sum(rates, Fraction(0)) / len(rates)
    variance = sum(((r - mean) ** 2 for r in rates), Fraction(0)) / len(rates)
    cv = None if mean == 0 else round(math.sqrt(variance) / float(mean), 4)
    return cv, round(float(min(rates)), 4)


def policy_figures(run: PolicyRun, baseline: PolicyRun, groups: Groups) -> dict[str, object]:
    """One policy's figures in integers (cents), in the order of ``replay.csv``'s columns."""
    money = run.money
    budget = sum(f.budget_cents for f in money.funds.values())
    spent_funds = sum(money.spent.values())
    pool = money.pool.totals()
    spent = spent_funds + pool["paid"]
    extra = len(run.succeeded) - len(baseline.succeeded)
    cv, lowest = academie_spread(run.succeeded, groups)
    figures: dict[str, object] = {
        "policy": run.policy.value,
        "campaigns": len(groups.all),
        "succeeded": len(run.succeeded),
    }
    for name, members in groups.by_name.items():
        figures[f"succeeded_{name}"] = len(members & run.succeeded)
    figures |= {
        "extra_successes": extra,
        "boosted": sum(1 for cents in money.paid_to.values() if cents > 0),
        "spent_cents": spent,
        "spent_funds_cents": spent_funds,
        "spent_pool_cents": pool["paid"],
        "unspent_cents": budget - spent_funds + pool["free"],
        "unspent_funds_cents": budget - spent_funds,
        "unspent_pool_cents": pool["free"],
        "pool_in_cents": pool["in"],
        "euros_per_extra_success_cents": _per(spent, extra),
        "pledged_cents": money.pledged_cents,
        "pledged_unused_cents": money.pledged_cents - money.pledge_paid_cents,
        "pledges": _pledge_count(run),
        "pledges_short": run.pledges_short,
        "rescued": run.rescued,
        "academie_success_cv": cv,
        "academie_success_min": lowest,
        "rounds_solved": sum(1 for r in run.rounds if r.status != "empty"),
        "rounds_not_proven": sum(1 for r in run.rounds if r.status not in _PROVEN),
    }
    return figures


_PROVEN = {"optimal", "greedy", "empty"}


def _per(cents: int, count: int) -> int | None:
    """``cents / count`` rounded half up to the cent, None unless ``count`` is positive."""
    if count <= 0:
        return None
    return (2 * cents + count) // (2 * count)


def _pledge_count(run: PolicyRun) -> int:
    return sum(r.completed for r in run.rounds) if run.policy.value == "optimal-pledge" else 0


def by_academie(run: PolicyRun, groups: Groups) -> dict[str, dict[str, int]]:
    """Campaigns and successes per académie, by académie name."""
    return {
        academie: {"campaigns": len(members), "succeeded": len(members & run.succeeded)}
        for academie, members in groups.by_academie.items()
    }
