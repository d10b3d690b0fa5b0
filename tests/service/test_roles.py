"""Every endpoint for every role: manager, platform, sponsor (own funds and simulations), nobody."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.service.builders import body, campaign, fund
from tests.service.conftest import Service
from tests.service.test_lifecycle import register

ROLES = ("manager", "platform", "sponsor", "anonymous")
CHECK = {"campaign": campaign("C-X", need=10_000)}


def staff_round(service: Service, *, solved: bool) -> int:
    """A round the platform made (sponsors may not see it)."""
    made = service.post("/rounds", "platform", json=body([campaign("C-1", need=10_000)]))
    round_id = int(made.json()["id"])
    if solved:
        assert service.post(f"/rounds/{round_id}/solve", "platform").status_code == 200
    return round_id


def call(service: Service, role: str, method: str, path: str, data: Any = None) -> int:
    """The status of one request as a role."""
    if method == "GET":
        return int(service.get(path, role).status_code)
    return int(service.post(path, role, json=data).status_code)


# (endpoint, expected status for manager, platform, sponsor, anonymous, the request)
Request = Callable[[Service, str], int]
MATRIX: list[tuple[str, tuple[int, int, int, int], Request]] = [
    ("GET /health", (200, 200, 200, 200), lambda s, r: call(s, r, "GET", "/health")),
    (
        "POST /rounds",
        (201, 201, 201, 401),
        lambda s, r: call(s, r, "POST", "/rounds", body([campaign("C-9", need=500)])),
    ),
    ("GET /rounds", (200, 200, 200, 401), lambda s, r: call(s, r, "GET", "/rounds")),
    (
        "GET /rounds/{id}",
        (200, 200, 404, 401),
        lambda s, r: call(s, r, "GET", f"/rounds/{staff_round(s, solved=False)}"),
    ),
    (
        "POST /rounds/{id}/solve",
        (200, 200, 404, 401),
        lambda s, r: call(s, r, "POST", f"/rounds/{staff_round(s, solved=False)}/solve"),
    ),
    (
        "GET /rounds/{id}/campaigns/{campaign_id}",
        (200, 200, 404, 401),
        lambda s, r: call(s, r, "GET", f"/rounds/{staff_round(s, solved=True)}/campaigns/C-1"),
    ),
    (
        "POST /rounds/{id}/commit",
        (200, 403, 403, 401),
        lambda s, r: call(s, r, "POST", f"/rounds/{staff_round(s, solved=True)}/commit"),
    ),
    (
        "POST /rounds/{id}/discard",
        (200, 403, 403, 401),
        lambda s, r: call(s, r, "POST", f"/rounds/{staff_round(s, solved=False)}/discard"),
    ),
    ("GET /funds", (200, 200, 200, 401), lambda s, r: call(s, r, "GET", "/funds")),
    ("GET /funds/{own}", (200, 200, 200, 401), lambda s, r: call(s, r, "GET", "/funds/F-A")),
    ("GET /funds/{other's}", (200, 200, 404, 401), lambda s, r: call(s, r, "GET", "/funds/F-B")),
    (
        "POST /funds",
        (201, 403, 403, 401),
        lambda s, r: call(s, r, "POST", "/funds", fund(f"F-new-{r}", budget=1)),
    ),
    (
        "POST /eligibility",
        (200, 200, 200, 401),
        lambda s, r: call(s, r, "POST", "/eligibility", CHECK),
    ),
    ("GET /receipts", (200, 200, 403, 401), lambda s, r: call(s, r, "GET", "/receipts?year=2024")),
]


@pytest.fixture
def seeded(service: Service) -> Service:
    """Funds F-A (the sponsor's) and F-B (the other sponsor's)."""
    register(service, fund("F-A", budget=50_000), fund("F-B", budget=50_000))
    return service


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(seeded: Service, role: str) -> None:
    """Each endpoint answers each role as the matrix says."""
    column = ROLES.index(role)
    got = {name: request(seeded, role) for name, _, request in MATRIX}
    expected = {name: statuses[column] for name, statuses, _ in MATRIX}
    assert got == expected


def test_the_matrix_covers_every_operation(service: Service) -> None:
    """Each operation of the OpenAPI document has a row of the matrix, and each row is one."""
    document = service.client.get("/openapi.json").json()

    def shape(operation: str) -> str:
        return re.sub(r"\{[^}]*\}", "{}", operation)

    served = {shape(f"{m.upper()} {path}") for path, ops in document["paths"].items() for m in ops}
    assert served == {shape(name) for name, _, _ in MATRIX}


def test_a_sponsor_sees_only_its_own_funds_and_simulations(seeded: Service) -> None:
    """Lists, checks and simulations of a sponsor hold its funds only; it cannot commit them."""
    staff_round(seeded, solved=True)
    made = seeded.post("/rounds", "sponsor", json=body([campaign("C-5", need=10_000)]))
    assert made.json()["kind"] == "simulation"
    own = made.json()["id"]
    solved = seeded.post(f"/rounds/{own}/solve", "sponsor").json()
    assert {a["fund_id"] for a in solved["allocations"]} == {"F-A"}
    assert [r["id"] for r in seeded.get("/rounds", "sponsor").json()["items"]] == [own]
    assert seeded.get(f"/rounds/{own}", "other_sponsor").status_code == 404
    assert [f["id"] for f in seeded.get("/funds", "sponsor").json()["items"]] == ["F-A"]
    verdicts = seeded.post("/eligibility", "sponsor", json=CHECK).json()["funds"]
    assert [v["fund_id"] for v in verdicts] == ["F-A"]
    refused = seeded.post(f"/rounds/{own}/commit")
    assert refused.status_code == 409
    assert "simulation" in refused.json()["message"]


def test_unknown_and_revoked_keys_are_401(seeded: Service) -> None:
    """A made-up key and a malformed header are refused with WWW-Authenticate."""
    for header in ("Bearer ce_not-a-key", "Basic abc", "Bearer"):
        response = seeded.client.get("/funds", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"] == "unauthorized"
