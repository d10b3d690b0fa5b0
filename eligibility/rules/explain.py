"""Why a campaign meets a rule or not, condition by condition, in words a manager reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from eligibility.campaigns import CampaignTable
from eligibility.money import format_euros
from eligibility.rules.fields import FIELDS, FieldKind
from eligibility.rules.nodes import And, Compare, Flag, HasTheme, Leaf, Not, OneOf, Or, Rule, Scalar
from eligibility.rules.rowwise import Row, evaluate_row, row_themes, row_value

Part = Literal["condition", "and", "or", "not", "every campaign"]

_NUMBER_ORDER = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
_DATE_ORDER = {">=": "on or after", ">": "after", "<=": "on or before", "<": "before"}
_COMBINATION_WORDS = {
    "and": "all of the following",
    "or": "at least one of the following",
    "not": "not the following",
}


@dataclass(frozen=True)
class RuleExplanation:
    """One part of a rule for one campaign: whether it held, in words, with its sub-parts."""

    held: bool
    words: str
    children: tuple[RuleExplanation, ...] = ()
    part: Part = "condition"

    def failed_conditions(self) -> list[str]:
        """The conditions that made the rule fail, each once (a pool's own rule and the Courte
        Échelle restriction may name the same one); empty when it held."""
        return list(dict.fromkeys(self._reasons(wanted=True)))

    def _reasons(self, *, wanted: bool) -> list[str]:
        # A part that came out as wanted is no reason; under a "not" the wanted outcome flips.
        if self.held == wanted:
            return []
        if self.part == "condition":
            return [self.words if wanted else f"{self.words}, which the rule excludes"]
        if self.part == "not":
            return self.children[0]._reasons(wanted=not wanted)
        return [reason for child in self.children for reason in child._reasons(wanted=wanted)]

    def __str__(self) -> str:
        return "\n".join(self._lines(depth=0))

    def _lines(self, *, depth: int) -> Iterator[str]:
        yield f"{'  ' * depth}{self.words} — {'held' if self.held else 'failed'}"
        for child in self.children:
            yield from child._lines(depth=depth + 1)


def explain(rule: Rule, table: CampaignTable, row: int) -> RuleExplanation:
    """Explain the rule on the campaign at position ``row`` of the table."""
    if not 0 <= row < len(table):
        raise IndexError(f"row {row} is outside the table of {len(table)} campaigns")
    return explain_row(rule, table.frame.iloc[row].to_dict())


def explain_row(rule: Rule, values: Row) -> RuleExplanation:
    """Explain the rule on one campaign given as ``{column: value}`` (as ``evaluate_row``)."""
    match rule:
        case And(operands=()):
            return RuleExplanation(True, "every campaign is eligible", part="every campaign")
        case And(operands=operands) | Or(operands=operands):
            part: Part = "and" if isinstance(rule, And) else "or"
            children = tuple(explain_row(operand, values) for operand in operands)
            combine = all if part == "and" else any
            held = combine(child.held for child in children)
            return RuleExplanation(held, _COMBINATION_WORDS[part], children, part)
        case Not(operand=operand):
            child = explain_row(operand, values)
            return RuleExplanation(not child.held, _COMBINATION_WORDS["not"], (child,), "not")
        case _:
            held = evaluate_row(rule, values)
            return RuleExplanation(held, _condition_words(rule, values, held=held))


def _condition_words(leaf: Leaf, values: Row, *, held: bool) -> str:
    """One condition on one campaign: what the campaign has, and what the rule asks."""
    match leaf:
        case Flag(field=field):
            label = FIELDS[field].label
            return f"{label} is true" if held else f"{label} is false, needs true"
        case HasTheme(theme=theme, negated=negated):
            among = f"the themes ({', '.join(row_themes(values)) or 'none'})"
            if negated:
                return (
                    f'"{theme}" is not among {among}'
                    if held
                    else f'"{theme}" is among {among}, must not be'
                )
            return f'"{theme}" is among {among}' if held else f'"{theme}" is not among {among}'
        case Compare(field=field, op=op, value=value):
            return f"{_subject(field, values)}, {_comparison(field, op, value, held=held)}"
        case OneOf(field=field, values=choices, negated=negated):
            listed = _spoken_list([_show_literal(field, choice) for choice in choices])
            if negated:
                asked = f"not one of {listed}" if held else f"must not be one of {listed}"
            else:
                asked = f"one of {listed}" if held else f"needs one of {listed}"
            return f"{_subject(field, values)}, {asked}"


def _comparison(field: str, op: str, value: Scalar, *, held: bool) -> str:
    shown = _show_literal(field, value)
    if op == "==":
        return "as required" if held else f"needs to be {shown}"
    if op == "!=":
        return f"not {shown}" if held else f"must not be {shown}"
    if FIELDS[field].kind is FieldKind.DATE:
        return f"{_DATE_ORDER[op]} {shown}" if held else f"needs to be {_DATE_ORDER[op]} {shown}"
    return f"{_NUMBER_ORDER[op]} {shown}" if held else f"needs {_NUMBER_ORDER[op]} {shown}"


def _subject(field: str, values: Row) -> str:
    return f"{FIELDS[field].label} is {_show_value(field, row_value(values, field))}"


def _show_value(field: str, value: Any) -> str:
    kind = FIELDS[field].kind
    if kind is FieldKind.MONEY:
        return f"{format_euros(value)} €"
    if kind is FieldKind.BOOLEAN:
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return _show_text(str(value))


def _show_literal(field: str, value: Scalar) -> str:
    kind = FIELDS[field].kind
    if kind is FieldKind.MONEY:
        return f"{value} €"
    if isinstance(value, bool):
        return "true" if value else "false"
    return _show_text(str(value))


def _show_text(text: str) -> str:
    # The empty priority network reads better as "none" than as nothing at all.
    return text if text else "none"


def _spoken_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"
