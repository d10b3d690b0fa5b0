"""Writing a round's files for people: euros with two decimals, written atomically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from allocator.result import RoundResult
from eligibility.files import write_files
from eligibility.money import format_euros
from scenarios.report.names import CHARTS_DIR, REPORT_FILE

OUTPUT_FILES = ("allocations.csv", "outcomes.csv", "lineage.csv", "summary.json")


def round_files(result: RoundResult) -> dict[str, str]:
    """The text of each output file."""
    return {
        "allocations.csv": _csv(
            ["fund_id", "campaign_id", "amount"],
            [[a.fund_id, a.campaign_id, format_euros(a.amount_cents)] for a in result.allocations],
        ),
        "outcomes.csv": _csv(
            ["campaign_id", "need", "allocated", "completed", "reason"],
            [
                [
                    o.campaign_id,
                    format_euros(o.need_cents),
                    format_euros(o.allocated_cents),
                    "true" if o.completed else "false",
                    o.reason,
                ]
                for o in result.outcomes
            ],
        ),
        "lineage.csv": _csv(
            ["donation_id", "donor_id", "campaign_id", "uai", "amount"],
            [
                [x.donation_id, x.donor_id, x.campaign_id, x.uai, format_euros(x.amount_cents)]
                for x in result.lineage
            ],
        ),
        "summary.json": json.dumps(result.summary, indent=2, ensure_ascii=False) + "\n",
    }


def write_round(result: RoundResult, out_dir: Path) -> list[Path]:
    """Write the four files, all or none (the old set is kept whole if one cannot be written).

    An earlier round's report (report.html, charts/*.png) is removed with the old files: it
    describes a round these files no longer hold."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stale = [out_dir / REPORT_FILE, *sorted((out_dir / CHARTS_DIR).glob("*.png"))]
    return write_files(out_dir, round_files(result), remove=stale)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
