"""The redistributed donations file: exact cents, canonical scopes, every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocator.donation_file import donations_from_records, read_donations
from eligibility.errors import InputError
from eligibility.money import MAX_CENTS, format_euros

DATA = Path(__file__).parents[1] / "data"
HEADER = "donation_id,donor_id,amount,origin_campaign_id,redistributed_on"


def problems_of(error: pytest.ExceptionInfo[InputError]) -> set[tuple[int | None, str | None]]:
    """The (row, field) of every problem an error holds."""
    return {(p.row, p.field) for p in error.value.problems}


def test_example_file_loads_with_cents_and_canonical_scopes() -> None:
    """Amounts become cents, dates datetimes, scopes canonical rule text or ""."""
    frame = read_donations(DATA / "donations.csv").frame
    assert list(frame["amount_cents"]) == [5000, 500, 12050]
    assert list(frame["scope"]) == ["", '"mountain" in themes', 'departement == "095"']
    assert frame["redistributed_on"][2] == np.datetime64("2024-03-01")
    assert list(frame["origin_campaign_id"]) == ["C-099", "C-099", "C-098"]


def test_broken_file_reports_every_problem_in_one_error() -> None:
    """One InputError lists every broken cell of the hand-broken fixture."""
    with pytest.raises(InputError) as error:
        read_donations(DATA / "donations_broken.csv")
    assert problems_of(error) == {
        (3, "amount"),  # three decimals
        (4, "donation_id"),  # duplicate of row 2
        (5, "donor_id"),  # empty
        (5, "amount"),  # zero
        (5, "redistributed_on"),  # 31 February
        (6, "amount"),  # negative
        (6, "scope"),  # type mismatch
        (7, "amount"),  # a currency sign
        (7, "redistributed_on"),  # not ISO
        (7, "scope"),  # unknown theme
    }
    messages = {(p.row, p.field): p.message for p in error.value.problems}
    assert "already used on row 2" in messages[4, "donation_id"]
    assert "expected a positive amount, got 0.00" in messages[5, "amount"]
    assert "at position 10 of the rule" in messages[6, "scope"]


def test_missing_and_unknown_columns_are_reported_with_row_problems(tmp_path: Path) -> None:
    """Header problems and cell problems come in the same error."""
    path = tmp_path / "donations.csv"
    path.write_text(
        "donation_id,donor_id,amount,redistributed_on,note\nD-1,P-1,1.234,2024-01-01,x\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_donations(path)
    assert problems_of(error) == {(1, "origin_campaign_id"), (1, "note"), (2, "amount")}


def test_only_csv_files_are_read(tmp_path: Path) -> None:
    """Another suffix is refused before reading."""
    with pytest.raises(InputError, match=r"expected a \.csv donations file"):
        read_donations(tmp_path / "donations.xlsx")


def gift(**changes: Any) -> dict[str, Any]:
    """A valid API donation record with some fields changed."""
    body: dict[str, Any] = {
        "donation_id": "D-1",
        "donor_id": "P-1",
        "amount_cents": 5000,
        "origin_campaign_id": "C-1",
        "redistributed_on": "2024-02-10",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def test_records_accept_scope_as_text_or_tree() -> None:
    """API scopes may be rule text or the JSON tree; both are stored as canonical text."""
    table = donations_from_records(
        [
            gift(),
            gift(donation_id="D-2", scope={"field": "isolated"}),
            gift(donation_id="D-3", scope="isolated  and nights>=4"),
        ],
        source="body",
    )
    assert list(table.frame["scope"]) == ["", "isolated", "isolated and nights >= 4"]


def test_records_report_every_problem_with_api_names() -> None:
    """Record problems use 1-based positions and the API's field names."""
    records = [
        gift(amount_cents="50.00"),
        gift(donation_id="D-2", amount_cents=0, redistributed_on=..., extra=True),
        gift(donation_id="D-2", scope={"field": "nowhere"}),
    ]
    with pytest.raises(InputError) as error:
        donations_from_records(records, source="body")
    assert problems_of(error) == {
        (1, "amount_cents"),
        (2, "amount_cents"),
        (2, "redistributed_on"),
        (2, "extra"),
        (3, "donation_id"),
        (3, "scope"),
    }


@given(st.integers(min_value=1, max_value=MAX_CENTS - 1))
def test_any_cents_written_as_euros_load_back(
    tmp_path_factory: pytest.TempPathFactory, cents: int
) -> None:
    """An amount formatted with format_euros and written to the file loads back exactly."""
    path = tmp_path_factory.mktemp("gifts") / "donations.csv"
    path.write_text(f"{HEADER}\nD-1,P-1,{format_euros(cents)},C-1,2024-01-01\n", encoding="utf-8")
    assert read_donations(path).frame["amount_cents"][0] == cents


def test_formats_doc_shows_the_example_file() -> None:
    """docs/formats.md shows the donations file these tests load."""
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text("utf-8")
    assert (DATA / "donations.csv").read_text("utf-8").strip() in doc
