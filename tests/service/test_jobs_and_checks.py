"""Background solves, one campaign's explanation, and the eligibility check."""

from __future__ import annotations

import time

from sqlalchemy import select

from service.store.tables import AuditRow, RoundRow
from tests.service.builders import body, campaign, fund
from tests.service.conftest import Service
from tests.service.test_lifecycle import register


def test_a_background_solve_answers_202_and_is_polled(service: Service) -> None:
    """202 with a running job; polling (bounded) finds the round solved and the job gone."""
    register(service, fund("F-A", budget=100_000))
    round_id = service.post("/rounds", json=body([campaign("C-1", need=40_000)])).json()["id"]
    started = service.post(f"/rounds/{round_id}/solve", json={"background": True})
    assert started.status_code == 202
    assert started.json()["job"] == {"status": "running", "error": None}
    deadline = time.monotonic() + 30
    current = started.json()
    while current["job"] is not None and time.monotonic() < deadline:
        time.sleep(0.05)
        current = service.get(f"/rounds/{round_id}").json()
    assert current["state"] == "solved"
    assert current["job"] is None
    assert current["allocations"][0]["amount_cents"] == 40_000
    with service.db.read() as session:
        actions = session.scalars(
            select(AuditRow.action).where(AuditRow.round_id == round_id).order_by(AuditRow.id)
        )
        assert list(actions) == ["round.create", "solve.start", "round.solve"]


def test_a_round_being_solved_refuses_other_changes(service: Service) -> None:
    """While a job holds the round, commit, discard and another solve are 409."""
    register(service, fund("F-A", budget=100_000))
    round_id = service.post("/rounds", json=body([campaign("C-1", need=40_000)])).json()["id"]
    service.post(f"/rounds/{round_id}/solve")
    with service.db.write() as session:
        row = session.get(RoundRow, round_id)
        assert row is not None
        row.job_status = "running"
    for action in ("commit", "discard", "solve"):
        refused = service.post(f"/rounds/{round_id}/{action}")
        assert refused.status_code == 409, action
        assert "background job" in refused.json()["message"]


def test_one_campaign_is_explained_fund_by_fund(service: Service) -> None:
    """The outcome's reason, the money it gets, and why a fund's rule failed."""
    register(
        service,
        fund("F-SPORT", budget=100_000, rule='"sport" in themes'),
        fund("F-SEA", budget=100_000, rule='"sea" in themes'),
    )
    data = body([campaign("C-1", need=30_000), campaign("C-2", need=90_000, themes=("arts",))])
    round_id = service.post("/rounds", json=data).json()["id"]
    assert service.get(f"/rounds/{round_id}/campaigns/C-1").status_code == 409
    service.post(f"/rounds/{round_id}/solve")
    paid = service.get(f"/rounds/{round_id}/campaigns/C-1").json()
    assert paid["outcome"]["completed"] is True
    assert paid["allocations"] == [
        {"fund_id": "F-SPORT", "campaign_id": "C-1", "amount_cents": 30_000}
    ]
    unpaid = service.get(f"/rounds/{round_id}/campaigns/C-2").json()
    assert unpaid["outcome"]["reason"].startswith("not eligible for any fund")
    sea = next(v for v in unpaid["funds"] if v["fund_id"] == "F-SEA")
    assert sea["eligible"] is False
    assert sea["failed"]
    assert service.get(f"/rounds/{round_id}/campaigns/NOPE").status_code == 404


def test_eligibility_check_gives_each_fund_its_verdict_and_ceiling(service: Service) -> None:
    """Rule, window and the most each fund could give; bad records list their problems."""
    register(
        service,
        fund("F-CAP", budget=100_000, cap_per_campaign_cents=20_000),
        fund("F-LATE", budget=100_000, valid_from="2025-01-01"),
    )
    answer = service.post("/eligibility", json={"campaign": campaign("C-1", need=50_000)})
    assert answer.status_code == 200
    verdicts = {v["fund_id"]: v for v in answer.json()["funds"]}
    assert verdicts["F-CAP"]["eligible"] is True
    assert verdicts["F-CAP"]["max_cents"] == 20_000
    assert verdicts["F-LATE"]["in_window"] is False
    assert verdicts["F-LATE"]["eligible"] is False
    assert answer.json()["need_cents"] == 50_000
    wrong = campaign("C-1", need=1) | {"departement": "999"}
    problems = service.post("/eligibility", json={"campaign": wrong}).json()["problems"]
    assert problems[0]["field"] == "departement"
