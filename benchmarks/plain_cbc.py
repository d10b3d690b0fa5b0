"""Reference (b), plain PuLP + CBC, in a process of its own with a hard wall-clock limit.

    python -m benchmarks.plain_cbc DIR --time-limit 120 --out result.json

CBC keeps its time limit inside branch and bound, but on a large plain model the root LP, the
cuts and PuLP's own file writing and reading around it are not bounded by it. Run in the
benchmark's process, such a reference could hold the whole case past its timeout; run here, it
is killed at the hard limit and reported as having taken at least that long. The build time is
written to ``--out`` as soon as the model is built, so a killed run still says how its time
was spent.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from allocator import RoundOptions, prepare
from benchmarks.measure import load_round
from benchmarks.processes import python_module, run_limited
from benchmarks.reference import ReferenceResult, plain_model, solve_plain_pulp_cbc
from eligibility.files import write_atomically


def run_plain_pulp_cbc(
    folder: Path, *, time_limit: float, hard_limit: float, out: Path
) -> ReferenceResult:
    """Reference (b) on the round in ``folder``; a run killed at ``hard_limit`` is not proven."""
    out.unlink(missing_ok=True)  # a killed run must not read an earlier run's figures
    args = [str(folder), "--time-limit", str(time_limit), "--out", str(out)]
    finished = run_limited(python_module("benchmarks.plain_cbc", *args), limit=hard_limit)
    figures = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    if finished.ok:
        return ReferenceResult(**figures["result"])
    # Stopped or crashed: what was written so far, and the rest of the wall time as solving.
    built = figures.get("built", {})
    setup = built.get("setup_seconds", 0.0)
    build = built.get("build_seconds", 0.0)
    return ReferenceResult(
        optimum=None,
        status=finished.reason(hard_limit),
        build_seconds=build,
        solve_seconds=max(0.0, finished.seconds - setup - build),
        columns=built.get("columns", 0),
        rows=built.get("rows", 0),
    )


def main(argv: list[str] | None = None) -> None:
    """Load and prepare the round, build and solve the plain model, write the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plain_cbc")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    prepared = prepare(load_round(args.folder), RoundOptions())
    model = plain_model(prepared.capacity, prepared.need, prepared.budget)
    setup = time.perf_counter() - began

    def built(seconds: float, columns: int, rows: int) -> None:
        figures = {"setup_seconds": setup, "build_seconds": seconds, "columns": columns}
        write_atomically(args.out, json.dumps({"built": {**figures, "rows": rows}}, indent=2))

    result = solve_plain_pulp_cbc(model, time_limit=args.time_limit, on_built=built)
    # Replaced whole each time, so a kill never leaves half a JSON file behind.
    write_atomically(args.out, json.dumps({"result": dataclasses.asdict(result)}, indent=2))


if __name__ == "__main__":
    main()
