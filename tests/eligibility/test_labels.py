"""The Courte Échelle criteria, written as rules, give the table's precomputed flags."""

from __future__ import annotations

import numpy as np
import pytest

from eligibility.campaigns import CampaignTable
from eligibility.labels import COURTE_ECHELLE_RULE, CRITERIA, Criterion
from eligibility.rules import Flag, Or, evaluate, parse_rule


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.name)
def test_criterion_rule_gives_its_column(campaigns: CampaignTable, criterion: Criterion) -> None:
    """Each criterion's rule parses and evaluates to the ``ce_<name>`` column."""
    mask = evaluate(parse_rule(criterion.rule, source=f"criterion {criterion.name}"), campaigns)
    column = campaigns.frame[f"ce_{criterion.name}"].to_numpy(bool)
    assert np.array_equal(mask, column)
    assert column.any()
    assert not column.all()


def test_courte_echelle_rule_gives_the_label(campaigns: CampaignTable) -> None:
    """The label rule is the or of the four criteria and gives the ``courte_echelle`` column."""
    rule = parse_rule(COURTE_ECHELLE_RULE)
    assert isinstance(rule, Or)
    assert len(rule.operands) == len(CRITERIA)
    assert Flag("isolated") in rule.operands
    mask = evaluate(rule, campaigns)
    assert np.array_equal(mask, campaigns.frame["courte_echelle"].to_numpy(bool))
    assert campaigns.ids[~mask].tolist() == ["ajaccio"]


def test_label_field_matches_the_label_rule(campaigns: CampaignTable) -> None:
    """The derived ``courte_echelle`` field and the spelled-out rule pick the same campaigns."""
    spelled_out = evaluate(parse_rule(COURTE_ECHELLE_RULE), campaigns)
    assert np.array_equal(evaluate(parse_rule("courte_echelle"), campaigns), spelled_out)
