"""Applying a variant's changes to the base's funds and options, and saying them in words."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from allocator.funds import Fund
from eligibility.errors import Problem
from scenarios.scenario.spec import (
    AddFund,
    Change,
    NewFund,
    RemoveFund,
    SetBudget,
    SetCap,
    SetMatchRatio,
    SetOptions,
    SetRule,
)
from scenarios.scenario.words import decimal_text, euros_text, percent_text


class ChangeError(ValueError):
    """A change that does not fit the round it is applied to (an unknown fund, a twin id)."""


def apply_change(
    change: Change, funds: tuple[Fund, ...], options: dict[str, Any]
) -> tuple[tuple[Fund, ...], dict[str, Any]]:
    """Funds and option values after ``change``; ``ChangeError`` when it does not fit."""
    if isinstance(change, SetOptions):
        return funds, {**options, **change.options}
    if isinstance(change, AddFund):
        if any(f.id == change.fund.id for f in funds):
            raise ChangeError(f"a fund {change.fund.id!r} is already in the round")
        return (*funds, fund_of(change.fund)), options
    index = _index(funds, change.fund)
    if isinstance(change, RemoveFund):
        return funds[:index] + funds[index + 1 :], options
    updated = funds[index].model_copy(update=_update(change))
    checked = Fund.model_validate(updated.model_dump())
    return (*funds[:index], checked, *funds[index + 1 :]), options


def _update(change: SetBudget | SetRule | SetCap | SetMatchRatio) -> dict[str, object]:
    if isinstance(change, SetBudget):
        return {"budget_cents": change.budget}
    if isinstance(change, SetRule):
        return {"rule": change.rule}
    if isinstance(change, SetMatchRatio):
        return {"match_ratio": change.match_ratio}
    update: dict[str, object] = {}
    if "cap_per_campaign" in change.model_fields_set:
        update["cap_per_campaign_cents"] = change.cap_per_campaign
    if "cap_share_of_min_goal" in change.model_fields_set:
        update["cap_share_of_min_goal"] = change.cap_share_of_min_goal
    return update


def _index(funds: tuple[Fund, ...], fund_id: str) -> int:
    for i, fund in enumerate(funds):
        if fund.id == fund_id:
            return i
    known = ", ".join(f.id for f in funds) or "none"
    raise ChangeError(f"no fund {fund_id!r} in the round (funds: {known})")


def fund_of(new: NewFund) -> Fund:
    """The engine's fund for a fund given in a scenario."""
    try:
        return Fund(
            id=new.id,
            name=new.name,
            kind=new.kind,
            budget_cents=new.budget,
            rule=new.rule,
            cap_per_campaign_cents=new.cap_per_campaign,
            cap_share_of_min_goal=new.cap_share_of_min_goal,
            match_ratio=new.match_ratio,
            valid_from=new.valid_from,
            valid_until=new.valid_until,
        )
    except ValidationError as exc:
        # In the scenario's words: no pydantic header or documentation link.
        messages = [
            (f"{'.'.join(str(p) for p in e['loc'])}: " if e["loc"] else "")
            + str(e["msg"]).removeprefix("Value error, ")
            for e in exc.errors()
        ]
        raise ChangeError("; ".join(messages)) from exc


def describe_change(change: Change, funds: tuple[Fund, ...]) -> str:
    """The change in a sentence a sponsor reads, given the funds it applies to."""
    if isinstance(change, AddFund):
        return "add " + describe_fund(fund_of(change.fund))
    if isinstance(change, SetOptions):
        values = ", ".join(f"{k} = {_option_text(v)}" for k, v in sorted(change.options.items()))
        return f"round options: {values}"
    name = _fund_name(funds, change.fund)
    if isinstance(change, RemoveFund):
        return f"remove the fund {name}"
    if isinstance(change, SetBudget):
        return f"budget of {name}: {euros_text(change.budget)}"
    if isinstance(change, SetRule):
        return f"rule of {name}: {change.rule or 'every campaign'}"
    if isinstance(change, SetMatchRatio):
        ratio = change.match_ratio
        return f"match ratio of {name}: " + (
            "none" if ratio is None else f"{decimal_text(ratio)} × collected"
        )
    parts = []
    if "cap_per_campaign" in change.model_fields_set:
        cap = change.cap_per_campaign
        parts.append("no cap per campaign" if cap is None else f"at most {euros_text(cap)}")
    if "cap_share_of_min_goal" in change.model_fields_set:
        share = change.cap_share_of_min_goal
        parts.append(
            "no share-of-goal cap"
            if share is None
            else f"at most {percent_text(share)} of each campaign's minimum goal"
        )
    return f"caps of {name}: " + " and ".join(parts)


def describe_fund(fund: Fund) -> str:
    """A fund in words: name, budget, rule, caps, window."""
    text = f"the fund {fund.name!r} ({fund.id}): {euros_text(fund.budget_cents)}"
    text += f" for campaigns where {fund.rule}" if fund.rule else " for every campaign"
    if fund.cap_per_campaign_cents is not None:
        text += f", at most {euros_text(fund.cap_per_campaign_cents)} per campaign"
    if fund.cap_share_of_min_goal is not None:
        share = percent_text(fund.cap_share_of_min_goal)
        text += f", at most {share} of each campaign's minimum goal"
    if fund.match_ratio is not None:
        text += f", at most {decimal_text(fund.match_ratio)} × what the campaign collected"
    if fund.valid_from is not None or fund.valid_until is not None:
        start = fund.valid_from.isoformat() if fund.valid_from else "…"
        end = fund.valid_until.isoformat() if fund.valid_until else "…"
        text += f", for campaigns ending {start} to {end}"
    return text


def _fund_name(funds: tuple[Fund, ...], fund_id: str) -> str:
    for fund in funds:
        if fund.id == fund_id:
            return f"{fund.name!r} ({fund.id})"
    return repr(fund_id)


def _option_text(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def change_problem(source: str, path: str, error: ChangeError) -> Problem:
    """A change that does not fit, as an input problem at its path."""
    return Problem(source, str(error), field=path)
