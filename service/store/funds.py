"""Registered funds: their definitions, budgets and what committed rounds took from them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from allocator import Fund
from service.errors import ConflictError, NotFoundError
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.keys import Actor
from service.store.tables import FundRow


def visible(query_ids: Sequence[str] | None, actor: Actor) -> Sequence[str] | None:
    """The fund ids an actor may see among ``query_ids`` (None: every fund)."""
    if not actor.is_sponsor:
        return query_ids
    own = actor.fund_ids
    return own if query_ids is None else [i for i in query_ids if i in own]


def register_fund(
    session: Session, fund: Fund, actor: Actor, *, idempotency_key: str | None = None
) -> FundRow:
    """Register a fund with its whole budget remaining; an existing id is a conflict."""
    if session.get(FundRow, fund.id) is not None:
        raise ConflictError(f"fund {fund.id!r} is already registered")
    row = FundRow(
        id=fund.id,
        name=fund.name,
        kind=fund.kind,
        rule=fund.rule,
        budget_cents=fund.budget_cents,
        committed_cents=0,
        remaining_cents=fund.budget_cents,
        cap_per_campaign_cents=fund.cap_per_campaign_cents,
        cap_share_of_min_goal=_text(fund.cap_share_of_min_goal),
        match_ratio=_text(fund.match_ratio),
        valid_from=fund.valid_from,
        valid_until=fund.valid_until,
        created_at=utcnow(),
        created_by=actor.key_id,
    )
    session.add(row)
    session.flush()
    record(session, actor, Change("fund.register", "registered", idempotency_key), fund_id=fund.id)
    return row


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def get_fund(session: Session, fund_id: str, actor: Actor) -> FundRow:
    """A fund the actor may see; NotFoundError otherwise (a sponsor never learns others exist)."""
    row = session.get(FundRow, fund_id)
    if row is None or (actor.is_sponsor and fund_id not in actor.fund_ids):
        raise NotFoundError(f"no fund {fund_id!r}")
    return row


def list_funds(
    session: Session, actor: Actor, *, limit: int, offset: int
) -> tuple[list[FundRow], int]:
    """A page of the funds the actor may see, by id, and how many there are in all."""
    query = select(FundRow)
    ids = visible(None, actor)
    if ids is not None:
        query = query.where(FundRow.id.in_(ids))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(FundRow.id).limit(limit).offset(offset))
    return list(rows), total


def engine_fund(row: FundRow, *, budget_cents: int | None = None) -> Fund:
    """The engine's view of a registered fund; its budget is what remains unless told."""
    return Fund(
        id=row.id,
        name=row.name,
        kind="patron" if row.kind == "patron" else "thematic",
        budget_cents=row.remaining_cents if budget_cents is None else budget_cents,
        rule=row.rule,
        cap_per_campaign_cents=row.cap_per_campaign_cents,
        cap_share_of_min_goal=_decimal(row.cap_share_of_min_goal),
        match_ratio=_decimal(row.match_ratio),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def registered_funds(session: Session, fund_ids: Sequence[str] | None) -> tuple[Fund, ...]:
    """Registered funds (all, or those named) as the engine sees them: remaining budgets."""
    query = select(FundRow).order_by(FundRow.id)
    if fund_ids is not None:
        query = query.where(FundRow.id.in_(fund_ids))
    return tuple(engine_fund(row) for row in session.scalars(query))


def lock_funds(session: Session, fund_ids: Sequence[str]) -> dict[str, FundRow]:
    """The named fund rows, locked until the transaction ends (in id order: no deadlock)."""
    query = (
        select(FundRow)
        .where(FundRow.id.in_(sorted(fund_ids)))
        .order_by(FundRow.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.id: row for row in session.scalars(query)}


def count_funds(session: Session) -> int:
    """How many funds are registered."""
    return session.scalar(select(func.count()).select_from(FundRow)) or 0
