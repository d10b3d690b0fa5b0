"""The schools behind the campaigns: level, sector, département, priority education, isolation."""

from __future__ import annotations

import numpy as np

from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES
from scenarios.season.calibration import target
from scenarios.season.geography import (
    ISOLATED_HIGH,
    OVERSEAS_ISLANDS,
    PRIORITY_HIGH,
    PRIORITY_RAISED,
    SMALL,
    URBAN,
    URBAN_CORE,
    departement_codes,
    departement_weights,
    tier_multipliers,
)
from scenarios.season.shares import draw_flags

# Within a level, how campaigns split across school types.
PRIMARY_SPLIT = {"ecole_maternelle": 0.15, "ecole_elementaire": 0.50, "ecole_primaire": 0.35}
LYCEE_SPLIT = {"lycee": 0.50, "lycee_professionnel": 0.44, "erea": 0.06}

# Share of private schools by type (priority education networks are public only).
PRIVATE_SHARE = {
    "ecole_maternelle": 0.10,
    "ecole_elementaire": 0.13,
    "ecole_primaire": 0.15,
    "college": 0.21,
    "lycee": 0.20,
    "lycee_professionnel": 0.18,
    "erea": 0.0,
}

# REP+ is the most disadvantaged part of priority education: about 8 % of 22 %.
REP_PLUS_WITHIN_PRIORITY = target("rep_plus_share") / target("priority_education_share")

_PRIORITY_TIERS = {SMALL: 0.5, PRIORITY_RAISED: 1.5, PRIORITY_HIGH: 2.8}
_ISOLATION_TIERS = {
    URBAN: 0.3,
    URBAN_CORE: 0.05,
    ISOLATED_HIGH: 4.0,
    OVERSEAS_ISLANDS: 1.5,
}
# Small rural schools are mostly primary; upper secondary sits in towns.
_ISOLATION_BY_TYPE = {"college": 1.0, "lycee": 0.5, "lycee_professionnel": 0.7, "erea": 0.7}


def school_type_probabilities() -> dict[str, float]:
    """Probability of each school type, from the calibrated level mix."""
    primary, college = target("primary_share"), target("college_share")
    lycee = 1.0 - primary - college
    types = {kind: primary * share for kind, share in PRIMARY_SPLIT.items()}
    types["college"] = college
    types.update({kind: lycee * share for kind, share in LYCEE_SPLIT.items()})
    return types


def draw_schools(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    """School columns for ``count`` campaigns: type, sector, département, networks, isolation."""
    types = school_type_probabilities()
    school_type = rng.choice(
        np.array(list(types), dtype=object), size=count, p=list(types.values())
    )
    codes = np.array(departement_codes(), dtype=object)
    departement = rng.choice(codes, size=count, p=departement_weights())
    private_share = np.array([PRIVATE_SHARE[t] for t in school_type])
    sector = np.where(rng.random(count) < private_share, "prive", "public").astype(object)
    priority = _draw_priority(rng, school_type=school_type, sector=sector, departement=departement)
    isolated = _draw_isolated(
        rng, school_type=school_type, priority=priority, departement=departement
    )
    return {
        "school_type": school_type,
        "sector": sector,
        "departement": departement,
        "priority_education": priority,
        "isolated": isolated,
    }


def _draw_priority(
    rng: np.random.Generator,
    *,
    school_type: np.ndarray,
    sector: np.ndarray,
    departement: np.ndarray,
) -> np.ndarray:
    """``REP``, ``REP+`` or ``""``: public écoles and collèges, mostly in a few départements."""
    in_scope = (sector == "public") & np.isin(school_type, [*PRIMARY_SCHOOL_TYPES, "college"])
    weights = in_scope * tier_multipliers(departement, _PRIORITY_TIERS)
    in_network = draw_flags(rng, weights, target("priority_education_share"))
    plus = rng.random(len(school_type)) < REP_PLUS_WITHIN_PRIORITY
    network = np.where(plus, "REP+", "REP")
    return np.where(in_network, network, "").astype(object)


def _draw_isolated(
    rng: np.random.Generator,
    *,
    school_type: np.ndarray,
    priority: np.ndarray,
    departement: np.ndarray,
) -> np.ndarray:
    """Isolation flags: rural and mountain départements, primary schools, rarely urban networks."""
    by_type = np.array([_ISOLATION_BY_TYPE.get(t, 1.3) for t in school_type])
    # Priority networks are mostly urban, so an isolated REP school is the exception.
    by_network = np.where(priority == "", 1.0, 0.6)
    weights = tier_multipliers(departement, _ISOLATION_TIERS) * by_type * by_network
    return draw_flags(rng, weights, target("isolated_share"))
