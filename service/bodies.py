"""Request bodies from data files: what ``POST /rounds`` takes, built from the CLI's files."""

from __future__ import annotations

from typing import Any

import pandas as pd

from allocator import Round
from eligibility.campaigns import VALIDATED_COLUMNS

_DATES = ("starts_on", "ends_on")


def campaign_records(round_: Round) -> list[dict[str, Any]]:
    """The round's campaigns as API records (money in cents, themes as a list)."""
    frame = round_.campaigns.frame[[*VALIDATED_COLUMNS, "academie"]].copy()
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    records: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        record = {str(k): _plain(v) for k, v in row.items()}
        themes = str(record["themes"])
        record["themes"] = themes.split(";") if themes else []
        records.append(record)
    return records


def donation_records(round_: Round) -> list[dict[str, Any]]:
    """The round's redistributed donations as API records."""
    frame = round_.donations.frame.copy()
    frame["redistributed_on"] = pd.to_datetime(frame["redistributed_on"]).dt.strftime("%Y-%m-%d")
    records = []
    for row in frame.to_dict("records"):
        record = {str(k): _plain(v) for k, v in row.items()}
        if not record["scope"]:
            del record["scope"]
        records.append(record)
    return records


def round_body(round_: Round, *, registered: bool) -> dict[str, Any]:
    """A ``POST /rounds`` body; funds inline in cents, or ``"registered"``."""
    funds: object = "registered"
    if not registered:
        funds = [f.model_dump(mode="json", exclude_none=True) for f in round_.funds]
    return {
        "campaigns": campaign_records(round_),
        "funds": funds,
        "donations": donation_records(round_),
        "options": {},
    }


def _plain(value: object) -> object:
    # numpy scalars into the JSON types they stand for.
    item = getattr(value, "item", None)
    return item() if callable(item) else value
