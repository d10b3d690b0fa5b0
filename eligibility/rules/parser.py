"""Recursive-descent parser of the rule language; never ``eval``.

    rule       := [or_rule] END
    or_rule    := and_rule ("or" and_rule)*
    and_rule   := not_rule ("and" not_rule)*
    not_rule   := "not" not_rule | "(" or_rule ")" | condition
    condition  := NAME [OPERATOR literal | ["not"] "in" "(" literal ("," literal)* [","] ")"]
                | TEXT ["not"] "in" "themes"
    literal    := TEXT | INTEGER | "true" | "false"

A chain ``a and b and c`` becomes one ``And``; a parenthesised ``and`` inside another stays
nested, so the canonical text of any AST parses back to exactly that AST.
"""

from __future__ import annotations

import functools
from typing import NoReturn

from eligibility.errors import RuleError
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
from eligibility.rules.tokens import Token, TokenKind, tokenize

_LITERALS = (TokenKind.TEXT, TokenKind.INTEGER, TokenKind.TRUE, TokenKind.FALSE)


def parse_rule(text: str, *, source: str = "rule") -> Rule:
    """Parse and type-check a rule; the empty or blank text is the rule every campaign meets."""
    return _parse(text, source)


@functools.lru_cache(maxsize=4096)
def _parse(text: str, source: str) -> Rule:
    # Rules are immutable values and funds are parsed again at every use: parse each text once.
    return _Parser(text, source=source).rule()


