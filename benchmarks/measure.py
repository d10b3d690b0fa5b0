"""One allocator measurement in a fresh process: load the files, allocate, report as JSON.

    python -m benchmarks.measure DIR --solver highs --time-limit 600 --out result.json \
        [--repeats 3] [--trace]

Run once per case and solver so that the peak resident memory (``ru_maxrss``) is this
measurement's alone. ``--trace`` runs one allocation under ``tracemalloc`` for the peak of
Python (and NumPy) allocations; its times are slowed by the tracing and not reported.

The summary's ``timings.solves`` names and times each solve the stages make, so the table can
say which lexicographic stage the solve time goes to.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from allocator import RoundOptions, SolverName, allocate
from allocator.donation_file import read_donations
from allocator.fund_file import read_funds
from allocator.round import Round
from eligibility.campaign_file import read_campaigns
from scenarios.season import CAMPAIGNS_FILE, DONATIONS_FILE, FUNDS_FILE

REPEAT_BUDGET = 20.0  # seconds of allocation after which no further repeat starts


def load_round(folder: Path) -> Round:
    """The round written in ``folder``, read through the project's loaders."""
    return Round(
        read_campaigns(folder / CAMPAIGNS_FILE),
        read_funds(folder / FUNDS_FILE),
        read_donations(folder / DONATIONS_FILE),
    )


def measure(
    folder: Path, *, solver: SolverName, time_limit: float, repeats: int, trace: bool
) -> dict[str, Any]:
    """Load and allocate (median over up to ``repeats`` runs); times, result and memory."""
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    round_ = load_round(folder)
    load_seconds = time.perf_counter() - began
    options = RoundOptions(solver=solver, time_limit=time_limit)
    runs: list[dict[str, float]] = []
    spent = 0.0
    while len(runs) < (1 if trace else repeats) and (not runs or spent < REPEAT_BUDGET):
        began = time.perf_counter()
        result = allocate(round_, options)
        wall = time.perf_counter() - began
        spent += wall
        timings = {k: v for k, v in result.summary["timings"].items() if k != "solves"}
        runs.append({**timings, "wall": wall})
    summary = result.summary
    return {
        "solver": solver.value,
        "load": load_seconds,
        "runs": runs,
        "median": {key: statistics.median(r[key] for r in runs) for key in runs[0]},
        "completed": summary["objectives"]["completed"],
        "status": str(result.status),
        "stage_statuses": summary.get("stage_statuses", {}),
        "criteria_proven": summary.get("criteria_proven", {}),
        "stages": summary["timings"]["solves"],
        "lp_bound": summary.get("lp_bound"),
        "model": summary["model"],
        "considered": summary.get("campaigns_considered"),
        "lineage_splits": summary["lineage_splits"],
        "pool_receivers": len({(x.pool_id, x.campaign_id) for x in result.lineage}),
        "maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "traced_peak_bytes": tracemalloc.get_traced_memory()[1] if trace else None,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, measure, write the JSON file."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--solver", type=SolverName, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(
        args.folder,
        solver=args.solver,
        time_limit=args.time_limit,
        repeats=args.repeats,
        trace=args.trace,
    )
    args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
