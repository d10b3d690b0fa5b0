"""Type checks shared by the text parser and the JSON reader, so both accept the same rules.

Each check returns a ``Mistake`` naming the part of the condition at fault; the parser turns it
into a position in the text, the JSON reader into a path in the tree.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from eligibility.rules.fields import FIELDS, KIND_WORDS, MAX_INTEGER, FieldKind, choices_of
from eligibility.rules.nodes import ORDER_OPS
from eligibility.vocabulary import THEMES

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_THEME_HINT = 'test one theme with "mountain" in themes'


@dataclass(frozen=True)
class Mistake:
    """What is wrong and where: the field, the operator or the value (``index`` in a list)."""

    message: str
    part: Literal["field", "op", "value"]
    index: int | None = None


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option closest to ``word``, ignoring case and accents first; None if none is close."""
    by_key = {_fold(option): option for option in options}
    key = _fold(word)
    if key in by_key:
        return by_key[key]
    # A manager often types the start of a long value: "lycee_pro" for "lycee_professionnel".
    extensions = [option for folded, option in by_key.items() if key and folded.startswith(key)]
    if len(extensions) == 1:
        return extensions[0]
    matches = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return by_key[matches[0]] if matches else None


def describe(value: object) -> str:
    """A literal as a manager would name it in a sentence."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
    return f"{value!r}"


def check_field(name: str) -> Mistake | None:
    """An unknown field name, with the closest known one."""
    if name in FIELDS:
        return None
    if name in THEMES:
        return Mistake(f'unknown field "{name}"; to test a theme write "{name}" in themes', "field")
    suggestion = closest(name, FIELDS)
    hint = f'did you mean "{suggestion}"?' if suggestion else f"known fields: {', '.join(FIELDS)}"
    return Mistake(f'unknown field "{name}"; {hint}', "field")


def check_compare(field: str, op: str, value: object) -> Mistake | None:
    """``field op value`` for a known field."""
    kind = FIELDS[field].kind
    if kind is FieldKind.THEMES:
        return Mistake(f"themes is {KIND_WORDS[kind]}; {_THEME_HINT}", "op")
    if op in ORDER_OPS and kind in (FieldKind.TEXT, FieldKind.CHOICE, FieldKind.BOOLEAN):
        return Mistake(
            f"'{op}' orders numbers, money and dates only; {field} is {KIND_WORDS[kind]}", "op"
        )
    return check_value(field, value)


def check_one_of(field: str, values: Sequence[object]) -> Mistake | None:
    """``field in (...)`` for a known field: a non-empty list of values of the field's type."""
    kind = FIELDS[field].kind
    if kind is FieldKind.THEMES:
        return Mistake(f"themes is {KIND_WORDS[kind]}; {_THEME_HINT}", "op")
    if kind is FieldKind.BOOLEAN:
        return Mistake(
            f"'in' does not apply to {field}, which is true or false; write {field} or not {field}",
            "op",
        )
    if not values:
        return Mistake("the list of values is empty; give at least one", "value")
    for index, value in enumerate(values):
        mistake = check_value(field, value, index=index)
        if mistake is not None:
            return mistake
    return None


def check_theme(theme: object) -> Mistake | None:
    """A theme of the vocabulary, in double quotes."""
    if not isinstance(theme, str):
        return Mistake(f"a theme is text in double quotes, not {describe(theme)}", "value")
    if theme in THEMES:
        return None
    suggestion = closest(theme, THEMES)
    hint = f'did you mean "{suggestion}"?' if suggestion else f"themes: {', '.join(THEMES)}"
    return Mistake(f'unknown theme "{theme}"; {hint}', "value")


def check_container(field: str) -> Mistake | None:
    """The right side of ``"theme" in field``: only ``themes`` holds themes."""
    kind = FIELDS[field].kind
    if kind is FieldKind.THEMES:
        return None
    return Mistake(
        f"type mismatch: only themes can contain a theme; {field} is {KIND_WORDS[kind]}", "field"
    )


def check_flag(field: str) -> Mistake | None:
    """A field standing alone as a condition must be true or false."""
    kind = FIELDS[field].kind
    if kind is FieldKind.BOOLEAN:
        return None
    if kind is FieldKind.THEMES:
        return Mistake(f"themes is {KIND_WORDS[kind]}; {_THEME_HINT}", "field")
    example = {
        FieldKind.INTEGER: f"{field} >= 4",
        FieldKind.MONEY: f"{field} >= 500",
        FieldKind.DATE: f'{field} < "2025-06-01"',
    }.get(kind, f'{field} == "..."')
    return Mistake(
        f"{field} is {KIND_WORDS[kind]}, not a condition on its own; compare it, e.g. {example}",
        "field",
    )


def check_value(field: str, value: object, *, index: int | None = None) -> Mistake | None:
    """A literal of the field's type, within its vocabulary or range."""
    kind = FIELDS[field].kind
    message = _type_mismatch(field, kind, value)
    if message is None:
        if kind is FieldKind.CHOICE and isinstance(value, str):
            message = _unknown_choice(field, value)
        elif kind is FieldKind.DATE and isinstance(value, str):
            message = _bad_date(value)
        elif kind in (FieldKind.INTEGER, FieldKind.MONEY) and isinstance(value, int):
            message = _out_of_range(value)
    return None if message is None else Mistake(message, "value", index)


def _type_mismatch(field: str, kind: FieldKind, value: object) -> str | None:
    if kind is FieldKind.BOOLEAN:
        expected: tuple[type, ...] = (bool,)
    elif kind in (FieldKind.INTEGER, FieldKind.MONEY):
        expected = (int,)
    else:
        expected = (str,)
    wrong_bool = isinstance(value, bool) and bool not in expected
    if isinstance(value, expected) and not wrong_bool:
        return None
    return (
        f"type mismatch: {field} is {KIND_WORDS[kind]} and cannot be compared with "
        f"{describe(value)}"
    )


def _unknown_choice(field: str, value: str) -> str | None:
    choices = choices_of(field)
    if value in choices:
        return None
    if field == "departement" and value.zfill(3) in choices:
        suggestion: str | None = value.zfill(3)
    else:
        suggestion = closest(value, [c for c in choices if c])
    message = f'unknown {field} "{value}"'
    if len(choices) <= 10:
        quoted = ", ".join(f'"{choice}"' for choice in choices)
        message += f"; allowed values: {quoted}"
    elif field == "departement":
        message += '; départements are INSEE codes written as text: "095", "2A", "974"'
    if suggestion is not None:
        message += f'; did you mean "{suggestion}"?'
    return message


def _bad_date(value: str) -> str | None:
    if _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return None
    return f'"{value}" is not a date; write it "YYYY-MM-DD", e.g. "2025-06-30"'


def _out_of_range(value: int) -> str | None:
    if value < 0:
        return f"numbers in rules are never negative, got {value}"
    if value > MAX_INTEGER:
        return f"{value} is too large; numbers in rules are at most {MAX_INTEGER}"
    return None


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
