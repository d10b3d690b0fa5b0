"""Vector evaluation on the hand-written table, with the eligible campaigns written in."""

from __future__ import annotations

import numpy as np
import pytest

from eligibility.campaigns import CampaignTable
from eligibility.rules import eligibility_matrix, evaluate, evaluate_row, parse_rule

ALL = ("alps", "brest", "paris", "lyon", "ajaccio", "reunion", "queyras")

CASES = [
    (
        'school_type in ("ecole_elementaire", "ecole_primaire") and nights >= 4 and "mountain" in '
        'themes and (priority_education in ("REP", "REP+") or isolated)',
        ("alps", "queyras"),
    ),
    ("", ALL),
    # Money: the rule speaks whole euros, the table holds cents (paris collected 1234.56 €).
    ("collected >= 1234", ("brest", "paris", "ajaccio")),
    ("collected > 1234", ("brest", "paris", "ajaccio")),
    ("collected == 1234", ()),
    ("collected <= 1234", ("alps", "lyon", "reunion", "queyras")),
    ("need == 1500", ("alps", "queyras")),
    ("need == 0", ("brest", "ajaccio")),
    ("min_goal < 1500", ("ajaccio", "reunion")),
    ("optimum_goal in (1500, 900)", ("brest", "reunion")),
    # Dates compare as days.
    ('ends_on <= "2025-03-31"', ("alps", "lyon", "queyras")),
    ('starts_on < "2025-01-01"', ("ajaccio",)),
    ('starts_on == "2025-02-01"', ("brest",)),
    ('starts_on != "2025-02-01"', ("alps", "paris", "lyon", "ajaccio", "reunion", "queyras")),
    # Choices, including the derived académie and the empty priority network.
    ('academie == "Aix-Marseille"', ("alps", "queyras")),
    ('academie in ("Corse", "La Réunion")', ("ajaccio", "reunion")),
    ('departement == "2A"', ("ajaccio",)),
    ('priority_education == ""', ("brest", "lyon", "ajaccio", "queyras")),
    ('priority_education in ("REP", "REP+")', ("alps", "paris", "reunion")),
    ('sector != "public"', ("paris",)),
    ('school_type == "erea"', ()),
    # Free text.
    ('commune == "Abriès"', ("queyras",)),
    ('commune not in ("Paris", "Lyon")', ("alps", "brest", "ajaccio", "reunion", "queyras")),
    ('campaign_id in ("alps", "nowhere")', ("alps",)),
    ('uai == "0000003A"', ("lyon",)),
    ('school_name == "École paris"', ("paris",)),
    # Themes.
    ('"sea" in themes', ("brest", "ajaccio")),
    ('"sea" not in themes', ("alps", "paris", "lyon", "reunion", "queyras")),
    ('"digital" in themes', ()),
    # Booleans and the derived Courte Échelle flags.
    ("courte_echelle", ("alps", "brest", "paris", "lyon", "reunion", "queyras")),
    ("ce_vocational", ("lyon",)),
    ("not isolated and inclusive", ("lyon",)),
    ("isolated == false", ("alps", "paris", "lyon", "ajaccio", "reunion")),
    ("isolated != false", ("brest", "queyras")),
    # Integers.
    ("nights not in (4, 5)", ("paris", "lyon", "ajaccio", "reunion")),
    ("donors > 20", ("brest", "paris", "ajaccio")),
    ("not (nights < 4 or donors < 15)", ("brest", "ajaccio", "queyras")),
]


def _ids(table: CampaignTable, mask: np.ndarray) -> tuple[str, ...]:
    return tuple(str(cid) for cid in table.ids[mask])


@pytest.mark.parametrize(("text", "eligible"), CASES)
def test_evaluate_on_hand_rows(
    campaigns: CampaignTable, text: str, eligible: tuple[str, ...]
) -> None:
    """The vector evaluation finds exactly the campaigns written in."""
    mask = evaluate(parse_rule(text), campaigns)
    assert mask.dtype == np.bool_
    assert mask.shape == (len(campaigns),)
    assert _ids(campaigns, mask) == eligible


@pytest.mark.parametrize(("text", "eligible"), CASES)
def test_evaluate_row_on_hand_rows(
    campaigns: CampaignTable, text: str, eligible: tuple[str, ...]
) -> None:
    """The row-by-row reference finds the same campaigns."""
    rule = parse_rule(text)
    rows = [campaigns.frame.iloc[i].to_dict() for i in range(len(campaigns))]
    found = tuple(str(row["campaign_id"]) for row in rows if evaluate_row(rule, row))
    assert found == eligible


def test_matrix_equals_stacked_evaluations(campaigns: CampaignTable) -> None:
    """The matrix with shared conditions is column by column the single evaluations."""
    rules = [parse_rule(text) for text, _ in CASES]
    matrix = eligibility_matrix(rules, campaigns)
    assert matrix.shape == (len(campaigns), len(rules))
    assert np.array_equal(matrix, np.column_stack([evaluate(rule, campaigns) for rule in rules]))


def test_results_are_fresh_arrays(campaigns: CampaignTable) -> None:
    """Writing into a result changes neither the table nor later results."""
    rule = parse_rule("isolated")
    mask = evaluate(rule, campaigns)
    mask[:] = False
    assert _ids(campaigns, evaluate(rule, campaigns)) == ("brest", "queyras")
    assert campaigns.frame["isolated"].sum() == 2


def test_empty_table(campaigns: CampaignTable) -> None:
    """No campaigns: an empty mask and a matrix with no rows."""
    empty = campaigns.take(np.array([], dtype=np.intp))
    rules = [parse_rule('"sea" in themes and need > 3'), parse_rule("")]
    assert evaluate(rules[0], empty).shape == (0,)
    assert eligibility_matrix(rules, empty).shape == (0, 2)
    assert eligibility_matrix([], campaigns).shape == (len(campaigns), 0)
