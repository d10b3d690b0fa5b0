"""Round routes: create, list, read, solve (inline or as a job), commit, discard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Response

from service.api.auth import Anyone, Manager
from service.api.idempotency import IdempotencyDep, Work
from service.api.jobs import solve_in_background, solve_inline
from service.api.limits import cap_round_rows
from service.api.render import round_brief, round_public
from service.api.routes.responses import READ, WRITE, errors
from service.api.schemas.common import MAX_OFFSET, Page, page
from service.api.schemas.funds import engine_funds
from service.api.schemas.records import records
from service.api.schemas.rounds import RoundBrief, RoundCreate, RoundPublic, SolveRequest
from service.api.services import Services, services
from service.rounds import NewRound, commit_round, create_round, discard_round
from service.store.rounds import get_round, list_rounds

RoundId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The round's id.")]
router = APIRouter(prefix="/rounds", tags=["rounds"])
App = Annotated[Services, Depends(services)]
State = Query(pattern="^(draft|solved|committed|discarded)$")


@router.post(
    "",
    status_code=201,
    response_model=RoundPublic,
    responses=WRITE,
    dependencies=[Depends(cap_round_rows)],
)
def create(body: RoundCreate, actor: Anyone, app: App, idem: IdempotencyDep) -> Response:
    """Create a draft round (a sponsor's round is a simulation, never committed)."""
    new = NewRound(
        campaigns=records(body.campaigns),
        funds=None if body.funds == "registered" else engine_funds(body.funds, source="funds"),
        donations=records(body.donations),
        options=body.options.model_dump(),
    )
    return idem.run(
        Work(
            prepare=lambda: None,
            apply=lambda s, _: create_round(
                s, new, actor, settings=app.settings, idempotency_key=idem.key
            ),
            render=lambda _, row: round_public(row),
            status_code=201,
        )
    )


@router.get("", response_model=Page[RoundBrief], responses=READ)
def list_(
    actor: Anyone,
    app: App,
    state: Annotated[str | None, State] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page[RoundBrief]:
    """The rounds this key may see, newest first."""
    size = min(limit or app.settings.default_page_size, app.settings.max_page_size)
    with app.db.read() as session:
        rows, total = list_rounds(session, actor, state=state, limit=size, offset=offset)
        return page([round_brief(r) for r in rows], total=total, limit=size, offset=offset)


@router.get("/{round_id}", response_model=RoundPublic, responses=READ)
def read(round_id: RoundId, actor: Anyone, app: App) -> RoundPublic:
    """A round; once solved, its allocations, outcomes, lineage and summary."""
    with app.db.read() as session:
        return round_public(get_round(session, round_id, actor))


@router.post(
    "/{round_id}/solve",
    response_model=RoundPublic,
    responses={
        **WRITE,
        **errors(500, 503),
        202: {"model": RoundPublic, "description": "Solving as a background job: poll the round."},
    },
)
def solve(
    round_id: RoundId,
    actor: Anyone,
    app: App,
    idem: IdempotencyDep,
    body: Annotated[SolveRequest | None, Body()] = None,
) -> Response:
    """Solve now (200), or as a background job for large rounds or when asked (202)."""
    request = body or SolveRequest()
    overrides = request.model_dump(exclude={"background"}, exclude_none=True)
    with app.db.read() as session:
        row = get_round(session, round_id, actor)
        large = row.campaign_count > app.settings.inline_solve_max_campaigns
    if request.background or large:
        return solve_in_background(app, idem, round_id, actor, overrides)
    return solve_inline(app, idem, round_id, actor, overrides)


@router.post("/{round_id}/commit", response_model=RoundPublic, responses=WRITE)
def commit(round_id: RoundId, actor: Manager, idem: IdempotencyDep) -> Response:
    """Commit a solved round: re-verified against today's budgets in one transaction."""
    return idem.run(
        Work(
            prepare=lambda: None,
            apply=lambda s, _: commit_round(s, round_id, actor, idempotency_key=idem.key),
            render=lambda _, row: round_public(row),
        )
    )


@router.post("/{round_id}/discard", response_model=RoundPublic, responses=WRITE)
def discard(round_id: RoundId, actor: Manager, idem: IdempotencyDep) -> Response:
    """Set a draft or solved round aside for good."""
    return idem.run(
        Work(
            prepare=lambda: None,
            apply=lambda s, _: discard_round(s, round_id, actor, idempotency_key=idem.key),
            render=lambda _, row: round_public(row),
        )
    )
