"""What the campaigns fund: a kind of project, its themes, its nights away, its inclusiveness."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES, THEMES
from scenarios.season.calibration import target
from scenarios.season.shares import draw_flags

MAX_THEMES = 3


class Kind(NamedTuple):
    """A kind of project: its main theme, its nights, the themes it often adds, who runs it."""

    name: str
    theme: str
    nights: tuple[int, ...]
    nights_weights: tuple[float, ...]
    extras: tuple[tuple[str, float], ...]
    # Relative frequency among maternelle, élémentaire/primaire, collège and lycée campaigns.
    weights: tuple[float, float, float, float]


_NURSERY_MAX_NIGHTS = 2
_DAY = ((0,), (1.0,))
_SHORT = ((1, 2, 3, 4), (0.2, 0.35, 0.3, 0.15))
# Mountain and sea classes last 3-5 nights; 4 or more is common enough for the mountain fund.
_CLASS = ((2, 3, 4, 5, 6), (0.05, 0.3, 0.3, 0.3, 0.05))
_ABROAD = ((3, 4, 5, 6, 7), (0.1, 0.25, 0.3, 0.2, 0.15))

KINDS: tuple[Kind, ...] = (
    Kind("mountain_class", "mountain", *_CLASS,
         (("sport", 0.4), ("sustainable_development", 0.3)), (0.03, 0.15, 0.10, 0.04)),
    Kind("sea_class", "sea", *_CLASS,
         (("sustainable_development", 0.5), ("science", 0.2), ("sport", 0.15)),
         (0.06, 0.14, 0.05, 0.02)),
    Kind("nature_class", "sustainable_development", *_SHORT,
         (("science", 0.35), ("food", 0.1), ("sport", 0.1), ("heritage", 0.1)),
         (0.20, 0.19, 0.10, 0.06)),
    Kind("cultural_trip", "arts", *_SHORT,
         (("heritage", 0.45), ("citizenship", 0.15), ("reading_writing", 0.1)),
         (0.12, 0.16, 0.14, 0.12)),
    Kind("memory_trip", "heritage", *_SHORT,
         (("citizenship", 0.6), ("arts", 0.2)), (0.0, 0.04, 0.08, 0.08)),
    Kind("trip_abroad", "international", *_ABROAD,
         (("languages", 0.7), ("arts", 0.25), ("heritage", 0.2), ("citizenship", 0.1)),
         (0.0, 0.02, 0.16, 0.31)),
    Kind("sport_stay", "sport", *_SHORT,
         (("health", 0.3), ("sustainable_development", 0.25), ("disability", 0.05)),
         (0.04, 0.07, 0.08, 0.08)),
    Kind("science_stay", "science", *_SHORT,
         (("sustainable_development", 0.4), ("digital", 0.15)), (0.04, 0.05, 0.05, 0.05)),
    Kind("arts_creation", "arts", *_DAY,
         (("reading_writing", 0.2), ("media", 0.1), ("citizenship", 0.1), ("disability", 0.05)),
         (0.12, 0.06, 0.05, 0.05)),
    Kind("music_creation", "music_creation", *_DAY, (("arts", 0.6),), (0.05, 0.03, 0.03, 0.03)),
    Kind("digital_project", "digital", *_DAY,
         (("science", 0.5), ("media", 0.2)), (0.01, 0.02, 0.04, 0.04)),
    Kind("media_project", "media", *_DAY,
         (("reading_writing", 0.4), ("citizenship", 0.4), ("digital", 0.2)),
         (0.01, 0.02, 0.03, 0.04)),
    Kind("school_garden", "sustainable_development", *_DAY,
         (("food", 0.35), ("science", 0.35)), (0.08, 0.02, 0.02, 0.01)),
    Kind("food_project", "food", *_DAY,
         (("health", 0.5), ("sustainable_development", 0.4)), (0.05, 0.02, 0.02, 0.02)),
    Kind("reading_project", "reading_writing", *_DAY, (("arts", 0.35),), (0.06, 0.02, 0.01, 0.0)),
    Kind("sport_project", "sport", *_DAY,
         (("health", 0.4), ("citizenship", 0.3), ("disability", 0.1)), (0.03, 0.01, 0.02, 0.02)),
    Kind("inclusion_project", "disability", *_DAY,
         (("sport", 0.3), ("arts", 0.3), ("citizenship", 0.2)), (0.01, 0.01, 0.02, 0.02)),
    Kind("health_project", "health", *_DAY,
         (("sport", 0.3), ("food", 0.3)), (0.04, 0.01, 0.01, 0.01)),
)  # fmt: skip

# Inclusive projects (dropping-out risk, disability): rare in nursery school, the EREA's purpose.
_INCLUSIVE_BY_TYPE = {
    "ecole_maternelle": 0.4,
    "ecole_elementaire": 0.8,
    "ecole_primaire": 0.8,
    "college": 1.3,
    "lycee": 0.8,
    "lycee_professionnel": 2.0,
    "erea": 12.0,
}
_INCLUSIVE_IF_DISABILITY_THEME = 12.0


def level_index(school_type: np.ndarray) -> np.ndarray:
    """0 for maternelle, 1 for the other écoles, 2 for collège, 3 for lycées and EREA."""
    level = np.full(len(school_type), 3)
    level[np.isin(school_type, PRIMARY_SCHOOL_TYPES)] = 1
    level[school_type == "ecole_maternelle"] = 0
    level[school_type == "college"] = 2
    return level


def draw_projects(rng: np.random.Generator, school_type: np.ndarray) -> dict[str, np.ndarray]:
    """Project columns: ``kind`` (index into ``KINDS``), ``themes``, ``nights``, ``inclusive``."""
    kind = _draw_kinds(rng, level_index(school_type))
    nights = _draw_nights(rng, kind)
    # Nursery pupils seldom sleep away from home for more than two nights.
    nursery = school_type == "ecole_maternelle"
    nights[nursery] = np.minimum(nights[nursery], _NURSERY_MAX_NIGHTS)
    chosen = _draw_theme_matrix(rng, kind)
    weights = np.array([_INCLUSIVE_BY_TYPE[t] for t in school_type])
    weights = np.where(
        chosen[:, THEMES.index("disability")], _INCLUSIVE_IF_DISABILITY_THEME, weights
    )
    inclusive = draw_flags(rng, weights, target("inclusive_share"))
    return {"kind": kind, "themes": theme_strings(chosen), "nights": nights, "inclusive": inclusive}


def _draw_kinds(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    """A project kind per campaign, from the frequencies of its level."""
    table = np.array([k.weights for k in KINDS]).T
    table = table / table.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(table, axis=1)[level]
    picks = (rng.random(len(level))[:, None] > cumulative).sum(axis=1)
    kinds: np.ndarray = np.minimum(picks, len(KINDS) - 1)
    return kinds


def _draw_nights(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """Nights away per campaign, from its kind's distribution (0 for projects at school)."""
    nights = np.zeros(len(kind), dtype=np.int64)
    for index, spec in enumerate(KINDS):
        rows = np.flatnonzero(kind == index)
        nights[rows] = rng.choice(spec.nights, size=len(rows), p=spec.nights_weights)
    return nights


