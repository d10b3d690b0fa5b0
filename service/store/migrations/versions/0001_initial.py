"""The first schema: keys, funds, rounds, results, the donation ledger, audit, idempotency.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
CENTS = sa.BigInteger()

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_events_no_{verb} BEFORE {VERB} ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END
"""
_APPEND_ONLY_POSTGRESQL = (
    """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$
""",
    """
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
""",
)


def upgrade() -> None:
    """Create every table, its checks and the audit's append-only triggers."""
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("key_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("fund_ids", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
        sa.CheckConstraint("role IN ('manager', 'platform', 'sponsor')", name="role"),
    )
    op.create_table(
        "funds",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("budget_cents", CENTS, nullable=False),
        sa.Column("committed_cents", CENTS, nullable=False),
        sa.Column("remaining_cents", CENTS, nullable=False),
        sa.Column("cap_per_campaign_cents", CENTS),
        sa.Column("cap_share_of_min_goal", sa.String(40)),
        sa.Column("match_ratio", sa.String(40)),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_until", sa.Date()),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.CheckConstraint("budget_cents >= 0", name="budget"),
        sa.CheckConstraint("committed_cents >= 0", name="committed"),
        sa.CheckConstraint("remaining_cents >= 0", name="remaining"),
        sa.CheckConstraint("budget_cents = committed_cents + remaining_cents", name="balance"),
        sa.CheckConstraint("cap_per_campaign_cents >= 0", name="cap"),
        sa.CheckConstraint("kind IN ('patron', 'thematic')", name="kind"),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner_key_id", sa.String(32), nullable=False),
        sa.Column("funds_mode", sa.String(16), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("options_json", sa.Text(), nullable=False),
        sa.Column("campaign_count", sa.Integer(), nullable=False),
        sa.Column("fund_count", sa.Integer(), nullable=False),
        sa.Column("donation_count", sa.Integer(), nullable=False),
        sa.Column("input_json", sa.Text()),
        sa.Column("input_sha256", sa.String(64)),
        sa.Column("result_json", sa.Text()),
        sa.Column("result_sha256", sa.String(64)),
        sa.Column("solve_status", sa.String(16)),
        sa.Column("solver_version", sa.String(64)),
        sa.Column("job_status", sa.String(16)),
        sa.Column("job_error", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("solved_at", TZ),
        sa.Column("committed_at", TZ),
        sa.Column("committed_by", sa.String(32)),
        sa.Column("discarded_at", TZ),
        sa.CheckConstraint("state IN ('draft', 'solved', 'committed', 'discarded')", name="state"),
        sa.CheckConstraint("kind IN ('allocation', 'simulation')", name="kind"),
        sa.CheckConstraint("funds_mode IN ('inline', 'registered')", name="funds_mode"),
        sa.CheckConstraint("job_status IS NULL OR job_status IN ('running', 'failed')", name="job"),
        sa.CheckConstraint(
            "campaign_count >= 0 AND fund_count >= 0 AND donation_count >= 0", name="counts"
        ),
    )
    op.create_table(
        "round_allocations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id"), nullable=False),
        sa.Column("fund_id", sa.String(64), nullable=False),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("amount_cents", CENTS, nullable=False),
        sa.Column("is_pool", sa.Boolean(), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
    )
    op.create_index("ix_round_allocations_round_id", "round_allocations", ["round_id"])
    op.create_index("ix_round_allocations_fund_id", "round_allocations", ["fund_id"])
    op.create_table(
        "round_lineage",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("rounds.id"), nullable=False),
        sa.Column("donation_id", sa.String(64), nullable=False),
        sa.Column("donor_id", sa.String(64), nullable=False),
        sa.Column("campaign_id", sa.String(64), nullable=False),
        sa.Column("uai", sa.String(8), nullable=False),
        sa.Column("school_name", sa.String(200), nullable=False),
        sa.Column("amount_cents", CENTS, nullable=False),
        sa.Column("pool_id", sa.String(64), nullable=False),
        sa.Column("origin_campaign_id", sa.String(64), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
    )
    op.create_index("ix_round_lineage_round_id", "round_lineage", ["round_id"])
    op.create_index("ix_round_lineage_donation_id", "round_lineage", ["donation_id"])
    op.create_index("ix_round_lineage_uai", "round_lineage", ["uai"])
    op.create_table(
        "donations",
        sa.Column("donation_id", sa.String(64), primary_key=True),
        sa.Column("donor_id", sa.String(64), nullable=False),
        sa.Column("origin_campaign_id", sa.String(64), nullable=False),
        sa.Column("amount_cents", CENTS, nullable=False),
        sa.Column("assigned_cents", CENTS, nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
        sa.CheckConstraint("assigned_cents >= 0", name="assigned"),
        sa.CheckConstraint("assigned_cents <= amount_cents", name="within"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor_key_id", sa.String(32), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("round_id", sa.Integer()),
        sa.Column("fund_id", sa.String(64)),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("input_sha256", sa.String(64)),
        sa.Column("solver", sa.String(16)),
        sa.Column("solver_version", sa.String(64)),
        sa.Column("options_json", sa.Text()),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("result_sha256", sa.String(64)),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_events_round_id", "audit_events", ["round_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("api_key_id", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("status_code", sa.Integer()),
        sa.Column("response_body", sa.Text()),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("state IN ('running', 'done')", name="state"),
    )
    op.create_index("ix_idempotency_keys_state", "idempotency_keys", ["state"])
    _append_only_audit()


def _append_only_audit() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(_APPEND_ONLY_SQLITE.format(verb=verb, VERB=verb.upper()))
    else:
        for statement in _APPEND_ONLY_POSTGRESQL:
            op.execute(statement)


def downgrade() -> None:
    """Drop everything."""
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    for table in (
        "idempotency_keys",
        "audit_events",
        "donations",
        "round_lineage",
        "round_allocations",
        "rounds",
        "funds",
        "api_keys",
    ):
        op.drop_table(table)
