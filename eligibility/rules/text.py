"""The canonical text of a rule: one spelling per AST, with only the parentheses it needs."""

from __future__ import annotations

from eligibility.rules.nodes import And, Compare, Flag, HasTheme, Not, OneOf, Or, Rule, Scalar

# Binding strength: a child binding less tightly than its parent needs parentheses.
_OR, _AND, _NOT, _CONDITION = 1, 2, 3, 4


def rule_to_text(rule: Rule) -> str:
    """The rule in the rule language; ``parse_rule`` gives back an equal rule."""
    match rule:
        case And(operands=()):
            return ""
        case And(operands=operands):
            return " and ".join(_operand(child, parent=_AND) for child in operands)
        case Or(operands=operands):
            return " or ".join(_operand(child, parent=_OR) for child in operands)
        case Not(operand=operand):
            return f"not {_operand(operand, parent=_NOT)}"
        case Compare(field=field, op=op, value=value):
            return f"{field} {op} {literal_to_text(value)}"
        case OneOf(field=field, values=values, negated=negated):
            items = ", ".join(literal_to_text(value) for value in values)
            return f"{field} {'not in' if negated else 'in'} ({items})"
        case HasTheme(theme=theme, negated=negated):
            return f"{literal_to_text(theme)} {'not in' if negated else 'in'} themes"
        case Flag(field=field):
            return field


def literal_to_text(value: Scalar) -> str:
    """A literal as written in a rule: ``"text"`` with escapes, ``4``, ``true``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _operand(rule: Rule, *, parent: int) -> str:
    text = rule_to_text(rule)
    strength = _strength(rule)
    # A nested and/or of the same kind keeps its parentheses: the parser flattens only chains.
    needs_parentheses = strength < parent or (strength == parent and parent != _NOT)
    return f"({text})" if needs_parentheses else text


def _strength(rule: Rule) -> int:
    if isinstance(rule, Or):
        return _OR
    if isinstance(rule, And):
        return _AND
    if isinstance(rule, Not):
        return _NOT
    return _CONDITION
