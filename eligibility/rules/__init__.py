"""The eligibility rule language: parse, print, convert to JSON, evaluate and explain rules.

rule = parse_rule('school_type == "college" and nights >= 4')
eligible = evaluate(rule, table)              # one bool per campaign
print(explain(rule, table, row=0))            # which parts held, in plain words
"""

from eligibility.rules.evaluate import eligibility_matrix, evaluate
from eligibility.rules.explain import RuleExplanation, explain, explain_row
from eligibility.rules.fields import FIELDS, Field, FieldKind
from eligibility.rules.jsontree import rule_from_json, rule_to_json
from eligibility.rules.nodes import (
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
    fields_of,
    is_empty,
)
from eligibility.rules.parser import parse_rule
from eligibility.rules.rowwise import evaluate_row
from eligibility.rules.text import rule_to_text

__all__ = [
    "EVERY_CAMPAIGN",
    "FIELDS",
    "And",
    "Compare",
    "Field",
    "FieldKind",
    "Flag",
    "HasTheme",
    "Not",
    "OneOf",
    "Or",
    "Rule",
    "RuleExplanation",
    "all_of",
    "any_of",
    "eligibility_matrix",
    "evaluate",
    "evaluate_row",
    "explain",
    "explain_row",
    "fields_of",
    "is_empty",
    "parse_rule",
    "rule_from_json",
    "rule_to_json",
    "rule_to_text",
]
