"""The independent verifier: plain integer arithmetic on the raw round, no solver, no model.

It recomputes eligibility row by row (the reference evaluator, not the vector one), windows,
caps with exact fractions, budgets, needs and lineage sums, and reports every failure.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import pandas as pd

from allocator.funds import Fund
from allocator.options import RoundOptions
from allocator.result import Allocation, LineageLine
from allocator.round import Round
from eligibility.errors import VerificationError
from eligibility.rules import evaluate_row, parse_rule


def verify_allocation(
    round_: Round,
    options: RoundOptions,
    allocations: tuple[Allocation, ...],
    lineage: tuple[LineageLine, ...],
) -> None:
    """Raise VerificationError listing every rule the allocation breaks; return if it holds."""
    failures: list[str] = []
    frame = round_.campaigns.frame
    named = {a.campaign_id for a in allocations} | {line.campaign_id for line in lineage}
    rows = {str(r["campaign_id"]): r for r in _records(frame[frame["campaign_id"].isin(named)])}
    funds = {f.id: f for f in round_.funds}
    received: dict[str, int] = defaultdict(int)
    spent: dict[str, int] = defaultdict(int)
    pooled: dict[tuple[str, str], int] = defaultdict(int)
    for a in allocations:
        if a.amount_cents <= 0 or not isinstance(a.amount_cents, int):
            failures.append(
                f"{a.fund_id} -> {a.campaign_id}: amount {a.amount_cents!r} "
                "is not a positive integer of cents"
            )
            continue
        row = rows.get(a.campaign_id)
        if row is None:
            failures.append(f"{a.fund_id} pays unknown campaign {a.campaign_id}")
            continue
        failures.extend(_campaign_in_round(a, row, options))
        received[a.campaign_id] += a.amount_cents
        spent[a.fund_id] += a.amount_cents
        if a.fund_id in funds:
            failures.extend(_fund_pays(funds[a.fund_id], a, row))
        elif a.fund_id.startswith("pool"):
            pooled[(a.fund_id, a.campaign_id)] += a.amount_cents
            if options.pools_courte_echelle_only and not row["courte_echelle"]:
                failures.append(f"{a.fund_id} pays {a.campaign_id}, not a Courte Échelle campaign")
        else:
            failures.append(f"unknown fund {a.fund_id} pays {a.campaign_id}")
    for fund_id, total in spent.items():
        if fund_id in funds and total > funds[fund_id].budget_cents:
            failures.append(
                f"{fund_id} spends {total} cents, over its budget of {funds[fund_id].budget_cents}"
            )
    for campaign_id, total in received.items():
        need = max(
            0,
            _int(rows[campaign_id]["min_goal_cents"]) - _int(rows[campaign_id]["collected_cents"]),
        )
        if total != need:
            failures.append(f"{campaign_id} receives {total} cents but needs exactly {need}")
    failures.extend(_lineage_holds(round_, lineage, pooled, rows))
    if failures:
        raise VerificationError(failures)


def _campaign_in_round(a: Allocation, row: dict[str, object], options: RoundOptions) -> list[str]:
    if options.round_date is None:
        return []
    ends = _day(row["ends_on"])
    if ends < options.round_date:
        return [f"{a.campaign_id} ended on {ends}, before the round date, yet is paid"]
    if options.horizon_days is not None and ends > options.round_date + timedelta(
        days=options.horizon_days
    ):
        return [f"{a.campaign_id} ends on {ends}, after the horizon, yet is paid"]
    return []


def _fund_pays(fund: Fund, a: Allocation, row: dict[str, object]) -> list[str]:
    failures = []
    where = f"{fund.id} -> {a.campaign_id}"
    if not evaluate_row(parse_rule(fund.rule), row):
        failures.append(f"{where}: the campaign does not satisfy the fund's rule")
    ends = _day(row["ends_on"])
    if (fund.valid_from and ends < fund.valid_from) or (
        fund.valid_until and ends > fund.valid_until
    ):
        failures.append(f"{where}: the campaign ends on {ends}, outside the fund's window")
    limits = []
    if fund.cap_per_campaign_cents is not None:
        limits.append(("cap per campaign", fund.cap_per_campaign_cents))
    if fund.cap_share_of_min_goal is not None:
        share = Fraction(fund.cap_share_of_min_goal) * _int(row["min_goal_cents"])
        limits.append(("share of the minimum goal", int(share)))
    if fund.match_ratio is not None:
        match = Fraction(fund.match_ratio) * _int(row["collected_cents"])
        limits.append(("match ratio", int(match)))
    for name, limit in limits:
        if a.amount_cents > limit:
            failures.append(f"{where}: {a.amount_cents} cents exceed the {name} ({limit})")
    return failures


def _lineage_holds(
    round_: Round,
    lineage: tuple[LineageLine, ...],
    pooled: dict[tuple[str, str], int],
    rows: dict[str, dict[str, object]],
) -> list[str]:
    failures = []
    gifts = round_.donations.frame
    named = {line.donation_id for line in lineage}
    donations = {
        str(r["donation_id"]): r for r in _records(gifts[gifts["donation_id"].isin(named)])
    }
    traced: dict[tuple[str, str], int] = defaultdict(int)
    used: dict[str, int] = defaultdict(int)
    for line in lineage:
        donation = donations.get(line.donation_id)
        if donation is None or line.amount_cents <= 0:
            failures.append(
                f"lineage line {line} names an unknown donation or a non-positive amount"
            )
            continue
        used[line.donation_id] += line.amount_cents
        traced[(line.pool_id, line.campaign_id)] += line.amount_cents
        if donation["origin_campaign_id"] == line.campaign_id:
            failures.append(
                f"donation {line.donation_id} goes back to its origin campaign {line.campaign_id}"
            )
        scope = str(donation["scope"])
        if (
            scope
            and line.campaign_id in rows
            and not evaluate_row(parse_rule(scope), rows[line.campaign_id])
        ):
            failures.append(
                f"donation {line.donation_id} goes to {line.campaign_id}, outside its scope"
            )
        if line.campaign_id in rows and line.uai != rows[line.campaign_id]["uai"]:
            failures.append(
                f"lineage of {line.donation_id} names the wrong school for {line.campaign_id}"
            )
    for donation_id, total in used.items():
        amount = _int(donations[donation_id]["amount_cents"])
        if total > amount:
            failures.append(
                f"donation {donation_id} is used for {total} cents, more than its {amount}"
            )
    for key in sorted(set(pooled) | set(traced)):
        if pooled.get(key, 0) != traced.get(key, 0):
            failures.append(
                f"{key[0]} pays {key[1]} {pooled.get(key, 0)} cents "
                f"but the lineage traces {traced.get(key, 0)}"
            )
    return failures


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _int(value: object) -> int:
    if isinstance(value, int | np.integer):
        return int(value)
    raise TypeError(f"expected an integer amount, got {value!r}")


def _day(value: object) -> date:
    if isinstance(value, pd.Timestamp | np.datetime64 | date):
        return pd.Timestamp(value).date()
    raise TypeError(f"expected a date, got {value!r}")
