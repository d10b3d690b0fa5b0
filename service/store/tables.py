"""The tables: API keys, funds with their budgets, rounds and results, the ledgers, the audit.

Amounts are integer cents with CHECK constraints; a fund's ``budget = committed + remaining``
is a constraint too, so no write can leave it inexact.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can name what they change on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ROLES = ("manager", "platform", "sponsor")
STATES = ("draft", "solved", "committed", "discarded")


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ApiKey(Base):
    """An API key: only the SHA-256 of the secret is kept."""

    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    fund_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FundRow(Base):
    """A registered fund: its definition and where its budget stands."""

    __tablename__ = "funds"
    __table_args__ = (
        CheckConstraint("budget_cents >= 0", name="budget"),
        CheckConstraint("committed_cents >= 0", name="committed"),
        CheckConstraint("remaining_cents >= 0", name="remaining"),
        CheckConstraint("budget_cents = committed_cents + remaining_cents", name="balance"),
        CheckConstraint("cap_per_campaign_cents >= 0", name="cap"),
        CheckConstraint(_in("kind", ("patron", "thematic")), name="kind"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(Text, default="")
    budget_cents: Mapped[int] = mapped_column(BigInteger)
    committed_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    remaining_cents: Mapped[int] = mapped_column(BigInteger)
    cap_per_campaign_cents: Mapped[int | None] = mapped_column(BigInteger)
    # Exact decimals kept as their text, never as floats.
    cap_share_of_min_goal: Mapped[str | None] = mapped_column(String(40))
    match_ratio: Mapped[str | None] = mapped_column(String(40))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(32))


class RoundRow(Base):
    """A round: its data as created, the input and result of its last solve, its state."""

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="state"),
        CheckConstraint(_in("kind", ("allocation", "simulation")), name="kind"),
        CheckConstraint(_in("funds_mode", ("inline", "registered")), name="funds_mode"),
        CheckConstraint("job_status IS NULL OR job_status IN ('running', 'failed')", name="job"),
        CheckConstraint(
            "campaign_count >= 0 AND fund_count >= 0 AND donation_count >= 0", name="counts"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    owner_key_id: Mapped[str] = mapped_column(String(32))
    funds_mode: Mapped[str] = mapped_column(String(16))
    data_json: Mapped[str] = mapped_column(Text)
    options_json: Mapped[str] = mapped_column(Text)
    campaign_count: Mapped[int] = mapped_column(Integer)
    fund_count: Mapped[int] = mapped_column(Integer)
    donation_count: Mapped[int] = mapped_column(Integer)
    input_json: Mapped[str | None] = mapped_column(Text)
    input_sha256: Mapped[str | None] = mapped_column(String(64))
    result_json: Mapped[str | None] = mapped_column(Text)
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    solve_status: Mapped[str | None] = mapped_column(String(16))
    solver_version: Mapped[str | None] = mapped_column(String(64))
    job_status: Mapped[str | None] = mapped_column(String(16))
    job_error: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    solved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    committed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    committed_by: Mapped[str | None] = mapped_column(String(32))
    discarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AllocationRow(Base):
    """What one source (fund or pool) gives one campaign in a round's last solve."""

    __tablename__ = "round_allocations"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    fund_id: Mapped[str] = mapped_column(String(64), index=True)
    campaign_id: Mapped[str] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    is_pool: Mapped[bool] = mapped_column(Boolean)


class LineageRow(Base):
    """A redistributed donation (or part of one) and the campaign that receives it."""

    __tablename__ = "round_lineage"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    donation_id: Mapped[str] = mapped_column(String(64), index=True)
    donor_id: Mapped[str] = mapped_column(String(64))
    campaign_id: Mapped[str] = mapped_column(String(64))
    uai: Mapped[str] = mapped_column(String(8), index=True)
    school_name: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    pool_id: Mapped[str] = mapped_column(String(64))
    origin_campaign_id: Mapped[str] = mapped_column(String(64))


class DonationRow(Base):
    """A redistributed donation once a committed round used it: how much is spoken for."""

    __tablename__ = "donations"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount"),
        CheckConstraint("assigned_cents >= 0", name="assigned"),
        CheckConstraint("assigned_cents <= amount_cents", name="within"),
    )

    donation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    donor_id: Mapped[str] = mapped_column(String(64))
    origin_campaign_id: Mapped[str] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    assigned_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditRow(Base):
    """One state change; rows are only ever inserted (triggers refuse updates and deletes)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_key_id: Mapped[str] = mapped_column(String(32))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    round_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fund_id: Mapped[str | None] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    input_sha256: Mapped[str | None] = mapped_column(String(64))
    solver: Mapped[str | None] = mapped_column(String(16))
    solver_version: Mapped[str | None] = mapped_column(String(64))
    options_json: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class IdempotencyRow(Base):
    """A claimed ``Idempotency-Key`` of one API key, and the response once there is one."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        CheckConstraint(_in("state", ("running", "done")), name="state"),
        Index("ix_idempotency_keys_state", "state"),
    )

    api_key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
