"""The canonical form of a round's input, and its SHA-256, for summaries and audit records."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from allocator.donations import DONATION_COLUMNS
from allocator.options import DEFAULT_HIGHS_THREADS, RoundOptions
from allocator.round import Round
from eligibility.campaigns import VALIDATED_COLUMNS


def canonical_input(round_: Round, options: RoundOptions) -> dict[str, Any]:
    """The round's input as plain JSON values, rows sorted by id, independent of row order.

    Campaigns and donations are held column-wise (``{"campaign_id": [...], ...}``).
    """
    campaigns = _records(round_.campaigns.frame, VALIDATED_COLUMNS, "campaign_id")
    donations = _records(round_.donations.frame, DONATION_COLUMNS, "donation_id")
    funds = [f.model_dump(mode="json") for f in sorted(round_.funds, key=lambda f: f.id)]
    return {
        "campaigns": campaigns,
        "funds": funds,
        "donations": donations,
        "options": _canonical_options(options),
    }


def _canonical_options(options: RoundOptions) -> dict[str, Any]:
    """The options as JSON; ``highs_threads`` only when it is not its default, so that a round
    recorded before the option existed keeps its SHA-256."""
    values = options.model_dump(mode="json")
    if options.highs_threads == DEFAULT_HIGHS_THREADS:
        del values["highs_threads"]
    return values


def canonical_json(value: object) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the same value always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def input_sha256(round_: Round, options: RoundOptions) -> str:
    """SHA-256 of the canonical input."""
    return hashlib.sha256(canonical_json(canonical_input(round_, options))).hexdigest()


def _records(frame: pd.DataFrame, columns: tuple[str, ...], key: str) -> dict[str, list[Any]]:
    """Columns as lists, rows sorted by ``key``: canonical and quick to encode."""
    order = np.argsort(frame[key].to_numpy(str), kind="stable")
    return {column: _plain_column(frame[column].iloc[order]) for column in columns}


def _plain_column(column: pd.Series) -> list[Any]:
    """JSON-ready values of one column, converted column-wise (dates as ISO text)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return [str(day) for day in column.to_numpy("datetime64[D]").tolist()]
    if pd.api.types.is_bool_dtype(column):
        return [bool(v) for v in column.to_numpy(bool).tolist()]
    if pd.api.types.is_integer_dtype(column):
        return [int(v) for v in column.to_numpy(np.int64).tolist()]
    return [str(v) for v in column.tolist()]
