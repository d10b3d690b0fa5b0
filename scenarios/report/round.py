"""The allocation round report: what a manager reads before approving a round.

It reads the files ``allocate`` wrote (allocations, outcomes, lineage, summary) and the round's
campaign table for the school names, académies and Courte Échelle criteria.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eligibility.campaigns import CampaignTable
from scenarios.report.charts import Chart, bar_chart
from scenarios.report.labels import POLICY_WORDS, criteria_of, reason_parts
from scenarios.report.numbers import cents_of, euros, read_json, read_rows
from scenarios.report.page import write_report


@dataclass(frozen=True)
class Campaign:
    """What the report shows of one campaign."""

    campaign_id: str
    school: str
    academie: str
    criteria: tuple[str, ...]


@dataclass
class FundLine:
    """One fund (or donation pool) of the round and what it gives."""

    fund_id: str
    name: str
    kind: str
    budget_cents: int
    spent_cents: int
    left_cents: int
    gifts: list[tuple[Campaign, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Completed:
    """A campaign this round completes, and who pays."""

    campaign: Campaign
    need_cents: int
    payers: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LeftOut:
    """A campaign still short of its minimum goal after the round, and why."""

    campaign: Campaign
    need_cents: int
    headline: str
    detail: str


@dataclass(frozen=True)
class Territory:
    """Money and completions of the round in one académie."""

    academie: str
    completed: int
    spent_cents: int


def render_round_report(out_dir: Path, *, campaigns: CampaignTable) -> Path:
    """Write ``report.html`` and ``charts/*.png`` for the round whose files are in ``out_dir``."""
    summary = read_json(out_dir / "summary.json")
    known = _campaigns(campaigns)
    funds = _funds(summary, read_rows(out_dir / "allocations.csv"), known)
    outcomes = read_rows(out_dir / "outcomes.csv")
    completed = _completed(outcomes, funds, known)
    left_out = _left_out(outcomes, known)
    territories = _territories(completed)
    lineage = _lineage(read_rows(out_dir / "lineage.csv"), known)
    charts = _charts(funds, territories)
    context: dict[str, object] = {
        "title": "Allocation round: report for approval",
        "summary": summary,
        "spent_cents": int(summary["spent_cents"]),
        "funds": funds,
        "completed": completed,
        "left_out": left_out,
        "left_groups": _grouped(left_out),
        "territories": territories,
        "lineage": lineage,
        "lineage_cents": sum(cents for *_, cents in lineage),
        "policies": [_policy(p) for p in summary["policies"]],
    }
    return write_report(out_dir, template="round.html.j2", charts=charts, context=context)


def _campaigns(table: CampaignTable) -> dict[str, Campaign]:
    frame = table.frame
    criteria = criteria_of(frame)
    return {
        str(cid): Campaign(str(cid), str(school), str(academie), tags)
        for cid, school, academie, tags in zip(
            frame["campaign_id"], frame["school_name"], frame["academie"], criteria, strict=True
        )
    }


def _campaign(known: dict[str, Campaign], campaign_id: str) -> Campaign:
    return known.get(campaign_id) or Campaign(campaign_id, "(not in the campaign table)", "?", ())


def _funds(
    summary: dict[str, Any], allocations: list[dict[str, str]], known: dict[str, Campaign]
) -> list[FundLine]:
    funds = {
        f["fund_id"]: FundLine(
            f["fund_id"],
            f["name"],
            f["kind"],
            int(f["budget_cents"]),
            int(f["spent_cents"]),
            int(f["left_cents"]),
        )
        for f in summary["funds"]
    }
    for row in allocations:
        fund = funds[row["fund_id"]]
        fund.gifts.append((_campaign(known, row["campaign_id"]), _cents(row["amount"])))
    for fund in funds.values():
        fund.gifts.sort(key=lambda gift: (-gift[1], gift[0].campaign_id))
    return list(funds.values())


def _completed(
    outcomes: list[dict[str, str]], funds: list[FundLine], known: dict[str, Campaign]
) -> list[Completed]:
    payers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for fund in funds:
        for campaign, cents in fund.gifts:
            payers[campaign.campaign_id].append((fund.name, cents))
    return [
        Completed(
            _campaign(known, row["campaign_id"]),
            _cents(row["need"]),
            tuple(payers[row["campaign_id"]]),
        )
        for row in outcomes
        if row["completed"] == "true" and _cents(row["allocated"]) > 0
    ]


def _left_out(outcomes: list[dict[str, str]], known: dict[str, Campaign]) -> list[LeftOut]:
    rows = [row for row in outcomes if row["completed"] != "true"]
    left = [
        LeftOut(_campaign(known, r["campaign_id"]), _cents(r["need"]), *reason_parts(r["reason"]))
        for r in rows
    ]
    return sorted(left, key=lambda x: (x.headline, x.need_cents, x.campaign.campaign_id))


def _grouped(left_out: list[LeftOut]) -> list[tuple[str, list[LeftOut]]]:
    groups: dict[str, list[LeftOut]] = defaultdict(list)
    for item in left_out:
        groups[item.headline].append(item)
    return sorted(groups.items(), key=lambda group: (-len(group[1]), group[0]))


def _territories(completed: list[Completed]) -> list[Territory]:
    counts: dict[str, int] = defaultdict(int)
    money: dict[str, int] = defaultdict(int)
    for c in completed:
        counts[c.campaign.academie] += 1
        money[c.campaign.academie] += sum(cents for _, cents in c.payers)
    return sorted(
        (Territory(a, counts[a], money[a]) for a in counts),
        key=lambda t: (-t.spent_cents, t.academie),
    )


def _lineage(
    rows: list[dict[str, str]], known: dict[str, Campaign]
) -> list[tuple[str, str, Campaign, str, int]]:
    return [
        (
            r["donation_id"],
            r["donor_id"],
            _campaign(known, r["campaign_id"]),
            r["uai"],
            _cents(r["amount"]),
        )
        for r in rows
    ]


def _policy(policy: dict[str, Any]) -> dict[str, Any]:
    return {**policy, "words": POLICY_WORDS.get(policy["policy"], "")}


def _charts(funds: list[FundLine], territories: list[Territory]) -> list[Chart]:
    shown = [f for f in funds if f.budget_cents > 0]
    charts = [
        bar_chart(
            name="spending_per_fund",
            title="Spending per fund: given in this round and left in the budget",
            labels=[_chart_label(f) for f in shown],
            series={
                "given in this round": [f.spent_cents / 100 for f in shown],
                "left in the budget": [f.left_cents / 100 for f in shown],
            },
            value_label="euros (€)",
            stacked=True,
            annotations=[f"{euros(f.spent_cents)} ({_share(f)})" for f in shown],
        )
    ]
    if territories:
        charts.append(
            bar_chart(
                name="spending_per_academie",
                title="Money given per académie, with the campaigns it completes",
                labels=[t.academie for t in territories],
                series={"given in this round": [t.spent_cents / 100 for t in territories]},
                value_label="euros (€)",
                annotations=[
                    f"{euros(t.spent_cents)}, {_campaigns_word(t.completed)}" for t in territories
                ],
            )
        )
    return charts


def _campaigns_word(count: int) -> str:
    return f"{count} campaign{'s' if count != 1 else ''}"


def _share(fund: FundLine) -> str:
    return f"{100 * fund.spent_cents // fund.budget_cents} %"


def _chart_label(fund: FundLine) -> str:
    scoped = "redistributed donations scoped to "
    if fund.kind == "pool" and fund.name.startswith(scoped):
        return "donations pool: " + fund.name[len(scoped) :]
    return fund.name


def _cents(text: str) -> int:
    value = cents_of(text)
    return 0 if value is None else value
