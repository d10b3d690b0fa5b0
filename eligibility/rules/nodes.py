"""The rule AST: small frozen values that compare and hash by content.

Leaves test one field of a campaign; ``And``/``Or``/``Not`` combine them. The empty ``And`` is
the empty rule (every campaign) and may only stand as a whole rule, so every AST has exactly
one text and one JSON form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

CompareOp: TypeAlias = Literal["==", "!=", "<", "<=", ">", ">="]
COMPARE_OPS: tuple[CompareOp, ...] = ("==", "!=", "<", "<=", ">", ">=")
ORDER_OPS: frozenset[str] = frozenset({"<", "<=", ">", ">="})

# A rule literal: text in double quotes, a non-negative integer, true or false.
Scalar: TypeAlias = str | int | bool

# A rule nests 'and', 'or', 'not' and parentheses at most this deep: every pass over a rule
# recurses into it, and no real rule comes near (a few hundred levels overflowed the stack).
MAX_DEPTH = 32


def compare_op(op: str) -> CompareOp:
    """``op`` as a comparison operator; ValueError if it is not one."""
    for known in COMPARE_OPS:
        if op == known:
            return known
    raise ValueError(f"not a comparison operator: {op!r}")


@dataclass(frozen=True)
class Compare:
    """``field op value``: ``nights >= 4``, ``sector == "public"``, ``ends_on < "2025-06-01"``."""

    field: str
    op: CompareOp
    value: Scalar


@dataclass(frozen=True)
class OneOf:
    """``field in (v1, v2)``, or ``field not in (...)`` when ``negated``."""

    field: str
    values: tuple[Scalar, ...]
    negated: bool = False


@dataclass(frozen=True)
class HasTheme:
    """``"theme" in themes``, or ``"theme" not in themes`` when ``negated``."""

    theme: str
    negated: bool = False


@dataclass(frozen=True)
class Flag:
    """A boolean field on its own: ``isolated``, ``courte_echelle``."""

    field: str


@dataclass(frozen=True)
class Not:
    """``not rule``."""

    operand: Rule

    def __post_init__(self) -> None:
        _check_operands("not", (self.operand,), minimum=1)


@dataclass(frozen=True)
class And:
    """Every operand holds; with no operands, the empty rule: every campaign."""

    operands: tuple[Rule, ...]

    def __post_init__(self) -> None:
        if self.operands:
            _check_operands("and", self.operands, minimum=2)


@dataclass(frozen=True)
class Or:
    """At least one operand holds."""

    operands: tuple[Rule, ...]

    def __post_init__(self) -> None:
        _check_operands("or", self.operands, minimum=2)


Rule: TypeAlias = Compare | OneOf | HasTheme | Flag | Not | And | Or
Leaf: TypeAlias = Compare | OneOf | HasTheme | Flag
LEAF_TYPES = (Compare, OneOf, HasTheme, Flag)

EVERY_CAMPAIGN: And = And(())


def is_empty(rule: Rule) -> bool:
    """True for the empty rule, which every campaign meets."""
    return rule == EVERY_CAMPAIGN


def all_of(*rules: Rule) -> Rule:
    """Rules combined with ``and``; empty rules drop out, nested ``and`` is flattened."""
    operands: list[Rule] = []
    for rule in rules:
        operands.extend(rule.operands if isinstance(rule, And) else (rule,))
    return operands[0] if len(operands) == 1 else And(tuple(operands))


def any_of(*rules: Rule) -> Rule:
    """Rules combined with ``or``; an empty rule among them makes every campaign eligible."""
    if not rules:
        raise ValueError("any_of needs at least one rule")
    if any(is_empty(rule) for rule in rules):
        return EVERY_CAMPAIGN
    operands: list[Rule] = []
    for rule in rules:
        operands.extend(rule.operands if isinstance(rule, Or) else (rule,))
    return operands[0] if len(operands) == 1 else Or(tuple(operands))


def _check_operands(name: str, operands: Iterable[Rule], *, minimum: int) -> None:
    # These invariants make the text and JSON forms unique; parser and JSON reader keep them.
    items = tuple(operands)
    if len(items) < minimum:
        raise ValueError(f"'{name}' needs at least {minimum} operands, got {len(items)}")
    if any(is_empty(item) for item in items):
        raise ValueError(f"the empty rule can only be a whole rule, not an operand of '{name}'")


def fields_of(rule: Rule) -> frozenset[str]:
    """The field names a rule reads (``themes`` for theme conditions)."""
    match rule:
        case And(operands=operands) | Or(operands=operands):
            return frozenset().union(*(fields_of(operand) for operand in operands))
        case Not(operand=operand):
            return fields_of(operand)
        case HasTheme():
            return frozenset({"themes"})
        case Compare(field=field) | OneOf(field=field) | Flag(field=field):
            return frozenset({field})
    raise TypeError(f"not a rule: {rule!r}")
