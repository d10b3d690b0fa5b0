"""Hypothesis properties: random well-typed rules round-trip, and both evaluations agree."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.campaigns import VALIDATED_COLUMNS, CampaignTable
from eligibility.reference import departements
from eligibility.rules import (
    EVERY_CAMPAIGN,
    FIELDS,
    And,
    Compare,
    FieldKind,
    Flag,
    HasTheme,
    Not,
    OneOf,
    Or,
    Rule,
    eligibility_matrix,
    evaluate,
    evaluate_row,
    explain,
    parse_rule,
    rule_from_json,
    rule_to_json,
    rule_to_text,
)
from eligibility.rules.fields import choices_of
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS, THEMES

FIRST_DAY, LAST_DAY = date(2024, 9, 1), date(2025, 8, 31)
# Free text shared by tables and rules so that equality conditions sometimes hold.
TEXTS = ("c0", "c1", "c3", "0750001A", "Gap", "Saint-Étienne", 'Le "Mans"', "a\\b", "")
COMMON = settings(deadline=None, max_examples=150)
WITH_TABLES = settings(deadline=None, max_examples=60)


def _fields(*kinds: FieldKind) -> list[str]:
    return [name for name, field in FIELDS.items() if field.kind in kinds]


def _literals(field: str) -> st.SearchStrategy[str | int | bool]:
    """Literals of the field's type, in the ranges the generated tables use."""
    kind = FIELDS[field].kind
    if kind is FieldKind.BOOLEAN:
        return st.booleans()
    if kind is FieldKind.INTEGER:
        return st.integers(0, 60)
    if kind is FieldKind.MONEY:
        return st.integers(0, 4_000)
    if kind is FieldKind.DATE:
        return st.dates(FIRST_DAY, LAST_DAY).map(date.isoformat)
    if kind is FieldKind.CHOICE:
        return st.sampled_from(choices_of(field))
    return st.one_of(st.sampled_from(TEXTS), st.text(max_size=6))


def _compare(field: str) -> st.SearchStrategy[Rule]:
    ordered = FIELDS[field].kind in (FieldKind.INTEGER, FieldKind.MONEY, FieldKind.DATE)
    ops = ("==", "!=", "<", "<=", ">", ">=") if ordered else ("==", "!=")
    return st.builds(Compare, st.just(field), st.sampled_from(ops), _literals(field))


def _one_of(field: str) -> st.SearchStrategy[Rule]:
    values = st.lists(_literals(field), min_size=1, max_size=4).map(tuple)
    return st.builds(OneOf, st.just(field), values, st.booleans())


conditions: st.SearchStrategy[Rule] = st.one_of(
    st.sampled_from(_fields(FieldKind.BOOLEAN)).map(Flag),
    st.builds(HasTheme, st.sampled_from(THEMES), st.booleans()),
    st.sampled_from(_fields(*FieldKind)).filter(lambda f: f != "themes").flatmap(_compare),
    st.sampled_from(_fields(*FieldKind))
    .filter(lambda f: FIELDS[f].kind not in (FieldKind.BOOLEAN, FieldKind.THEMES))
    .flatmap(_one_of),
)


def _combined(children: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
    operands = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(children.map(Not), operands.map(And), operands.map(Or))


# The empty rule one time in ten: often enough to be tested, rarely enough to leave room.
rules: st.SearchStrategy[Rule] = st.integers(0, 9).flatmap(
    lambda k: (
        st.just(EVERY_CAMPAIGN) if k == 0 else st.recursive(conditions, _combined, max_leaves=10)
    )
)


@st.composite
def campaign_rows(draw: st.DrawFn, index: int) -> dict[str, object]:
    """One valid campaign, its values drawn from the vocabularies and the reference table."""
    min_goal = draw(
        st.one_of(st.integers(0, 4_000).map(lambda e: e * 100), st.integers(0, 400_000))
    )
    starts_on = draw(st.dates(FIRST_DAY, LAST_DAY))
    return {
        "campaign_id": f"c{index}",
        "uai": draw(st.sampled_from(("0750001A", "0050002B", "9740003C"))),
        "school_name": draw(st.sampled_from(TEXTS)),
        "school_type": draw(st.sampled_from(SCHOOL_TYPES)),
        "sector": draw(st.sampled_from(SECTORS)),
        "departement": draw(st.sampled_from(sorted(departements()))),
        "commune": draw(st.sampled_from(TEXTS)),
        "priority_education": draw(st.sampled_from(PRIORITY_EDUCATION)),
        "themes": ";".join(draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=4))),
        "isolated": draw(st.booleans()),
        "inclusive": draw(st.booleans()),
        "nights": draw(st.integers(0, 8)),
        "donors": draw(st.integers(0, 60)),
        "min_goal_cents": min_goal,
        "optimum_goal_cents": min_goal + draw(st.integers(0, 100_000)),
        "collected_cents": draw(st.integers(0, 400_000)),
        "starts_on": starts_on.isoformat(),
        "ends_on": draw(st.dates(starts_on, LAST_DAY)).isoformat(),
    }


@st.composite
def tables(draw: st.DrawFn) -> CampaignTable:
    """A campaign table of up to 12 rows."""
    size = draw(st.integers(1, 12))
    rows = [draw(campaign_rows(index)) for index in range(size)]
    return CampaignTable.from_columns(pd.DataFrame(rows, columns=list(VALIDATED_COLUMNS)))


@COMMON
@given(rules)
def test_text_round_trip(rule: Rule) -> None:
    """Printing then parsing gives the same rule, and the text is a fixed point."""
    text = rule_to_text(rule)
    assert parse_rule(text) == rule
    assert rule_to_text(parse_rule(text)) == text


@COMMON
@given(rules)
def test_json_round_trip(rule: Rule) -> None:
    """Through real JSON text and back, the tree gives the same rule."""
    tree = json.loads(json.dumps(rule_to_json(rule)))
    assert rule_from_json(tree) == rule
    assert rule_from_json(rule_to_json(parse_rule(rule_to_text(rule)))) == rule


@WITH_TABLES
@given(tables(), rules)
def test_vector_evaluation_agrees_with_rows(table: CampaignTable, rule: Rule) -> None:
    """The vector answer is, row by row, the plain evaluation's and the explanation's."""
    mask = evaluate(rule, table)
    rows = [table.frame.iloc[i].to_dict() for i in range(len(table))]
    assert mask.tolist() == [evaluate_row(rule, row) for row in rows]
    assert mask.tolist() == [explain(rule, table, row=i).held for i in range(len(table))]


@WITH_TABLES
@given(tables(), st.lists(rules, max_size=6))
def test_matrix_equals_stacked_evaluations(table: CampaignTable, many: list[Rule]) -> None:
    """Sharing conditions across rules changes no column of the matrix."""
    matrix = eligibility_matrix(many, table)
    assert matrix.shape == (len(table), len(many))
    for column, rule in enumerate(many):
        assert np.array_equal(matrix[:, column], evaluate(rule, table))
