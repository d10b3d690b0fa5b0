"""The replay report: a whole season walked under each policy, and what each achieved.

It reads what ``courte-echelle replay`` wrote: ``replay.csv`` (one row per policy),
``timeline.csv`` (one row per policy and round date) and, when present, ``summary.json`` for the
successes by académie.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scenarios.report.charts import Chart, bar_chart, line_chart
from scenarios.report.labels import POLICY_WORDS, criterion_words, level_words
from scenarios.report.numbers import cents_of, euros, float_of, int_of, read_json, read_rows
from scenarios.report.page import write_report
from scenarios.report.variants import Breakdown

BASELINE = "none"
TODAY = "fcfs"
CRITERIA = ("courte_echelle", "priority_education", "vocational", "isolated", "inclusive")
LEVELS = ("primary", "college", "lycee", "erea")
# One colour per policy in every chart; the reference is grey.
POLICY_COLOURS = {
    "none": "#8A99A6",
    "fcfs": "#E69F00",
    "closest": "#009E73",
    "optimal": "#0072B2",
    "optimal-pledge": "#CC79A7",
}


@dataclass(frozen=True)
class Policy:
    """One row of ``replay.csv``, money in cents."""

    name: str
    words: str
    campaigns: int
    succeeded: int
    extra: int
    spent_cents: int
    unspent_cents: int | None
    per_extra_cents: int | None
    pledged_cents: int | None
    pledged_unused_cents: int | None
    spread_cv: float | None
    spread_min: float | None


def render_replay_report(dir: Path) -> Path:
    """Write ``report.html`` and ``charts/*.png`` for the replay whose files are in ``dir``."""
    rows = read_rows(dir / "replay.csv")
    policies = [_policy(row) for row in rows]
    groups = _groups(rows)
    academies = _academies(dir / "summary.json", policies)
    timeline = _timeline(read_rows(dir / "timeline.csv"))
    charts = [
        *_timeline_charts(timeline),
        *_group_chart(groups, policies),
    ]
    context: dict[str, object] = {
        "title": "Season replay: how many more campaigns succeed",
        "answer": _answer(policies),
        "policies": policies,
        "best": max(policies, key=lambda p: (p.succeeded, -p.spent_cents)),
        "groups": groups,
        "academies": academies,
        "pledging": any(p.pledged_cents for p in policies),
        "rounds": len(next(iter(timeline.values()))[0]) if timeline else 0,
    }
    return write_report(dir, template="replay.html.j2", charts=charts, context=context)


def _policy(row: dict[str, str]) -> Policy:
    return Policy(
        name=row["policy"],
        words=POLICY_WORDS.get(row["policy"], ""),
        campaigns=int_of(row.get("campaigns")) or 0,
        succeeded=int_of(row["succeeded"]) or 0,
        extra=int_of(row.get("extra_successes")) or 0,
        spent_cents=cents_of(row.get("spent")) or 0,
        unspent_cents=cents_of(row.get("unspent")),
        per_extra_cents=cents_of(row.get("euros_per_extra_success")),
        pledged_cents=cents_of(row.get("pledged")),
        pledged_unused_cents=cents_of(row.get("pledged_unused")),
        spread_cv=float_of(row.get("academie_success_cv")),
        spread_min=float_of(row.get("academie_success_min")),
    )


def _groups(rows: list[dict[str, str]]) -> Breakdown:
    """Successes by Courte Échelle criterion and school level, one tuple per policy."""
    header = rows[0].keys() if rows else []
    names = [n for n in (*CRITERIA, *LEVELS) if f"succeeded_{n}" in header]
    words = [criterion_words(n) if n in CRITERIA else f"level: {level_words(n)}" for n in names]
    counts = tuple(tuple(int_of(row[f"succeeded_{n}"]) or 0 for n in names) for row in rows)
    return Breakdown(tuple(words), counts)


def _academies(path: Path, policies: list[Policy]) -> Breakdown | None:
    """Successes by académie from ``summary.json`` (``policies[].by_academie``), if written."""
    if not path.is_file():
        return None
    runs: list[dict[str, Any]] = read_json(path).get("policies", [])
    tables = {str(run["figures"]["policy"]): run.get("by_academie", {}) for run in runs}
    if not tables or any(p.name not in tables for p in policies):
        return None
    keys = tuple(sorted({a for table in tables.values() for a in table}))
    counts = tuple(
        tuple(int(tables[p.name].get(a, {}).get("succeeded", 0)) for a in keys) for p in policies
    )
    sizes = next(iter(tables.values()))
    return Breakdown(tuple(f"{a} ({sizes.get(a, {}).get('campaigns', 0)})" for a in keys), counts)


def _timeline(rows: list[dict[str, str]]) -> dict[str, tuple[list[date], list[int], list[int]]]:
    """Per policy: the round dates, the successes so far and the cents spent so far."""
    series: dict[str, tuple[list[date], list[int], list[int]]] = defaultdict(lambda: ([], [], []))
    for row in rows:
        days, succeeded, spent = series[row["policy"]]
        days.append(date.fromisoformat(row["date"]))
        succeeded.append(int_of(row["succeeded"]) or 0)
        spent.append(cents_of(row["spent"]) or 0)
    return dict(series)


def _timeline_charts(timeline: dict[str, tuple[list[date], list[int], list[int]]]) -> list[Chart]:
    if not timeline:
        return []
    days = next(iter(timeline.values()))[0]
    if any(series[0] != days for series in timeline.values()):
        return []  # policies on different calendars cannot share an axis
    return [
        line_chart(
            name="success_over_year",
            title="Campaigns that reached their minimum goal, over the year",
            x=days,
            series={policy: [float(v) for v in s[1]] for policy, s in timeline.items()},
            x_label="round date",
            y_label="campaigns succeeded so far",
            colours=POLICY_COLOURS,
        ),
        line_chart(
            name="spending_over_year",
            title="Solidarity money paid out, over the year",
            x=days,
            series={policy: [v / 100 for v in s[2]] for policy, s in timeline.items()},
            x_label="round date",
            y_label="euros paid so far (€)",
            integer_y=False,
            colours=POLICY_COLOURS,
        ),
    ]


def _group_chart(groups: Breakdown, policies: list[Policy]) -> list[Chart]:
    base = next((i for i, p in enumerate(policies) if p.name == BASELINE), None)
    if base is None or not groups.keys:
        return []
    others = [i for i in range(len(policies)) if i != base]
    return [
        bar_chart(
            name="extra_by_group",
            title="Extra successes over no solidarity money, by group",
            labels=list(groups.keys),
            series={
                policies[i].name: [
                    float(a - b) for a, b in zip(groups.counts[i], groups.counts[base], strict=True)
                ]
                for i in others
            },
            value_label=f"campaigns succeeded, minus those with policy '{BASELINE}'",
            colours=POLICY_COLOURS,
        )
    ]


def _answer(policies: list[Policy]) -> str:
    """The replay's answer in one sentence, from the figures."""
    by_name = {p.name: p for p in policies}
    best = max(policies, key=lambda p: (p.succeeded, -p.spent_cents))
    sentence = (
        f"Over the season, policy '{best.name}' makes {best.succeeded:,} of "
        f"{best.campaigns:,} campaigns succeed"
    )
    if BASELINE in by_name and best.name != BASELINE:
        sentence += f", {best.succeeded - by_name[BASELINE].succeeded:+,} over no solidarity money"
    if TODAY in by_name and best.name != TODAY:
        sentence += (
            f" and {best.succeeded - by_name[TODAY].succeeded:+,} over today's practice ({TODAY})"
        )
    if best.per_extra_cents is not None:
        sentence += f", at {euros(best.per_extra_cents)} per extra success"
    return sentence + "."
