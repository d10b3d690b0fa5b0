"""One campaign of a solved round: its outcome, what it receives, and each fund's verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from service.checks import FundVerdict, judge_campaign
from service.errors import ConflictError, NotFoundError
from service.rounds.data import decode_round
from service.rounds.results import decode_result
from service.store.keys import Actor
from service.store.rounds import get_round


@dataclass(frozen=True)
class CampaignInRound:
    """The parts of a round's result about one campaign."""

    outcome: dict[str, Any]
    allocations: list[dict[str, Any]]
    lineage: list[dict[str, Any]]
    verdicts: tuple[FundVerdict, ...]


def explain_campaign(
    session: Session, round_id: int, campaign_id: str, actor: Actor
) -> CampaignInRound:
    """Explain one campaign of a solved round; 409 before the solve, 404 for an unknown id."""
    row = get_round(session, round_id, actor)
    if row.result_json is None or row.input_json is None:
        raise ConflictError(f"round {row.id} is {row.state} and has not been solved yet")
    document = decode_result(row.result_json)
    outcome = next((o for o in document["outcomes"] if o["campaign_id"] == campaign_id), None)
    if outcome is None:
        raise NotFoundError(f"no campaign {campaign_id!r} in round {row.id}")
    round_, _ = decode_round(row.input_json)
    table = round_.campaigns
    one = table.take(np.array([table.index_of(campaign_id)]))
    return CampaignInRound(
        outcome=outcome,
        allocations=[a for a in document["allocations"] if a["campaign_id"] == campaign_id],
        lineage=[x for x in document["lineage"] if x["campaign_id"] == campaign_id],
        verdicts=judge_campaign(one, round_.funds).verdicts,
    )
