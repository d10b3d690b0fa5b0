"""Fixtures of the service tests: a fresh database on each backend, an app, keys, data."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.api import create_app
from service.settings import Settings
from service.store import Database, create_key

BACKENDS = ["sqlite", "postgresql"]


def postgresql_url() -> str | None:
    """The PostgreSQL test database, if ``TEST_DATABASE_URL`` names one."""
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema of the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'service.sqlite3'}"
        return
    base = postgresql_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL leg is skipped")
    with fresh_schema(base) as url:
        yield url


class fresh_schema:  # noqa: N801 - used like a function, as contextlib's helpers are
    """A new PostgreSQL schema, first on the search path of the URL returned; dropped after."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.schema = "t_" + secrets.token_hex(6)

    def __enter__(self) -> str:
        engine = create_engine(self.base)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        engine.dispose()
        url = make_url(self.base).update_query_dict({"options": f"-csearch_path={self.schema}"})
        return url.render_as_string(hide_password=False)

    def __exit__(self, *_: object) -> None:
        engine = create_engine(self.base)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        engine.dispose()


@dataclass(frozen=True)
class Keys:
    """One secret per role; ``sponsor`` owns fund ``F-A``, ``other_sponsor`` owns ``F-B``."""

    manager: str
    platform: str
    sponsor: str
    other_sponsor: str

    def header(self, role: str) -> dict[str, str]:
        """The Authorization header of a role ('anonymous': none)."""
        secret = getattr(self, role, None)
        return {"Authorization": f"Bearer {secret}"} if secret else {}


def make_keys(db: Database) -> Keys:
    """Create the four keys."""
    with db.write() as session:
        made = {
            "manager": create_key(session, role="manager")[1],
            "platform": create_key(session, role="platform")[1],
            "sponsor": create_key(session, role="sponsor", fund_ids=("F-A",))[1],
            "other_sponsor": create_key(session, role="sponsor", fund_ids=("F-B",))[1],
        }
    return Keys(**made)


@dataclass
class Service:
    """A running app (in-process), its database and keys."""

    client: TestClient
    db: Database
    keys: Keys
    counter: int = 0

    def post(self, path: str, role: str = "manager", json: Any = None, key: str | None = None):  # type: ignore[no-untyped-def]
        """POST with a fresh Idempotency-Key unless one is given."""
        self.counter += 1
        headers = {**self.keys.header(role), "Idempotency-Key": key or f"k-{self.counter}"}
        return self.client.post(path, json=json, headers=headers)

    def get(self, path: str, role: str = "manager", **params: Any):  # type: ignore[no-untyped-def]
        """GET as a role."""
        return self.client.get(path, headers=self.keys.header(role), params=params or None)


def start_service(url: str, **settings: Any) -> Iterator[Service]:
    """Start the app on ``url`` with the four keys; stop it afterwards."""
    app = create_app(Settings(database_url=url, **settings))
    with TestClient(app) as client:
        db = app.state.services.db
        yield Service(client, db, make_keys(db))


@pytest.fixture
def service(database_url: str) -> Iterator[Service]:
    """The app on a fresh database of each backend."""
    yield from start_service(database_url)
