"""The courte-echelle command on the example season and on a hand-broken copy of it."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenarios.season import example_season_dir
from service.cli import app

runner = CliRunner()


@pytest.fixture
def season(tmp_path: Path) -> Path:
    """A private copy of the example season."""
    folder = tmp_path / "season"
    shutil.copytree(example_season_dir(), folder)
    return folder


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real entry point in a subprocess (exit codes and stderr as users see them)."""
    code = "from service.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


def test_allocate_writes_the_four_files(season: Path, tmp_path: Path) -> None:
    """A round on the example data writes allocations, outcomes, lineage and summary."""
    out = tmp_path / "out"
    args = ["allocate", "--campaigns", str(season / "campaigns.csv")]
    args += ["--funds", str(season / "funds.json"), "--donations", str(season / "donations.csv")]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    with (out / "outcomes.csv").open() as stream:
        outcomes = list(csv.DictReader(stream))
    with (out / "allocations.csv").open() as stream:
        allocations = list(csv.DictReader(stream))
    assert len(outcomes) == summary["campaigns"] == 400
    completed_by_round = {a["campaign_id"] for a in allocations}
    assert len(completed_by_round) == summary["completed_by_round"]
    assert summary["status"] == "optimal"
    assert summary["completed_by_round"] >= max(p["completed"] for p in summary["policies"])
    assert all(len(a["amount"].split(".")[1]) == 2 for a in allocations)
    assert len(summary["input_sha256"]) == 64


