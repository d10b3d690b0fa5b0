"""The allocation cases: a seeded round written to files, allocated by CBC and HiGHS, checked.

Each solver is measured in a fresh process (``benchmarks.measure``), so peak memory figures
don't mix; the allocator gets a time limit (a stopped solve is reported as not proven) and the
process a hard wall-clock limit above it, so a runaway solve is killed. When the allocation is
quick enough, a second process measures the ``tracemalloc`` peak and a third times the whole
``courte-echelle allocate`` command on the same files. The references then solve the plain
model from ``prepare``'s arrays (PuLP + CBC in a process of its own, with a hard limit), and
the allocator's optimum must equal HiGHS's.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allocator import RoundOptions, SolverName, prepare
from benchmarks.allocation_report import report
from benchmarks.case import Metrics
from benchmarks.measure import load_round
from benchmarks.plain_cbc import run_plain_pulp_cbc
from benchmarks.processes import Finished, cli_command, python_module, run_limited
from benchmarks.reference import ReferenceResult, plain_model, solve_plain_highs
from benchmarks.rounds import benchmark_season
from scenarios.season import CAMPAIGNS_FILE, DONATIONS_FILE, FUNDS_FILE, write_season

SOLVERS = (SolverName.CBC, SolverName.HIGHS)
DETAIL_BUDGET = 60.0  # seconds: slower allocations skip the tracemalloc and CLI re-runs
PULP_LIMIT = 120.0  # seconds CBC may spend on the plain PuLP model
SMOKE_LIMIT = 60.0  # the allocator's time limit in smoke runs


def hard_limit(limit: float) -> float:
    """Wall-clock seconds after which a measurement process with time limit ``limit`` is killed."""
    # A solver does not always keep its own limit, and rounding and checks come after it.
    return 1.5 * limit + 120.0


@dataclass(frozen=True)
class AllocationSpec:
    """Sizes, seed and targets of one allocation case."""

    campaigns: int
    funds: int
    smoke_campaigns: int
    smoke_funds: int
    seed: int
    seconds_target: float
    cli_seconds_target: float | None = None
    memory_target_bytes: int | None = None
    limit: float = 600.0  # the allocator's time limit; its process is killed at hard_limit()
    repeats: int = 3


@dataclass(frozen=True)
class Plan:
    """What one run measures: every detail at full size, or the checks at smoke size."""

    campaigns: int
    funds: int
    limit: float
    repeats: int
    trace: bool  # a second process for the tracemalloc peak
    cli: bool  # a third process timing the whole CLI call


def plan_for(spec: AllocationSpec, smoke: bool) -> Plan:
    """Smoke runs are tiny and quick: one repeat, no tracing, the CLI only where it is a target."""
    if smoke:
        has_cli_target = spec.cli_seconds_target is not None
        return Plan(spec.smoke_campaigns, spec.smoke_funds, SMOKE_LIMIT, 1, False, has_cli_target)
    return Plan(spec.campaigns, spec.funds, spec.limit, spec.repeats, True, True)


def run_allocation(spec: AllocationSpec, smoke: bool) -> Metrics:
    """Measure the case at its full (or smoke) size and check the optimum."""
    plan = plan_for(spec, smoke)
    with tempfile.TemporaryDirectory(prefix="benchmark-round-") as temp:
        folder = Path(temp) / "round"
        season = benchmark_season(seed=spec.seed, campaigns=plan.campaigns, funds=plan.funds)
        write_season(season, folder)
        measured = {solver.value: measure_solver(folder, solver, plan) for solver in SOLVERS}
        references = run_references(folder, limit=plan.limit)
    return report(spec, measured, references, smoke=smoke)


def measure_solver(folder: Path, solver: SolverName, plan: Plan) -> dict[str, Any]:
    """The timed run, then (if quick enough) the traced run and the CLI run, for one solver."""
    limit = plan.limit
    timed, figures = _measure(folder, solver, limit=limit, repeats=plan.repeats, trace=False)
    if figures is None:
        return {"failed": timed.reason(hard_limit(limit))}
    if figures["median"]["wall"] > DETAIL_BUDGET:
        figures["skipped"] = f"allocation alone took {figures['median']['wall']:.0f} s"
        return figures
    if plan.trace:
        traced = _measure(folder, solver, limit=limit, repeats=1, trace=True)[1]
        figures["traced_peak_bytes"] = traced and traced["traced_peak_bytes"]
    if plan.cli:
        cli = run_limited(_cli(folder, solver, limit), limit=hard_limit(limit))
        figures["cli_seconds"] = cli.seconds if cli.ok else None
        figures["cli_failure"] = None if cli.ok else cli.reason(hard_limit(limit))
    return figures


def _measure(
    folder: Path, solver: SolverName, *, limit: float, repeats: int, trace: bool
) -> tuple[Finished, dict[str, Any] | None]:
    out = folder.parent / f"measure-{solver.value}-{'trace' if trace else 'time'}.json"
    args = [str(folder), "--solver", solver.value, "--time-limit", str(limit), "--out", str(out)]
    args += ["--repeats", str(repeats), *(["--trace"] if trace else [])]
    finished = run_limited(python_module("benchmarks.measure", *args), limit=hard_limit(limit))
    if not finished.ok:
        return finished, None
    figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return finished, figures


def _cli(folder: Path, solver: SolverName, limit: float) -> list[str]:
    return cli_command(
        "allocate",
        *("--campaigns", str(folder / CAMPAIGNS_FILE)),
        *("--funds", str(folder / FUNDS_FILE)),
        *("--donations", str(folder / DONATIONS_FILE)),
        *("--out", str(folder.parent / f"cli-{solver.value}")),
        *("--solver", solver.value),
        *("--time-limit", str(limit)),
    )


def run_references(folder: Path, *, limit: float) -> dict[str, ReferenceResult]:
    """Reference (a), plain HiGHS, and (b), plain PuLP + CBC, on the prepared arrays.

    (b) runs in a process of its own, killed at ``hard_limit`` of its CBC limit: a stopped
    reference is reported as not proven, and its time as a lower bound.
    """
    prepared = prepare(load_round(folder), RoundOptions())
    model = plain_model(prepared.capacity, prepared.need, prepared.budget)
    references = {"highs": solve_plain_highs(model, time_limit=limit)}
    del prepared, model  # the reference process builds its own; don't hold both in memory
    pulp_limit = min(limit, PULP_LIMIT)
    references["pulp_cbc"] = run_plain_pulp_cbc(
        folder,
        time_limit=pulp_limit,
        hard_limit=hard_limit(pulp_limit),
        out=folder.parent / "plain-cbc.json",
    )
    return references
