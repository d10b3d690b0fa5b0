"""Every error answer has the one documented shape, even one the code did not foresee."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import service.api.routes.funds as fund_routes
from service.api import create_app
from service.settings import Settings
from service.store import create_key


def test_an_unexpected_fault_is_a_500_with_the_error_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in a route answers 500 with ErrorPublic, its details kept out of the answer."""

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(fund_routes, "list_funds", broken)
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'e.sqlite3'}"))
    with TestClient(app, raise_server_exceptions=False) as client:
        with app.state.services.db.write() as session:
            _, secret = create_key(session, role="manager")
        answer = client.get("/funds", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 500
    assert answer.json() == {
        "error": "internal",
        "message": "internal error; the server log has details",
        "problems": [],
        "failures": [],
    }
