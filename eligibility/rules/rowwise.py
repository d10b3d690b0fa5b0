"""A plain row-by-row evaluation of a rule on one campaign, kept apart from the vector code.

It reads the campaign as a dict of the table's columns, so tests can check that both agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeAlias

import numpy as np

from eligibility.rules.fields import FIELDS, FieldKind
from eligibility.rules.nodes import And, Compare, Flag, HasTheme, Not, OneOf, Or, Rule, Scalar

# One campaign as {column: value}; keys are Any so ``frame.iloc[i].to_dict()`` fits as it is.
Row: TypeAlias = Mapping[Any, object]


def evaluate_row(rule: Rule, row: Row) -> bool:
    """Whether one campaign, given as ``{column: value}``, meets the rule."""
    match rule:
        case And(operands=operands):
            return all(evaluate_row(operand, row) for operand in operands)
        case Or(operands=operands):
            return any(evaluate_row(operand, row) for operand in operands)
        case Not(operand=operand):
            return not evaluate_row(operand, row)
        case Flag(field=field):
            return bool(row_value(row, field))
        case HasTheme(theme=theme, negated=negated):
            return (theme in row_themes(row)) != negated
        case Compare(field=field, op=op, value=value):
            return _compare(row_value(row, field), op, literal_value(field, value))
        case OneOf(field=field, values=values, negated=negated):
            actual = row_value(row, field)
            return any(actual == literal_value(field, value) for value in values) != negated


def row_value(row: Row, field: str) -> Any:
    """The value a rule compares for ``field``: cents for money, ``date`` for dates."""
    kind = FIELDS[field].kind
    value = row[FIELDS[field].column]
    if kind is FieldKind.BOOLEAN:
        return _boolean(value)
    if kind in (FieldKind.INTEGER, FieldKind.MONEY):
        return _integer(value)
    if kind is FieldKind.DATE:
        return _date(value)
    return value


def literal_value(field: str, value: Scalar) -> Any:
    """A rule literal in the units of ``row_value``: euros become cents, text becomes a date."""
    kind = FIELDS[field].kind
    if kind is FieldKind.MONEY:
        return int(value) * 100
    if kind is FieldKind.DATE:
        return date.fromisoformat(str(value))
    return value


def row_themes(row: Row) -> list[str]:
    """The campaign's themes, read from the ``;``-joined ``themes`` text, in its order."""
    text = row["themes"]
    if not isinstance(text, str):
        raise TypeError(f"themes must be text, got {text!r}")
    return [theme for theme in text.split(";") if theme]


def _compare(actual: Any, op: str, expected: Any) -> bool:
    if op == "==":
        return bool(actual == expected)
    if op == "!=":
        return bool(actual != expected)
    if op == "<":
        return bool(actual < expected)
    if op == "<=":
        return bool(actual <= expected)
    if op == ">":
        return bool(actual > expected)
    if op == ">=":
        return bool(actual >= expected)
    raise ValueError(f"unknown comparison {op!r}")


def _boolean(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"expected true or false, got {value!r}")


def _integer(value: object) -> int:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    raise TypeError(f"expected a whole number, got {value!r}")


def _date(value: object) -> date:
    # Timestamps and datetimes are dates at midnight; checked before date, their base class.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return date.fromisoformat(str(value.astype("datetime64[D]")))
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise TypeError(f"expected a date, got {value!r}")
