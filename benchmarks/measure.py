"""One allocator measurement in a fresh process: load the files, allocate, report as JSON.

    python -m benchmarks.measure DIR --solver highs --time-limit 600 --out result.json \
        [--repeats 3] [--trace]

Run once per case and solver so that the peak resident memory (``ru_maxrss``) is this
measurement's alone. ``--trace`` runs one allocation under ``tracemalloc`` for the peak of
Python (and NumPy) allocations; its times are slowed by the tracing and not reported.

Each solve the stages make is timed by wrapping the adapter the stages module calls (an
observation only: arguments and answers pass through unchanged), so the table can say which
lexicographic stage the solve time goes to.
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

import allocator.stages
from allocator import RoundOptions, SolverName, allocate
from allocator.donation_file import read_donations
from allocator.fund_file import read_funds
from allocator.round import Round
from eligibility.campaign_file import read_campaigns
from scenarios.season import CAMPAIGNS_FILE, DONATIONS_FILE, FUNDS_FILE

REPEAT_BUDGET = 20.0  # seconds of allocation after which no further repeat starts
LP_BOUND, FUNDS_LP = "LP bound", "which fund pays"  # the LP solves before and after the MILPs
ADAPTER = "solve"  # the name under which the stages module calls the solver adapter


def record_solves(log: list[dict[str, Any]]) -> None:
    """Append the seconds, kind and status of every solve the stages make to ``log``."""
    adapter = getattr(allocator.stages, ADAPTER, None)
    if adapter is None:  # the stages module changed: no per-stage figures, nothing else lost
        return

    def timed(model: Any, **options: Any) -> Any:
        began = time.perf_counter()
        solution = adapter(model, **options)
        log.append(
            {
                "seconds": time.perf_counter() - began,
                "mip": bool(model.is_mip),
                "status": str(solution.status),
            }
        )
        return solution

    setattr(allocator.stages, ADAPTER, timed)


def name_stages(log: list[dict[str, Any]], order: tuple[str, ...]) -> list[dict[str, Any]]:
    """The logged solves named: the LP bound, then one MILP per criterion, then the funds LP."""
    criteria = iter(order)
    named, mips = [], 0
    for solve in log:
        if solve["mip"]:
            name, mips = next(criteria, "MILP"), mips + 1
        else:
            name = FUNDS_LP if mips else LP_BOUND
        named.append({**solve, "stage": name})
    return named


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
    log: list[dict[str, Any]] = []
    record_solves(log)
    while len(runs) < (1 if trace else repeats) and (not runs or spent < REPEAT_BUDGET):
        log.clear()
        began = time.perf_counter()
        result = allocate(round_, options)
        wall = time.perf_counter() - began
        spent += wall
        runs.append({**result.summary["timings"], "wall": wall})
    summary = result.summary
    return {
        "solver": solver.value,
        "load": load_seconds,
        "runs": runs,
        "median": {key: statistics.median(r[key] for r in runs) for key in runs[0]},
        "completed": summary["objectives"]["completed"],
        "status": str(result.status),
        "stage_statuses": summary.get("stage_statuses", {}),
        "stages": name_stages(log, tuple(c.value for c in options.order)),
        "lp_bound": summary.get("lp_bound"),
        "model": summary["model"],
        "considered": summary.get("campaigns_considered"),
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
