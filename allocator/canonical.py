"""The canonical form of a round's input, and its SHA-256, for summaries and audit records."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd

from allocator.options import RoundOptions
from allocator.round import Round
from eligibility.campaigns import VALIDATED_COLUMNS

DONATION_FIELDS = (
    "donation_id",
    "donor_id",
    "amount_cents",
    "origin_campaign_id",
    "redistributed_on",
    "scope",
)


def canonical_input(round_: Round, options: RoundOptions) -> dict[str, Any]:
    """The round's input as plain JSON values, sorted by id, independent of row order."""
    campaigns = _records(round_.campaigns.frame, VALIDATED_COLUMNS, "campaign_id")
    donations = _records(round_.donations.frame, DONATION_FIELDS, "donation_id")
    funds = [f.model_dump(mode="json") for f in sorted(round_.funds, key=lambda f: f.id)]
    return {
        "campaigns": campaigns,
        "funds": funds,
        "donations": donations,
        "options": options.model_dump(mode="json"),
    }


def canonical_json(value: object) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the same value always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def input_sha256(round_: Round, options: RoundOptions) -> str:
    """SHA-256 of the canonical input."""
    return hashlib.sha256(canonical_json(canonical_input(round_, options))).hexdigest()


def _records(frame: pd.DataFrame, columns: tuple[str, ...], key: str) -> list[dict[str, Any]]:
    records = []
    for row in frame[list(columns)].itertuples(index=False):
        records.append({c: _plain(v) for c, v in zip(columns, row, strict=True)})
    return sorted(records, key=lambda r: str(r[key]))


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
