"""``courte-echelle replay``: walk a season round by round under each policy, write the figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from allocator import SolverName
from eligibility.errors import InputError, Problem
from eligibility.files import output_folder
from eligibility.money import format_euros
from scenarios.replay import (
    ALL_POLICIES,
    Cadence,
    Policy,
    ReplayOptions,
    ReplayResult,
    forecast_by,
    load_replay_season,
    replay_season,
    snapshot_by,
    write_replay,
)
from scenarios.replay.calendar import round_dates

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

POLICY_HELP = (
    "Policy to replay: none, fcfs, closest, optimal, optimal-pledge, or all. Repeat the option "
    "for several (--policy fcfs --policy optimal); default all. 'none' always runs too: it is "
    "the baseline of extra_successes."
)


def replay(
    season: Annotated[
        Path,
        typer.Argument(
            help="Season folder: campaigns.csv, funds.json, ledger.csv and donations.csv."
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the result files.")] = Path(
        "replay"
    ),
    policy: Annotated[list[str] | None, typer.Option("--policy", help=POLICY_HELP)] = None,
    rounds: Annotated[Cadence, typer.Option("--rounds", help="How often a round is held.")] = (
        Cadence.WEEKLY
    ),
    horizon_days: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="A round decides campaigns ending within N days of it "
            "(default: until the next round, 6 for weekly rounds).",
        ),
    ] = None,
    solver: Annotated[SolverName, typer.Option(help="MILP solver of each round.")] = (
        SolverName.CBC
    ),
    time_limit: Annotated[
        float | None, typer.Option(min=0.01, help="Seconds per round solve.")
    ] = None,
    rescue_unpledged: Annotated[
        bool,
        typer.Option(
            "--rescue-unpledged/--no-rescue-unpledged",
            help="optimal-pledge: offer the deadline rescue to every campaign ending short, "
            "not only to pledged ones.",
        ),
    ] = False,
) -> None:
    """Replay a season: each round sees what was known that day; writes replay.csv,
    timeline.csv, lineage.csv, payments.csv and summary.json (columns in docs/replay.md).

    Progress shows on a terminal; nothing is printed when the output is piped.
    """
    output_folder(out_dir)
    options = ReplayOptions(
        policies=_policies(policy or ["all"]),
        cadence=rounds,
        horizon_days=horizon_days,
        solver=solver,
        time_limit=time_limit,
        rescue_unpledged=rescue_unpledged,
    )
    data = load_replay_season(season)
    forecast = forecast_by() if Policy.OPTIMAL_PLEDGE in options.policies else None
    if err.is_terminal:
        deciding = [p for p in options.policies if p is not Policy.NONE]
        total = len(round_dates(data.campaigns, rounds.days)) * len(deciding)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("Replaying", total=total)
            result = replay_season(
                data,
                options,
                snapshot=snapshot_by(data),
                forecast=forecast,
                progress=lambda p, day: bar.update(
                    task, advance=1, description=f"{p.value:<15} {day.isoformat()}"
                ),
            )
    else:
        result = replay_season(data, options, snapshot=snapshot_by(data), forecast=forecast)
    write_replay(result, out_dir)
    # Imported here: matplotlib costs every other command a second of start-up.
    from scenarios.report import render_replay_report

    render_replay_report(out_dir)
    if out.is_terminal:
        _print_result(result, out_dir)


def _policies(names: list[str]) -> tuple[Policy, ...]:
    chosen: list[Policy] = []
    problems = []
    for name in names:
        if name == "all":
            chosen.extend(ALL_POLICIES)
            continue
        try:
            chosen.append(Policy(name))
        except ValueError:
            known = ", ".join([p.value for p in ALL_POLICIES] + ["all"])
            problems.append(Problem("command line", f"unknown policy {name!r}: expected {known}"))
    if problems:
        raise InputError(problems)
    return tuple(chosen)


def _print_result(result: ReplayResult, out_dir: Path) -> None:
    for figures in result.figures():
        spent = figures["spent_cents"]
        out.print(
            f"{figures['policy']:<15} {figures['succeeded']} of {figures['campaigns']} succeeded "
            f"({figures['extra_successes']:+} over none), "
            f"{format_euros(spent if isinstance(spent, int) else 0)} € spent"
        )
    out.print(f"Files written to {out_dir}/")
