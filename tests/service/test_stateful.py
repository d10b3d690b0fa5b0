"""Hypothesis drives rounds, solves, commits, discards and retries; the books are read each step."""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from eligibility.rules import evaluate_row, parse_rule
from service.api import create_app
from service.rounds.data import decode_round
from service.settings import Settings
from service.store.tables import AllocationRow, DonationRow, FundRow, LineageRow, RoundRow
from tests.service.builders import body, campaign, donation, fund
from tests.service.conftest import fresh_schema, make_keys, postgresql_url

FUNDS = (
    fund("F-SPORT", budget=40_000, rule='"sport" in themes'),
    fund("F-CE", budget=30_000, rule="courte_echelle", cap_per_campaign_cents=20_000),
)
GIFTS = (donation("D-1", amount=12_000, donor="P-1"), donation("D-2", amount=9_000, donor="P-2"))

campaigns = st.lists(
    st.builds(
        lambda i, need, themes, network: campaign(
            f"C-{i}", need=need, themes=themes, priority_education=network
        ),
        st.integers(1, 6),
        st.sampled_from([4_000, 9_000, 16_000, 26_000]),
        st.sampled_from([("sport",), ("arts",), ("sport", "arts")]),
        st.sampled_from(["", "REP"]),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c["campaign_id"],
)


class Books(RuleBasedStateMachine):
    """Rounds against two registered funds and two redistributed donations."""

    rounds = Bundle("rounds")

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.schema = fresh_schema(url) if url else None
        database = self.schema.__enter__() if self.schema else f"sqlite:///{self.folder}/b.db"
        self.client = TestClient(create_app(Settings(database_url=database)))
        self.client.__enter__()
        self.db = self.client.app.state.services.db  # type: ignore[attr-defined]
        keys = make_keys(self.db)
        self.auth = keys.header("manager")
        self.commits: dict[str, tuple[int, bytes]] = {}
        self.counter = 0
        for item in FUNDS:
            assert self._post("/funds", item).status_code == 201

    def _post(self, path: str, data: Any = None, key: str | None = None) -> Any:
        self.counter += 1
        headers = {**self.auth, "Idempotency-Key": key or f"s-{self.counter}"}
        return self.client.post(path, json=data, headers=headers)

    @rule(target=rounds, chosen=campaigns, gifts=st.booleans())
    def create(self, chosen: list[dict[str, Any]], gifts: bool) -> int:
        """A new draft round."""
        response = self._post("/rounds", body(chosen, donations=list(GIFTS) if gifts else []))
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    @rule(round_id=rounds)
    def solve(self, round_id: int) -> None:
        """Solve (a committed or discarded round refuses)."""
        assert self._post(f"/rounds/{round_id}/solve").status_code in (200, 409)

    @rule(round_id=rounds, attempt=st.sampled_from(["a", "b"]))
    def commit(self, round_id: int, attempt: str) -> None:
        """Commit; a retry with the same key gets the very same answer."""
        key = f"commit-{round_id}-{attempt}"
        response = self._post(f"/rounds/{round_id}/commit", key=key)
        assert response.status_code in (200, 409), response.text
        first = self.commits.setdefault(key, (response.status_code, response.content))
        assert first == (response.status_code, response.content)

    @rule(round_id=rounds)
    def discard(self, round_id: int) -> None:
        """Discard (only a draft or solved round)."""
        assert self._post(f"/rounds/{round_id}/discard").status_code in (200, 409)

    @invariant()
    def books_hold(self) -> None:
        """No fund over-committed, no donation over-assigned, no ineligible campaign paid."""
        with self.db.read() as session:
            funds = {f.id: f for f in session.scalars(select(FundRow))}
            committed = list(session.scalars(select(RoundRow).where(RoundRow.state == "committed")))
            ids = [r.id for r in committed]
            allocations = list(
                session.scalars(select(AllocationRow).where(AllocationRow.round_id.in_(ids)))
            )
            lineage = list(session.scalars(select(LineageRow).where(LineageRow.round_id.in_(ids))))
            ledger = {d.donation_id: d for d in session.scalars(select(DonationRow))}
        paid: dict[str, int] = defaultdict(int)
        for a in allocations:
            paid[a.fund_id] += a.amount_cents
        for f in funds.values():
            assert f.budget_cents == f.committed_cents + f.remaining_cents
            assert f.remaining_cents >= 0
            assert f.committed_cents == paid.get(f.id, 0)
        given: dict[str, int] = defaultdict(int)
        for line in lineage:
            given[line.donation_id] += line.amount_cents
        for donation_id, cents in given.items():
            assert ledger[donation_id].assigned_cents == cents <= ledger[donation_id].amount_cents
        for row in committed:
            self._check_eligible(row, [a for a in allocations if a.round_id == row.id], funds)

    def _check_eligible(
        self, row: RoundRow, allocations: list[AllocationRow], funds: dict[str, FundRow]
    ) -> None:
        assert row.input_json is not None
        table = decode_round(row.input_json)[0].campaigns
        records = {str(r["campaign_id"]): r for r in table.frame.to_dict("records")}
        for a in allocations:
            values = {str(k): v for k, v in records[a.campaign_id].items()}
            if a.is_pool:
                assert values["courte_echelle"]
            else:
                assert evaluate_row(parse_rule(funds[a.fund_id].rule), values)

    def teardown(self) -> None:
        """Stop the app and drop its database."""
        self.client.__exit__(None, None, None)
        if self.schema is not None:
            self.schema.__exit__()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_books_hold_whatever_the_order(backend: str) -> None:
    """Any sequence of creates, solves, commits, retries and discards keeps the books exact."""
    url = postgresql_url() if backend == "postgresql" else None
    if backend == "postgresql" and url is None:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL leg is skipped")
    run_state_machine_as_test(
        lambda: Books(url),
        settings=settings(
            max_examples=10,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
