"""The replay's files: ``replay.csv``, ``timeline.csv``, ``lineage.csv``, ``payments.csv`` and
``summary.json``; columns as documented in docs/replay.md, bytes depending only on the input.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from eligibility.files import write_files
from eligibility.money import format_euros
from scenarios.replay.engine import PolicyRun
from scenarios.replay.metrics import by_academie
from scenarios.replay.result import ReplayResult
from scenarios.report.names import REPORT_FILE

REPLAY_FILE = "replay.csv"
TIMELINE_FILE = "timeline.csv"
LINEAGE_FILE = "lineage.csv"
PAYMENTS_FILE = "payments.csv"
SUMMARY_FILE = "summary.json"
TIMELINE_COLUMNS = ("policy", "date", "succeeded", "spent", "pledged_open", "pool_available")
LINEAGE_COLUMNS = (
    "policy",
    "date",
    "donation_id",
    "donor_id",
    "origin_campaign_id",
    "campaign_id",
    "amount",
)
PAYMENTS_COLUMNS = ("policy", "date", "source_id", "campaign_id", "amount", "how")


def replay_columns(figures: dict[str, object]) -> list[str]:
    """``replay.csv``'s columns: the figures' keys, money keys without their ``_cents``."""
    return [key.removesuffix("_cents") for key in figures]


def replay_files(result: ReplayResult) -> dict[str, str]:
    """The text of each file."""
    figures = result.figures()
    return {
        REPLAY_FILE: _csv(replay_columns(figures[0]), [_cells(f) for f in figures]),
        TIMELINE_FILE: _csv(
            TIMELINE_COLUMNS, [row for run in result.runs for row in _timeline(run)]
        ),
        LINEAGE_FILE: _csv(LINEAGE_COLUMNS, [row for run in result.runs for row in _lineage(run)]),
        PAYMENTS_FILE: _csv(
            PAYMENTS_COLUMNS, [row for run in result.runs for row in _payments(run)]
        ),
        SUMMARY_FILE: json.dumps(summary(result), indent=2, ensure_ascii=False) + "\n",
    }


def _cells(figures: dict[str, object]) -> list[str]:
    cells = []
    for key, value in figures.items():
        if value is None:
            cells.append("")
        elif key.endswith("_cents") and isinstance(value, int):
            cells.append(format_euros(value))
        elif isinstance(value, float):
            cells.append(f"{value:.4f}")
        else:
            cells.append(str(value))
    return cells


def _timeline(run: PolicyRun) -> list[list[str]]:
    return [
        [
            run.policy.value,
            p.day.isoformat(),
            str(p.succeeded),
            format_euros(p.spent_cents),
            format_euros(p.pledged_open_cents),
            format_euros(p.pool_available_cents),
        ]
        for p in run.timeline
    ]


def _lineage(run: PolicyRun) -> list[list[str]]:
    return [
        [
            run.policy.value,
            u.day.isoformat(),
            u.donation_id,
            u.donor_id,
            u.origin_campaign_id,
            u.campaign_id,
            format_euros(u.amount_cents),
        ]
        for u in run.money.pool_uses
    ]


def _payments(run: PolicyRun) -> list[list[str]]:
    return [
        [
            run.policy.value,
            p.day.isoformat(),
            p.source_id,
            p.campaign_id,
            format_euros(p.amount_cents),
            p.how,
        ]
        for p in run.money.payments
    ]


def summary(result: ReplayResult) -> dict[str, object]:
    """``summary.json``: the season, the options, each policy's figures and breakdowns (cents)."""
    ctx = result.context
    season = ctx.season
    options = ctx.options
    never = ctx.never_in_a_round()
    earlier = season.donations.frame["amount_cents"].sum()
    return {
        "season": {
            "campaigns": len(season.campaigns),
            "gifts": len(season.ledger),
            "funds": len(season.funds),
            "funds_budget_cents": sum(f.budget_cents for f in season.funds),
            "earlier_donations": len(season.donations),
            "earlier_donations_cents": int(earlier),
            "first_deadline": min(ctx.deadlines).isoformat() if ctx.deadlines else None,
            "last_deadline": max(ctx.deadlines).isoformat() if ctx.deadlines else None,
            "never_in_a_round": list(never),
        },
        "options": {
            "policies": [p.value for p in options.policies],
            "cadence": options.cadence.value,
            "horizon_days": options.horizon,
            "solver": options.solver.value,
            "time_limit": options.time_limit,
            "round_dates": [d.isoformat() for d in ctx.rounds],
        },
        "groups": {
            "all": len(result.groups.all),
            **{name: len(members) for name, members in result.groups.by_name.items()},
        },
        "policies": [
            {
                "figures": figures,
                "by_academie": by_academie(run, result.groups),
                "funds": _funds(run),
                "pool": _pool(run, result.groups.all),
                "rounds": [
                    {
                        "date": r.day.isoformat(),
                        "considered": r.considered,
                        "completed": r.completed,
                        "status": r.status,
                    }
                    for r in run.rounds
                ],
            }
            for run, figures in zip(result.runs, result.figures(), strict=True)
        ],
    }


def _funds(run: PolicyRun) -> list[dict[str, object]]:
    money = run.money
    return [
        {
            "fund_id": fund_id,
            "budget_cents": fund.budget_cents,
            "spent_cents": money.spent[fund_id],
            "unspent_cents": money.free(fund_id),
        }
        for fund_id, fund in sorted(money.funds.items())
    ]


def _pool(run: PolicyRun, season_ids: frozenset[str]) -> dict[str, int]:
    totals = run.money.pool.totals()
    redistributed = sum(
        d.amount_cents
        for d in run.money.pool.donations.values()
        if d.origin_campaign_id in season_ids
    )
    return {
        "in_cents": totals["in"],
        "in_earlier_cents": totals["in"] - redistributed,
        "in_redistributed_cents": redistributed,
        "paid_cents": totals["paid"],
        "unspent_cents": totals["free"],
    }


def _csv(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def write_replay(result: ReplayResult, out_dir: Path) -> list[Path]:
    """Write every file into ``out_dir`` (created if needed), all or none; an earlier run's
    report is removed (it is rendered again from the new files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_files(out_dir, replay_files(result), remove=[out_dir / REPORT_FILE])
