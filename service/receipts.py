"""Tax receipts: a year's lines as CSV (euros, for people) and their sums per school."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eligibility.money import format_euros

if TYPE_CHECKING:
    from service.store import ReceiptLine

CSV_COLUMNS = (
    "committed_on",
    "uai",
    "school_name",
    "campaign_id",
    "donor_id",
    "donation_id",
    "amount",
    "origin_campaign_id",
    "round_id",
)


@dataclass(frozen=True)
class SchoolSum:
    """What one school received: the total its receipts must add up to."""

    uai: str
    school_name: str
    amount_cents: int
    lines: int


def school_sums(lines: Sequence[ReceiptLine]) -> list[SchoolSum]:
    """Per receiving school (by UAI), the cents received and the number of lines."""
    sums: dict[str, SchoolSum] = {}
    for line in lines:
        known = sums.get(line.uai, SchoolSum(line.uai, line.school_name, 0, 0))
        sums[line.uai] = SchoolSum(
            line.uai, known.school_name, known.amount_cents + line.amount_cents, known.lines + 1
        )
    return [sums[uai] for uai in sorted(sums)]


def receipts_csv(lines: Sequence[ReceiptLine]) -> str:
    """The lines as CSV, amounts in euros with two decimals, in the given (date) order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for x in lines:
        writer.writerow(
            [
                x.committed_on.isoformat(),
                x.uai,
                x.school_name,
                x.campaign_id,
                x.donor_id,
                x.donation_id,
                format_euros(x.amount_cents),
                x.origin_campaign_id,
                x.round_id,
            ]
        )
    return buffer.getvalue()
