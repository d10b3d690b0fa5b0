"""The JSON tree form: its shape, and errors reported with their JSON path."""

from __future__ import annotations

import json

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
    rule_from_json,
    rule_to_json,
)


def test_issue_example_as_json() -> None:
    """The issue's example rule as the documented JSON tree, and back."""
    rule = parse_rule(
        'school_type in ("ecole_elementaire", "ecole_primaire") and nights >= 4 and '
        '"mountain" in themes and (priority_education in ("REP", "REP+") or isolated)'
    )
    tree = {
        "and": [
            {"field": "school_type", "op": "in", "value": ["ecole_elementaire", "ecole_primaire"]},
            {"field": "nights", "op": ">=", "value": 4},
            {"field": "themes", "op": "contains", "value": "mountain"},
            {
                "or": [
                    {"field": "priority_education", "op": "in", "value": ["REP", "REP+"]},
                    {"field": "isolated"},
                ]
            },
        ]
    }
    assert rule_to_json(rule) == tree
    assert rule_from_json(json.loads(json.dumps(tree))) == rule


@pytest.mark.parametrize(
    ("rule", "tree"),
    [
        (EVERY_CAMPAIGN, {"and": []}),
        (Not(Flag("inclusive")), {"not": {"field": "inclusive"}}),
        (HasTheme("sea", negated=True), {"field": "themes", "op": "not contains", "value": "sea"}),
        (OneOf("nights", (1,), negated=True), {"field": "nights", "op": "not in", "value": [1]}),
        (Compare("isolated", "==", False), {"field": "isolated", "op": "==", "value": False}),
        (Compare("need", "<", 1500), {"field": "need", "op": "<", "value": 1500}),
        (
            And((Flag("isolated"), And((Flag("inclusive"), Flag("courte_echelle"))))),
            {
                "and": [
                    {"field": "isolated"},
                    {"and": [{"field": "inclusive"}, {"field": "courte_echelle"}]},
                ]
            },
        ),
    ],
)
def test_json_shapes(rule: And | Or | Not | Compare | OneOf | HasTheme, tree: object) -> None:
    """Each node has the documented JSON form, read back to the same node."""
    assert rule_to_json(rule) == tree
    assert rule_from_json(tree) == rule


def test_one_item_and_or_read_as_their_item() -> None:
    """Hand-written trees may wrap a single rule in and/or."""
    assert rule_from_json({"or": [{"and": [{"field": "isolated"}]}]}) == Flag("isolated")


@pytest.mark.parametrize(
    ("tree", "words"),
    [
        ([], "at $: expected an object"),
        ({}, "at $: expected the key 'and', 'or', 'not' or 'field', found none"),
        ({"and": [], "or": []}, "at $: 'and' must be the only key"),
        ({"and": {"field": "isolated"}}, "at $.and: expected a list of rules"),
        ({"or": []}, "at $.or: 'or' needs at least one rule"),
        (
            {"not": {"and": []}},
            "at $.not.and: an empty 'and' (every campaign) can only be the whole",
        ),
        ({"field": "nigths", "op": ">=", "value": 4}, 'at $.field: unknown field "nigths"'),
        ({"field": 4}, "at $.field: expected a field name as text"),
        ({"field": "nights", "op": ">="}, "at $: 'op' and 'value' go together"),
        ({"field": "nights", "op": "=>", "value": 4}, "at $.op: unknown operator '=>'"),
        ({"field": "nights", "value": 4, "unit": "n"}, "at $: unknown keys 'unit'"),
        ({"field": "nights", "op": ">=", "value": "four"}, "at $.value: type mismatch"),
        ({"field": "nights", "op": ">=", "value": 4.0}, "cannot be compared with 4.0"),
        ({"field": "nights", "op": ">=", "value": True}, "cannot be compared with true"),
        ({"field": "nights", "op": ">=", "value": -1}, "at $.value: numbers in rules are never"),
        ({"field": "isolated", "op": ">", "value": True}, "at $.op: '>' orders numbers"),
        ({"field": "nights"}, "at $.field: nights is a whole number, not a condition"),
        ({"field": "sector", "op": "in", "value": "public"}, "at $.value: expected a list"),
        ({"field": "sector", "op": "in", "value": []}, "at $.value: the list of values is empty"),
        ({"field": "sector", "op": "in", "value": ["public", "pub"]}, "at $.value[1]: unknown"),
        ({"field": "sector", "op": "contains", "value": "x"}, "at $.field: type mismatch: only"),
        ({"field": "themes", "op": "contains", "value": "montain"}, 'did you mean "mountain"'),
        ({"field": "themes", "op": "==", "value": "sea"}, "at $.op: themes is a set of themes"),
        ({"field": "ends_on", "op": "<", "value": "2025-13-01"}, 'at $.value: "2025-13-01"'),
    ],
)
def test_errors_name_the_json_path(tree: object, words: str) -> None:
    """Each mistake is an InputError (not a RuleError: there is no text) with its path."""
    with pytest.raises(InputError) as caught:
        rule_from_json(tree, source="funds.json fund 'alpes'")
    assert not isinstance(caught.value, RuleError)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].source == "funds.json fund 'alpes'"
    assert words in caught.value.problems[0].message


def test_every_problem_is_reported_at_once() -> None:
    """Problems in several branches are all listed, each with its own path."""
    tree = {
        "or": [
            {"field": "nights", "op": ">=", "value": "4"},
            {"field": "isolated"},
            {"not": {"field": "shool_type", "op": "==", "value": "college"}},
        ]
    }
    with pytest.raises(InputError) as caught:
        rule_from_json(tree)
    messages = [problem.message for problem in caught.value.problems]
    assert [message.split(":")[0] for message in messages] == [
        "at $.or[0].value",
        "at $.or[2].not.field",
    ]
    assert 'did you mean "school_type"?' in messages[1]


def test_a_tree_nested_beyond_the_limit_is_an_input_error() -> None:
    tree: dict[str, object] = {"field": "isolated"}
    for _ in range(300):
        tree = {"not": tree}
    with pytest.raises(InputError, match="nests more than 32 levels of 'and', 'or' and 'not'"):
        rule_from_json(tree)
