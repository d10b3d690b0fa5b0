"""The campaigns loader: valid files load exactly, broken ones report every problem at once."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.campaign_file import campaigns_from_frame, campaigns_from_records, read_campaigns
from eligibility.campaigns import FILE_COLUMNS
from eligibility.errors import InputError
from eligibility.money import MAX_CENTS, format_euros
from eligibility.vocabulary import THEME_DESCRIPTIONS

DATA = Path(__file__).parents[1] / "data"

ROW: dict[str, str] = {
    "campaign_id": "C-1",
    "uai": "0951234X",
    "school_name": "École Jean Jaurès",
    "school_type": "ecole_elementaire",
    "sector": "public",
    "departement": "095",
    "commune": "Sarcelles",
    "priority_education": "REP",
    "isolated": "false",
    "inclusive": "true",
    "themes": "sport;mountain",
    "nights": "4",
    "min_goal": "1000.00",
    "optimum_goal": "2000.00",
    "collected": "250.50",
    "donors": "7",
    "starts_on": "2024-01-08",
    "ends_on": "2024-03-29",
}


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8") -> Path:
    """Write rows as a campaigns CSV with the columns of the first row."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**changes: str) -> dict[str, str]:
    """The valid row with some cells changed."""
    return {**ROW, **changes}


def problems_of(error: pytest.ExceptionInfo[InputError]) -> set[tuple[int | None, str | None]]:
    """The (row, field) of every problem an error holds."""
    return {(p.row, p.field) for p in error.value.problems}


def only_problem(path: Path) -> str:
    """The message of the one problem loading ``path`` raises."""
    with pytest.raises(InputError) as error:
        read_campaigns(path)
    assert len(error.value.problems) == 1, error.value
    return error.value.problems[0].message


def test_example_file_loads_with_exact_cents_themes_and_academie() -> None:
    """The valid fixture loads with cents, canonical themes, académie and flags."""
    table = read_campaigns(DATA / "campaigns.csv")
    frame = table.frame
    assert list(table.ids) == ["C-001", "C-002", "C-003", "C-004"]
    assert list(frame["min_goal_cents"]) == [120000, 95600, 50050, 80000]
    assert list(frame["collected_cents"]) == [65050, 100005, 0, 81200]
    assert list(frame["themes"]) == ["mountain;sport", "international;sea", "", "arts"]
    assert list(frame["academie"]) == ["Versailles", "Lille", "Corse", "La Réunion"]
    assert list(frame["departement"]) == ["095", "059", "2A", "974"]
    assert list(frame["inclusive"]) == [False, True, False, False]
    assert frame["ends_on"][0] == np.datetime64("2024-03-15")
    assert frame["school_name"][1] == "Collège Paul Eluard, Roubaix"