def _draw_theme_matrix(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """Booleans campaign × theme: the kind's main theme plus at most two of its usual extras."""
    main = np.zeros((len(KINDS), len(THEMES)), dtype=bool)
    extra = np.zeros((len(KINDS), len(THEMES)))
    for index, spec in enumerate(KINDS):
        main[index, THEMES.index(spec.theme)] = True
        for theme, probability in spec.extras:
            extra[index, THEMES.index(theme)] = probability
    picked = rng.random((len(kind), len(THEMES))) < extra[kind]
    # Keep the main theme and, among the extras drawn, the ones with the highest random keys.
    keys = np.where(main[kind], 2.0, np.where(picked, rng.random(picked.shape), -1.0))
    rank = np.argsort(np.argsort(-keys, axis=1, kind="stable"), axis=1, kind="stable")
    return (keys >= 0.0) & (rank < MAX_THEMES)


def theme_strings(chosen: np.ndarray) -> np.ndarray:
    """``;``-joined themes in the vocabulary's canonical order, one string per row."""
    codes = chosen.astype(np.int64) @ (1 << np.arange(len(THEMES), dtype=np.int64))
    unique, inverse = np.unique(codes, return_inverse=True)
    texts = [";".join(t for bit, t in enumerate(THEMES) if code >> bit & 1) for code in unique]
    return np.array(texts, dtype=object)[inverse]
