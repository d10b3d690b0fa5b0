"""The canonical text of rules: one spelling, minimal parentheses, a fixed point of parsing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eligibility.rules import (
    EVERY_CAMPAIGN,
    And,
    Compare,
    Flag,
    HasTheme,
    Not,
    OneOf,
    Or,
    Rule,
    all_of,
    any_of,
    parse_rule,
    rule_to_text,
)

A, B, C = Flag("isolated"), Flag("inclusive"), Flag("courte_echelle")


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (EVERY_CAMPAIGN, ""),
        (And((A, B, C)), "isolated and inclusive and courte_echelle"),
        (Or((A, And((B, C)))), "isolated or inclusive and courte_echelle"),
        (And((Or((A, B)), C)), "(isolated or inclusive) and courte_echelle"),
        (And((A, And((B, C)))), "isolated and (inclusive and courte_echelle)"),
        (Or((Or((A, B)), C)), "(isolated or inclusive) or courte_echelle"),
        (Not(And((A, B))), "not (isolated and inclusive)"),
        (Not(Not(A)), "not not isolated"),
        (And((Not(A), B)), "not isolated and inclusive"),
        (Not(Compare("nights", ">=", 4)), "not nights >= 4"),
        (OneOf("nights", (1, 2), negated=True), "nights not in (1, 2)"),
        (HasTheme("sea", negated=True), '"sea" not in themes'),
        (Compare("isolated", "!=", True), "isolated != true"),
        (Compare("commune", "==", 'Le "Mans" \\'), r'commune == "Le \"Mans\" \\"'),
    ],
)
def test_canonical_text(rule: Rule, text: str) -> None:
    """Each AST prints with only the parentheses it needs, and parses back to itself."""
    assert rule_to_text(rule) == text
    assert parse_rule(text) == rule


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("((nights>=04))", "nights >= 4"),
        (
            '(isolated) or (inclusive and "sea"  in themes)',
            'isolated or inclusive and "sea" in themes',
        ),
        ('school_type in ("college",)', 'school_type in ("college")'),
        ("not(isolated)", "not isolated"),
    ],
)
def test_text_is_a_fixed_point(written: str, canonical: str) -> None:
    """Printing a parsed rule gives the canonical text, which prints to itself again."""
    assert rule_to_text(parse_rule(written)) == canonical
    assert rule_to_text(parse_rule(canonical)) == canonical


def test_all_of_and_any_of_combine_rules() -> None:
    """The combinators drop the empty rule, flatten their own kind and unwrap a single rule."""
    assert all_of() == EVERY_CAMPAIGN
    assert all_of(EVERY_CAMPAIGN, A) == A
    assert all_of(And((A, B)), C) == And((A, B, C))
    assert any_of(A, EVERY_CAMPAIGN) == EVERY_CAMPAIGN
    assert any_of(Or((A, B)), C) == Or((A, B, C))
    with pytest.raises(ValueError, match="at least one rule"):
        any_of()


@pytest.mark.parametrize(
    "build",
    [
        lambda: And((A,)),
        lambda: Or((A,)),
        lambda: Or(()),
        lambda: And((A, EVERY_CAMPAIGN)),
        lambda: Not(EVERY_CAMPAIGN),
    ],
)
def test_ast_refuses_shapes_without_a_text(build: Callable[[], Rule]) -> None:
    """One-operand and/or and a nested empty rule have no text of their own, so cannot exist."""
    with pytest.raises(ValueError, match="operand"):
        build()
