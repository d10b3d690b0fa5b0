"""Rules evaluated as vectors over the whole campaign table, one numpy operation per condition."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eligibility.campaigns import CampaignTable, theme_column
from eligibility.rules.fields import FIELDS, FieldKind
from eligibility.rules.nodes import And, Compare, Flag, HasTheme, Leaf, Not, OneOf, Or, Rule, Scalar

Mask = NDArray[np.bool_]

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def evaluate(rule: Rule, table: CampaignTable) -> Mask:
    """Which campaigns of the table meet the rule: a bool array with one entry per row."""
    return np.array(_Vectors(table).evaluate(rule), dtype=bool, copy=True)


def eligibility_matrix(rules: Sequence[Rule], table: CampaignTable) -> Mask:
    """Bool matrix (campaigns × rules); a condition shared by several rules is computed once."""
    vectors = _Vectors(table)
    matrix = np.empty((len(table), len(rules)), dtype=bool)
    for column, rule in enumerate(rules):
        matrix[:, column] = vectors.evaluate(rule)
    return matrix


class _Vectors:
    """Evaluates rules over one table, caching each distinct condition and text column codes."""

    def __init__(self, table: CampaignTable) -> None:
        self._frame = table.frame
        self._size = len(table)
        self._leaves: dict[Leaf, Mask] = {}
        self._codes: dict[str, tuple[NDArray[np.intp], dict[object, int]]] = {}

    def evaluate(self, rule: Rule) -> Mask:
        """The mask of a rule; cached masks are shared, so callers must not write into it."""
        match rule:
            case And(operands=operands):
                return self._combine(operands, np.logical_and, start=True)
            case Or(operands=operands):
                return self._combine(operands, np.logical_or, start=False)
            case Not(operand=operand):
                return ~self.evaluate(operand)
            case _:
                mask = self._leaves.get(rule)
                if mask is None:
                    mask = self._leaves[rule] = self._leaf(rule)
                return mask

    def _combine(self, operands: Iterable[Rule], combine: np.ufunc, *, start: bool) -> Mask:
        result = np.full(self._size, start, dtype=bool)
        for operand in operands:
            combine(result, self.evaluate(operand), out=result)
        return result

    def _leaf(self, leaf: Leaf) -> Mask:
        match leaf:
            case Flag(field=field):
                return self._column(field)
            case HasTheme(theme=theme, negated=negated):
                mask = self._frame[theme_column(theme)].to_numpy(bool)
                return ~mask if negated else mask
            case Compare(field=field, op=op, value=value):
                return self._compare(field, op, value)
            case OneOf(field=field, values=values, negated=negated):
                mask = self._one_of(field, values)
                return ~mask if negated else mask

    def _compare(self, field: str, op: str, value: Scalar) -> Mask:
        if FIELDS[field].kind in (FieldKind.TEXT, FieldKind.CHOICE):
            # Text equality on integer codes is far faster than on Python strings.
            equal = self._among(field, (value,))
            return equal if op == "==" else ~equal
        result = _OPERATORS[op](self._column(field), _literal(field, value))
        return np.asarray(result, dtype=bool)

    def _one_of(self, field: str, values: tuple[Scalar, ...]) -> Mask:
        if FIELDS[field].kind in (FieldKind.TEXT, FieldKind.CHOICE):
            return self._among(field, values)
        literals = np.array([_literal(field, value) for value in values])
        return np.isin(self._column(field), literals)

    def _among(self, field: str, values: Iterable[Scalar]) -> Mask:
        codes, positions = self._text_codes(field)
        # One slot per distinct text, plus a last one that code -1 (a missing value) lands on.
        lookup = np.zeros(len(positions) + 1, dtype=bool)
        for value in values:
            position = positions.get(value)
            if position is not None:
                lookup[position] = True
        return lookup[codes]

    def _text_codes(self, field: str) -> tuple[NDArray[np.intp], dict[object, int]]:
        if field not in self._codes:
            codes, uniques = pd.factorize(self._frame[field])
            positions = {value: position for position, value in enumerate(uniques)}
            self._codes[field] = (np.asarray(codes, dtype=np.intp), positions)
        return self._codes[field]

    def _column(self, field: str) -> NDArray[Any]:
        return self._frame[FIELDS[field].column].to_numpy()


def _literal(field: str, value: Scalar) -> object:
    kind = FIELDS[field].kind
    if kind is FieldKind.MONEY:
        # Rules speak whole euros, columns hold cents; the product stays an exact Python int.
        return int(value) * 100
    if kind is FieldKind.DATE:
        return np.datetime64(str(value), "s")
    return value
