"""The ``courte-echelle`` command: one CLI for solidarity managers, sponsors and CI."""

from __future__ import annotations

import inspect
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console

from allocator import SolverName, allocate
from allocator.options import DEFAULT_HIGHS_THREADS, round_options
from allocator.round import fund_eligibility
from eligibility.cells import parse_iso_date
from eligibility.errors import CourteEchelleError, InputError
from eligibility.files import output_folder
from eligibility.money import format_euros
from eligibility.rules import explain, parse_rule
from scenarios.report.names import REPORT_FILE
from scenarios.season import generate_season, past_seasons, write_history, write_season
from service.bodies import round_body
from service.commands import keys_app, print_error, receipts, serve
from service.data import load_round
from service.outputs import write_round
from service.replay_command import replay
from service.simulate_command import simulate_command

app = typer.Typer(
    help="Allocate the solidarity money of a school crowdfunding platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

CampaignsOpt = Annotated[
    Path | None, typer.Option("--campaigns", help="Campaigns export (.csv or .xlsx).")
]
FundsOpt = Annotated[Path | None, typer.Option("--funds", help="Fund definitions (.json).")]
DonationsOpt = Annotated[
    Path | None, typer.Option("--donations", help="Redistributed donations (.csv).")
]


@app.command()
def eligibility(
    campaigns: CampaignsOpt = None,
    funds: FundsOpt = None,
    explain_id: Annotated[
        str | None,
        typer.Option(
            "--explain", metavar="CAMPAIGN_ID", help="Explain one campaign, fund by fund."
        ),
    ] = None,
) -> None:
    """Which fund may pay which campaign (rule and validity window), and why.

    Without data files, uses the built-in example season.
    """
    round_, origin = load_round(campaigns, funds, None)
    table = round_.campaigns
    matrix = fund_eligibility(table, round_.funds)
    if explain_id is not None:
        _explain_campaign(round_, matrix, explain_id)
        return
    out.print(f"Eligibility on {origin}: {len(table)} campaigns, {len(round_.funds)} funds")
    ce = int(table.frame["courte_echelle"].sum())
    out.print(f"Courte Échelle campaigns: {ce} of {len(table)}")
    out.print("\nCampaigns per fund (rule and window hold):")
    for j, fund in enumerate(round_.funds):
        share = matrix[:, j].sum()
        out.print(f"  {fund.id:<28} {share:>6}  budget {format_euros(fund.budget_cents):>12} €")
    counts = np.bincount(matrix.sum(axis=1), minlength=1)
    out.print("\nFunds per campaign:")
    for k, n in enumerate(counts.tolist()):
        out.print(f"  {k:>2} fund{'s' if k != 1 else ' '} {n:>6} campaigns")


def _explain_campaign(round_, matrix, campaign_id: str) -> None:  # type: ignore[no-untyped-def]
    table = round_.campaigns
    try:
        row = table.index_of(campaign_id)
    except KeyError:
        raise InputError(
            [_problem(f"campaign {campaign_id!r} is not in the campaigns file")]
        ) from None
    out.print(f"Campaign {campaign_id} ({table.frame['school_name'].iat[row]}):")
    for j, fund in enumerate(round_.funds):
        verdict = "ELIGIBLE" if matrix[row, j] else "not eligible"
        out.print(f"\n{fund.id}: {verdict}")
        out.print(str(explain(parse_rule(fund.rule), table, row)))
        ends = table.frame["ends_on"].iat[row].date()
        if fund.valid_from and ends < fund.valid_from:
            out.print(f"  ends on {ends}, before the fund opens on {fund.valid_from} — failed")
        if fund.valid_until and ends > fund.valid_until:
            out.print(f"  ends on {ends}, after the fund closes on {fund.valid_until} — failed")


def _problem(message: str):  # type: ignore[no-untyped-def]
    from eligibility.errors import Problem

    return Problem("command line", message)


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the season into.")],
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same files.")
    ] = 2024,
    campaigns: Annotated[
        int, typer.Option("--campaigns", min=1, help="Number of campaigns.")
    ] = 1444,
    season_year: Annotated[
        int, typer.Option("--season-year", help="Year the campaigns end in.")
    ] = 2024,
    history: Annotated[
        int,
        typer.Option(
            "--history",
            min=0,
            max=999,
            help="Also write N past seasons (same size) into OUT/history/YEAR/, to fit forecasts.",
        ),
    ] = 0,
) -> None:
    """Generate a realistic synthetic season: campaigns, funds, donations and the gifts' ledger."""
    output_folder(out_dir)
    season = generate_season(seed=seed, campaigns=campaigns, season_year=season_year)
    paths = write_season(season, out_dir)
    if history:
        past = past_seasons(seed=seed, campaigns=campaigns, season_year=season_year, count=history)
        paths += write_history(past, out_dir)
    for path in paths:
        out.print(f"wrote {path}")