def test_broken_file_reports_every_problem_in_one_error() -> None:
    """One InputError lists each broken cell of the hand-broken fixture with row and field."""
    with pytest.raises(InputError) as error:
        read_campaigns(DATA / "campaigns_broken.csv")
    assert problems_of(error) == {
        (1, "notes"),  # unknown column
        (1, "commune"),  # missing column
        (3, "min_goal"),  # three decimals
        (4, "departement"),  # unknown département
        (4, "campaign_id"),  # duplicate of row 2
        (5, "optimum_goal"),  # minimum above optimum
        (6, "themes"),  # unknown theme
        (7, "uai"),  # malformed UAI
        (8, "starts_on"),  # 30 February
        (9, "isolated"),  # "yes"
        (10, "departement"),  # 95 instead of 095
    }
    assert {p.source for p in error.value.problems} == {"campaigns_broken.csv"}
    text = str(error.value)
    assert "already used on row 2" in text
    assert "did you mean '095'?" in text
    assert "sustainable_development" in text  # the vocabulary is listed
    assert "expected euros with at most two decimals, got '956.125'" in text
    assert "at least the minimum goal 1600.00, got 800.00" in text


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"school_type": "lycée"}, "school_type", "'lycee_professionnel', 'erea'"),
        ({"sector": "Public"}, "sector", "'public', 'prive'"),
        ({"priority_education": "REP+ "}, "priority_education", "'REP', 'REP+'"),
        ({"departement": "2a"}, "departement", "did you mean '2A'?"),
        ({"uai": "0951234x"}, "uai", "uppercase letter"),
        ({"isolated": "TRUE"}, "isolated", "expected true or false, got 'TRUE'"),
        ({"nights": "-1"}, "nights", "whole number written with digits, got '-1'"),
        ({"donors": "3.0"}, "donors", "whole number written with digits, got '3.0'"),
        # Beyond 64-bit integers: once read as a negative number, then a crash.
        ({"nights": "9223372036854775808"}, "nights", "from 0 to 1,000,000,000, got 92233"),
        ({"donors": "99999999999999999999999"}, "donors", "from 0 to 1,000,000,000, got 99999"),
        ({"donors": ""}, "donors", "got an empty value"),
        ({"min_goal": "0"}, "min_goal", "expected a minimum goal above 0, got 0.00"),
        ({"collected": "-5"}, "collected", "non-negative"),
        ({"optimum_goal": "1e3"}, "optimum_goal", "expected euros like 1234.50"),
        ({"starts_on": "08/01/2024"}, "starts_on", "expected an ISO date YYYY-MM-DD"),
        ({"ends_on": "20240329"}, "ends_on", "expected an ISO date YYYY-MM-DD"),
        ({"ends_on": "2024-01-01"}, "ends_on", "on or after the start 2024-01-08"),
        ({"themes": "arts;;sport"}, "themes", "empty theme"),
        ({"themes": "arts; sport"}, "themes", "unknown theme ' sport'"),
        ({"school_name": "  "}, "school_name", "expected a non-empty value"),
        ({"school_name": "École\x00 Jaurès"}, "school_name", "without control characters"),
        ({"commune": "Saint-\nDenis"}, "commune", "without control characters, got '\\n'"),
        ({"campaign_id": " C-1"}, "campaign_id", "without surrounding spaces"),
        ({"academie": "Paris"}, "academie", "expected 'Versailles'"),
        ({"academie": "Atlantis"}, "academie", "Créteil"),
    ],
)
def test_each_field_check_names_what_was_expected(
    tmp_path: Path, changes: dict[str, str], field: str, expected: str
) -> None:
    """A single bad cell gives one problem on row 2 and that field, saying what was expected."""
    with pytest.raises(InputError) as error:
        read_campaigns(write_csv(tmp_path / "c.csv", [row(**changes)]))
    assert problems_of(error) == {(2, field)}
    assert expected in error.value.problems[0].message


def test_theme_duplicates_collapse_and_order_follows_the_vocabulary(tmp_path: Path) -> None:
    """Themes are stored once each, in vocabulary order."""
    table = read_campaigns(write_csv(tmp_path / "c.csv", [row(themes="sport;arts;sport")]))
    assert table.frame["themes"][0] == "arts;sport"
    assert table.frame["theme__sport"][0]


def test_empty_academie_cell_is_not_checked(tmp_path: Path) -> None:
    """An empty academie cell states nothing; the derived académie is used."""
    table = read_campaigns(write_csv(tmp_path / "c.csv", [row(academie="")]))
    assert table.frame["academie"][0] == "Versailles"


def test_bom_and_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    """A BOM is accepted and a blank line is skipped without shifting later row numbers."""
    path = write_csv(tmp_path / "c.csv", [row(), row(campaign_id="C-2", nights="x")])
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], "", lines[2]]) + "\n", encoding="utf-8-sig")
    with pytest.raises(InputError) as error:
        read_campaigns(path)
    assert problems_of(error) == {(4, "nights")}


