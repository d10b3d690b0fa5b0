"""Round rows: insert, find (as the caller may see them), list, lock, write a solve's result."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from allocator import Allocation, LineageLine
from service.errors import NotFoundError
from service.store.keys import Actor
from service.store.tables import AllocationRow, ApiKey, LineageRow, RoundRow


def get_round(session: Session, round_id: int, actor: Actor, *, lock: bool = False) -> RoundRow:
    """A round the actor may see (a sponsor: only its own), locked if asked; NotFound if not."""
    query = select(RoundRow).where(RoundRow.id == round_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(query)
    if row is None or (actor.is_sponsor and row.owner_key_id != actor.key_id):
        raise NotFoundError(f"no round {round_id}")
    return row


def list_rounds(
    session: Session, actor: Actor, *, state: str | None, limit: int, offset: int
) -> tuple[list[RoundRow], int]:
    """A page of the rounds the actor may see, newest first, and how many in all."""
    query = select(RoundRow)
    if actor.is_sponsor:
        query = query.where(RoundRow.owner_key_id == actor.key_id)
    if state is not None:
        query = query.where(RoundRow.state == state)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(RoundRow.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def owner_fund_ids(session: Session, row: RoundRow) -> tuple[str, ...]:
    """The funds of the key that created a round (a sponsor's simulations use only these)."""
    key = session.get(ApiKey, row.owner_key_id)
    return tuple(key.fund_ids) if key is not None else ()


def replace_result_rows(
    session: Session,
    round_id: int,
    *,
    allocations: Sequence[Allocation],
    lineage: Sequence[LineageLine],
    school_names: dict[str, str],
) -> None:
    """Replace a round's allocation and lineage rows with those of its latest solve."""
    session.execute(delete(AllocationRow).where(AllocationRow.round_id == round_id))
    session.execute(delete(LineageRow).where(LineageRow.round_id == round_id))
    session.add_all(
        AllocationRow(
            round_id=round_id,
            fund_id=a.fund_id,
            campaign_id=a.campaign_id,
            amount_cents=a.amount_cents,
            is_pool=a.fund_id.startswith("pool"),
        )
        for a in allocations
    )
    session.add_all(
        LineageRow(
            round_id=round_id,
            donation_id=line.donation_id,
            donor_id=line.donor_id,
            campaign_id=line.campaign_id,
            uai=line.uai,
            school_name=school_names.get(line.campaign_id, ""),
            amount_cents=line.amount_cents,
            pool_id=line.pool_id,
            origin_campaign_id=line.origin_campaign_id,
        )
        for line in lineage
    )


def result_rows(
    session: Session, round_id: int
) -> tuple[tuple[Allocation, ...], tuple[LineageLine, ...]]:
    """A round's stored allocations and lineage, as the engine's records."""
    allocations = session.scalars(
        select(AllocationRow).where(AllocationRow.round_id == round_id).order_by(AllocationRow.id)
    )
    lineage = session.scalars(
        select(LineageRow).where(LineageRow.round_id == round_id).order_by(LineageRow.id)
    )
    return (
        tuple(sorted(Allocation(a.fund_id, a.campaign_id, a.amount_cents) for a in allocations)),
        tuple(
            sorted(
                LineageLine(
                    line.donation_id,
                    line.donor_id,
                    line.campaign_id,
                    line.uai,
                    line.amount_cents,
                    line.pool_id,
                    line.origin_campaign_id,
                )
                for line in lineage
            )
        ),
    )
