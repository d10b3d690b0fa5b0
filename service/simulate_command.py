"""``courte-echelle simulate``: run a scenario file's variants and write the comparison files."""

from __future__ import annotations

import importlib
import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from eligibility.errors import InputError, Problem
from eligibility.files import output_folder
from scenarios.scenario import (
    ExecutorKind,
    MonteCarloSettings,
    Plan,
    Simulation,
    montecarlo_as_of,
    open_executor,
    plan_scenario,
    read_scenario,
    simulate,
    write_simulation,
)

HELD_OUT_SEED = 99  # the forecast's own evaluation seed; its fit uses 2024001..2024004
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def simulate_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (.yaml, .yml or .json).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the result files.")],
    workers: Annotated[
        int | None, typer.Option(min=1, help="Parallel workers (default: the CPU count).")
    ] = None,
    executor: Annotated[
        ExecutorKind, typer.Option(help="Where variants run.")
    ] = ExecutorKind.PROCESS,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (with --executor dask); none: a local one."),
    ] = None,
    draws: Annotated[
        int | None, typer.Option(min=0, help="Monte Carlo draws (overrides the scenario's).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, help="Monte Carlo seed (overrides the scenario's).")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            help="Past seasons to fit the Monte Carlo forecast on, one folder per year, as "
            "generate --history writes them; the latest is held out to measure the errors "
            "(overrides the scenario's montecarlo.history; default: generated seasons)."
        ),
    ] = None,
) -> None:
    """Run every variant of a scenario and write comparison.csv, scenario.json, added.csv,
    marginal.csv (and montecarlo.csv, forecast.json with Monte Carlo draws), report.html and
    its charts.

    Progress and the answer show on a terminal; nothing is printed when the output is piped
    (scenario.json holds the answer).
    """
    output_folder(out_dir)
    spec = read_scenario(scenario)
    plan = plan_scenario(spec, folder=scenario.parent, source=scenario.name)
    if history is None and plan.montecarlo and plan.montecarlo.history:
        history = scenario.parent / plan.montecarlo.history
    settings, forecast = _montecarlo(plan, draws=draws, seed=seed, history=history)
    count = workers or os.cpu_count() or 1
    with open_executor(executor, workers=count, scheduler=scheduler) as pool:
        simulation = _run(plan, pool=pool, workers=count, settings=settings)
    write_simulation(simulation, out_dir, forecast=forecast)
    # Imported here: matplotlib costs every other command a second of start-up.
    from scenarios.report import render_simulation_report

    render_simulation_report(out_dir)
    if not out.is_terminal:
        return  # piped: silent, the files say it all
    base = simulation.outcomes[plan.variants[0].name]
    out.print(
        f"{len(plan.variants)} rounds of '{plan.title}': the base completes {base.completed}."
    )
    out.print(_answer(simulation))
    out.print(f"Files written to {out_dir}/")


def _run(plan: Plan, *, pool: Any, workers: int, settings: MonteCarloSettings | None) -> Simulation:
    if not err.is_terminal:
        return simulate(plan, executor=pool, workers=workers, montecarlo=settings)
    columns = (*Progress.get_default_columns()[:-1], MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns[:1], BarColumn(), *columns[3:], console=err, transient=True) as bar:
        task = bar.add_task(f"Simulating {plan.title}", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return simulate(plan, executor=pool, workers=workers, montecarlo=settings, progress=advance)


def _answer(simulation: Simulation) -> str:
    from scenarios.scenario.answer import scenario_answer

    return scenario_answer(simulation.plan, simulation.outcomes, simulation.montecarlo)


def _montecarlo(
    plan: Plan, *, draws: int | None, seed: int | None, history: Path | None
) -> tuple[MonteCarloSettings | None, dict[str, Any] | None]:
    spec = plan.montecarlo
    count = draws if draws is not None else (spec.draws if spec else 0)
    if count == 0:
        return None, None
    as_of: date = montecarlo_as_of(plan)
    forecast = _forecast_module()
    if history is not None:
        forecaster, figures = forecast.history_forecaster(history)
    else:
        forecaster = forecast.default_forecaster()
        figures = _forecast_figures(forecast, forecaster, size=len(plan.base.round_.campaigns))
    settings = MonteCarloSettings(
        draws=count,
        seed=seed if seed is not None else (spec.seed if spec else 0),
        forecaster=forecaster,
        as_of=as_of,
    )
    return settings, figures


def _forecast_module() -> Any:
    try:
        return importlib.import_module("scenarios.forecast")
    except ImportError as exc:
        message = f"Monte Carlo draws need the forecast model (scenarios.forecast): {exc}"
        raise InputError([Problem("command line", message, field="draws")]) from exc


def _forecast_figures(forecast: Any, forecaster: Any, *, size: int) -> dict[str, Any] | None:
    """The forecaster's error figures on a held-out generated season (a seed no fit uses)."""
    evaluate = getattr(forecast, "evaluate_forecaster", None)
    if evaluate is None:
        return None
    from scenarios.season import generate_season

    held_out = generate_season(seed=HELD_OUT_SEED, campaigns=max(size, 200)).history()
    figures = evaluate(forecaster, [held_out], days=7)
    held = f"a generated season (seed {HELD_OUT_SEED}), forecast weekly"
    return {"held_out": held, **dict(figures)}
