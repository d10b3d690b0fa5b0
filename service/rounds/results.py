"""A round result as canonical JSON, its SHA-256 (timings left out), and back to records."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from allocator import Allocation, LineageLine, Outcome, RoundResult
from allocator.canonical import canonical_json


def result_document(result: RoundResult) -> dict[str, Any]:
    """Everything a round decided, as plain JSON values."""
    return {
        "status": result.status.value,
        "allocations": [asdict(a) for a in result.allocations],
        "outcomes": [asdict(o) for o in result.outcomes],
        "lineage": [asdict(line) for line in result.lineage],
        "summary": result.summary,
    }


def result_sha256(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical result without wall-clock timings: equal inputs, equal hashes."""
    summary = {k: v for k, v in document["summary"].items() if k != "timings"}
    return hashlib.sha256(canonical_json({**document, "summary": summary})).hexdigest()


def encode_result(document: dict[str, Any]) -> str:
    """Canonical JSON text of a result document."""
    return canonical_json(document).decode()


def decode_result(text: str) -> dict[str, Any]:
    """A result document from its text."""
    document: dict[str, Any] = json.loads(text)
    return document


def allocations_of(document: dict[str, Any]) -> tuple[Allocation, ...]:
    """The allocations of a result document."""
    return tuple(Allocation(**a) for a in document["allocations"])


def lineage_of(document: dict[str, Any]) -> tuple[LineageLine, ...]:
    """The lineage of a result document."""
    return tuple(LineageLine(**line) for line in document["lineage"])


def outcomes_of(document: dict[str, Any]) -> tuple[Outcome, ...]:
    """The outcomes of a result document."""
    return tuple(Outcome(**o) for o in document["outcomes"])
