"""Past seasons: written by the generator (and its command) in the documented layout, read back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eligibility.errors import InputError
from scenarios.season import history_seed, past_seasons, write_history
from scenarios.timeline import HISTORY_DIR, LEDGER_FILE, load_history, read_season_history
from service.cli import app


def test_past_seasons_go_back_year_by_year() -> None:
    """Season k before has the year before k times and its own seed."""
    seasons = past_seasons(seed=5, campaigns=40, season_year=2024, count=3)
    assert [s.season_year for s in seasons] == [2023, 2022, 2021]
    assert [s.seed for s in seasons] == [5_001, 5_002, 5_003]
    assert seasons[0].campaigns["campaign_id"][0] == "C2023-00001"


@pytest.mark.parametrize("back", [0, 1_000])
def test_history_seed_refuses_out_of_range(back: int) -> None:
    """Zero or more than 999 seasons back is refused."""
    with pytest.raises(ValueError, match="seasons back"):
        history_seed(1, back)


def test_written_history_loads_in_year_order(tmp_path: Path) -> None:
    """history/{year}/ folders load oldest first, each with its campaigns and checked ledger."""
    seasons = past_seasons(seed=2, campaigns=60, season_year=2024, count=2)
    write_history(seasons, tmp_path)
    assert sorted(p.name for p in (tmp_path / HISTORY_DIR).iterdir()) == ["2022", "2023"]
    loaded = load_history(tmp_path / HISTORY_DIR)
    assert [h.name for h in loaded] == ["2022", "2023"]
    pd.testing.assert_frame_equal(loaded[1].ledger, seasons[0].ledger)
    assert loaded[1].campaigns["collected_cents"].tolist() == (
        seasons[0].campaigns["collected_cents"].tolist()
    )
    single = load_history(tmp_path / HISTORY_DIR / "2023")
    assert len(single) == 1
    assert single[0].name == "2023"


def test_a_folder_without_seasons_is_refused(tmp_path: Path) -> None:
    """A folder holding no season is an input error, not an empty history."""
    with pytest.raises(InputError, match="expected a season folder"):
        load_history(tmp_path)


def test_a_broken_ledger_in_the_history_points_at_its_row(tmp_path: Path) -> None:
    """A ledger gift changed by a cent is reported on its row, with the campaign's totals."""
    write_history(past_seasons(seed=2, campaigns=20, season_year=2024, count=1), tmp_path)
    folder = tmp_path / HISTORY_DIR / "2023"
    lines = (folder / LEDGER_FILE).read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = str(Decimal(cells[2]) + Decimal("0.01"))
    lines[1] = ",".join(cells)
    (folder / LEDGER_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_season_history(folder)
    (problem,) = caught.value.problems
    assert problem.source == LEDGER_FILE
    assert problem.field == "amount"
    assert "C2023-00001" in problem.message


def test_generate_command_writes_the_history(tmp_path: Path) -> None:
    """`generate --history 2` writes the season and two past seasons that load."""
    result = CliRunner().invoke(
        app,
        ["generate", "--seed", "3", "--campaigns", "50", "--history", "2", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / LEDGER_FILE).is_file()
    assert [h.name for h in load_history(tmp_path / HISTORY_DIR)] == ["2022", "2023"]
    assert len(load_history(tmp_path)) == 1
