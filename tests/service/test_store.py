"""The store itself: migrations equal the tables, append-only audit, recovery after a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from allocator.cbc import WORKDIR_PREFIX
from service.settings import Settings
from service.startup import INTERRUPTED, prepare_database
from service.store import SYSTEM, Database
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.tables import AuditRow, Base, FundRow, IdempotencyRow, RoundRow
from tests.service.conftest import start_service


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated database, its connections closed afterwards."""
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


def start_up(url: str) -> None:
    """What a server does when it starts on ``url``."""
    database = Database(url)
    try:
        prepare_database(database, preload=True)
    finally:
        database.dispose()


def test_migrations_create_exactly_the_tables(db: Database, database_url: str) -> None:
    """Alembic sees no difference between the migrated schema and the ORM tables."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_audit_records_cannot_be_changed(db: Database) -> None:
    """Triggers refuse updates and deletes of audit records."""
    with db.write() as session:
        record(session, SYSTEM, Change("test", "written"))
    for statement in ("UPDATE audit_events SET status = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.write() as session:
            session.execute(text(statement))
    with db.read() as session:
        assert [r.status for r in session.scalars(select(AuditRow))] == ["written"]


def test_a_fund_cannot_be_left_unbalanced(db: Database) -> None:
    """budget = committed + remaining and remaining >= 0 are database constraints."""
    with db.write() as session:
        session.add(
            FundRow(
                id="F", name="F", kind="patron", rule="", budget_cents=100,
                committed_cents=0, remaining_cents=100, created_at=utcnow(), created_by="t",
            )
        )  # fmt: skip
    for change in ("committed_cents = 10", "remaining_cents = -1, committed_cents = 101"):
        with pytest.raises(IntegrityError), db.write() as session:
            session.execute(text(f"UPDATE funds SET {change}"))


def test_start_up_releases_what_a_dead_process_held(db: Database, database_url: str) -> None:
    """Claimed keys are freed, running jobs marked failed (and audited), example funds loaded."""
    with db.write() as session:
        session.add(
            IdempotencyRow(
                api_key_id="k", key="x", request_sha256="0" * 64, state="running",
                created_at=utcnow(),
            )
        )  # fmt: skip
        session.add(
            RoundRow(
                kind="allocation", state="draft", owner_key_id="k", funds_mode="registered",
                data_json="{}", options_json="{}", campaign_count=0, fund_count=0,
                donation_count=0, job_status="running", version=1, created_at=utcnow(),
            )
        )  # fmt: skip
    start_up(database_url)
    with db.read() as session:
        assert session.scalars(select(IdempotencyRow)).all() == []
        job = session.scalars(select(RoundRow)).one()
        assert (job.job_status, job.job_error) == ("failed", INTERRUPTED)
        assert len(session.scalars(select(FundRow)).all()) == 14
        actions = set(session.scalars(select(AuditRow.action)))
    assert actions == {"solve.fail", "fund.register"}
    start_up(database_url)
    with db.read() as session:
        assert len(session.scalars(select(FundRow)).all()) == 14


def test_start_up_sweeps_the_solver_directories_of_dead_processes(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server killed mid-solve left a CBC directory: the next start removes it, not live ones."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with subprocess.Popen([sys.executable, "-c", "pass"]) as ended:
        ended.wait()
    stale = scratch / f"{WORKDIR_PREFIX}{ended.pid}-x1"
    live = scratch / f"{WORKDIR_PREFIX}{os.getpid()}-x2"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "model.mps").write_text("NAME round\n")
    for _ in start_service(database_url):  # started, checked, stopped
        assert list(scratch.iterdir()) == [live]


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    """DATABASE_URL and the prefixed names are read; a bad value names its variable."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    settings = Settings.from_env({"DATABASE_URL": url, "COURTE_ECHELLE_MAX_FUNDS": "7"})
    assert (settings.database_url, settings.max_funds) == (url, 7)
    with pytest.raises(ValueError, match="COURTE_ECHELLE_MAX_FUNDS"):
        Settings.from_env({"COURTE_ECHELLE_MAX_FUNDS": "many"})
