"""Committing a round: one transaction that re-verifies it against today's budgets, then books it.

Writers are serialised before anything is read: on SQLite the transaction began with
``BEGIN IMMEDIATE``; on PostgreSQL the round, fund and donation rows are locked
(``SELECT ... FOR UPDATE``, in id order). The independent verifier then re-checks the round's
allocations against the registered funds' definitions with their *remaining* budgets and the
donations' *unassigned* amounts. If another commit consumed them, nothing is written.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from allocator import Allocation, LineageLine, verify_allocation
from eligibility.errors import VerificationError
from service.errors import ConflictError
from service.rounds.data import (
    decode_round,
    stored_donations,
    with_donation_amounts,
    with_funds,
)
from service.store.audit import Change, record
from service.store.clock import utcnow
from service.store.funds import engine_fund, lock_funds
from service.store.keys import Actor
from service.store.ledger import lock_donations
from service.store.rounds import get_round, result_rows
from service.store.tables import DonationRow, FundRow, RoundRow


def commit_round(
    session: Session, round_id: int, actor: Actor, *, idempotency_key: str | None
) -> RoundRow:
    """Commit a solved round, or raise ConflictError having changed nothing."""
    row = get_round(session, round_id, actor, lock=True)
    _check_committable(row)
    if row.input_json is None:
        raise ConflictError(f"round {row.id} has no solved input")
    round_, options = decode_round(row.input_json)
    allocations, lineage = result_rows(session, row.id)
    spent = _spent_per_fund(allocations)
    funds = lock_funds(session, list(spent))
    missing = sorted(set(spent) - set(funds))
    if missing:
        raise ConflictError(
            f"round {row.id} pays from funds that are not registered: {', '.join(missing)}"
        )
    originals = stored_donations(row.data_json)
    used = _used_per_donation(lineage)
    ledger = lock_donations(session, {d: originals[d] for d in used})
    current = with_donation_amounts(
        with_funds(round_, [engine_fund(funds[f]) for f in sorted(funds)]),
        {d: r.amount_cents - r.assigned_cents for d, r in ledger.items()},
    )
    try:
        verify_allocation(current, options, allocations, lineage)
    except VerificationError as exc:
        raise ConflictError(
            f"round {row.id} no longer fits the remaining budgets; solve it again",
            exc.failures,
        ) from exc
    _book(funds, spent, ledger, used)
    row.state = "committed"
    row.committed_at = utcnow()
    row.committed_by = actor.key_id
    row.version += 1
    record(session, actor, Change("round.commit", "committed", idempotency_key), round_=row)
    return row


def _check_committable(row: RoundRow) -> None:
    if row.kind == "simulation":
        raise ConflictError(
            f"round {row.id} is a sponsor's simulation; simulations are not committed"
        )
    if row.job_status == "running":
        raise ConflictError(f"round {row.id} is being solved by a background job")
    if row.state != "solved":
        raise ConflictError(f"round {row.id} is {row.state}; only a solved round can be committed")


def _spent_per_fund(allocations: tuple[Allocation, ...]) -> dict[str, int]:
    spent: dict[str, int] = defaultdict(int)
    for a in allocations:
        if not a.fund_id.startswith("pool"):
            spent[a.fund_id] += a.amount_cents
    return dict(spent)


def _used_per_donation(lineage: tuple[LineageLine, ...]) -> dict[str, int]:
    used: dict[str, int] = defaultdict(int)
    for line in lineage:
        used[line.donation_id] += line.amount_cents
    return dict(used)


def _book(
    funds: dict[str, FundRow],
    spent: dict[str, int],
    ledger: dict[str, DonationRow],
    used: dict[str, int],
) -> None:
    for fund_id, cents in spent.items():
        funds[fund_id].committed_cents += cents
        funds[fund_id].remaining_cents -= cents
    for donation_id, cents in used.items():
        ledger[donation_id].assigned_cents += cents
