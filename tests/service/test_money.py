"""Registered budgets and redistributed donations across committed rounds: nothing spent twice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from service.rounds import replay_result_sha256
from service.store.tables import DonationRow, FundRow, RoundRow
from tests.service.builders import body, campaign, donation, example_body, example_funds, fund
from tests.service.conftest import Service
from tests.service.test_lifecycle import register


def new_round(service: Service, data: dict[str, object]) -> int:
    """Create a round as the platform; its id."""
    response = service.post("/rounds", "platform", json=data)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def solve(service: Service, round_id: int) -> dict[str, object]:
    """Solve a round; the solved round."""
    response = service.post(f"/rounds/{round_id}/solve", "platform")
    assert response.status_code == 200, response.text
    return dict(response.json())


def fund_state(service: Service, fund_id: str) -> tuple[int, int, int]:
    """(budget, committed, remaining) of a fund, read from the database."""
    with service.db.read() as session:
        row = session.get(FundRow, fund_id)
        assert row is not None
        return row.budget_cents, row.committed_cents, row.remaining_cents


def test_remaining_budgets_across_two_committed_rounds(service: Service) -> None:
    """A round solved on the old budget cannot commit once another took it; re-solved, it can."""
    register(service, fund("F-A", budget=100_000))
    first = new_round(service, body([campaign("C-1", need=60_000)]))
    second = new_round(service, body([campaign("C-2", need=50_000)]))
    solve(service, first)
    assert solve(service, second)["allocations"] == [
        {"fund_id": "F-A", "campaign_id": "C-2", "amount_cents": 50_000}
    ]
    assert service.post(f"/rounds/{first}/commit").status_code == 200
    assert fund_state(service, "F-A") == (100_000, 60_000, 40_000)
    refused = service.post(f"/rounds/{second}/commit")
    assert refused.status_code == 409
    assert any("over its budget" in f for f in refused.json()["failures"])
    assert fund_state(service, "F-A") == (100_000, 60_000, 40_000)
    assert service.get(f"/rounds/{second}").json()["state"] == "solved"
    assert solve(service, second)["allocations"] == []
    third = new_round(service, body([campaign("C-3", need=40_000)]))
    assert solve(service, third)["allocations"][0]["amount_cents"] == 40_000
    assert service.post(f"/rounds/{third}/commit").status_code == 200
    assert fund_state(service, "F-A") == (100_000, 100_000, 0)
    assert service.get("/funds/F-A").json()["remaining_cents"] == 0


def test_donations_are_not_spent_twice(service: Service) -> None:
    """A donation used by a committed round offers only its rest to later rounds."""
    gift = [donation("D-1", amount=30_000, donor="P-7")]
    first = new_round(service, body([campaign("C-1", need=20_000)], donations=gift))
    rival = new_round(service, body([campaign("C-9", need=25_000)], donations=gift))
    assert len(solve(service, first)["lineage"]) == 1
    assert len(solve(service, rival)["lineage"]) == 1
    assert service.post(f"/rounds/{first}/commit").status_code == 200
    assert service.post(f"/rounds/{rival}/commit").status_code == 409
    later = new_round(service, body([campaign("C-2", need=20_000)], donations=gift))
    assert solve(service, later)["allocations"] == []
    rest = new_round(service, body([campaign("C-3", need=10_000)], donations=gift))
    assert solve(service, rest)["lineage"][0]["amount_cents"] == 10_000
    assert service.post(f"/rounds/{rest}/commit").status_code == 200
    with service.db.read() as session:
        row = session.get(DonationRow, "D-1")
        assert row is not None
        assert (row.amount_cents, row.assigned_cents) == (30_000, 30_000)
    changed = [donation("D-1", amount=99_000, donor="P-7")]
    refused = service.post("/rounds", json=body([campaign("C-4", need=1)], donations=changed))
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "donation_id"


def test_receipts_reconcile_with_committed_lineage(service: Service) -> None:
    """Receipt sums per school equal the committed lineage; uncommitted rounds are absent."""
    gifts = [donation(f"D-{i}", amount=10_000 + i, donor=f"P-{i}") for i in range(4)]
    school_a = campaign("C-1", need=15_000, uai="0951234X", school_name="École A")
    school_b = campaign("C-2", need=12_000, uai="0750001A", school_name="École B")
    committed = new_round(service, body([school_a, school_b], donations=gifts))
    solve(service, committed)
    assert service.post(f"/rounds/{committed}/commit").status_code == 200
    pending = new_round(service, body([campaign("C-3", need=5_000)], donations=gifts))
    solve(service, pending)
    year = datetime.now(ZoneInfo("Europe/Paris")).year
    report = service.get("/receipts", year=year).json()
    lineage = service.get(f"/rounds/{committed}").json()["lineage"]
    expected: dict[str, int] = {}
    for line in lineage:
        expected[line["uai"]] = expected.get(line["uai"], 0) + line["amount_cents"]
    assert (
        {s["uai"]: s["amount_cents"] for s in report["schools"]}
        == expected
        == {
            "0951234X": 15_000,
            "0750001A": 12_000,
        }
    )
    assert report["total"] == len(lineage)
    assert {item["round_id"] for item in report["items"]} == {committed}
    only_a = service.get("/receipts", year=year, uai="0951234X").json()
    assert {i["uai"] for i in only_a["items"]} == {"0951234X"}
    csv_text = service.get("/receipts", year=year, format="csv").text
    header, *rows = csv_text.splitlines()
    assert header.startswith("committed_on,uai,school_name,campaign_id,donor_id")
    assert len(rows) == len(lineage)
    assert service.get("/receipts", year=year - 1).json()["total"] == 0
    by_accept = service.client.get(
        "/receipts",
        params={"year": year},
        headers={**service.keys.header("platform"), "Accept": "text/csv"},
    )
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert by_accept.text == csv_text


def test_replaying_a_committed_round_gives_the_same_result_hash(service: Service) -> None:
    """The stored canonical input of a committed round solves again to the same result hash."""
    register(service, *example_funds())
    round_id = new_round(service, example_body())
    solve(service, round_id)
    assert service.post(f"/rounds/{round_id}/commit").status_code == 200
    with service.db.read() as session:
        row = session.get(RoundRow, round_id)
        assert row is not None
        assert row.input_json is not None
        stored, text = row.result_sha256, row.input_json
    assert replay_result_sha256(text) == stored


def test_rounds_are_paginated(service: Service) -> None:
    """Following next_offset lists every round once, newest first; the limit is capped."""
    made = [new_round(service, body([campaign(f"C-{i}", need=1_000)])) for i in range(5)]
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = service.get("/rounds", limit=2, offset=offset).json()
        assert page["total"] == 5
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        offset = page["next_offset"]
    assert seen == sorted(made, reverse=True)
    assert service.get("/rounds", limit=10_000).json()["limit"] == 500
    assert service.get("/rounds", state="draft").json()["total"] == 5
    assert service.get("/rounds", state="committed").json()["total"] == 0
    with service.db.read() as session:
        assert len(list(session.scalars(select(RoundRow)))) == 5


def test_an_offset_past_the_end_is_an_empty_page_and_a_huge_one_is_refused(
    service: Service,
) -> None:
    """Far offsets give an empty page; one past 2**53 is a 422, not a database overflow (a 500)."""
    new_round(service, body([campaign("C-1", need=1_000)]))
    for path, role in (("/rounds", "manager"), ("/funds", "manager")):
        far = service.get(path, role, offset=2**53)
        assert far.status_code == 200, far.text
        assert far.json()["items"] == []
        assert far.json()["next_offset"] is None
        refused = service.get(path, role, offset=2**63)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"] == "invalid_input"
