"""Parsing rules: the AST of hand-written rules, and every kind of error with its position."""

from __future__ import annotations

import pytest

from eligibility.errors import InputError, RuleError
from eligibility.rules import (
    EVERY_CAMPAIGN,
    And,
    Compare,
    Flag,
    HasTheme,
    Not,
    OneOf,
    Or,
    parse_rule,
)

ISSUE_EXAMPLE = (
    'school_type in ("ecole_elementaire", "ecole_primaire") and nights >= 4 and "mountain" in '
    'themes and (priority_education in ("REP", "REP+") or isolated)'
)


def test_issue_example_parses_to_one_flat_and() -> None:
    """The issue's example is a four-part and whose last part is an or."""
    assert parse_rule(ISSUE_EXAMPLE) == And(
        (
            OneOf("school_type", ("ecole_elementaire", "ecole_primaire")),
            Compare("nights", ">=", 4),
            HasTheme("mountain"),
            Or((OneOf("priority_education", ("REP", "REP+")), Flag("isolated"))),
        )
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_rule_means_every_campaign(text: str) -> None:
    """An empty or blank rule is the empty and."""
    assert parse_rule(text) == EVERY_CAMPAIGN == And(())


def test_not_binds_tighter_than_and_tighter_than_or() -> None:
    """``a or b and not c`` reads as ``a or (b and (not c))``."""
    assert parse_rule("isolated or inclusive and not courte_echelle") == Or(
        (Flag("isolated"), And((Flag("inclusive"), Not(Flag("courte_echelle")))))
    )


def test_not_applies_to_a_whole_comparison() -> None:
    """``not nights >= 4`` negates the comparison, not the field."""
    assert parse_rule("not nights >= 4") == Not(Compare("nights", ">=", 4))


def test_chains_flatten_but_parenthesised_groups_stay_nested() -> None:
    """Only a chain becomes one n-ary node; parentheses keep their own node."""
    a, b, c = Flag("isolated"), Flag("inclusive"), Flag("courte_echelle")
    assert parse_rule("isolated and inclusive and courte_echelle") == And((a, b, c))
    assert parse_rule("isolated and (inclusive and courte_echelle)") == And((a, And((b, c))))
    assert parse_rule("(isolated or inclusive) or courte_echelle") == Or((Or((a, b)), c))
    assert parse_rule("((isolated))") == a


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('sector != "prive"', Compare("sector", "!=", "prive")),
        ("isolated == false", Compare("isolated", "==", False)),
        ("not isolated", Not(Flag("isolated"))),
        ("not not isolated", Not(Not(Flag("isolated")))),
        ('"sea" not in themes', HasTheme("sea", negated=True)),
        ('school_type not in ("college",)', OneOf("school_type", ("college",), negated=True)),
        ("nights in (1, 2, 3)", OneOf("nights", (1, 2, 3))),
        ('priority_education == ""', Compare("priority_education", "==", "")),
        ('departement in ("2A", "095")', OneOf("departement", ("2A", "095"))),
        ('academie == "Créteil"', Compare("academie", "==", "Créteil")),
        ("need >= 500", Compare("need", ">=", 500)),
        ("nights>=04", Compare("nights", ">=", 4)),
        ('ends_on < "2025-06-01"', Compare("ends_on", "<", "2025-06-01")),
        ('commune == "Saint-Étienne"', Compare("commune", "==", "Saint-Étienne")),
        (r'school_name == "say \"hi\" \\ here"', Compare("school_name", "==", 'say "hi" \\ here')),
    ],
)
def test_conditions_parse(text: str, expected: object) -> None:
    """Each kind of condition parses to the node written here."""
    assert parse_rule(text) == expected


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("nigths >= 4", 0, 'unknown field "nigths"; did you mean "nights"?'),
        ("mountain in themes", 0, 'write "mountain" in themes'),
        ('nights == "four"', 10, "nights is a whole number and cannot be compared with the text"),
        ("isolated > 3", 9, "'>' orders numbers, money and dates only"),
        ("isolated == 3", 12, "isolated is true or false and cannot be compared with the number 3"),
        ('"mountain" in school_type', 14, "only themes can contain a theme"),
        ('school_type == "lycee_pro"', 15, 'did you mean "lycee_professionnel"?'),
        ('school_type in ("college", "lycee_pro")', 27, 'unknown school_type "lycee_pro"'),
        ('"montain" in themes', 0, 'unknown theme "montain"; did you mean "mountain"?'),
        ('departement == "95"', 15, 'did you mean "095"?'),
        ('academie == "Creteil"', 12, 'did you mean "Créteil"?'),
        ('priority_education == "REP++"', 22, "allowed values"),
        ('commune < "Paris"', 8, "commune is free text"),
        ('school_type >= "college"', 12, "'>=' orders numbers, money and dates only"),
        ('ends_on < "2025-02-30"', 10, '"2025-02-30" is not a date'),
        ('starts_on > "1/2/2025"', 12, 'write it "YYYY-MM-DD"'),
        ("nights", 0, "not a condition on its own"),
        ('themes == "sea"', 7, 'test one theme with "mountain" in themes'),
        ('themes in ("sea")', 7, 'test one theme with "mountain" in themes'),
        ("isolated in (true)", 9, "'in' does not apply to isolated"),
        ("(isolated and inclusive", 0, "unclosed '('"),
        ("nights in (1, 2", 10, "unclosed '('"),
        ("isolated)", 8, "unmatched ')'"),
        ("isolated inclusive", 9, "expected 'and', 'or' or the end"),
        ("(isolated inclusive)", 10, "expected 'and', 'or' or ')'"),
        ("school_type in ()", 15, "the list of values is empty"),
        ("()", 0, "empty parentheses"),
        ("isolated and", 12, "the rule ends where a condition was expected"),
        ("and isolated", 0, "expected a condition"),
        ("4 <= nights", 0, "a condition starts with a field name"),
        ('"sea" == themes', 6, 'must be followed by "in themes"'),
        ("nights >= -1", 10, "never negative"),
        ("isolated = true", 9, "use == to test equality"),
        ("sector == 'public'", 10, "double quotes"),
        ('commune == "Paris', 11, "unclosed quote"),
        (r'commune == "a\nb"', 13, "unknown escape"),
        ("nights >= 4.5", 10, "whole numbers"),
        ("nights >= and", 10, "expected a value"),
        ('school_type in "college"', 15, "expected a list of values in parentheses"),
        ("nights >= 10000000000000000", 10, "too large"),
    ],
)
def test_errors_point_at_the_offending_token(text: str, position: int, words: str) -> None:
    """Each mistake is a RuleError naming the problem at the 0-based position of its token."""
    with pytest.raises(RuleError) as caught:
        parse_rule(text)
    assert caught.value.position == position
    assert words in caught.value.reason
    assert caught.value.text == text


def test_rule_error_is_an_input_error_with_the_source() -> None:
    """Rule errors are input errors (and ValueErrors) and say which rule they come from."""
    with pytest.raises(InputError) as caught:
        parse_rule("nights >= 4 and", source="funds.json fund 'alpes'")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value.problems[0]).startswith("funds.json fund 'alpes': ")
    assert str(caught.value).endswith("nights >= 4 and\n" + " " * 15 + "^")


@pytest.mark.parametrize(
    "text",
    [
        "(" * 40 + "isolated" + ")" * 40,
        "not " * 500 + "isolated",
        "(not " * 20 + "isolated" + ")" * 20,
    ],
)
def test_a_rule_nested_beyond_the_limit_is_a_rule_error(text: str) -> None:
    """Hundreds of levels overflowed the stack (a traceback, an HTTP 500): now a clear error."""
    with pytest.raises(RuleError, match="nests more than 32 levels of parentheses and 'not'"):
        parse_rule(text)


def test_a_rule_nested_up_to_the_limit_parses() -> None:
    assert parse_rule("(" * 16 + "not " * 15 + "isolated" + ")" * 16) is not None