@app.command(name="allocate")
def allocate_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the result files.")] = Path(
        "out"
    ),
    campaigns: CampaignsOpt = None,
    funds: FundsOpt = None,
    donations: DonationsOpt = None,
    round_date: Annotated[
        str | None, typer.Option(help="Round date (YYYY-MM-DD): campaigns ended before are out.")
    ] = None,
    horizon_days: Annotated[
        int | None,
        typer.Option(min=0, help="Only campaigns ending within N days of the round date."),
    ] = None,
    solver: Annotated[SolverName, typer.Option(help="MILP solver.")] = SolverName.CBC,
    time_limit: Annotated[
        float | None,
        typer.Option(
            min=0.01, help="Seconds; the best solution found is returned, marked not proven."
        ),
    ] = None,
    highs_threads: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="HiGHS's thread count (CBC runs on one). Among equal optima the answer depends "
            "on it: give a scenario variant's (1) to reproduce that variant.",
        ),
    ] = DEFAULT_HIGHS_THREADS,
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="Also write report.html (one self-contained page) and charts/*.png for the "
            "manager who approves the round.",
        ),
    ] = False,
) -> None:
    """Decide an allocation round and write allocations, outcomes, lineage and summary.

    Without data files, uses the built-in example season. With --report, also writes
    report.html: what each fund gives to whom, the campaigns completed and those left out
    with the reason, spending per fund and per académie, and the greedy comparison.

    Progress and the result in a few lines show on a terminal; nothing is printed when the
    output is piped (summary.json holds it all).
    """
    output_folder(out_dir)
    options = round_options(
        round_date=_parse_date(round_date),
        horizon_days=horizon_days,
        solver=solver,
        time_limit=time_limit,
        highs_threads=highs_threads,
    )
    round_, origin = load_round(campaigns, funds, donations)
    if err.is_terminal:
        with err.status(f"Allocating {len(round_.campaigns)} campaigns from {origin}…"):
            result = allocate(round_, options)
    else:
        result = allocate(round_, options)
    write_round(result, out_dir)
    if report:
        # Imported here: matplotlib costs every other command a second of start-up.
        from scenarios.report import render_round_report

        render_round_report(out_dir, campaigns=round_.campaigns)
    if not out.is_terminal:
        return  # piped: silent, the files say it all
    s = result.summary
    out.print(
        f"{s['completed_by_round']} campaigns completed by the round "
        f"({s['completed_with_round']} of {s['campaigns']} with it, "
        f"{s['completed_without_round']} without), {s['spent']} € spent, status {s['status']}."
    )
    for policy in s["policies"][1:]:
        out.print(f"  greedy '{policy['policy']}' would complete {policy['completed']}")
    if report:
        out.print(f"Report: {out_dir / REPORT_FILE}")
    out.print(f"Files written to {out_dir}/")


@app.command(name="round-body")
def round_body_command(
    campaigns: CampaignsOpt = None,
    funds: FundsOpt = None,
    donations: DonationsOpt = None,
    inline_funds: Annotated[
        bool, typer.Option("--inline-funds", help="Put the funds in the body (cents).")
    ] = False,
) -> None:
    """Print the POST /rounds body for data files (or the example season), funds registered."""
    round_, _ = load_round(campaigns, funds, donations)
    body = round_body(round_, registered=not inline_funds)
    sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")


app.command()(serve)
app.command()(receipts)
app.command()(replay)
app.command(name="simulate")(simulate_command)
app.add_typer(keys_app, name="keys")


def _unwrap_help(typer_app: typer.Typer) -> None:
    """Each docstring paragraph as one line: the help screen wraps it to the terminal's width
    (kept as written, a docstring's line breaks cut the help's lines in two)."""
    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            text = inspect.cleandoc(info.callback.__doc__)
            info.help = "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _unwrap_help(group.typer_instance)


_unwrap_help(app)


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_iso_date(text)
    except ValueError:
        raise InputError([_problem(f"--round-date expects YYYY-MM-DD, got {text!r}")]) from None


def main() -> None:
    """Entry point: domain errors become a clear message and a non-zero exit code."""
    try:
        app()
    except InputError as error:
        print_error(str(error))
        sys.exit(2)
    except CourteEchelleError as error:
        print_error(str(error))
        sys.exit(3)
    except OSError as error:
        # A full disk or a folder gone while writing: the files already there were kept whole.
        where = f" ({error.filename})" if error.filename else ""
        print_error(f"{error.strerror or error}{where}")
        sys.exit(1)
