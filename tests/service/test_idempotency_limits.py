"""Idempotency keys (replay, other body, running, per API key) and the limits checked first."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from service.api.idempotency import fingerprint
from service.api.limits import duplicate_key
from service.store.clock import utcnow
from service.store.tables import AuditRow, IdempotencyRow, RoundRow
from tests.service.builders import body, campaign, fund
from tests.service.conftest import Service, start_service
from tests.service.test_lifecycle import register


def count(service: Service, table: type[RoundRow] | type[AuditRow]) -> int:
    """Rows in a table."""
    with service.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_same_key_and_body_replays_the_stored_response(service: Service) -> None:
    """The retry gets the first response, byte for byte, and creates nothing."""
    data = body([campaign("C-1", need=1_000)])
    first = service.post("/rounds", json=data, key="same")
    again = service.post("/rounds", json=data, key="same")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert again.headers["idempotent-replayed"] == "true"
    assert count(service, RoundRow) == 1
    assert count(service, AuditRow) == 1


def test_same_key_with_another_body_is_422(service: Service) -> None:
    """A key reused for a different request is refused and changes nothing."""
    service.post("/rounds", json=body([campaign("C-1", need=1_000)]), key="k")
    other = service.post("/rounds", json=body([campaign("C-2", need=1_000)]), key="k")
    assert other.status_code == 422
    assert other.json()["problems"][0]["field"] == "Idempotency-Key"
    assert count(service, RoundRow) == 1


def test_a_key_still_running_is_409(service: Service) -> None:
    """While the first request holds the key, a retry is told so."""
    data = body([campaign("C-1", need=1_000)])
    service.post("/rounds", json=data, key="warm-up")
    with service.db.read() as session:
        key_id = session.scalar(select(RoundRow.owner_key_id))
    with service.db.write() as session:
        session.add(
            IdempotencyRow(
                api_key_id=key_id,
                key="busy",
                request_sha256=fingerprint("POST", "/rounds", json.dumps(data).encode()),
                state="running",
                created_at=utcnow(),
            )
        )
    response = service.post("/rounds", json=data, key="busy")
    assert response.status_code == 409
    assert "still running" in response.json()["message"]


def test_keys_are_scoped_per_api_key(service: Service) -> None:
    """Two API keys using the same Idempotency-Key make two rounds."""
    data = body([campaign("C-1", need=1_000)])
    assert service.post("/rounds", "manager", json=data, key="shared").status_code == 201
    assert service.post("/rounds", "platform", json=data, key="shared").status_code == 201
    assert count(service, RoundRow) == 2


def test_an_error_is_replayed_but_a_busy_answer_is_not(service: Service) -> None:
    """A 409 is stored like a success; a 503 releases the key so a retry does the work."""
    register(service, fund("F-A", budget=10_000))
    round_id = service.post("/rounds", json=body([campaign("C-1", need=1_000)])).json()["id"]
    early = service.post(f"/rounds/{round_id}/commit", key="c")
    assert early.status_code == 409
    service.post(f"/rounds/{round_id}/solve")
    assert service.post(f"/rounds/{round_id}/commit", key="c").content == early.content
    slots = service.client.app.state.services.slots  # type: ignore[attr-defined]
    taken = service.client.app.state.services.settings.max_concurrent_solves  # type: ignore[attr-defined]
    for _ in range(taken):
        slots.take()
    try:
        busy = service.post(f"/rounds/{round_id}/solve", key="s")
    finally:
        for _ in range(taken):
            slots.give_back()
    assert busy.status_code == 503
    assert busy.headers["retry-after"]
    assert service.post(f"/rounds/{round_id}/solve", key="s").status_code == 200


def test_state_changing_posts_need_a_key(service: Service) -> None:
    """Without Idempotency-Key a POST that changes state is refused."""
    headers = service.keys.header("manager")
    response = service.client.post("/rounds", json=body([]), headers=headers)
    assert response.status_code == 422
    assert response.json()["problems"][0]["source"] == "header"


@pytest.fixture
def tight(database_url: str) -> Iterator[Service]:
    """A service with tiny limits."""
    yield from start_service(
        database_url, max_body_bytes=4096, max_campaigns=2, max_funds=1, max_solve_seconds=5
    )


def test_limits_refuse_before_any_model_is_built(tight: Service) -> None:
    """413 past the body size; 422 for counts (rows not even read) and for a long time limit."""
    huge = tight.post("/rounds", json={"campaigns": [], "padding": "x" * 5000})
    assert huge.status_code == 413
    assert huge.json()["error"] == "too_large"
    many = tight.post("/rounds", json={"campaigns": [{}, {}, {}], "funds": [{}, {}]})
    assert many.status_code == 422
    assert {p["source"] for p in many.json()["problems"]} == {"campaigns", "funds"}
    slow = tight.post("/rounds", json=body([campaign("C-1", need=1)], time_limit=60))
    assert slow.status_code == 422
    assert slow.json()["problems"][0]["field"] == "time_limit"
    made = tight.post("/rounds", json=body([campaign("C-1", need=1)]))
    assert made.json()["options"]["time_limit"] == 5


def test_server_set_and_unknown_fields_are_refused(service: Service) -> None:
    """state, remaining budgets and unknown fields cannot be sent."""
    sneaky = body([campaign("C-1", need=1)])
    sneaky["state"] = "committed"
    assert service.post("/rounds", json=sneaky).status_code == 422
    assert service.post("/funds", json=fund("F-A", budget=1, remaining_cents=5)).status_code == 422
    bad_row = body([campaign("C-1", need=1) | {"uai": "123"}, campaign("C-2", need=1)])
    problems = service.post("/rounds", json=bad_row).json()["problems"]
    assert problems == [
        {
            "source": "campaigns",
            "row": 1,
            "field": "uai",
            "message": "String should match pattern '^[0-9]{7}[A-Z]$'",
        }
    ]


def test_a_date_with_a_time_is_refused_as_in_the_files(service: Service) -> None:
    """'2024-11-30T00:00:00' was read as a date; the campaigns file refuses it."""
    timed = body([campaign("C-1", need=1) | {"ends_on": "2024-11-30T00:00:00"}])
    answer = service.post("/rounds", json=timed)
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert (problem["row"], problem["field"]) == (1, "ends_on")
    assert "expected an ISO date YYYY-MM-DD, got '2024-11-30T00:00:00'" in problem["message"]


def test_a_fund_named_like_a_donation_pool_is_refused(service: Service) -> None:
    """'pool...' ids are the engine's: refused at registration, not at every later solve."""
    refused = service.post("/funds", json=fund("pool-x", budget=100))
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "id"
    assert service.get("/funds").json()["total"] == 0
    inline = service.post(
        "/rounds", json=body([campaign("C-1", need=1)], funds=[fund("pool", budget=1)])
    )
    assert inline.status_code == 422
    assert inline.json()["problems"][0]["field"] == "id"