def test_allocate_without_data_uses_the_example_and_is_deterministic(tmp_path: Path) -> None:
    """Two runs give byte-identical CSV files and the same summary but for timings."""
    texts = []
    for name in ("a", "b"):
        result = runner.invoke(app, ["allocate", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        summary = json.loads((tmp_path / name / "summary.json").read_text())
        summary.pop("timings")
        csvs = [
            (tmp_path / name / f).read_bytes()
            for f in ("allocations.csv", "outcomes.csv", "lineage.csv")
        ]
        texts.append((csvs, summary))
    assert texts[0] == texts[1]


def test_highs_and_cbc_agree_on_the_example(tmp_path: Path) -> None:
    """Both solvers reach the same objective values on the example season."""
    objectives = []
    for solver in ("cbc", "highs"):
        out = tmp_path / solver
        result = runner.invoke(app, ["allocate", "--solver", solver, "--out", str(out)])
        assert result.exit_code == 0, result.output
        objectives.append(json.loads((out / "summary.json").read_text())["objectives"])
    assert objectives[0] == objectives[1]


def test_broken_files_list_every_problem_and_exit_non_zero(season: Path, tmp_path: Path) -> None:
    """A goal with three decimals, a bad département and a bad fund budget are all reported."""
    rows = (season / "campaigns.csv").read_text().splitlines()
    header = rows[0].split(",")
    first = rows[1].split(",")
    first[header.index("min_goal")] = "956.125"
    second = rows[2].split(",")
    second[header.index("departement")] = "95"
    rows[1], rows[2] = ",".join(first), ",".join(second)
    (season / "campaigns.csv").write_text("\n".join(rows) + "\n")
    funds = json.loads((season / "funds.json").read_text())
    funds["funds"][0]["budget"] = "12.345"
    (season / "funds.json").write_text(json.dumps(funds))
    out = tmp_path / "out"
    completed = run_main(
        "allocate",
        "--campaigns",
        str(season / "campaigns.csv"),
        "--funds",
        str(season / "funds.json"),
        "--out",
        str(out),
    )
    assert completed.returncode == 2
    assert "campaigns.csv, row 2, field 'min_goal'" in completed.stderr
    assert "campaigns.csv, row 3, field 'departement'" in completed.stderr
    assert "did you mean '095'" in completed.stderr
    assert "funds.json, row 1, field 'budget'" in completed.stderr
    assert not out.exists()


def test_an_out_that_is_a_file_is_refused_before_the_round_runs(tmp_path: Path) -> None:
    """Exit 2 with the option named, not a traceback after the solve; the file is untouched."""
    taken = tmp_path / "taken"
    taken.write_text("mine\n", encoding="utf-8")
    for command in (["allocate"], ["generate"], ["replay", str(tmp_path)]):
        completed = run_main(*command, "--out", str(taken))
        assert completed.returncode == 2, (command, completed.stderr)
        assert "field '--out': expected a folder for the result files, got the file" in (
            completed.stderr
        )
        assert "Traceback" not in completed.stderr
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_a_round_without_report_removes_the_previous_round_s_report(tmp_path: Path) -> None:
    """report.html and its charts describe the round they came with: a new round drops them."""
    out = tmp_path / "out"
    first = runner.invoke(app, ["allocate", "--out", str(out), "--report"])
    assert first.exit_code == 0, first.output
    assert (out / "report.html").is_file()
    assert list((out / "charts").glob("*.png"))
    (out / "charts" / "notes.txt").write_text("kept\n", encoding="utf-8")
    second = runner.invoke(app, ["allocate", "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert not (out / "report.html").exists()
    assert sorted(p.name for p in (out / "charts").iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "allocations.csv",
        "lineage.csv",
        "outcomes.csv",
        "summary.json",
    ]


def test_an_error_quoting_brackets_is_printed_as_written(tmp_path: Path) -> None:
    """The pattern [a-z0-9] in a message was taken for console markup and vanished."""
    scenario = tmp_path / "more.yaml"
    scenario.write_text(
        "title: t\nquestion: q\nbase: {season: example}\n"
        "variants:\n  - {name: More, change: {op: set_budget, fund: food, budget: 1}}\n",
        encoding="utf-8",
    )
    completed = run_main("simulate", str(scenario), "--out", str(tmp_path / "out"))
    assert completed.returncode == 2
    assert "field 'variants[0].name': expected text matching pattern '^[a-z0-9][a-z0-9_.-]*$'" in (
        " ".join(completed.stderr.split())
    )


def test_eligibility_summary_and_explain(season: Path) -> None:
    """The summary counts campaigns per fund; --explain says which rule part failed."""
    args = [
        "eligibility",
        "--campaigns",
        str(season / "campaigns.csv"),
        "--funds",
        str(season / "funds.json"),
    ]
    summary = runner.invoke(app, args)
    assert summary.exit_code == 0, summary.output
    assert "Campaigns per fund" in summary.output
    assert "mountain-classes" in summary.output
    with (season / "campaigns.csv").open() as stream:
        first = next(csv.DictReader(stream))["campaign_id"]
    explained = runner.invoke(app, [*args, "--explain", first])
    assert explained.exit_code == 0, explained.output
    assert "— held" in explained.output or "— failed" in explained.output


def test_explain_unknown_campaign_is_a_clear_error(season: Path) -> None:
    """An unknown campaign id exits with code 2 and says so."""
    completed = run_main("eligibility", "--explain", "NOPE")
    assert completed.returncode == 2
    assert "'NOPE' is not in the campaigns file" in completed.stderr


def test_generate_writes_a_loadable_season(tmp_path: Path) -> None:
    """A generated season can be allocated straight away."""
    result = runner.invoke(
        app, ["generate", "--seed", "3", "--campaigns", "120", "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "s"
    allocated = runner.invoke(
        app,
        [
            "allocate",
            "--campaigns",
            str(folder / "campaigns.csv"),
            "--funds",
            str(folder / "funds.json"),
            "--donations",
            str(folder / "donations.csv"),
            "--out",
            str(tmp_path / "r"),
        ],
    )
    assert allocated.exit_code == 0, allocated.output
    assert (tmp_path / "r" / "summary.json").exists()


def test_bad_round_date_and_horizon_without_date(tmp_path: Path) -> None:
    """A malformed date and a horizon without a round date are refused clearly."""
    bad_date = run_main("allocate", "--round-date", "2024-13-01", "--out", str(tmp_path / "o"))
    assert bad_date.returncode == 2
    assert "--round-date expects YYYY-MM-DD" in bad_date.stderr
    no_date = run_main("allocate", "--horizon-days", "10", "--out", str(tmp_path / "o"))
    assert no_date.returncode == 2
    assert "horizon_days needs a round_date" in no_date.stderr


def test_the_command_loads_no_store_or_workbook_library_it_does_not_use(tmp_path: Path) -> None:
    """`--help` and an allocation on CSV files never import the database or .xlsx libraries.

    They take over a second to import between them; only `serve`, `keys`, `receipts` and an
    .xlsx export need them.
    """
    code = (
        "import sys\n"
        "from service.cli import app\n"
        "heavy = ('sqlalchemy', 'alembic', 'openpyxl', 'networkx', 'fastapi', 'matplotlib')\n"
        "def loaded():\n"
        "    return sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "print(','.join(loaded()))\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as stop:\n"
        "    assert stop.code in (0, None), stop.code\n"
        "print(','.join(loaded()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "allocate", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ""  # importing the command
    assert not {"sqlalchemy", "alembic", "openpyxl", "fastapi"} & set(lines[-1].split(","))


def test_allocate_runs_highs_on_the_thread_count_given(tmp_path: Path) -> None:
    """--highs-threads 1 gives the round a direct ``allocate`` with ``highs_threads=1`` decides,
    and that option is in the input hash; 0 is refused before anything runs."""
    from allocator import RoundOptions, allocate
    from allocator.canonical import input_sha256
    from eligibility.money import format_euros
    from tests.service.builders import example_round

    out = tmp_path / "one"
    args = ["allocate", "--solver", "highs", "--highs-threads", "1", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    options = RoundOptions(solver="highs", highs_threads=1)
    direct = allocate(example_round(), options)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["input_sha256"] == input_sha256(example_round(), options)
    assert summary["input_sha256"] != input_sha256(example_round(), RoundOptions(solver="highs"))
    with (out / "allocations.csv").open() as stream:
        written = [(a["fund_id"], a["campaign_id"], a["amount"]) for a in csv.DictReader(stream)]
    expected = [
        (a.fund_id, a.campaign_id, format_euros(a.amount_cents)) for a in direct.allocations
    ]
    assert sorted(written) == sorted(expected)
    refused = runner.invoke(app, ["allocate", "--highs-threads", "0", "--out", str(tmp_path / "z")])
    assert refused.exit_code == 2
    assert not (tmp_path / "z").exists()
