"""The funds file: euros to cents, canonical rules, every problem at once, exact round trip."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocator.fund_file import fund_to_json, funds_from_json, read_funds, write_funds
from allocator.funds import Fund
from eligibility.errors import InputError
from eligibility.money import MAX_CENTS, format_euros

DATA = Path(__file__).parents[1] / "data"


def problems_of(error: pytest.ExceptionInfo[InputError]) -> set[tuple[int | None, str | None]]:
    """The (row, field) of every problem an error holds."""
    return {(p.row, p.field) for p in error.value.problems}


def one_fund(**keys: object) -> dict[str, object]:
    """A funds document holding one fund with the given keys over valid defaults."""
    fund: dict[str, object] = {"id": "f", "name": "Fund", "kind": "patron", "budget": "10.00"}
    fund.update(keys)
    return {"funds": [{k: v for k, v in fund.items() if v is not ...}]}


def test_example_file_loads_with_cents_and_canonical_rules() -> None:
    """Budgets and caps become cents; text and JSON-tree rules become canonical text."""
    mountain, sea, national = read_funds(DATA / "funds.json")
    assert (mountain.budget_cents, mountain.cap_per_campaign_cents) == (2_000_000, 150_000)
    assert mountain.valid_from == date(2024, 1, 1)
    assert "nights >= 4" in mountain.rule
    assert (sea.budget_cents, sea.rule) == (857_150, '"sea" in themes')
    assert (sea.cap_share_of_min_goal, sea.match_ratio) == (Decimal("0.5"), Decimal("1"))
    assert (national.kind, national.budget_cents, national.rule) == ("thematic", 1_200_000, "")


def test_broken_file_reports_every_problem_in_one_error() -> None:
    """One InputError lists each broken fund key with its position and key."""
    with pytest.raises(InputError) as error:
        read_funds(DATA / "funds_broken.json")
    assert problems_of(error) == {
        (1, "budget"),  # three decimals
        (2, "kind"),  # unknown kind
        (3, "cap_share_of_min_goal"),  # share above 1
        (4, "notes"),  # unknown key
        (5, "rule"),  # type mismatch in the rule
        (6, "id"),  # duplicate id
        (7, "valid_until"),  # window backwards
        (8, "valid_from"),  # not ISO
        (8, "id"),  # space in the id
        (9, "name"),  # missing
    }
    messages = {(p.row, p.field): p.message for p in error.value.problems}
    assert messages[1, "budget"].startswith("fund 'mountain': ")
    assert "expected 'patron' or 'thematic', got 'sponsor'" in messages[2, "kind"]
    assert "at position 10 of the rule" in messages[5, "rule"]
    assert "already used on row 2" in messages[6, "id"]
    assert "got '2024-06-01' and '2024-01-01'" in messages[7, "valid_until"]


@pytest.mark.parametrize(
    ("keys", "field", "expected"),
    [
        ({"budget": Decimal("1.001")}, "budget", "at most two decimals"),
        ({"budget": True}, "budget", "expected euros"),
        ({"budget": ...}, "budget", "missing key 'budget'"),
        ({"cap_per_campaign": "-1"}, "cap_per_campaign", "non-negative"),
        ({"match_ratio": "-0.5"}, "match_ratio", "greater than or equal to 0"),
        ({"match_ratio": "lots"}, "match_ratio", "expected a decimal number"),
        ({"cap_share_of_min_goal": "NaN"}, "cap_share_of_min_goal", "finite"),
        ({"valid_until": 20241231}, "valid_until", "as a string"),
        ({"rule": {"field": "nightz", "op": ">=", "value": 4}}, "rule", "rule at $"),
        ({"rule": 4}, "rule", "expected a rule as text or as its JSON tree"),
        ({"name": ""}, "name", "at least 1 character"),
        # The engine's own pool ids: refused when the file is read, not at the first round.
        ({"id": "pool-mine"}, "id", "reserved for donation pools, got 'pool-mine'"),
    ],
)
def test_each_key_check_names_what_was_expected(
    keys: dict[str, object], field: str, expected: str
) -> None:
    """A single bad key gives one problem on fund 1 and that key."""
    with pytest.raises(InputError) as error:
        funds_from_json(one_fund(**keys), source="funds.json")
    assert problems_of(error) == {(1, field)}
    assert expected in error.value.problems[0].message


def test_optional_keys_may_be_null() -> None:
    """null for an optional key means no limit."""
    (fund,) = funds_from_json(one_fund(cap_per_campaign=None, valid_from=None), source="x")
    assert (fund.cap_per_campaign_cents, fund.valid_from) == (None, None)


def test_document_shape_problems() -> None:
    """A document that is not {"funds": [...]}, an unknown top-level key, a non-object fund."""
    with pytest.raises(InputError, match=re.escape('expected an object {"funds"')):
        funds_from_json([], source="x")
    with pytest.raises(InputError) as error:
        funds_from_json({"funds": ["nope"], "version": 2}, source="x")
    assert problems_of(error) == {(None, "version"), (1, None)}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"funds": [', "cannot read the file as UTF-8 JSON"),
        ('{"funds": [{"budget": NaN}]}', "expected a JSON number, got NaN"),
        ('{"funds": [], "funds": []}', "a key appears twice in one object: funds"),
    ],
)
def test_unreadable_json_is_one_problem(tmp_path: Path, content: str, expected: str) -> None:
    """Broken JSON, NaN and repeated keys are refused with the file named."""
    path = tmp_path / "funds.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_funds(path)
    assert [p.source for p in error.value.problems] == ["funds.json"]
    assert expected in error.value.problems[0].message
    assert isinstance(error.value.__cause__, ValueError)


def test_a_byte_order_mark_is_read_as_the_csv_files_read_it(tmp_path: Path) -> None:
    """Windows editors write a UTF-8 BOM; the funds file reads like the CSV exports then."""
    path = tmp_path / "funds.json"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "funds.json").read_bytes())
    assert read_funds(path) == read_funds(DATA / "funds.json")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A missing funds file is an InputError chained to the OS error."""
    with pytest.raises(InputError) as error:
        read_funds(tmp_path / "none.json")
    assert isinstance(error.value.__cause__, FileNotFoundError)


