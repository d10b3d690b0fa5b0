"""The stage-model dump and replay tool: every solver call kept, each one solvable again."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from allocator import SolverName
from benchmarks.stage_models import StageModel, _Overridden, dump, main, replay


def test_dump_keeps_every_stage_and_replay_solves_each_again(tmp_path: Path) -> None:
    """The dumped list names each stage, and a replayed model gives the status it had."""
    out = tmp_path / "models.pickle"
    kept = dump(seed=7, campaigns=60, funds=3, solver=SolverName.HIGHS, out=out)
    purposes = [stage.purpose for stage in kept]
    assert purposes[0] == "completed: LP"
    assert purposes[-1] == "which fund pays"
    stored: list[StageModel] = pickle.loads(out.read_bytes())
    assert [stage.purpose for stage in stored] == purposes
    for stage in stored:
        text = replay(
            stage, solver=SolverName.HIGHS, options={}, log=False, start=True, time_limit=60
        )
        assert text.startswith(f"{stage.purpose}: optimal, objective ")


def test_overridden_options_keep_their_values() -> None:
    """An option set on the command line wins over the adapter's own setting of it."""
    calls: list[tuple[str, Any]] = []

    class Recorder:
        def setOptionValue(self, name: str, value: Any) -> None:
            calls.append((name, value))

    highs = _Overridden(Recorder(), {"output_flag": True})
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("random_seed", 0)
    assert calls == [("output_flag", True), ("random_seed", 0)]


def test_command_line_dumps_a_sized_round_and_replays_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``dump`` lists the models by index; ``replay N`` prints the N-th one's outcome."""
    out = tmp_path / "models.pickle"
    main(["dump", "--seed", "7", "--campaigns", "60", "--funds", "3", "--out", str(out)])
    listing = capsys.readouterr().out
    assert "  0  LP" in listing
    assert "completed: LP" in listing
    main(["replay", str(out), "0", "--option", "presolve=off"])
    assert capsys.readouterr().out.startswith("completed: LP: optimal, objective ")
