"""Solving inline or as a background job, each holding one solver slot while it runs."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import Response
from sqlalchemy.orm import Session

from eligibility.errors import CourteEchelleError
from service.api.idempotency import Idempotent, Work
from service.api.render import round_public
from service.api.services import Services
from service.rounds import Solved, apply_solved, fail_job, plan_solve, run_plan, start_job
from service.store import Actor
from service.store.tables import RoundRow

log = logging.getLogger(__name__)


def solve_inline(
    app: Services, idem: Idempotent, round_id: int, actor: Actor, overrides: Mapping[str, object]
) -> Response:
    """Solve within the request; 200 with the solved round."""

    def prepare() -> Solved:
        app.slots.take()
        try:
            plan = plan_solve(app.db, round_id, actor, overrides=overrides, settings=app.settings)
            return run_plan(plan)
        finally:
            app.slots.give_back()

    def apply(session: Session, solved: Solved) -> RoundRow:
        return apply_solved(session, solved, actor, idempotency_key=idem.key)

    return idem.run(Work(prepare, apply, lambda _, row: round_public(row)))


def solve_in_background(
    app: Services, idem: Idempotent, round_id: int, actor: Actor, overrides: Mapping[str, object]
) -> Response:
    """Start a job and answer 202 at once; the round's ``job`` says how it goes."""
    taken = False

    def prepare() -> None:
        nonlocal taken
        app.slots.take()
        taken = True

    def apply(session: Session, _: None) -> RoundRow:
        return start_job(session, round_id, actor, idempotency_key=idem.key)

    def after(_: RoundRow) -> None:
        nonlocal taken
        taken = False  # the job gives the slot back when it ends
        app.submit(lambda: _job(app, round_id, actor, overrides, idem.key))

    try:
        return idem.run(Work(prepare, apply, lambda _, row: round_public(row), 202, after))
    finally:
        if taken:
            app.slots.give_back()


def _job(
    app: Services,
    round_id: int,
    actor: Actor,
    overrides: Mapping[str, object],
    key: str,
) -> None:
    try:
        plan = plan_solve(
            app.db, round_id, actor, overrides=overrides, settings=app.settings, job=True
        )
        solved = run_plan(plan)
        with app.db.write() as session:
            apply_solved(session, solved, actor, idempotency_key=key)
    except CourteEchelleError as exc:
        fail_job(app.db, round_id, actor, str(exc).splitlines()[0])
    except Exception as exc:
        log.exception("background solve of round %s failed", round_id)
        fail_job(app.db, round_id, actor, f"internal error: {type(exc).__name__}")
