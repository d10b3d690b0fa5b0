"""A round's life through the API: create, solve, read, commit, and the states that forbid."""

from __future__ import annotations

from sqlalchemy import select

from service.store.tables import AuditRow, FundRow
from tests.service.builders import body, campaign, example_body, example_funds, fund
from tests.service.conftest import Service


def register(service: Service, *funds: dict[str, object]) -> None:
    """Register funds as the manager."""
    for item in funds:
        response = service.post("/funds", json=item)
        assert response.status_code == 201, response.text


def test_example_season_lifecycle(service: Service) -> None:
    """The example season: created as a draft, solved, committed; budgets move exactly."""
    register(service, *example_funds())
    created = service.post("/rounds", "platform", json=example_body())
    assert created.status_code == 201, created.text
    round_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["allocations"] is None
    solved = service.post(f"/rounds/{round_id}/solve", "platform")
    assert solved.status_code == 200, solved.text
    result = solved.json()
    assert result["state"] == "solved"
    assert result["summary"]["status"] == "optimal"
    assert len(result["outcomes"]) == 400
    spent = {}
    for a in result["allocations"]:
        spent[a["fund_id"]] = spent.get(a["fund_id"], 0) + a["amount_cents"]
    committed = service.post(f"/rounds/{round_id}/commit")
    assert committed.status_code == 200, committed.text
    assert committed.json()["state"] == "committed"
    for item in service.get("/funds", limit=100).json()["items"]:
        assert item["committed_cents"] == spent.get(item["id"], 0)
        assert item["budget_cents"] == item["committed_cents"] + item["remaining_cents"]


def test_state_conflicts(service: Service) -> None:
    """Commit before solve, solve after commit, discard after commit: each is a 409."""
    register(service, fund("F-A", budget=100_000))
    round_id = service.post("/rounds", json=body([campaign("C-1", need=50_000)])).json()["id"]
    assert service.post(f"/rounds/{round_id}/commit").status_code == 409
    assert service.post(f"/rounds/{round_id}/solve").status_code == 200
    assert service.post(f"/rounds/{round_id}/commit").status_code == 200
    for action in ("solve", "commit", "discard"):
        response = service.post(f"/rounds/{round_id}/{action}")
        assert response.status_code == 409, (action, response.text)
        assert response.json()["error"] == "conflict"
    other = service.post("/rounds", json=body([campaign("C-2", need=1_000)])).json()["id"]
    assert service.post(f"/rounds/{other}/discard").status_code == 200
    assert service.post(f"/rounds/{other}/solve").status_code == 409
    assert service.get(f"/rounds/{other}").json()["state"] == "discarded"


def test_audit_records_every_state_change(service: Service) -> None:
    """create, solve, commit each append a record with hashes, solver and the idempotency key."""
    register(service, fund("F-A", budget=100_000))
    round_id = service.post("/rounds", json=body([campaign("C-1", need=50_000)]), key="a-1")
    round_id = round_id.json()["id"]
    service.post(f"/rounds/{round_id}/solve", key="a-2")
    service.post(f"/rounds/{round_id}/commit", key="a-3")
    with service.db.read() as session:
        rows = list(
            session.scalars(
                select(AuditRow).where(AuditRow.round_id == round_id).order_by(AuditRow.id)
            )
        )
        fund_rows = list(session.scalars(select(FundRow)))
    assert [(r.action, r.status, r.idempotency_key) for r in rows] == [
        ("round.create", "draft", "a-1"),
        ("round.solve", "solved", "a-2"),
        ("round.commit", "committed", "a-3"),
    ]
    solve, commit = rows[1], rows[2]
    assert solve.input_sha256
    assert len(solve.input_sha256) == 64
    assert solve.result_sha256 == commit.result_sha256
    assert solve.solver == "highs"
    assert solve.solver_version.startswith("HiGHS")
    assert '"solver":"highs"' in (solve.options_json or "")
    assert all(r.actor_role == "manager" for r in rows)
    assert fund_rows[0].committed_cents == 50_000


def test_a_round_keeps_the_highs_thread_count_it_was_given(service: Service) -> None:
    """``highs_threads`` is stored with the round and in its input hash (a scenario variant's 1
    reproduces that variant); out of range it is a 422 naming the option."""
    register(service, fund("F-A", budget=10000))
    one = service.post(
        "/rounds", "platform", json=body([campaign("C-1", need=50)], highs_threads=1)
    )
    assert one.status_code == 201, one.text
    assert one.json()["options"]["highs_threads"] == 1
    default = service.post("/rounds", "platform", json=body([campaign("C-1", need=50)]))
    assert default.json()["options"]["highs_threads"] == 2
    solved = [service.post(f"/rounds/{r.json()['id']}/solve", "platform") for r in (one, default)]
    assert all(r.status_code == 200 for r in solved), solved[0].text
    assert [r.json()["summary"]["completed_by_round"] for r in solved] == [1, 1]
    assert solved[0].json()["input_sha256"] != solved[1].json()["input_sha256"]
    for wrong in (0, 65, "2", 1.5):
        refused = service.post(
            "/rounds", json=body([campaign("C-1", need=50)], highs_threads=wrong)
        )
        assert refused.status_code == 422, wrong
        assert [p["field"] for p in refused.json()["problems"]] == ["highs_threads"]
