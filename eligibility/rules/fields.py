"""The fields a rule may name: their kind, their column in the campaign table, their meaning."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from eligibility.reference import academies, departements
from eligibility.vocabulary import PRIORITY_EDUCATION, SCHOOL_TYPES, SECTORS


class FieldKind(StrEnum):
    """What a field holds, which decides the comparisons it accepts."""

    TEXT = "text"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    MONEY = "money"
    DATE = "date"
    THEMES = "themes"


# How each kind is named in error messages and documentation.
KIND_WORDS: MappingProxyType[FieldKind, str] = MappingProxyType(
    {
        FieldKind.TEXT: "free text",
        FieldKind.CHOICE: "one of a fixed list of values",
        FieldKind.BOOLEAN: "true or false",
        FieldKind.INTEGER: "a whole number",
        FieldKind.MONEY: "an amount in whole euros",
        FieldKind.DATE: 'a date written "YYYY-MM-DD"',
        FieldKind.THEMES: "a set of themes",
    }
)


@dataclass(frozen=True)
class Field:
    """One field of the rule language."""

    kind: FieldKind
    description: str
    label: str
    column: str


def _field(name: str, kind: FieldKind, description: str, *, label: str = "") -> tuple[str, Field]:
    column = f"{name}_cents" if kind is FieldKind.MONEY else name
    return name, Field(kind, description, label or name.replace("_", " "), column)


FIELDS: MappingProxyType[str, Field] = MappingProxyType(
    dict(
        [
            _field("campaign_id", FieldKind.TEXT, "the campaign's unique id", label="campaign id"),
            _field(
                "uai", FieldKind.TEXT, "the school's UAI code, 7 digits and a letter", label="UAI"
            ),
            _field("school_name", FieldKind.TEXT, "the school's name"),
            _field("commune", FieldKind.TEXT, "the school's commune"),
            _field(
                "school_type", FieldKind.CHOICE, "school level: ecole_maternelle ... lycee, erea"
            ),
            _field("sector", FieldKind.CHOICE, '"public" or "prive"'),
            _field(
                "departement",
                FieldKind.CHOICE,
                'INSEE code of the département: "095", "2A"',
                label="département",
            ),
            _field("priority_education", FieldKind.CHOICE, '"REP", "REP+" or "" for neither'),
            _field(
                "academie",
                FieldKind.CHOICE,
                "the académie, derived from the département",
                label="académie",
            ),
            _field("isolated", FieldKind.BOOLEAN, "the school is geographically isolated"),
            _field(
                "inclusive", FieldKind.BOOLEAN, "the project is inclusive (disability, drop-out)"
            ),
            _field(
                "courte_echelle",
                FieldKind.BOOLEAN,
                "the campaign meets at least one Courte Échelle criterion",
                label="Courte Échelle label",
            ),
            _field(
                "ce_priority_education",
                FieldKind.BOOLEAN,
                "Courte Échelle criterion: priority education network",
                label="Courte Échelle priority education criterion",
            ),
            _field(
                "ce_vocational",
                FieldKind.BOOLEAN,
                "Courte Échelle criterion: vocational lycée",
                label="Courte Échelle vocational criterion",
            ),
            _field(
                "ce_isolated",
                FieldKind.BOOLEAN,
                "Courte Échelle criterion: isolated school",
                label="Courte Échelle isolation criterion",
            ),
            _field(
                "ce_inclusive",
                FieldKind.BOOLEAN,
                "Courte Échelle criterion: inclusive project",
                label="Courte Échelle inclusion criterion",
            ),
            _field("themes", FieldKind.THEMES, 'the campaign\'s themes: "mountain" in themes'),
            _field("nights", FieldKind.INTEGER, "nights spent away on the trip"),
            _field("donors", FieldKind.INTEGER, "number of donors so far"),
            _field("min_goal", FieldKind.MONEY, "minimum goal in euros", label="minimum goal"),
            _field("optimum_goal", FieldKind.MONEY, "optimum goal in euros", label="optimum goal"),
            _field("collected", FieldKind.MONEY, "euros collected so far"),
            _field(
                "need", FieldKind.MONEY, "euros still missing to the minimum goal, never below 0"
            ),
            _field("starts_on", FieldKind.DATE, "first day of the campaign", label="start date"),
            _field("ends_on", FieldKind.DATE, "last day of the campaign", label="end date"),
        ]
    )
)

# Largest integer literal: euros times 100 must still fit the int64 cents columns.
MAX_INTEGER = 10**15


@cache
def choices_of(name: str) -> tuple[str, ...]:
    """The allowed values of a choice field, from the vocabulary and the reference tables."""
    match name:
        case "school_type":
            return SCHOOL_TYPES
        case "sector":
            return SECTORS
        case "priority_education":
            return PRIORITY_EDUCATION
        case "departement":
            return tuple(departements())
        case "academie":
            return academies()
    raise KeyError(f"{name} is not a choice field")
