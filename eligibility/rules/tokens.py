"""The tokenizer of the rule language: words, quoted text, integers, operators, parentheses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from eligibility.errors import RuleError


class TokenKind(StrEnum):
    """Token kinds; keywords get their own kind so a field can never be named ``and``."""

    NAME = "name"
    TEXT = "text"
    INTEGER = "integer"
    OPERATOR = "operator"
    LEFT = "("
    RIGHT = ")"
    COMMA = ","
    AND = "and"
    OR = "or"
    NOT = "not"
    IN = "in"
    TRUE = "true"
    FALSE = "false"
    END = "end"


KEYWORDS = {
    kind.value: kind
    for kind in (
        TokenKind.AND,
        TokenKind.OR,
        TokenKind.NOT,
        TokenKind.IN,
        TokenKind.TRUE,
        TokenKind.FALSE,
    )
}
_OPERATORS = ("==", "!=", "<=", ">=", "<", ">")
_PUNCTUATION = {"(": TokenKind.LEFT, ")": TokenKind.RIGHT, ",": TokenKind.COMMA}
# Characters a manager may type by habit from other languages, with the fix.
_HINTS = {
    "=": "use == to test equality",
    "!": "use != or not",
    "'": "text goes in double quotes",
    "&": "use and",
    "|": "use or",
    "-": "numbers in rules are never negative",
    "[": "lists of values go in parentheses",
}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its value (decoded text, int, operator or name), its position."""

    kind: TokenKind
    value: str | int
    position: int


def tokenize(text: str, *, source: str = "rule") -> list[Token]:
    """The tokens of ``text``, ending with an END token; RuleError at the first bad character."""
    tokens: list[Token] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            tokens.append(Token(TokenKind.END, "", position))
            return tokens
        token, position = _next_token(text, position, source=source)
        tokens.append(token)


def _next_token(text: str, start: int, *, source: str) -> tuple[Token, int]:
    char = text[start]
    if char == '"':
        return _text(text, start, source=source)
    if char.isdigit():
        return _integer(text, start, source=source)
    if char.isalpha() or char == "_":
        return _name(text, start)
    if char in _PUNCTUATION:
        return Token(_PUNCTUATION[char], char, start), start + 1
    for operator in _OPERATORS:
        if text.startswith(operator, start):
            return Token(TokenKind.OPERATOR, operator, start), start + len(operator)
    hint = _HINTS.get(char)
    message = f"unexpected character {char!r}" + (f"; {hint}" if hint else "")
    raise RuleError(message, text=text, position=start, source=source)


def _name(text: str, start: int) -> tuple[Token, int]:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    word = text[start:end]
    return Token(KEYWORDS.get(word, TokenKind.NAME), word, start), end


def _integer(text: str, start: int, *, source: str) -> tuple[Token, int]:
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    if end < len(text) and (text[end].isalnum() or text[end] in "_."):
        raise RuleError(
            "numbers in rules are whole numbers written with digits only",
            text=text,
            position=start,
            source=source,
        )
    digits = text[start:end]
    # str.isdigit also accepts other scripts' digits; the language only has 0-9.
    if not digits.isascii():
        raise RuleError(
            "write numbers with the digits 0-9", text=text, position=start, source=source
        )
    return Token(TokenKind.INTEGER, int(digits), start), end


def _text(text: str, start: int, *, source: str) -> tuple[Token, int]:
    chars: list[str] = []
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == '"':
            return Token(TokenKind.TEXT, "".join(chars), start), position + 1
        if char == "\\":
            escaped = text[position + 1 : position + 2]
            if escaped not in ('"', "\\"):
                raise RuleError(
                    'unknown escape; inside quotes write \\" for a quote and \\\\ for a backslash',
                    text=text,
                    position=position,
                    source=source,
                )
            char = escaped
            position += 1
        chars.append(char)
        position += 1
    raise RuleError("unclosed quote", text=text, position=start, source=source)
