"""The service's sub-commands: keys, receipts, round-body, serve's options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from service.cli import app
from service.store import Database, find_actor
from service.store.tables import ApiKey

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The commands' database: a SQLite file of this test."""
    address = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", address)
    return address


def test_keys_create_prints_the_secret_once_and_stores_its_hash(url: str) -> None:
    """The secret is printed; the database holds its SHA-256 only, and it authenticates."""
    made = runner.invoke(app, ["keys", "create", "--role", "sponsor", "--fund", "F-1"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("ce_")
    db = Database(url)
    with db.read() as session:
        stored = session.scalars(select(ApiKey)).one()
        actor = find_actor(session, secret)
    db.dispose()
    assert secret not in (stored.key_sha256, stored.id)
    assert actor is not None
    assert (actor.role, actor.fund_ids) == ("sponsor", ("F-1",))
    refused = runner.invoke(app, ["keys", "create", "--role", "platform", "--fund", "F-1"])
    assert refused.exit_code == 2


def test_keys_revoke_ends_a_key(url: str) -> None:
    """A revoked key no longer authenticates."""
    secret = runner.invoke(app, ["keys", "create", "--role", "manager"]).stdout.strip()
    db = Database(url)
    with db.read() as session:
        key_id = session.scalars(select(ApiKey.id)).one()
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    with db.read() as session:
        assert find_actor(session, secret.splitlines()[-1]) is None
    db.dispose()
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 2


def test_receipts_command_writes_the_csv(url: str, tmp_path: Path) -> None:
    """An empty year writes the header only and says so."""
    out = tmp_path / "receipts.csv"
    done = runner.invoke(app, ["receipts", "--year", "2024", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_text().startswith("committed_on,uai,school_name,campaign_id")
    assert "0 lines for 0 schools" in done.stdout


def test_round_body_is_a_valid_request(url: str) -> None:
    """The example season as a POST /rounds body with registered funds."""
    printed = runner.invoke(app, ["round-body"])
    assert printed.exit_code == 0
    data = json.loads(printed.stdout)
    assert data["funds"] == "registered"
    assert len(data["campaigns"]) == 400
    assert all("min_goal_cents" in c for c in data["campaigns"])


def test_serve_has_the_documented_options() -> None:
    """--host, --port and --no-preload exist."""
    shown = runner.invoke(app, ["serve", "--help"])
    assert shown.exit_code == 0
    for option in ("--host", "--port", "--no-preload"):
        assert option in shown.stdout