class _Parser:
    """One pass over the tokens of one rule."""

    def __init__(self, text: str, *, source: str) -> None:
        self.text = text
        self.source = source
        self.tokens = tokenize(text, source=source)
        self.index = 0
        self.depth = 0

    def rule(self) -> Rule:
        if self._peek().kind is TokenKind.END:
            return EVERY_CAMPAIGN
        rule = self._or_rule()
        token = self._peek()
        if token.kind is TokenKind.RIGHT:
            self._fail("unmatched ')'", token.position)
        if token.kind is not TokenKind.END:
            self._fail(
                f"unexpected {_show(token)}; expected 'and', 'or' or the end", token.position
            )
        return rule

    def _or_rule(self) -> Rule:
        operands = [self._and_rule()]
        while self._accept(TokenKind.OR):
            operands.append(self._and_rule())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and_rule(self) -> Rule:
        operands = [self._not_rule()]
        while self._accept(TokenKind.AND):
            operands.append(self._not_rule())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _not_rule(self) -> Rule:
        token = self._peek()
        if token.kind in (TokenKind.NOT, TokenKind.LEFT):
            self._enter(token)
            if token.kind is TokenKind.NOT:
                self._advance()
                rule: Rule = Not(self._not_rule())
            else:
                rule = self._group()
            self.depth -= 1
            return rule
        if token.kind is TokenKind.NAME:
            return self._field_condition()
        if token.kind is TokenKind.TEXT:
            return self._theme_condition()
        return self._fail(_expected_condition(token), token.position)

    def _group(self) -> Rule:
        left = self._advance()
        if self._peek().kind is TokenKind.RIGHT:
            self._fail("empty parentheses; put a condition inside", left.position)
        rule = self._or_rule()
        token = self._peek()
        if token.kind is TokenKind.END:
            self._fail("unclosed '('", left.position)
        if token.kind is not TokenKind.RIGHT:
            self._fail(f"unexpected {_show(token)}; expected 'and', 'or' or ')'", token.position)
        self._advance()
        return rule

    def _field_condition(self) -> Rule:
        name = self._advance()
        field = str(name.value)
        self._check(check_field(field), field=name)
        token = self._peek()
        if token.kind is TokenKind.OPERATOR:
            return self._comparison(name, self._advance())
        if token.kind is TokenKind.IN or (
            token.kind is TokenKind.NOT and self._peek(1).kind is TokenKind.IN
        ):
            return self._one_of(name)
        self._check(check_flag(field), field=name)
        return Flag(field)

    def _comparison(self, name: Token, operator: Token) -> Rule:
        value_token, value = self._literal()
        field, op = str(name.value), str(operator.value)
        self._check(check_compare(field, op, value), field=name, op=operator, values=[value_token])
        return Compare(field, compare_op(op), value)

    def _one_of(self, name: Token) -> Rule:
        negated = self._accept(TokenKind.NOT)
        keyword = self._advance()
        left = self._peek()
        if left.kind is not TokenKind.LEFT:
            self._fail(_expected_list(left), left.position)
        self._advance()
        tokens: list[Token] = []
        values: list[Scalar] = []
        while self._peek().kind is not TokenKind.RIGHT:
            token, value = self._literal()
            tokens.append(token)
            values.append(value)
            if not self._accept(TokenKind.COMMA):
                break
        closing = self._peek()
        if closing.kind is TokenKind.END:
            self._fail("unclosed '('", left.position)
        if closing.kind is not TokenKind.RIGHT:
            self._fail(f"unexpected {_show(closing)}; expected ',' or ')'", closing.position)
        self._advance()
        mistake = check_one_of(str(name.value), values)
        self._check(mistake, field=name, op=keyword, values=tokens or [left])
        return OneOf(str(name.value), tuple(values), negated)

    def _theme_condition(self) -> Rule:
        theme = self._advance()
        negated = self._accept(TokenKind.NOT)
        keyword = self._peek()
        if keyword.kind is not TokenKind.IN:
            self._fail(
                'a quoted theme must be followed by "in themes"; a condition on another field '
                'starts with the field name, e.g. school_type == "college"',
                keyword.position,
            )
        self._advance()
        container = self._peek()
        if container.kind is not TokenKind.NAME:
            self._fail(
                f"expected \"themes\" after 'in', found {_show(container)}; "
                "a condition on another field starts with the field name",
                container.position,
            )
        self._advance()
        field = str(container.value)
        self._check(check_field(field), field=container)
        self._check(check_container(field), field=container)
        self._check(check_theme(theme.value), values=[theme])
        return HasTheme(str(theme.value), negated)

    def _literal(self) -> tuple[Token, Scalar]:
        token = self._peek()
        if token.kind not in _LITERALS:
            self._fail(
                f'expected a value ("quoted text", a whole number, true or false), '
                f"found {_show(token)}",
                token.position,
            )
        self._advance()
        if token.kind is TokenKind.TRUE:
            return token, True
        if token.kind is TokenKind.FALSE:
            return token, False
        return token, token.value

    def _check(
        self,
        mistake: Mistake | None,
        *,
        field: Token | None = None,
        op: Token | None = None,
        values: list[Token] | None = None,
    ) -> None:
        if mistake is None:
            return
        at = {"field": field, "op": op}.get(mistake.part)
        if mistake.part == "value" and values:
            at = values[mistake.index or 0]
        position = at.position if at is not None else self._peek().position
        self._fail(mistake.message, position)

    def _enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = f"the rule nests more than {MAX_DEPTH} levels of parentheses and 'not'"
            self._fail(message, token.position)

    def _peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def _advance(self) -> Token:
        token = self._peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def _accept(self, kind: TokenKind) -> bool:
        if self._peek().kind is kind:
            self._advance()
            return True
        return False

    def _fail(self, message: str, position: int) -> NoReturn:
        raise RuleError(message, text=self.text, position=position, source=self.source)


def _show(token: Token) -> str:
    if token.kind is TokenKind.END:
        return "end of the rule"
    if token.kind is TokenKind.TEXT:
        return f'"{token.value}"'
    return f"'{token.value}'"


def _expected_condition(token: Token) -> str:
    if token.kind is TokenKind.END:
        return "the rule ends where a condition was expected"
    if token.kind is TokenKind.RIGHT:
        return "unmatched ')'; a condition was expected"
    if token.kind in (TokenKind.INTEGER, TokenKind.TRUE, TokenKind.FALSE):
        return f"a condition starts with a field name, e.g. nights >= 4; found {_show(token)}"
    return f"expected a condition, found {_show(token)}"


def _expected_list(token: Token) -> str:
    if token.kind is TokenKind.NAME and token.value == "themes":
        return 'to test a theme write it first, in double quotes: "mountain" in themes'
    return 'expected a list of values in parentheses after \'in\', e.g. ("college", "lycee")'
