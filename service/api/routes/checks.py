"""Eligibility of a campaign against every fund, and one campaign's explanation in a round."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from service.api.auth import Anyone
from service.api.limits import cap_check_rows
from service.api.render import verdict_public
from service.api.routes.responses import READ, errors
from service.api.schemas.checks import CampaignExplanation, EligibilityCheck, EligibilityPublic
from service.api.schemas.funds import engine_funds
from service.api.schemas.records import records
from service.api.schemas.rounds import AllocationPublic, LineagePublic, OutcomePublic
from service.api.services import Services, services
from service.checks import check_campaign
from service.explain import explain_campaign
from service.store.funds import registered_funds, visible

RoundId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The round's id.")]
router = APIRouter(tags=["eligibility"])
App = Annotated[Services, Depends(services)]


@router.post(
    "/eligibility",
    response_model=EligibilityPublic,
    responses=errors(401, 413, 422),
    dependencies=[Depends(cap_check_rows)],
)
def check(body: EligibilityCheck, actor: Anyone, app: App) -> EligibilityPublic:
    """May each fund pay this campaign, at most how much, and why; changes nothing."""
    if body.funds == "registered":
        with app.db.read() as session:
            funds = registered_funds(session, visible(None, actor))
    else:
        funds = engine_funds(body.funds, source="funds")
    result = check_campaign(records([body.campaign])[0], funds)
    return EligibilityPublic(
        campaign_id=result.campaign_id,
        need_cents=result.need_cents,
        courte_echelle=result.courte_echelle,
        funds=[verdict_public(v) for v in result.verdicts],
    )


@router.get(
    "/rounds/{round_id}/campaigns/{campaign_id}",
    response_model=CampaignExplanation,
    responses={**READ, **errors(409)},
    tags=["rounds"],
)
def explain(round_id: RoundId, campaign_id: str, actor: Anyone, app: App) -> CampaignExplanation:
    """Why a solved round did (or did not) complete one campaign, fund by fund."""
    with app.db.read() as session:
        found = explain_campaign(session, round_id, campaign_id, actor)
    return CampaignExplanation(
        round_id=round_id,
        campaign_id=campaign_id,
        outcome=OutcomePublic(**found.outcome),
        allocations=[AllocationPublic(**a) for a in found.allocations],
        lineage=[LineagePublic(**line) for line in found.lineage],
        funds=[verdict_public(v) for v in found.verdicts],
    )
