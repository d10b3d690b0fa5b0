"""Plausible school identities: UAI codes with their check letter, names, communes."""

from __future__ import annotations

import numpy as np

from scenarios.season.geography import GENERIC_COMMUNES, TOP_COMMUNES, towns, uai_prefixes

# The UAI check letter is the 7-digit number modulo 23 in this alphabet (no I, O, Q).
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_SERIALS_PER_DEPARTEMENT = 10_000
# Off the big départements' town lists, how many campaigns come from the prefecture.
_TOWN_SHARE = 0.4

SCHOOL_LABELS: dict[str, tuple[str, str]] = {
    # school_type: (public label, private label)
    "ecole_maternelle": ("École maternelle", "École maternelle privée"),
    "ecole_elementaire": ("École élémentaire", "École élémentaire privée"),
    "ecole_primaire": ("École primaire", "École primaire privée"),
    "college": ("Collège", "Collège privé"),
    "lycee": ("Lycée", "Lycée privé"),
    "lycee_professionnel": ("Lycée professionnel", "Lycée professionnel privé"),
    "erea": ("EREA", "EREA"),
}

PUBLIC_NAMESAKES: tuple[str, ...] = (
    "Jean Jaurès", "Louise Michel", "Jules Ferry", "Victor Hugo", "Jean Moulin", "Marie Curie",
    "Jacques Prévert", "Pablo Picasso", "Simone Veil", "Paul Éluard", "Anne Frank", "Albert Camus",
    "Jean de La Fontaine", "Louis Pasteur", "Voltaire", "Condorcet", "George Sand",
    "Antoine de Saint-Exupéry", "Paul Langevin", "Joliot-Curie", "Marcel Pagnol", "Jean Macé",
    "Rosa Parks", "Nelson Mandela", "Olympe de Gouges", "Gisèle Halimi", "Aimé Césaire",
    "Lucie Aubrac", "Germaine Tillion", "Jean Zay", "Pierre Brossolette", "Danielle Casanova",
)  # fmt: skip
NURSERY_NAMESAKES: tuple[str, ...] = (
    "Les Coquelicots", "Les Tilleuls", "Le Petit Prince", "Les Lilas", "Les Marronniers",
    "Les Capucines", "Le Jardin", "Les Hirondelles",
)  # fmt: skip
PRIVATE_NAMESAKES: tuple[str, ...] = (
    "Saint-Joseph", "Sainte-Marie", "Notre-Dame", "Jeanne d'Arc", "Saint-Michel", "La Salle",
    "Sainte-Thérèse", "Saint-François d'Assise", "Sacré-Cœur", "Saint-Vincent de Paul",
)  # fmt: skip


def uai_codes(rng: np.random.Generator, departement: np.ndarray) -> np.ndarray:
    """One UAI per campaign, unique within each département while it has serials to spare."""
    serials = np.empty(len(departement), dtype=np.int64)
    for code in np.unique(departement):
        rows = np.flatnonzero(departement == code)
        spare = len(rows) <= _SERIALS_PER_DEPARTEMENT
        serials[rows] = rng.choice(_SERIALS_PER_DEPARTEMENT, size=len(rows), replace=not spare)
    prefixes = uai_prefixes(departement)
    numbers = [f"{p}{s:04d}" for p, s in zip(prefixes, serials, strict=True)]
    return np.array([n + UAI_LETTERS[int(n) % 23] for n in numbers], dtype=object)


def school_names(
    rng: np.random.Generator, *, school_type: np.ndarray, sector: np.ndarray
) -> np.ndarray:
    """Names like ``École élémentaire Jean Jaurès`` or ``Collège privé Saint-Joseph``."""
    public_pick = rng.integers(len(PUBLIC_NAMESAKES), size=len(school_type))
    nursery_pick = rng.integers(len(NURSERY_NAMESAKES), size=len(school_type))
    private_pick = rng.integers(len(PRIVATE_NAMESAKES), size=len(school_type))
    nursery_style = rng.random(len(school_type)) < 0.5
    names = []
    for i, (kind, where) in enumerate(zip(school_type, sector, strict=True)):
        private = where == "prive"
        if private:
            namesake = PRIVATE_NAMESAKES[private_pick[i]]
        elif kind == "ecole_maternelle" and nursery_style[i]:
            namesake = NURSERY_NAMESAKES[nursery_pick[i]]
        else:
            namesake = PUBLIC_NAMESAKES[public_pick[i]]
        names.append(f"{SCHOOL_LABELS[kind][private]} {namesake}")
    return np.array(names, dtype=object)


def communes(
    rng: np.random.Generator, *, departement: np.ndarray, isolated: np.ndarray
) -> np.ndarray:
    """A commune per campaign: a town of its département, or a village name.

    Isolated schools are always in villages; elsewhere the big départements have a list of
    towns and the others their prefecture, with villages for the remainder.
    """
    town_pick = rng.random(len(departement))
    in_town = rng.random(len(departement)) < _TOWN_SHARE
    village_pick = rng.integers(len(GENERIC_COMMUNES), size=len(departement))
    names = []
    for i, code in enumerate(departement):
        if not isolated[i] and (in_town[i] or code in TOP_COMMUNES):
            choices = towns(code)
            names.append(choices[int(town_pick[i] * len(choices))])
        else:
            names.append(GENERIC_COMMUNES[village_pick[i]])
    return np.array(names, dtype=object)
