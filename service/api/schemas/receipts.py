"""Tax receipt lines of a year, and their sums per receiving school."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class ReceiptLinePublic(BaseModel):
    """A redistributed donation (or part) a school received in a committed round."""

    committed_on: date
    uai: str
    school_name: str
    campaign_id: str
    donor_id: str
    donation_id: str
    amount_cents: int
    origin_campaign_id: str
    round_id: int


class SchoolTotal(BaseModel):
    """What one school received in the year: the sum its receipts must match."""

    uai: str
    school_name: str
    amount_cents: int
    lines: int


class ReceiptsPublic(BaseModel):
    """A page of a year's receipt lines, with every school's totals for the whole year."""

    year: int
    uai: str | None
    items: list[ReceiptLinePublic]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    schools: list[SchoolTotal]
