"""The database: engines, transactions that serialise writers, and migrations on first start.

SQLite (the embedded default) has one writer at a time: every write transaction starts with
``BEGIN IMMEDIATE``, so two commits can never read the same budgets and both write. Reads use
a second engine with plain ``BEGIN``; in WAL mode they never wait for a writer. On PostgreSQL
writers lock the rows they change (``SELECT ... FOR UPDATE``) instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
# A writer waits this long for another writer's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000


class Database:
    """Sessions on one database; ``write()`` transactions are serialised on SQLite."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self._write = _sqlite_engine(url, begin="BEGIN IMMEDIATE")
            self._read = _sqlite_engine(url, begin="BEGIN")
        else:
            self._write = create_engine(url, pool_pre_ping=True)
            self._read = self._write
        self._write_sessions = sessionmaker(self._write, expire_on_commit=False)
        self._read_sessions = sessionmaker(self._read, expire_on_commit=False)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._write.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed on success and rolled back on any error."""
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; closing ends it, and the rows read stay readable."""
        with self._read_sessions() as session:
            yield session

    def migrate(self) -> None:
        """Bring the schema to the latest migration (creates every table on first start)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._write.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self._write.dispose()
        if self._read is not self._write:
            self._read.dispose()


def _sqlite_engine(url: str, *, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is off; the "begin" hook below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit the client saw succeed survives a crash of the machine too.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine
