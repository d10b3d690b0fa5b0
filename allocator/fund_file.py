"""Read and write the funds file, JSON ``{"funds": [...]}`` with euros, into ``Fund`` values.

Every problem in every fund is collected before one ``InputError`` is raised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from allocator.funds import Fund
from eligibility.cells import parse_iso_date, shown
from eligibility.columns import duplicate_problems
from eligibility.errors import InputError, Problem, RuleError
from eligibility.money import format_euros, parse_euros
from eligibility.rules import parse_rule, rule_from_json, rule_to_text


def read_funds(path: Path | str) -> tuple[Fund, ...]:
    """Load and validate a funds file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM, as the CSV files allow
        # Decimal for every number with a point: a float never holds money.
        document = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=refuse_json_constant,
            object_pairs_hook=no_twin_keys,
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        message = f"cannot read the file as UTF-8 JSON: {exc}"
        raise InputError([Problem(path.name, message)]) from exc
    return funds_from_json(document, source=path.name)


def funds_from_json(obj: object, *, source: str) -> tuple[Fund, ...]:
    """Validate a parsed funds document ``{"funds": [...]}`` (numbers as ``Decimal`` or int)."""
    items, problems = _fund_items(obj, source=source)
    funds = [_fund(item, row=row, source=source, problems=problems) for row, item in items]
    ids = [item.get("id") if isinstance(item, dict) else None for _, item in items]
    problems += duplicate_problems(ids, [row for row, _ in items], source=source, field="id")
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    return tuple(fund for fund in funds if fund is not None)