def test_repeated_and_unnamed_columns_are_problems(tmp_path: Path) -> None:
    """A column given twice, or values under an empty header, are reported on row 1."""
    path = tmp_path / "c.csv"
    header = ",".join([*FILE_COLUMNS, "nights", ""])
    values = ",".join([*ROW.values(), "5", "oops"])
    path.write_text(f"{header}\n{values}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_campaigns(path)
    assert problems_of(error) == {(1, "nights"), (1, None)}


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    """A file with the header and no campaign loads as an empty table."""
    path = tmp_path / "c.csv"
    path.write_text(",".join(FILE_COLUMNS) + "\n", encoding="utf-8")
    assert len(read_campaigns(path)) == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("c.csv", b"", "cannot read the file as a UTF-8 comma-separated CSV file"),
        ("c.csv", b"campaign_id;uai\nC;X\n", "separated by ';'"),
        ("c.csv", "campaign_id\nÉcole\n".encode("latin-1"), "cannot read the file as a UTF-8"),
        ("c.xlsx", b"not a zip", "cannot read the file as an .xlsx workbook"),
        ("c.ods", b"", "expected a .csv or .xlsx campaigns file, got the suffix '.ods'"),
    ],
)
def test_unreadable_files_name_the_file(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    """An empty, non-UTF-8, ';'-separated, corrupt or unknown file is one problem on that file."""
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in only_problem(path)


def test_missing_file_is_an_input_error_from_the_os_error(tmp_path: Path) -> None:
    """A missing file is an InputError naming it, chained to the original error."""
    with pytest.raises(InputError) as error:
        read_campaigns(tmp_path / "nowhere.csv")
    assert error.value.problems[0].source == "nowhere.csv"
    assert isinstance(error.value.__cause__, FileNotFoundError)


def xlsx_row(**changes: Any) -> list[Any]:
    """A valid campaign as typed spreadsheet cells, with some cells changed."""
    cells: dict[str, Any] = {
        **ROW,
        "nights": 4,
        "donors": 7.0,
        "min_goal": 1000,
        "optimum_goal": 2000.5,
        "collected": "250.50",
        "isolated": False,
        "starts_on": datetime(2024, 1, 8),
        "ends_on": "2024-03-29",
    }
    cells.update(changes)
    return [cells[column] for column in FILE_COLUMNS]


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Write a header and typed rows on the first sheet of a workbook."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(FILE_COLUMNS))
    for cells in rows:
        sheet.append(cells)
    workbook.create_sheet("notes").append(["ignored"])
    workbook.save(path)
    return path


def test_xlsx_reads_typed_cells(tmp_path: Path) -> None:
    """Date cells, whole-number cells, boolean cells and two-decimal money cells are accepted."""
    table = read_campaigns(write_xlsx(tmp_path / "c.xlsx", [xlsx_row()]))
    frame = table.frame
    assert frame["starts_on"][0] == np.datetime64("2024-01-08")
    assert (frame["nights"][0], frame["donors"][0]) == (4, 7)
    assert list(frame.loc[0, ["min_goal_cents", "optimum_goal_cents", "collected_cents"]]) == [
        100000,
        200050,
        25050,
    ]
    assert frame["academie"][0] == "Versailles"


def test_xlsx_refuses_numeric_departement_and_inexact_cells(tmp_path: Path) -> None:
    """A numeric département, a 3-decimal money cell, a fractional count and a time are errors."""
    rows = [
        xlsx_row(departement=95),
        xlsx_row(campaign_id="C-2", min_goal=1000.125),
        xlsx_row(campaign_id="C-3", nights=2.5, ends_on=datetime(2024, 3, 29, 12, 30)),
        xlsx_row(campaign_id="C-4", uai=951234),
    ]
    path = write_xlsx(tmp_path / "c.xlsx", [rows[0], [None] * len(FILE_COLUMNS), *rows[1:]])
    with pytest.raises(InputError) as error:
        read_campaigns(path)
    assert problems_of(error) == {
        (2, "departement"),
        (4, "min_goal"),
        (5, "nights"),
        (5, "ends_on"),
        (6, "uai"),
    }
    messages = {(p.row, p.field): p.message for p in error.value.problems}
    assert "format the cell as text and write '095'" in messages[2, "departement"]
    assert "got '1000.125'" in messages[4, "min_goal"]
    assert "without a time of day" in messages[5, "ends_on"]
    assert "expected text, got the number 951234" in messages[6, "uai"]


def record(**changes: Any) -> dict[str, Any]:
    """A valid API record with some fields changed."""
    body: dict[str, Any] = {
        **ROW,
        "isolated": False,
        "inclusive": True,
        "themes": ["sport", "mountain"],
        "nights": 4,
        "donors": 7,
        "min_goal_cents": 100000,
        "optimum_goal_cents": 200000,
        "collected_cents": 25050,
    }
    for money in ("min_goal", "optimum_goal", "collected"):
        del body[money]
    body.update(changes)
    return body


def test_records_load_like_the_file(tmp_path: Path) -> None:
    """API records and the same campaign in a file give the same table."""
    from_api = campaigns_from_records([record()], source="body").frame
    from_file = read_campaigns(write_csv(tmp_path / "c.csv", [row()])).frame
    pd.testing.assert_frame_equal(from_api, from_file)


def test_records_report_every_problem_with_api_names() -> None:
    """Record problems use 1-based positions and the API's field names."""
    records: list[Any] = [
        record(themes="arts;sea", academie=None),
        record(campaign_id="C-2", isolated="true", min_goal_cents=12.5, extra=1),
        record(campaign_id="C-1", optimum_goal_cents=50000, nights=-1),
        "not an object",
    ]
    del records[1]["donors"]
    with pytest.raises(InputError) as error:
        campaigns_from_records(records, source="body")
    assert problems_of(error) == {
        (2, "isolated"),
        (2, "min_goal_cents"),
        (2, "extra"),
        (2, "donors"),
        (3, "campaign_id"),
        (3, "optimum_goal_cents"),
        (3, "nights"),
        (4, None),
    }


@given(st.integers(min_value=1, max_value=MAX_CENTS - 1))
def test_any_cents_written_as_euros_load_back(
    tmp_path_factory: pytest.TempPathFactory, cents: int
) -> None:
    """Cents formatted with format_euros and written to a file load back to the same cents."""
    euros = format_euros(cents)
    path = tmp_path_factory.mktemp("money") / "c.csv"
    write_csv(path, [row(min_goal=euros, optimum_goal=euros, collected=euros)])
    frame = read_campaigns(path).frame
    assert (
        list(frame.loc[0, ["min_goal_cents", "optimum_goal_cents", "collected_cents"]])
        == [cents] * 3
    )


@given(st.integers(min_value=1, max_value=MAX_CENTS - 1))
def test_any_cents_as_a_numeric_cell_load_back(cents: int) -> None:
    """A money cell holding the float of a two-decimal amount reads back to the same cents."""
    cells: dict[str, object] = {**ROW, "min_goal": float(format_euros(cents))}
    cells["optimum_goal"] = cells["collected"] = cells["min_goal"]
    table = campaigns_from_frame(pd.DataFrame([cells], dtype=object), source="frame")
    assert table.frame["min_goal_cents"][0] == cents


def test_formats_doc_shows_the_real_example_error_report_and_vocabulary() -> None:
    """docs/formats.md holds the example file, the report it really gives, and every theme."""
    doc = (Path(__file__).parents[2] / "docs" / "formats.md").read_text("utf-8")
    assert (DATA / "campaigns.csv").read_text("utf-8").strip() in doc
    with pytest.raises(InputError) as error:
        read_campaigns(DATA / "campaigns_broken.csv")
    assert str(error.value) in doc
    for theme, description in THEME_DESCRIPTIONS.items():
        assert f"| `{theme}` | {description} |" in doc