def test_a_key_given_twice_is_refused_where_it_is(service: Service) -> None:
    """JSON keeps the last of two equal keys: a budget sent twice would pass unseen."""
    text = json.dumps(body([campaign("C-1", need=1), campaign("C-2", need=1)]))
    twice = text.replace('"collected_cents": ', '"collected_cents": 5, "collected_cents": ', 2)
    headers = {**service.keys.header("manager"), "Content-Type": "application/json"}
    answer = service.client.post(
        "/rounds", content=twice, headers=headers | {"Idempotency-Key": "twice"}
    )
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {
            "source": "campaigns",
            "row": 1,
            "field": "collected_cents",
            "message": "the key 'collected_cents' is given twice in one object; give each key once",
        }
    ]
    assert count(service, RoundRow) == 0
    budget = json.dumps(fund("F-A", budget=100)).replace(
        '"budget_cents": ', '"budget_cents": 200000, "budget_cents": '
    )
    refused = service.client.post(
        "/funds", content=budget, headers=headers | {"Idempotency-Key": "budget"}
    )
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "budget_cents"
    # FastAPI reads a body without a content type as JSON too.
    bare = {**service.keys.header("manager"), "Idempotency-Key": "bare"}
    assert service.client.post("/funds", content=budget, headers=bare).status_code == 422
    assert service.get("/funds").json()["total"] == 0
    # The same body with each key once goes through, under the same Idempotency-Key.
    again = service.client.post(
        "/rounds", content=text, headers=headers | {"Idempotency-Key": "twice"}
    )
    assert again.status_code == 201


def test_the_first_key_given_twice_is_named_by_its_path() -> None:
    """Depth first, in document order; equal keys in different objects are not twice."""
    nested = b'{"a": [{"x": 1}, {"x": 2, "y": {"z": 1, "z": 2}}], "b": {"w": 1, "w": 1}}'
    assert duplicate_key(nested) == ["a", 1, "y", "z"]
    assert duplicate_key(b'{"a": {"x": 1}, "b": {"x": 1}, "x": [1, 1]}') is None
    assert duplicate_key(b"not json") is None
    assert duplicate_key(b"[" * 100_000) is None  # left to the route, which says it is malformed
