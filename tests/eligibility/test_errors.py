"""The project's errors survive the trip from a worker process (pickling) whole."""

from __future__ import annotations

import pickle

import pytest

from eligibility.errors import InputError, Problem, RuleError, VerificationError
from eligibility.rules import parse_rule


def test_an_input_error_keeps_its_problems_across_processes() -> None:
    """A scenario variant's error from a worker listed one character per problem before."""
    error = InputError([Problem("funds", "ids are reserved", field="id"), Problem("f.csv", "x", 2)])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InputError
    assert again.problems == error.problems
    assert str(again) == str(error)


def test_rule_and_verification_errors_keep_their_details() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule("nights >= ")
    rule = pickle.loads(pickle.dumps(caught.value))
    assert type(rule) is RuleError
    assert (rule.text, rule.position, rule.reason) == (
        caught.value.text,
        caught.value.position,
        caught.value.reason,
    )
    assert rule.problems == caught.value.problems
    assert str(rule) == str(caught.value)
    failed = VerificationError(["fund F over budget by 1 cent", "campaign C short"])
    again = pickle.loads(pickle.dumps(failed))
    assert again.failures == failed.failures
    assert str(again) == str(failed)
