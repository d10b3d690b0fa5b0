"""Reference data shipped with the package: départements and their académies."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple


class Departement(NamedTuple):
    """One French département: INSEE code as text, name, académie."""

    code: str
    name: str
    academie: str


@cache
def departements() -> MappingProxyType[str, Departement]:
    """All 101 départements by INSEE code (``"095"``, ``"2A"``, ``"974"``)."""
    text = resources.files("eligibility").joinpath("data/departements.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    table = {
        row["departement"]: Departement(
            row["departement"], row["departement_name"], row["academie"]
        )
        for row in rows
    }
    return MappingProxyType(table)


@cache
def academies() -> tuple[str, ...]:
    """The 30 académies, sorted."""
    return tuple(sorted({d.academie for d in departements().values()}))


def academie_of(code: str) -> str:
    """The académie of a département code; KeyError for an unknown code."""
    return departements()[code].academie
