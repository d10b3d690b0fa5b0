"""Against a real uvicorn process: concurrent retries, racing commits, and SIGKILL mid-commit."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2
import pytest
from sqlalchemy import select

from allocator import Fund
from service.store import Database, create_key
from service.store.funds import register_fund
from service.store.keys import SYSTEM
from service.store.tables import AllocationRow, AuditRow, FundRow, RoundRow
from tests.service.builders import body, campaign
from tests.service.server import Server

BUDGET = 100_000
NEED = 30_000


@pytest.fixture
def prepared(database_url: str) -> Iterator[tuple[Server, Database, str]]:
    """A migrated database with one fund of 1,000 € and a manager key; a server on it."""
    db = Database(database_url)
    db.migrate()
    with db.write() as session:
        register_fund(session, Fund(id="F-A", name="A", kind="patron", budget_cents=BUDGET), SYSTEM)
        _, secret = create_key(session, role="manager")
    server = Server(database_url)
    server.start()
    try:
        yield server, db, secret
    finally:
        server.stop()
        db.dispose()


def solved_round(server: Server, secret: str, name: str, need: int = NEED) -> int:
    """Create and solve a one-campaign round needing ``need`` cents (300 € by default)."""
    made = server.post("/rounds", secret, f"create-{name}", body([campaign(name, need=need)]))
    assert made.status_code == 201, made.text
    round_id = int(made.json()["id"])
    solved = server.post(f"/rounds/{round_id}/solve", secret, f"solve-{name}")
    assert solved.status_code == 200, solved.text
    return round_id


def books(db: Database) -> dict[str, Any]:
    """What the database says: the fund, committed rounds, and their allocations and audits."""
    with db.read() as session:
        fund = session.get(FundRow, "F-A")
        assert fund is not None
        committed = set(session.scalars(select(RoundRow.id).where(RoundRow.state == "committed")))
        paid = session.scalars(
            select(AllocationRow.amount_cents)
            .join(RoundRow, RoundRow.id == AllocationRow.round_id)
            .where(RoundRow.state == "committed", AllocationRow.fund_id == "F-A")
        )
        audited = list(
            session.scalars(select(AuditRow.round_id).where(AuditRow.action == "round.commit"))
        )
    return {
        "budget": fund.budget_cents,
        "committed": fund.committed_cents,
        "remaining": fund.remaining_cents,
        "rounds": committed,
        "paid": sum(paid),
        "audited": audited,
    }


def assert_consistent(state: dict[str, Any]) -> None:
    """Budget exact, committed money equal to committed rounds' money, one audit per commit."""
    assert state["budget"] == state["committed"] + state["remaining"]
    assert state["remaining"] >= 0
    assert state["committed"] == state["paid"]
    assert sorted(state["audited"]) == sorted(state["rounds"])


def test_twenty_concurrent_retries_commit_once(prepared: tuple[Server, Database, str]) -> None:
    """20 requests with one Idempotency-Key: one commit, every 200 the same body."""
    server, db, secret = prepared
    round_id = solved_round(server, secret, "C-1")
    barrier = threading.Barrier(20)

    def commit(_: int) -> httpx2.Response:
        barrier.wait(timeout=30)
        return server.post(f"/rounds/{round_id}/commit", secret, "one-commit")

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(commit, range(20)))
    statuses = {r.status_code for r in responses}
    assert statuses <= {200, 409}
    assert 200 in statuses
    assert len({r.content for r in responses if r.status_code == 200}) == 1
    state = books(db)
    assert state["rounds"] == {round_id}
    assert state["audited"] == [round_id]
    assert_consistent(state)


def test_racing_commits_never_overspend(prepared: tuple[Server, Database, str]) -> None:
    """Six rounds of 300 € each on a 1,000 € fund, committed at once: three win, books exact."""
    server, db, secret = prepared
    rounds = [solved_round(server, secret, f"C-{i}") for i in range(6)]
    barrier = threading.Barrier(len(rounds))

    def commit(round_id: int) -> int:
        barrier.wait(timeout=30)
        return server.post(f"/rounds/{round_id}/commit", secret, f"c-{round_id}").status_code

    with ThreadPoolExecutor(len(rounds)) as pool:
        statuses = list(pool.map(commit, rounds))
    assert sorted(statuses) == [200, 200, 200, 409, 409, 409]
    state = books(db)
    assert len(state["rounds"]) == 3
    assert state["committed"] == 3 * NEED
    assert_consistent(state)


@pytest.mark.slow  # three restarts of a real server: about 20 s per backend here
def test_sigkill_during_commits_loses_nothing(prepared: tuple[Server, Database, str]) -> None:
    """Killed mid-commit three times: every acknowledged commit stays, none is half-written."""
    server, db, secret = prepared
    rng = random.Random(7)
    acknowledged: set[int] = set()
    for cycle in range(3):
        # 12 rounds of 50 € fit the budget: every commit books money.
        rounds = [solved_round(server, secret, f"K{cycle}-{i}", 5_000) for i in range(4)]
        results: dict[int, int] = {}

        def commit(round_id: int, results: dict[int, int] = results) -> None:
            try:
                response = server.post(f"/rounds/{round_id}/commit", secret, f"k-{round_id}")
                results[round_id] = response.status_code
            except httpx2.HTTPError:
                results[round_id] = 0  # the server died under this request

        threads = [threading.Thread(target=commit, args=(r,)) for r in rounds]
        for thread in threads:
            thread.start()
        threading.Event().wait(rng.uniform(0.0, 0.05))
        server.kill()
        for thread in threads:
            thread.join(timeout=60)
        acknowledged |= {r for r, status in results.items() if status == 200}
        server.start()
        state = books(db)
        assert acknowledged <= state["rounds"]
        assert_consistent(state)
        for round_id in rounds:
            retry = server.post(f"/rounds/{round_id}/commit", secret, f"k-{round_id}")
            assert retry.status_code in (200, 409)
            if retry.status_code == 200:
                acknowledged.add(round_id)
        state = books(db)
        assert acknowledged == state["rounds"]
        assert state["committed"] == 5_000 * len(acknowledged)
        assert_consistent(state)
