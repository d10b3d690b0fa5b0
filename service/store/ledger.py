"""The donation ledger: how much of each redistributed donation committed rounds assigned.

A donation is entered the first time a committed round uses it; its amount, donor and origin
are fixed from then on, and ``assigned <= amount`` is a constraint of the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from eligibility.errors import Problem
from service.store.tables import DonationRow

# donation id -> (donor id, origin campaign id, amount in cents)
Donations = Mapping[str, tuple[str, str, int]]
# Ids per statement: SQLite caps the bound parameters of one statement.
CHUNK = 500


def chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    """Sorted ids in slices small enough for one statement on every backend."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def assigned_cents(session: Session, donation_ids: Iterable[str]) -> dict[str, int]:
    """Cents of each donation already assigned by committed rounds (absent: none)."""
    found: dict[str, int] = {}
    for ids in chunks(donation_ids):
        rows = session.execute(
            select(DonationRow.donation_id, DonationRow.assigned_cents).where(
                DonationRow.donation_id.in_(ids)
            )
        )
        found.update({str(d): int(c) for d, c in rows})
    return found


def ledger_problems(session: Session, donations: Donations) -> list[Problem]:
    """A problem for each donation whose donor, origin or amount differs from the ledger's."""
    rows = [
        row
        for ids in chunks(donations)
        for row in session.scalars(select(DonationRow).where(DonationRow.donation_id.in_(ids)))
    ]
    problems = []
    for row in rows:
        donor, origin, amount = donations[row.donation_id]
        known = (row.donor_id, row.origin_campaign_id, row.amount_cents)
        if (donor, origin, amount) != known:
            problems.append(
                Problem(
                    "donations",
                    f"donation {row.donation_id!r} is recorded with donor {known[0]!r}, origin "
                    f"{known[1]!r} and {known[2]} cents; send the same values",
                    field="donation_id",
                )
            )
    return problems


def lock_donations(session: Session, donations: Donations) -> dict[str, DonationRow]:
    """Ledger rows of these donations (entered if new), locked until the transaction ends."""
    if not donations:
        return {}
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    locked: dict[str, DonationRow] = {}
    for ids in chunks(donations):
        values = [
            {
                "donation_id": i,
                "donor_id": donations[i][0],
                "origin_campaign_id": donations[i][1],
                "amount_cents": donations[i][2],
                "assigned_cents": 0,
            }
            for i in ids
        ]
        session.execute(insert(DonationRow).values(values).on_conflict_do_nothing())
        query = (
            select(DonationRow)
            .where(DonationRow.donation_id.in_(ids))
            .order_by(DonationRow.donation_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        locked.update({row.donation_id: row for row in session.scalars(query)})
    return locked
