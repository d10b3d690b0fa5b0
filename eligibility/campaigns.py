"""The campaign table: validated campaign columns plus the derived ones every part relies on.

Money columns are integer cents (``*_cents``), dates are ``datetime64[s]`` at midnight, themes
are a ``;``-joined canonical string plus one boolean column per vocabulary theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from eligibility.labels import criteria_columns
from eligibility.reference import departements
from eligibility.vocabulary import THEMES

# Columns of the campaigns file, in the documented order.
FILE_COLUMNS: tuple[str, ...] = (
    "campaign_id",
    "uai",
    "school_name",
    "school_type",
    "sector",
    "departement",
    "commune",
    "priority_education",
    "isolated",
    "inclusive",
    "themes",
    "nights",
    "min_goal",
    "optimum_goal",
    "collected",
    "donors",
    "starts_on",
    "ends_on",
)
OPTIONAL_FILE_COLUMNS: tuple[str, ...] = ("academie",)

# Columns of the validated frame handed to CampaignTable.from_columns, with their kinds.
TEXT_COLUMNS = (
    "campaign_id",
    "uai",
    "school_name",
    "school_type",
    "sector",
    "departement",
    "commune",
    "priority_education",
    "themes",
)
BOOL_COLUMNS = ("isolated", "inclusive")
INT_COLUMNS = ("nights", "donors", "min_goal_cents", "optimum_goal_cents", "collected_cents")
DATE_COLUMNS = ("starts_on", "ends_on")
VALIDATED_COLUMNS = TEXT_COLUMNS + BOOL_COLUMNS + INT_COLUMNS + DATE_COLUMNS

CRITERION_COLUMNS = ("ce_priority_education", "ce_vocational", "ce_isolated", "ce_inclusive")


def theme_column(theme: str) -> str:
    """Name of the boolean column that says a campaign carries ``theme``."""
    return f"theme__{theme}"


@dataclass(frozen=True)
class CampaignTable:
    """All campaigns of a round as columns; row ``i`` is one campaign, ids are unique."""

    frame: pd.DataFrame

    @classmethod
    def from_columns(cls, validated: pd.DataFrame) -> CampaignTable:
        """Build the table from already validated columns (see ``VALIDATED_COLUMNS``).

        Loaders validate and report problems; this only normalises types and derives
        ``academie``, ``need_cents``, the Courte Échelle flags and the theme flags.
        """
        missing = [c for c in VALIDATED_COLUMNS if c not in validated.columns]
        if missing:
            raise KeyError(f"validated campaign columns missing: {missing}")
        frame = pd.DataFrame(index=pd.RangeIndex(len(validated)))
        for column in TEXT_COLUMNS:
            frame[column] = validated[column].astype(object).to_numpy()
        for column in BOOL_COLUMNS:
            frame[column] = validated[column].to_numpy(bool)
        for column in INT_COLUMNS:
            frame[column] = validated[column].to_numpy(np.int64)
        for column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(validated[column]).to_numpy("datetime64[s]")
        reference = departements()
        frame["academie"] = [reference[code].academie for code in frame["departement"]]
        need = frame["min_goal_cents"] - frame["collected_cents"]
        frame["need_cents"] = need.clip(lower=0).astype(np.int64)
        for name, flags in criteria_columns(frame).items():
            frame[name] = flags
        theme_sets = [set(t.split(";")) if t else set() for t in frame["themes"]]
        for theme in THEMES:
            frame[theme_column(theme)] = np.fromiter(
                (theme in s for s in theme_sets), dtype=bool, count=len(theme_sets)
            )
        return cls(frame)

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def ids(self) -> np.ndarray:
        """Campaign ids in row order."""
        return self.frame["campaign_id"].to_numpy(object)

    def index_of(self, campaign_id: str) -> int:
        """Row of a campaign id; KeyError if it is not in the table."""
        matches = np.flatnonzero(self.ids == campaign_id)
        if len(matches) == 0:
            raise KeyError(campaign_id)
        return int(matches[0])

    def take(self, rows: np.ndarray) -> CampaignTable:
        """A new table with only the given rows, renumbered from 0."""
        return CampaignTable(self.frame.iloc[rows].reset_index(drop=True))

    def ends_on_days(self) -> np.ndarray:
        """End dates as ``datetime64[D]``."""
        return self.frame["ends_on"].to_numpy("datetime64[D]")

    def cents(self, column: str) -> np.ndarray:
        """An integer column (cents, nights, donors) as int64."""
        return self.frame[column].to_numpy(np.int64)

    def texts(self, column: str) -> list[str]:
        """A text column as Python strings."""
        return [str(value) for value in self.frame[column].tolist()]

    def ends_on(self, row: int) -> date:
        """The end date of one campaign."""
        return date.fromisoformat(str(self.ends_on_days()[row]))