def test_file_form_writes_euros_as_text() -> None:
    """fund_to_json writes two-decimal euro strings, the rule as text, and omits absent limits."""
    fund = Fund(
        id="f",
        name="F",
        kind="patron",
        budget_cents=123_405,
        rule="isolated",
        match_ratio=Decimal("1E+1"),
    )
    assert fund_to_json(fund) == {
        "id": "f",
        "name": "F",
        "kind": "patron",
        "budget": "1234.05",
        "rule": "isolated",
        "match_ratio": "10",
    }


def test_example_file_round_trips(tmp_path: Path) -> None:
    """Reading what write_funds wrote gives back the same funds."""
    funds = read_funds(DATA / "funds.json")
    assert read_funds(write_funds(funds, tmp_path / "funds.json")) == funds


@given(
    budget=st.integers(min_value=0, max_value=MAX_CENTS - 1),
    cap=st.none() | st.integers(min_value=0, max_value=MAX_CENTS - 1),
    share=st.none() | st.decimals(min_value=0, max_value=1, places=3),
)
def test_any_amounts_round_trip_through_the_file(
    tmp_path_factory: pytest.TempPathFactory, budget: int, cap: int | None, share: Decimal | None
) -> None:
    """Any cents written by write_funds, or as format_euros numbers, load back exactly."""
    fund = Fund(
        id="f",
        name="F",
        kind="thematic",
        budget_cents=budget,
        cap_per_campaign_cents=cap,
        cap_share_of_min_goal=share,
    )
    path = tmp_path_factory.mktemp("funds") / "funds.json"
    assert read_funds(write_funds([fund], path)) == (fund,)
    # The budget as a bare JSON number, as a hand-written file may give it.
    path.write_text(json.dumps(one_fund()).replace('"10.00"', format_euros(budget)))
    assert read_funds(path)[0].budget_cents == budget


def test_formats_doc_shows_the_example_file() -> None:
    """docs/formats.md shows the funds file these tests load."""
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text("utf-8")
    assert (DATA / "funds.json").read_text("utf-8").strip() in doc