def fund_to_json(fund: Fund) -> dict[str, object]:
    """The file form of a fund: euros as text with two decimals, the rule as text."""
    data: dict[str, object] = {
        "id": fund.id,
        "name": fund.name,
        "kind": fund.kind,
        "budget": format_euros(fund.budget_cents),
        "rule": fund.rule,
    }
    optional: dict[str, object] = {
        "cap_per_campaign": _maybe(format_euros, fund.cap_per_campaign_cents),
        "cap_share_of_min_goal": _maybe(_decimal_text, fund.cap_share_of_min_goal),
        "match_ratio": _maybe(_decimal_text, fund.match_ratio),
        "valid_from": _maybe(date.isoformat, fund.valid_from),
        "valid_until": _maybe(date.isoformat, fund.valid_until),
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def write_funds(funds: Iterable[Fund], path: Path | str) -> Path:
    """Write funds as a funds file that ``read_funds`` reads back to the same funds."""
    path = Path(path)
    document = {"funds": [fund_to_json(fund) for fund in funds]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def refuse_json_constant(name: str) -> object:
    """``json.loads`` hook: NaN and Infinity are not money."""
    raise ValueError(f"expected a JSON number, got {name}")


def twin_keys(pairs: Sequence[tuple[str, object]]) -> list[str]:
    """The keys a JSON object gives more than once, sorted (``json.loads`` would keep the last
    of two equal keys without a word)."""
    keys = [key for key, _ in pairs]
    return sorted({key for key in keys if keys.count(key) > 1})


def no_twin_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``json.loads`` hook: an object with a key given twice is an error."""
    twins = twin_keys(pairs)
    if twins:
        raise ValueError(f"a key appears twice in one object: {', '.join(twins)}")
    return dict(pairs)


def _maybe(write: Callable[[Any], str], value: object) -> str | None:
    return None if value is None else write(value)


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _fund_items(obj: object, *, source: str) -> tuple[list[tuple[int, object]], list[Problem]]:
    if not isinstance(obj, dict) or not isinstance(obj.get("funds"), list):
        message = f'expected an object {{"funds": [...]}}, got {shown(obj)[:80]}'
        raise InputError([Problem(source, message, field="funds")])
    problems = [
        Problem(source, f'unknown top-level key {key!r}: expected only "funds"', field=str(key))
        for key in obj
        if key != "funds"
    ]
    return list(enumerate(obj["funds"], start=1)), problems


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f"expected a decimal number like 0.5, got {shown(value)}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"expected a decimal number like 0.5, got {shown(value)}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite decimal number, got {shown(value)}")
    return number


def _date(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date YYYY-MM-DD as a string, got {shown(value)}")
    return parse_iso_date(value)


def canonical_rule(value: object) -> str:
    """The canonical text of a rule given as text or as its JSON tree; "" for every campaign.

    Raises ValueError saying what is wrong and where (the position in the text, the path in
    the tree).
    """
    try:
        if isinstance(value, str):
            return rule_to_text(parse_rule(value))
        if isinstance(value, dict | list):
            return rule_to_text(rule_from_json(value))
    except RuleError as exc:
        message = f"{exc.reason} at position {exc.position} of the rule {exc.text!r}"
        raise ValueError(message) from exc
    except InputError as exc:
        raise ValueError("; ".join(f"rule {p.message}" for p in exc.problems)) from exc
    raise ValueError(f"expected a rule as text or as its JSON tree, got {shown(value)}")


def _as_is(value: object) -> object:
    return value


def _optional(read: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value is None else read(value)


@dataclass(frozen=True)
class _Key:
    """A key of a fund in the file: the ``Fund`` field it fills and how its value is read."""

    field: str
    read: Callable[[object], object]


_KEYS: dict[str, _Key] = {
    "id": _Key("id", _as_is),
    "name": _Key("name", _as_is),
    "kind": _Key("kind", _as_is),
    "budget": _Key("budget_cents", parse_euros),
    "rule": _Key("rule", canonical_rule),
    "cap_per_campaign": _Key("cap_per_campaign_cents", _optional(parse_euros)),
    "cap_share_of_min_goal": _Key("cap_share_of_min_goal", _optional(_decimal)),
    "match_ratio": _Key("match_ratio", _optional(_decimal)),
    "valid_from": _Key("valid_from", _optional(_date)),
    "valid_until": _Key("valid_until", _optional(_date)),
}
_KEY_OF_FIELD = {spec.field: key for key, spec in _KEYS.items()}
_EXPECTED_KEYS = f"expected the keys {', '.join(_KEYS)}"


def _fund(item: object, *, row: int, source: str, problems: list[Problem]) -> Fund | None:
    if not isinstance(item, dict):
        problems.append(Problem(source, f"expected a fund object, got {shown(item)}", row=row))
        return None
    label = f"fund {item['id']!r}: " if isinstance(item.get("id"), str) else ""
    values: dict[str, object] = {}
    for key, raw in item.items():
        spec = _KEYS.get(key)
        if spec is None:
            message = f"{label}unknown key {key!r}: {_EXPECTED_KEYS}"
            problems.append(Problem(source, message, row=row, field=str(key)))
            continue
        try:
            values[spec.field] = spec.read(raw)
        except ValueError as exc:
            problems.append(Problem(source, f"{label}{exc}", row=row, field=key))
    return _built(item, values, row=row, label=label, source=source, problems=problems)


def _built(
    item: dict[str, object],
    values: dict[str, object],
    *,
    row: int,
    label: str,
    source: str,
    problems: list[Problem],
) -> Fund | None:
    try:
        return Fund.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            # The model's one check across fields is the validity window.
            key = _KEY_OF_FIELD[str(error["loc"][0])] if error["loc"] else "valid_until"
            if key in item and _KEYS[key].field not in values:
                continue  # already reported when the value was read
            message = f"{label}{_pydantic_message(error, key, item)}"
            problems.append(Problem(source, message, row=row, field=key))
        return None


def _pydantic_message(error: ErrorDetails, key: str, item: dict[str, object]) -> str:
    if error["type"] == "missing":
        return f"missing key {key!r}: {_EXPECTED_KEYS}"
    text = str(error["msg"]).removeprefix("Value error, ")
    for said, meant in _REWORDED:
        text = text.replace(said, meant)
    if not error["loc"]:
        window = (shown(item.get("valid_from")), shown(item.get("valid_until")))
        return f"{text}, got {window[0]} and {window[1]}"
    return f"{text}, got {shown(item.get(key))}"


_REWORDED = (
    ("Input should be ", "expected "),
    ("String should have ", "expected text with "),
    ("String should match ", "expected text matching "),
)
