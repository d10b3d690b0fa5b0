"""Tax receipt lines: every redistributed donation (or part) committed rounds gave a school."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.clock import as_utc
from service.store.tables import LineageRow, RoundRow


@dataclass(frozen=True)
class ReceiptLine:
    """One line a receiving school declares: who gave, how much, to which campaign, when."""

    committed_on: date
    uai: str
    school_name: str
    campaign_id: str
    donor_id: str
    donation_id: str
    amount_cents: int
    origin_campaign_id: str
    round_id: int


def receipt_lines(session: Session, *, year: int, uai: str | None, zone: str) -> list[ReceiptLine]:
    """Lines of rounds committed in ``year`` (calendar year in ``zone``), sorted by date."""
    tz = ZoneInfo(zone)
    # In UTC: SQLite compares the stored UTC wall-clock text, and would ignore an offset.
    start = datetime(year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    query = (
        select(LineageRow, RoundRow.committed_at)
        .join(RoundRow, RoundRow.id == LineageRow.round_id)
        .where(
            RoundRow.state == "committed",
            RoundRow.committed_at >= start,
            RoundRow.committed_at < end,
        )
        .order_by(
            RoundRow.committed_at,
            RoundRow.id,
            LineageRow.uai,
            LineageRow.campaign_id,
            LineageRow.donation_id,
        )
    )
    if uai is not None:
        query = query.where(LineageRow.uai == uai)
    lines = []
    for line, committed_at in session.execute(query):
        if committed_at is None:
            continue
        lines.append(
            ReceiptLine(
                committed_on=as_utc(committed_at).astimezone(tz).date(),
                uai=line.uai,
                school_name=line.school_name,
                campaign_id=line.campaign_id,
                donor_id=line.donor_id,
                donation_id=line.donation_id,
                amount_cents=line.amount_cents,
                origin_campaign_id=line.origin_campaign_id,
                round_id=line.round_id,
            )
        )
    return lines
