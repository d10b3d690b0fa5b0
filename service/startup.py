"""Start-up of the store: migrate, recover from a crash, and preload the example funds."""

from __future__ import annotations

from sqlalchemy import select

from allocator.fund_file import read_funds
from scenarios.season import example_season_dir
from service.store import SYSTEM, Database
from service.store.audit import Change, record
from service.store.funds import count_funds, register_fund
from service.store.idempotency import release_abandoned
from service.store.tables import RoundRow

INTERRUPTED = "interrupted: the server stopped while the round was being solved"


def prepare_database(db: Database, *, preload: bool) -> None:
    """Bring the schema up to date and clean up after a process that died.

    One server process serves a database: keys still claimed and jobs still running belong to
    a process that is gone. A committed round is never touched: its transaction either
    happened whole or not at all.
    """
    db.migrate()
    release_abandoned(db)
    fail_abandoned_jobs(db)
    if preload:
        preload_example_funds(db)


def fail_abandoned_jobs(db: Database) -> int:
    """Mark background solves that were running when the server stopped as failed."""
    with db.write() as session:
        rows = list(session.scalars(select(RoundRow).where(RoundRow.job_status == "running")))
        for row in rows:
            row.job_status = "failed"
            row.job_error = INTERRUPTED
            row.version += 1
            record(session, SYSTEM, Change("solve.fail", "failed", detail=INTERRUPTED), round_=row)
        return len(rows)


def preload_example_funds(db: Database) -> int:
    """Register the example season's funds when no fund is registered yet; how many were."""
    with db.write() as session:
        if count_funds(session):
            return 0
        funds = read_funds(example_season_dir() / "funds.json")
        for fund in funds:
            register_fund(session, fund, SYSTEM)
        return len(funds)
