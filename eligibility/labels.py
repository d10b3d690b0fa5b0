"""The Courte Échelle label: four named criteria, each a rule a manager can read."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd


class Criterion(NamedTuple):
    """One Courte Échelle criterion: its name, its rule in the rule language, its meaning."""

    name: str
    rule: str
    description: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "priority_education",
        'priority_education in ("REP", "REP+")',
        "school in a priority education network (REP or REP+)",
    ),
    Criterion(
        "vocational",
        'school_type == "lycee_professionnel"',
        "vocational lycée (lycée professionnel)",
    ),
    Criterion("isolated", "isolated", "geographically isolated school"),
    Criterion("inclusive", "inclusive", "inclusive project (dropping-out risk, disability)"),
)

COURTE_ECHELLE_RULE = " or ".join(f"({c.rule})" for c in CRITERIA)


def criteria_columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The ``ce_<criterion>`` flags and ``courte_echelle`` for validated campaign columns.

    Computed directly so the table does not depend on the rule engine; tests check that the
    rules above evaluate to the same flags.
    """
    flags = {
        "ce_priority_education": frame["priority_education"].isin(["REP", "REP+"]).to_numpy(bool),
        "ce_vocational": (frame["school_type"] == "lycee_professionnel").to_numpy(bool),
        "ce_isolated": frame["isolated"].to_numpy(bool),
        "ce_inclusive": frame["inclusive"].to_numpy(bool),
    }
    flags["courte_echelle"] = np.logical_or.reduce(list(flags.values()))
    return flags
