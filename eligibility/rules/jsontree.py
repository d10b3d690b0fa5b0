"""The JSON tree form of a rule, equivalent to the text form and checked the same way.

{"and": [rule, ...]}    {"or": [rule, ...]}    {"not": rule}
{"field": "nights", "op": ">=", "value": 4}
{"field": "school_type", "op": "in", "value": ["college", "lycee"]}      (also "not in")
{"field": "themes", "op": "contains", "value": "mountain"}              (also "not contains")
{"field": "isolated"}                                                    a boolean on its own
{"and": []}                                                              every campaign
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeGuard

from eligibility.errors import InputError, Problem
from eligibility.rules.check import (
    Mistake,
    check_compare,
    check_container,
    check_field,
    check_flag,
    check_one_of,
    check_theme,
)
from eligibility.rules.nodes import (
    COMPARE_OPS,
    EVERY_CAMPAIGN,
    MAX_DEPTH,
    And,
    Compare,
    Flag,
    HasTheme,
    Not,
    OneOf,
    Or,
    Rule,
    Scalar,
    compare_op,
)

_LIST_OPS = ("in", "not in")
_THEME_OPS = ("contains", "not contains")
_OPS = (*COMPARE_OPS, *_LIST_OPS, *_THEME_OPS)
_LEAF_KEYS = frozenset({"field", "op", "value"})


def rule_to_json(rule: Rule) -> dict[str, object]:
    """The JSON tree of a rule; ``rule_from_json`` gives back an equal rule."""
    match rule:
        case And(operands=operands):
            return {"and": [rule_to_json(child) for child in operands]}
        case Or(operands=operands):
            return {"or": [rule_to_json(child) for child in operands]}
        case Not(operand=operand):
            return {"not": rule_to_json(operand)}
        case Compare(field=field, op=op, value=value):
            return {"field": field, "op": op, "value": value}
        case OneOf(field=field, values=values, negated=negated):
            return {"field": field, "op": "not in" if negated else "in", "value": list(values)}
        case HasTheme(theme=theme, negated=negated):
            return {
                "field": "themes",
                "op": "not contains" if negated else "contains",
                "value": theme,
            }
        case Flag(field=field):
            return {"field": field}


def rule_from_json(obj: object, *, source: str = "rule") -> Rule:
    """Read and type-check a JSON tree; InputError lists every problem with its JSON path.

    A one-item ``and``/``or`` is read as its item, so hand-written trees need not special-case it.
    """
    reader = _Reader()
    rule = reader.read(obj, "$", whole=True)
    if reader.problems or rule is None:
        raise InputError(Problem(source=source, message=m) for m in reader.problems)
    return rule


class _Reader:
    """Walks a tree, building the rule and collecting every problem on the way."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.depth = 0

    def read(self, obj: object, path: str, *, whole: bool) -> Rule | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                message = f"the rule nests more than {MAX_DEPTH} levels of 'and', 'or' and 'not'"
                return self._problem(path, message)
            return self._node(obj, path, whole=whole)
        finally:
            self.depth -= 1

    def _node(self, obj: object, path: str, *, whole: bool) -> Rule | None:
        if not isinstance(obj, Mapping):
            return self._problem(path, 'expected an object such as {"field": "isolated"}')
        for name in ("and", "or", "not"):
            if name in obj:
                if len(obj) != 1:
                    others = ", ".join(repr(key) for key in obj if key != name)
                    return self._problem(
                        path, f"'{name}' must be the only key, found also {others}"
                    )
                return self._combination(name, obj[name], f"{path}.{name}", whole=whole)
        if "field" in obj:
            return self._leaf(obj, path)
        keys = ", ".join(repr(key) for key in obj) or "none"
        return self._problem(path, f"expected the key 'and', 'or', 'not' or 'field', found {keys}")

    def _combination(self, name: str, value: object, path: str, *, whole: bool) -> Rule | None:
        if name == "not":
            operand = self.read(value, path, whole=False)
            return None if operand is None else Not(operand)
        if not _is_list(value):
            return self._problem(path, "expected a list of rules")
        items = list(value)
        if not items:
            if name == "or":
                return self._problem(path, "'or' needs at least one rule")
            if not whole:
                return self._problem(
                    path, "an empty 'and' (every campaign) can only be the whole rule"
                )
            return EVERY_CAMPAIGN
        operands = [self.read(item, f"{path}[{i}]", whole=False) for i, item in enumerate(items)]
        children = [operand for operand in operands if operand is not None]
        if len(children) < len(operands):
            return None
        if len(children) == 1:
            return children[0]
        return And(tuple(children)) if name == "and" else Or(tuple(children))

    def _leaf(self, obj: Mapping[object, object], path: str) -> Rule | None:
        unknown = [repr(key) for key in obj if key not in _LEAF_KEYS]
        if unknown:
            return self._problem(
                path, f"unknown keys {', '.join(unknown)}; expected field, op, value"
            )
        field = obj["field"]
        if not isinstance(field, str):
            return self._problem(f"{path}.field", "expected a field name as text")
        if self._mistake(check_field(field), path):
            return None
        if "op" not in obj and "value" not in obj:
            return None if self._mistake(check_flag(field), path) else Flag(field)
        if "op" not in obj or "value" not in obj:
            return self._problem(path, "'op' and 'value' go together; give both or neither")
        op, value = obj["op"], obj["value"]
        if op in COMPARE_OPS:
            return self._compare(field, str(op), value, path)
        if op in _LIST_OPS:
            return self._one_of(field, value, path, negated=op == "not in")
        if op in _THEME_OPS:
            return self._theme(field, value, path, negated=op == "not contains")
        allowed = ", ".join(f'"{o}"' for o in _OPS)
        return self._problem(f"{path}.op", f"unknown operator {op!r}; expected one of {allowed}")

    def _compare(self, field: str, op: str, value: object, path: str) -> Rule | None:
        if self._mistake(check_compare(field, op, value), path):
            return None
        return Compare(field, compare_op(op), _scalar(value))

    def _one_of(self, field: str, value: object, path: str, *, negated: bool) -> Rule | None:
        if not _is_list(value):
            return self._problem(f"{path}.value", "expected a list of values")
        values = list(value)
        if self._mistake(check_one_of(field, values), path):
            return None
        return OneOf(field, tuple(_scalar(v) for v in values), negated)

    def _theme(self, field: str, value: object, path: str, *, negated: bool) -> Rule | None:
        if self._mistake(check_container(field), path) or self._mistake(check_theme(value), path):
            return None
        return HasTheme(str(value), negated)

    def _mistake(self, mistake: Mistake | None, path: str) -> bool:
        if mistake is None:
            return False
        where = f"{path}.{mistake.part}"
        if mistake.index is not None:
            where += f"[{mistake.index}]"
        self._problem(where, mistake.message)
        return True

    def _problem(self, path: str, message: str) -> Rule | None:
        # Typed as a reader result so callers can return it: a subtree with a problem has no rule.
        self.problems.append(f"at {path}: {message}")
        return None


def _is_list(value: object) -> TypeGuard[Sequence[object]]:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _scalar(value: object) -> Scalar:
    # Only called once the checks have accepted the value.
    if isinstance(value, str | int):
        return value
    raise TypeError(f"not a rule literal: {value!r}")
