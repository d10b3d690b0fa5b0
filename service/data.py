"""Loading a round from files, or from the built-in example season when none are named."""

from __future__ import annotations

from pathlib import Path

from allocator.donation_file import read_donations
from allocator.donations import DonationTable
from allocator.fund_file import read_funds
from allocator.round import Round
from eligibility.campaign_file import read_campaigns
from eligibility.errors import InputError, Problem
from scenarios.season import example_season_dir


def load_round(
    campaigns: Path | None, funds: Path | None, donations: Path | None
) -> tuple[Round, str]:
    """The round named by the files, or the example season; returns it with a description."""
    if campaigns is None and funds is None and donations is None:
        folder = example_season_dir()
        campaigns, funds, donations = (
            folder / "campaigns.csv",
            folder / "funds.json",
            folder / "donations.csv",
        )
        origin = "the built-in example season"
    elif campaigns is None or funds is None:
        missing = "--campaigns" if campaigns is None else "--funds"
        raise InputError([Problem("command line", f"{missing} is required with other data files")])
    else:
        origin = f"{campaigns.name} and {funds.name}"
    problems: list[Problem] = []
    table = _collect(problems, read_campaigns, campaigns)
    fund_list = _collect(problems, read_funds, funds)
    gifts = _collect(problems, read_donations, donations) if donations else DonationTable.empty()
    if problems:
        raise InputError(problems)
    if table is None or fund_list is None or gifts is None:
        raise InputError([Problem("input", "a file could not be read")])
    return Round(table, fund_list, gifts), origin


def _collect(problems: list[Problem], reader, path):  # type: ignore[no-untyped-def]
    """Run a reader, adding its problems to the list so every file's problems are reported."""
    try:
        return reader(path)
    except InputError as error:
        problems.extend(error.problems)
        return None
