"""Realistic synthetic eligibility rules, drawn by seed, shaped like the patrons' real earmarks."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eligibility.reference import academies
from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES, SCHOOL_TYPES, THEMES
from scenarios.season import TOP_DEPARTEMENTS

SECONDARY_SCHOOL_TYPES = ("college", "lycee", "lycee_professionnel", "erea")


def quoted(values: tuple[str, ...] | list[str]) -> str:
    """A rule-language tuple of strings: ``("a", "b")``."""
    return "(" + ", ".join(f'"{v}"' for v in values) + ")"


def _pick(rng: np.random.Generator, values: tuple[str, ...], low: int, high: int) -> list[str]:
    count = int(rng.integers(low, high + 1))
    return sorted(str(v) for v in rng.choice(values, size=min(count, len(values)), replace=False))


def _theme(rng: np.random.Generator) -> str:
    return str(rng.choice(THEMES))


def _two_themes(rng: np.random.Generator) -> str:
    first, second = _pick(rng, THEMES, 2, 2)
    return f'"{first}" in themes or "{second}" in themes'


def _levels(rng: np.random.Generator) -> str:
    group = (PRIMARY_SCHOOL_TYPES, SECONDARY_SCHOOL_TYPES, SCHOOL_TYPES)[int(rng.integers(3))]
    chosen = _pick(rng, group, 1, 3)
    return (
        f'school_type == "{chosen[0]}"' if len(chosen) == 1 else f"school_type in {quoted(chosen)}"
    )


def _departements(rng: np.random.Generator) -> str:
    return f"departement in {quoted(_pick(rng, tuple(TOP_DEPARTEMENTS), 2, 6))}"


def _academies(rng: np.random.Generator) -> str:
    chosen = _pick(rng, academies(), 1, 3)
    return f'academie == "{chosen[0]}"' if len(chosen) == 1 else f"academie in {quoted(chosen)}"


# Each template writes one rule; together they mix themes, levels, places, criteria and money.
TEMPLATES: tuple[Callable[[np.random.Generator], str], ...] = (
    lambda rng: f'"{_theme(rng)}" in themes',
    lambda rng: f'"{_theme(rng)}" in themes and {_levels(rng)}',
    _two_themes,
    _levels,
    _departements,
    _academies,
    lambda rng: f"{_academies(rng)} and courte_echelle",
    lambda rng: f'priority_education in ("REP", "REP+") and {_levels(rng)}',
    lambda rng: 'priority_education == "REP+"',
    lambda rng: f"isolated and nights >= {int(rng.integers(1, 5))}",
    lambda rng: f'nights >= {int(rng.integers(2, 6))} and "{_theme(rng)}" in themes',
    lambda rng: f"courte_echelle and need <= {int(rng.integers(2, 8)) * 100}",
    lambda rng: f"min_goal <= {int(rng.integers(5, 20)) * 100} and {_levels(rng)}",
    lambda rng: f"collected >= {int(rng.integers(1, 6)) * 100} and donors >= 10",
    lambda rng: '"disability" in themes or inclusive or ce_inclusive',
    lambda rng: f'courte_echelle and "{_theme(rng)}" in themes',
    lambda rng: f'sector == "public" and {_departements(rng)}',
    lambda rng: f"not isolated and {_academies(rng)}",
    lambda rng: 'school_type == "lycee_professionnel" or ce_vocational',
)


def synthetic_rules(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` rule texts; templates are used in turn, so every kind appears once count allows."""
    order = [i % len(TEMPLATES) for i in range(count)]
    rng.shuffle(order)
    return [TEMPLATES[i](rng) for i in order]
