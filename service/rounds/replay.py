"""Replaying a round: solve its stored input again and hash the result."""

from __future__ import annotations

from allocator import allocate
from service.rounds.data import decode_round
from service.rounds.results import result_document, result_sha256


def replay_result_sha256(input_json: str) -> str:
    """The result hash of solving ``input_json`` again (equal to the stored one when proven)."""
    round_, options = decode_round(input_json)
    return result_sha256(result_document(allocate(round_, options)))
