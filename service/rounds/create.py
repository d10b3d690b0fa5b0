"""Creating a round: validate everything, store its canonical data as a draft, audit it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from allocator import Fund, RoundOptions
from allocator.options import round_options
from eligibility.errors import InputError, Problem
from service.rounds.data import donation_amounts, encode_round, round_from_records
from service.settings import Settings
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.keys import Actor
from service.store.ledger import ledger_problems
from service.store.tables import RoundRow


@dataclass(frozen=True)
class NewRound:
    """What a caller sends to create a round; ``funds`` None means the registered funds."""

    campaigns: Sequence[Mapping[str, object]]
    funds: tuple[Fund, ...] | None
    donations: Sequence[Mapping[str, object]] = ()
    options: Mapping[str, object] = field(default_factory=dict)


def checked_options(values: Mapping[str, object], settings: Settings) -> RoundOptions:
    """Round options within the service's limits; the time limit defaults to the longest."""
    options = round_options(**values)
    limit = options.time_limit
    if limit is not None and limit > settings.max_solve_seconds:
        message = f"time_limit may be at most {settings.max_solve_seconds:g} seconds"
        raise InputError([Problem("options", message, field="time_limit")])
    if limit is None:
        options = options.model_copy(update={"time_limit": settings.max_solve_seconds})
    return options


def create_round(
    session: Session,
    new: NewRound,
    actor: Actor,
    *,
    settings: Settings,
    idempotency_key: str | None,
) -> RoundRow:
    """Insert a draft round; a sponsor's rounds are simulations, never committed."""
    problems: list[Problem] = []
    options = None
    try:
        options = checked_options(new.options, settings)
    except InputError as exc:
        problems += exc.problems
    try:
        round_ = round_from_records(
            campaigns=new.campaigns, funds=new.funds or (), donations=new.donations
        )
    except InputError as exc:
        raise InputError(problems + list(exc.problems)) from exc
    problems += ledger_problems(session, donation_amounts(round_))
    if problems or options is None:
        raise InputError(problems)
    now = utcnow()
    row = RoundRow(
        kind="simulation" if actor.is_sponsor else "allocation",
        state="draft",
        owner_key_id=actor.key_id,
        funds_mode="registered" if new.funds is None else "inline",
        data_json=encode_round(round_, options),
        options_json=options.model_dump_json(),
        campaign_count=len(round_.campaigns),
        fund_count=len(round_.funds),
        donation_count=len(round_.donations),
        version=1,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(session, actor, Change("round.create", "draft", idempotency_key), round_=row)
    return row
