"""Fund routes: register (manager), list and read with budget, committed and remaining."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from service.api.auth import Anyone, Manager
from service.api.idempotency import IdempotencyDep, Work
from service.api.render import fund_public
from service.api.routes.responses import READ, WRITE
from service.api.schemas.common import MAX_OFFSET, Page, page
from service.api.schemas.funds import FundIn, FundPublic, engine_funds
from service.api.services import Services, services
from service.store.funds import get_fund, list_funds, register_fund

router = APIRouter(prefix="/funds", tags=["funds"])
App = Annotated[Services, Depends(services)]


@router.post("", status_code=201, response_model=FundPublic, responses=WRITE)
def register(body: FundIn, actor: Manager, idem: IdempotencyDep) -> Response:
    """Register a fund with its whole budget remaining."""
    (fund,) = engine_funds([body], source="fund")
    return idem.run(
        Work(
            prepare=lambda: None,
            apply=lambda s, _: register_fund(s, fund, actor, idempotency_key=idem.key),
            render=lambda _, row: fund_public(row),
            status_code=201,
        )
    )


@router.get("", response_model=Page[FundPublic], responses=READ)
def list_(
    actor: Anyone,
    app: App,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page[FundPublic]:
    """The funds this key may see (a sponsor: its own), by id."""
    size = min(limit or app.settings.default_page_size, app.settings.max_page_size)
    with app.db.read() as session:
        rows, total = list_funds(session, actor, limit=size, offset=offset)
        return page([fund_public(r) for r in rows], total=total, limit=size, offset=offset)


@router.get("/{fund_id}", response_model=FundPublic, responses=READ)
def read(fund_id: str, actor: Anyone, app: App) -> FundPublic:
    """One fund (another sponsor's fund is a 404)."""
    with app.db.read() as session:
        return fund_public(get_fund(session, fund_id, actor))
