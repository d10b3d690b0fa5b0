"""The benchmark registry, the smoke pass of every case, the references and the README writer."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from allocator import RoundOptions, prepare
from benchmarks.allocation_report import reference_lines
from benchmarks.case import Metrics, check, line
from benchmarks.cases import CASES, case_named
from benchmarks.measure import load_round
from benchmarks.plain_cbc import run_plain_pulp_cbc
from benchmarks.readme import (
    END,
    README,
    START,
    UNRECORDED,
    CaseRecord,
    check_summary,
    render,
    replace_section,
    write_section,
)
from benchmarks.reference import (
    ReferenceResult,
    plain_model,
    solve_plain_highs,
    solve_plain_pulp_cbc,
)
from benchmarks.rounds import benchmark_season
from benchmarks.runner import run_case
from scenarios.season import write_season

EXPECTED = {
    "eligibility",
    "allocation-1500x10",
    "allocation-10000x30",
    "allocation-50000x50",
    "scenario-sweep",
    "season-replay",
}
MACHINE = dict.fromkeys(
    ("cpu", "cores", "memory", "python", "pulp", "highs", "cbc", "numpy", "date"), "x"
)


def test_registry_holds_every_case_once() -> None:
    """Each case from the issues is registered once, with a seed, sizes and a target."""
    assert len(CASES) == len(EXPECTED)
    assert {c.name for c in CASES} == EXPECTED
    for case in CASES:
        assert case.sizes
        assert case.smoke_sizes
        assert case.target
        assert case_named(case.name) is case


def test_unknown_case_names_the_known_ones() -> None:
    """Asking for a case that does not exist says which ones do."""
    with pytest.raises(KeyError, match="allocation-1500x10"):
        case_named("allocation-3x3")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_smoke_pass_runs_and_its_checks_hold(name: str) -> None:
    """The smoke run of each case gives table rows and no failed correctness check."""
    metrics = case_named(name).run(True)
    assert metrics["lines"]
    failed = [c for c in metrics["checks"] if c["ok"] is not True]
    assert failed == []
    if name.startswith("allocation-"):
        checked = {c["name"] for c in metrics["checks"]}
        for solver in ("CBC", "HiGHS"):
            assert f"{solver} optimum equals the plain model's (highs)" in checked
            assert f"{solver} result is proven optimal" in checked
        assert len(metrics["phases"]) == 2


def test_runner_runs_a_case_in_a_worker_process() -> None:
    """A case run through the worker process comes back with its metrics."""
    record = run_case(case_named("eligibility"), smoke=True)
    (row,) = record["metrics"]["lines"]
    assert row["variant"] == "eligibility_matrix"
    assert all(c["ok"] for c in record["metrics"]["checks"])


def test_plain_references_solve_a_hand_solved_round() -> None:
    """Needs of 60 € and 70 €; fund A (100 €) pays both, fund B (30 €) at most 20 € to the first.

    The first takes 20 € from B and 40 € from A; the second would need 70 € more from A, and
    40 + 70 > 100: only one campaign can be completed. The third has no need and is left out.
    """
    need = np.array([6000, 7000, 0], dtype=np.int64)
    budget = np.array([10000, 3000], dtype=np.int64)
    capacity = np.array([[10000, 2000], [10000, 0], [10000, 3000]], dtype=np.int64)
    model = plain_model(capacity, need, budget)
    assert len(model.need) == 2
    assert model.binding.tolist() == [False, True, False]
    assert solve_plain_highs(model, time_limit=10).optimum == 1
    assert solve_plain_pulp_cbc(model, time_limit=10).optimum == 1


def test_plain_reference_counts_only_what_budgets_allow() -> None:
    """Three campaigns of 40 € and one fund of 100 €: two are completed, not three."""
    model = plain_model(
        np.full((3, 1), 10000, dtype=np.int64),
        np.full(3, 4000, dtype=np.int64),
        np.array([10000], dtype=np.int64),
    )
    assert solve_plain_highs(model, time_limit=10).optimum == 2
    assert solve_plain_pulp_cbc(model, time_limit=10).optimum == 2


def _record(name: str, met: bool | None, machine: dict[str, str] | None = None) -> CaseRecord:
    metrics = Metrics(
        lines=[line("v", "1.0 s", target="< 2 s", met=met)],
        checks=[check("optimum equals", True)],
        phases=[],
        details={},
    )
    record = CaseRecord(
        name=name, sizes="1 × 1", date="2024-01-01", seconds=1.0, load_average=0.5, metrics=metrics
    )
    if machine is not None:
        record["machine"] = machine
    return record


def test_render_shows_every_row_and_whether_it_met() -> None:
    """The generated table has one row per line, with yes, no or a dash."""
    text = render([_record(n, met, MACHINE) for n, met in (("a", True), ("b", False), ("c", None))])
    assert "Measured 2024-01-01 on x, x cores, x; Python x, PuLP x, x, x, NumPy x." in text
    assert "| a | 1 × 1 | v | 1.0 s | < 2 s | yes |" in text
    assert "| b | 1 × 1 | v | 1.0 s | < 2 s | **no** |" in text
    assert "| c | 1 × 1 | v | 1.0 s | < 2 s | — |" in text
    assert "Correctness checks: 3 of 3 held." in text


def test_render_names_each_machine_with_its_cases() -> None:
    """Rows measured on different machines (or on one not recorded) say which is which."""
    other = {**MACHINE, "cpu": "Other CPU"}
    text = render([_record("a", True, MACHINE), _record("b", True, other), _record("c", True)])
    assert "Measured on more than one machine" in text
    assert "- a: 2024-01-01 on x, x cores" in text
    assert "- b: 2024-01-01 on Other CPU, x cores" in text
    assert f"- c: 2024-01-01 on {UNRECORDED}." in text
    assert text.index("- a:") < text.index("- b:") < text.index("- c:")  # in the records' order


def test_render_copes_with_no_records_and_a_partial_machine() -> None:
    """No record at all, or a stored machine missing a field, still renders."""
    assert "Nothing measured yet." in render([])
    partial = {"cpu": "Some CPU"}
    text = render([_record("a", True, partial)])
    assert "Measured 2024-01-01 on Some CPU, unknown cores, unknown;" in text


def test_readme_writer_replaces_only_the_marked_section(tmp_path: Path) -> None:
    """Hand-written text before and after the markers survives a rewrite, byte for byte."""
    copy = tmp_path / "README.md"
    shutil.copyfile(README, copy)
    before = copy.read_text(encoding="utf-8")
    head, tail = before.split(START)[0], before.split(END)[1]
    write_section(copy, "| generated |")
    after = copy.read_text(encoding="utf-8")
    assert after == f"{head}{START}\n| generated |\n{END}{tail}"
    write_section(copy, "| again |")
    assert copy.read_text(encoding="utf-8") == f"{head}{START}\n| again |\n{END}{tail}"


def test_readme_writer_refuses_a_file_without_markers() -> None:
    """Without both markers nothing is written and the reason is given."""
    with pytest.raises(ValueError, match="results:start"):
        replace_section("# Benchmarks\n", "table")
    with pytest.raises(ValueError, match="results:start"):
        replace_section(f"{END}\n{START}\n", "table")


def _written_round(folder: Path) -> Path:
    season = benchmark_season(seed=7, campaigns=40, funds=3)
    write_season(season, folder / "round")
    return folder / "round"


def test_plain_cbc_process_matches_the_in_process_reference(tmp_path: Path) -> None:
    """Reference (b) run in its own process finds the optimum plain HiGHS finds."""
    folder = _written_round(tmp_path)
    prepared = prepare(load_round(folder), RoundOptions())
    model = plain_model(prepared.capacity, prepared.need, prepared.budget)
    expected = solve_plain_highs(model, time_limit=30).optimum
    out = tmp_path / "plain-cbc.json"
    result = run_plain_pulp_cbc(folder, time_limit=30, hard_limit=120, out=out)
    assert result.status == "optimal"
    assert result.optimum == expected
    assert result.columns == len(model.need) + len(model.pair_campaign)


def test_plain_cbc_stopped_at_its_hard_limit_is_not_proven_and_its_ratio_is_a_bound(
    tmp_path: Path,
) -> None:
    """A reference killed at its hard limit has no optimum; its time ratios are shown as '≥'."""
    folder = _written_round(tmp_path)
    out = tmp_path / "plain-cbc.json"
    stopped = run_plain_pulp_cbc(folder, time_limit=30, hard_limit=0.01, out=out)
    assert stopped.optimum is None
    assert stopped.status == "stopped at the 0.01 s limit"
    assert stopped.seconds > 0
    highs = ReferenceResult(3, "Optimal", 0.1, 0.2, 10, 5)
    measured = {"highs": {"median": {"total": stopped.seconds / 4}, "completed": 3}}
    lines = reference_lines(measured, {"highs": highs, "pulp_cbc": stopped})
    assert "HiGHS ≥ 4.0×" in lines[1]["figures"]
    assert "not proven (stopped at the 0.01 s limit)" in lines[1]["figures"]


def test_check_summary_tells_failed_from_not_checked() -> None:
    """A check that could not run is counted apart from one that failed, never as failed."""
    metrics = Metrics(
        lines=[],
        checks=[check("a", True), check("b", None, "reference stopped"), check("c", False, "off")],
        phases=[],
        details={},
    )
    record = CaseRecord(
        name="x", sizes="1 × 1", date="2024-01-01", seconds=1.0, load_average=0.5, metrics=metrics
    )
    lines = check_summary([record])
    assert lines[0] == "Correctness checks: 1 of 3 held, 1 failed, 1 could not be checked."
    assert "- **x**: b: not checked (reference stopped)" in lines
    assert "- **x**: c: FAILED (off)" in lines
