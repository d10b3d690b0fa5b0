"""A round's data in its canonical JSON form, and back: what the service stores and replays."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd

from allocator import DonationTable, Fund, Round, RoundOptions
from allocator.canonical import canonical_input, canonical_json
from allocator.donation_file import donations_from_records
from eligibility.campaign_file import campaigns_from_records
from eligibility.campaigns import CampaignTable
from eligibility.errors import InputError, Problem


def round_from_records(
    *,
    campaigns: Sequence[Mapping[str, object]],
    funds: Sequence[Fund],
    donations: Sequence[Mapping[str, object]],
) -> Round:
    """Validate API records into a round; every problem of every part is reported at once."""
    problems: list[Problem] = []
    table = donation_table = None
    try:
        table = campaigns_from_records(campaigns, source="campaigns")
    except InputError as exc:
        problems += exc.problems
    try:
        donation_table = donations_from_records(donations, source="donations")
    except InputError as exc:
        problems += exc.problems
    if problems or table is None or donation_table is None:
        raise InputError(problems)
    return Round(table, tuple(funds), donation_table)


def encode_round(round_: Round, options: RoundOptions) -> str:
    """The canonical JSON text of a round and its options (rows sorted by id)."""
    return canonical_json(canonical_input(round_, options)).decode()


def decode_round(text: str) -> tuple[Round, RoundOptions]:
    """The round and options ``encode_round`` wrote; encoding them again gives the same text."""
    document = json.loads(text)
    table = CampaignTable.from_columns(pd.DataFrame(document["campaigns"]))
    funds = tuple(Fund.model_validate(fund) for fund in document["funds"])
    donations = DonationTable.from_columns(pd.DataFrame(document["donations"]))
    options = RoundOptions.model_validate(document["options"])
    return Round(table, funds, donations), options


def with_funds(round_: Round, funds: Sequence[Fund]) -> Round:
    """The same campaigns and donations with other funds."""
    return Round(round_.campaigns, tuple(funds), round_.donations)


def with_available_donations(round_: Round, assigned: Mapping[str, int]) -> Round:
    """Donations less what committed rounds already assigned; used-up ones are left out."""
    frame = round_.donations.frame.copy()
    used = frame["donation_id"].map(lambda d: assigned.get(str(d), 0)).astype("int64")
    frame["amount_cents"] = frame["amount_cents"] - used
    kept = frame[frame["amount_cents"] > 0].reset_index(drop=True)
    return Round(round_.campaigns, round_.funds, DonationTable.from_columns(kept))


def donation_amounts(round_: Round) -> dict[str, tuple[str, str, int]]:
    """Each donation's donor, origin campaign and amount, by id."""
    frame = round_.donations.frame
    rows = frame.to_dict("records")
    return {
        str(r["donation_id"]): (
            str(r["donor_id"]),
            str(r["origin_campaign_id"]),
            int(r["amount_cents"]),
        )
        for r in rows
    }


def stored_donations(text: str) -> dict[str, tuple[str, str, int]]:
    """Each donation's donor, origin and amount as sent, read straight from the stored JSON."""
    columns = json.loads(text)["donations"]
    return {
        str(donation_id): (str(donor), str(origin), int(amount))
        for donation_id, donor, origin, amount in zip(
            columns["donation_id"],
            columns["donor_id"],
            columns["origin_campaign_id"],
            columns["amount_cents"],
            strict=True,
        )
    }


def with_donation_amounts(round_: Round, available: Mapping[str, int]) -> Round:
    """Donations named in ``available`` set to that amount (left out at 0); others unchanged."""
    frame = round_.donations.frame.copy()
    ids = frame["donation_id"].astype(str)
    named = ids.isin(list(available))
    frame.loc[named, "amount_cents"] = ids[named].map(available).astype("int64")
    kept = frame[frame["amount_cents"] > 0].reset_index(drop=True)
    return Round(round_.campaigns, round_.funds, DonationTable.from_columns(kept))
