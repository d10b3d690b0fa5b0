"""Dump the models each lexicographic stage solves, and replay one with other solver options.

    python -m benchmarks.stage_models dump allocation-10000x30 --out models.pickle
    python -m benchmarks.stage_models replay models.pickle 6 --log --option presolve=off

A tuning aid, not a measurement: ``dump`` allocates a benchmark case's seeded round (or any
``--seed/--campaigns/--funds``) with the allocator's own code, keeping every model handed to
the solver with its start, basis and heuristics switch, and lists them by index; ``replay``
solves one of them again, through the allocator's HiGHS adapter (``--option`` sets any HiGHS
option, after the adapter's own), or through CBC, and prints its status, objective and time.
The dump file is a pickle: load only files you wrote.
"""

from __future__ import annotations

import argparse
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

import allocator.highs
import allocator.stages
from allocator import RoundOptions, SolverName, allocate
from allocator.milp import LinearModel
from allocator.options import DEFAULT_HIGHS_THREADS
from allocator.solve import Solution, solve
from allocator.status import Basis
from benchmarks.cases import allocation_1500x10, allocation_10000x30, allocation_50000x50
from benchmarks.rounds import benchmark_round, benchmark_season

SPECS = {
    case.CASE.name: case.SPEC
    for case in (allocation_1500x10, allocation_10000x30, allocation_50000x50)
}
GAP = allocator.stages.EXACT_GAP


@dataclass(frozen=True)
class StageModel:
    """One solver call of an allocation: what it was for and everything it was given."""

    purpose: str
    model: LinearModel
    start: np.ndarray | None
    heuristics: bool
    basis: Basis | None


def dump(
    *, seed: int, campaigns: int, funds: int, solver: SolverName, out: Path
) -> list[StageModel]:
    """Allocate the seeded round, keeping each stage's model; write them to ``out``."""
    kept: list[StageModel] = []
    original = allocator.stages._solve

    def keeping(
        model: LinearModel,
        options: RoundOptions,
        time_limit: float | None,
        start: np.ndarray | None,
        report: allocator.stages.StageReport,
        purpose: str,
        *,
        heuristics: bool = True,
        basis: Basis | None = None,
    ) -> Solution:
        kept.append(StageModel(purpose, model, start, heuristics, basis))
        return original(
            model, options, time_limit, start, report, purpose, heuristics=heuristics, basis=basis
        )

    season = benchmark_season(seed=seed, campaigns=campaigns, funds=funds)
    with mock.patch.object(allocator.stages, "_solve", keeping):
        allocate(benchmark_round(season), RoundOptions(solver=solver))
    out.write_bytes(pickle.dumps(kept))
    return kept


def replay(
    stage: StageModel,
    *,
    solver: SolverName,
    options: dict[str, Any],
    log: bool,
    start: bool,
    time_limit: float | None,
) -> str:
    """Solve one dumped model again; a line with its status, objective and seconds."""
    overrides = {**options, **({"output_flag": True} if log else {})}
    if overrides and solver is not SolverName.HIGHS:
        raise SystemExit("--option and --log apply to HiGHS only")
    created = allocator.highs.new_highs

    def configured(threads: int = DEFAULT_HIGHS_THREADS) -> Any:
        return _Overridden(created(threads), overrides)

    began = time.perf_counter()
    with mock.patch.object(allocator.highs, "new_highs", configured):
        solution = solve(
            stage.model,
            solver=solver,
            time_limit=time_limit,
            gap_abs=GAP,
            start=stage.start if start else None,
            heuristics=stage.heuristics,
            basis=stage.basis,
        )
    seconds = time.perf_counter() - began
    return (
        f"{stage.purpose}: {solution.status.value}, objective {solution.objective}, {seconds:.3f} s"
    )


class _Overridden:
    """A HiGHS instance whose options named in ``overrides`` keep those values."""

    def __init__(self, highs: Any, overrides: dict[str, Any]) -> None:
        self._highs = highs
        self._overrides = overrides
        for name, value in overrides.items():
            highs.setOptionValue(name, value)

    def setOptionValue(self, name: str, value: Any) -> Any:  # noqa: N802 (HiGHS's name)
        if name in self._overrides:
            return None
        return self._highs.setOptionValue(name, value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._highs, name)


def _option(text: str) -> tuple[str, Any]:
    """``name=value`` with the value read as a bool, an int, a float or a word."""
    name, sep, raw = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    words = {"true": True, "false": False}
    if raw in words:
        return name, words[raw]
    for kind in (int, float):
        try:
            return name, kind(raw)
        except ValueError:
            pass
    return name, raw


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and dump or replay."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stage_models")
    verbs = parser.add_subparsers(dest="verb", required=True)
    dumping = verbs.add_parser("dump", help="allocate a seeded round, keep every stage's model")
    dumping.add_argument("case", nargs="?", choices=sorted(SPECS), help="take its seed and sizes")
    dumping.add_argument("--seed", type=int)
    dumping.add_argument("--campaigns", type=int)
    dumping.add_argument("--funds", type=int)
    dumping.add_argument("--solver", type=SolverName, default=SolverName.HIGHS)
    dumping.add_argument("--out", type=Path, required=True)
    replaying = verbs.add_parser("replay", help="solve one dumped model again")
    replaying.add_argument("file", type=Path)
    replaying.add_argument("index", type=int, help="the model's index in the dump's list")
    replaying.add_argument("--solver", type=SolverName, default=SolverName.HIGHS)
    replaying.add_argument("--option", type=_option, action="append", default=[])
    replaying.add_argument("--log", action="store_true", help="show HiGHS's log")
    replaying.add_argument("--no-start", action="store_true", help="drop the dumped MIP start")
    replaying.add_argument("--time-limit", type=float)
    args = parser.parse_args(argv)
    if args.verb == "dump":
        seed, campaigns, funds = args.seed, args.campaigns, args.funds
        if args.case:  # the case's seed and sizes, unless given
            spec = SPECS[args.case]
            seed = spec.seed if seed is None else seed
            campaigns, funds = campaigns or spec.campaigns, funds or spec.funds
        if seed is None or not campaigns or not funds:
            parser.error("name a case, or give --seed, --campaigns and --funds")
        kept = dump(seed=seed, campaigns=campaigns, funds=funds, solver=args.solver, out=args.out)
        for index, stage in enumerate(kept):
            shape = f"{stage.model.num_cols:,} × {stage.model.num_rows:,}"
            kind = "MILP" if stage.model.is_mip else "LP"
            print(f"{index:3d}  {kind:4s} {shape:>17s}  {stage.purpose}")
        return
    stages: list[StageModel] = pickle.loads(args.file.read_bytes())
    print(
        replay(
            stages[args.index],
            solver=args.solver,
            options=dict(args.option),
            log=args.log,
            start=not args.no_start,
            time_limit=args.time_limit,
        )
    )


if __name__ == "__main__":
    # Run the imported module's main, so that pickled StageModels name benchmarks.stage_models
    # (not __main__) and load anywhere.
    from benchmarks.stage_models import main as imported_main

    imported_main()
