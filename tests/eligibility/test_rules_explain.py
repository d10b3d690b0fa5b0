"""Explanations: the words a manager reads, and which conditions made a rule fail."""

from __future__ import annotations

import numpy as np
import pytest

from eligibility.campaigns import CampaignTable
from eligibility.rules import evaluate, explain, parse_rule

ISSUE_EXAMPLE = parse_rule(
    'school_type in ("ecole_elementaire", "ecole_primaire") and nights >= 4 and "mountain" in '
    'themes and (priority_education in ("REP", "REP+") or isolated)'
)


def test_issue_example_held_for_alps(campaigns: CampaignTable) -> None:
    """Every part is named with the campaign's value; nothing failed overall."""
    explanation = explain(ISSUE_EXAMPLE, campaigns, row=campaigns.index_of("alps"))
    assert explanation.held
    assert str(explanation) == "\n".join(
        [
            "all of the following — held",
            "  school type is ecole_elementaire, one of ecole_elementaire or ecole_primaire — held",
            "  nights is 5, at least 4 — held",
            '  "mountain" is among the themes (sport, mountain) — held',
            "  at least one of the following — held",
            "    priority education is REP, one of REP or REP+ — held",
            "    isolated is false, needs true — failed",
        ]
    )
    assert explanation.failed_conditions() == []


def test_and_lists_only_its_failing_conditions(campaigns: CampaignTable) -> None:
    """For a failed and, the failing children; the or that held is no reason."""
    explanation = explain(ISSUE_EXAMPLE, campaigns, row=campaigns.index_of("paris"))
    assert not explanation.held
    assert explanation.failed_conditions() == [
        "school type is college, needs one of ecole_elementaire or ecole_primaire",
        "nights is 2, needs at least 4",
        '"mountain" is not among the themes (arts, international)',
    ]


def test_failed_or_lists_every_branch(campaigns: CampaignTable) -> None:
    """For a failed or, every branch failed and is listed."""
    explanation = explain(ISSUE_EXAMPLE, campaigns, row=campaigns.index_of("lyon"))
    assert explanation.failed_conditions()[-3:] == [
        '"mountain" is not among the themes (none)',
        "priority education is none, needs one of REP or REP+",
        "isolated is false, needs true",
    ]


def test_not_reports_what_held_but_was_excluded(campaigns: CampaignTable) -> None:
    """Under a not, the conditions that held are the reasons, marked as excluded."""
    rule = parse_rule('not (isolated or need >= 1000) and ends_on < "2025-05-01"')
    explanation = explain(rule, campaigns, row=campaigns.index_of("paris"))
    assert explanation.failed_conditions() == [
        "need is 2765.44 €, at least 1000 €, which the rule excludes",
        "end date is 2025-06-15, needs to be before 2025-05-01",
    ]


def test_a_condition_named_twice_is_one_reason(campaigns: CampaignTable) -> None:
    """A pool's scope rule joined to the Courte Échelle restriction may repeat a condition."""
    rule = parse_rule("isolated and (nights >= 4 and isolated)")
    explanation = explain(rule, campaigns, row=campaigns.index_of("paris"))
    assert explanation.failed_conditions() == [
        "isolated is false, needs true",
        "nights is 2, needs at least 4",
    ]


@pytest.mark.parametrize(
    ("text", "campaign", "words"),
    [
        ("collected > 1234", "paris", "collected is 1234.56 €, more than 1234 €"),
        ('sector != "prive"', "paris", "sector is prive, must not be prive"),
        ('commune == "Gap"', "alps", "commune is Gap, as required"),
        ('"sea" not in themes', "brest", '"sea" is among the themes (sea), must not be'),
        ('"sea" not in themes', "alps", '"sea" is not among the themes (sport, mountain)'),
        ("nights not in (4, 5)", "alps", "nights is 5, must not be one of 4 or 5"),
        ('academie in ("Corse", "Paris")', "ajaccio", "académie is Corse, one of Corse or Paris"),
        (
            'starts_on >= "2025-01-01"',
            "ajaccio",
            "start date is 2024-12-01, needs to be on or after",
        ),
        ("ce_vocational", "lyon", "Courte Échelle vocational criterion is true"),
        ("isolated == false", "brest", "isolated is true, needs to be false"),
    ],
)
def test_condition_words(campaigns: CampaignTable, text: str, campaign: str, words: str) -> None:
    """Each kind of condition reads as a sentence with the campaign's own value."""
    explanation = explain(parse_rule(text), campaigns, row=campaigns.index_of(campaign))
    assert explanation.words.startswith(words)


def test_empty_rule(campaigns: CampaignTable) -> None:
    """The empty rule explains itself in one line."""
    explanation = explain(parse_rule(""), campaigns, row=3)
    assert str(explanation) == "every campaign is eligible — held"
    assert explanation.failed_conditions() == []


def test_explanation_agrees_with_evaluate(campaigns: CampaignTable) -> None:
    """The verdict of each explanation is the vector evaluation's answer."""
    rule = parse_rule('(isolated or "mountain" in themes) and not need > 1600')
    verdicts = [explain(rule, campaigns, row=row).held for row in range(len(campaigns))]
    assert np.array_equal(verdicts, evaluate(rule, campaigns))


@pytest.mark.parametrize("row", [-1, 7])
def test_row_outside_the_table(campaigns: CampaignTable, row: int) -> None:
    """A row that is not in the table is an IndexError, not another campaign."""
    with pytest.raises(IndexError, match="outside the table of 7 campaigns"):
        explain(parse_rule("isolated"), campaigns, row=row)
