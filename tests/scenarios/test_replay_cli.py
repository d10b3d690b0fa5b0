"""``courte-echelle replay`` on a small generated season folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eligibility.errors import InputError
from scenarios.season import generate_season, write_season
from service.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def season_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-campaign season written as files, ledger included."""
    folder = tmp_path_factory.mktemp("season")
    write_season(generate_season(seed=3, campaigns=40), folder)
    return folder


def test_replay_writes_the_documented_files(season_dir: Path, tmp_path: Path) -> None:
    """Two policies asked: none joins them; each file has its documented header; piped: silent."""
    out = tmp_path / "out"
    args = ["replay", str(season_dir), "--policy", "optimal", "--policy", "fcfs"]
    result = runner.invoke(app, [*args, "--solver", "highs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    with (out / "replay.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["policy"] for r in rows] == ["none", "fcfs", "optimal"]
    timeline = (out / "timeline.csv").read_text(encoding="utf-8").splitlines()
    assert timeline[0] == "policy,date,succeeded,spent,pledged_open,pool_available"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["options"]["cadence"] == "weekly"
    assert summary["season"]["campaigns"] == 40


def test_unknown_policy_is_an_input_error(season_dir: Path, tmp_path: Path) -> None:
    """A misspelt policy names the known ones."""
    result = runner.invoke(app, ["replay", str(season_dir), "--policy", "greedy"])
    assert isinstance(result.exception, InputError)
    assert "optimal-pledge" in str(result.exception)


def test_missing_ledger_is_an_input_error(season_dir: Path, tmp_path: Path) -> None:
    """A season folder without its ledger is refused, naming the file."""
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("campaigns.csv", "funds.json"):
        (partial / name).write_bytes((season_dir / name).read_bytes())
    result = runner.invoke(app, ["replay", str(partial), "--policy", "fcfs"])
    assert isinstance(result.exception, InputError)
    assert "ledger.csv" in str(result.exception)
