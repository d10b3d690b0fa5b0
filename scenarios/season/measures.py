"""The statistics of a generated season, named like the calibration targets they are checked on."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from eligibility.labels import criteria_columns
from eligibility.vocabulary import PRIMARY_SCHOOL_TYPES, THEMES
from scenarios.season.calibration import FAILING_BELOW_SHARE_OF_MINIMUM, TARGETS
from scenarios.season.season import Season


class Check(NamedTuple):
    """One target compared with what a season measured."""

    name: str
    target: float
    tolerance: float
    measured: float
    holds: bool


def measure_season(season: Season) -> dict[str, float]:
    """Every numeric statistic of ``TARGETS``, measured on ``season``."""
    frame = season.campaigns
    primary = frame["school_type"].isin(PRIMARY_SCHOOL_TYPES).to_numpy()
    flags = criteria_columns(frame)
    success = (frame["collected_cents"] >= frame["min_goal_cents"]).to_numpy()
    ends = pd.DatetimeIndex(frame["ends_on"])
    earlier_gifts = season.earlier.gifts
    return {
        "min_goal_mean_euros": frame["min_goal_cents"].mean() / 100,
        "optimum_goal_mean_euros": frame["optimum_goal_cents"].mean() / 100,
        "optimum_within_twice_minimum_share": float(
            (frame["optimum_goal_cents"] <= 2 * frame["min_goal_cents"]).mean()
        ),
        "donors_mean": float(frame["donors"].mean()),
        "donation_mean_euros": frame["collected_cents"].sum() / frame["donors"].sum() / 100,
        "primary_share": float(primary.mean()),
        "college_share": float((frame["school_type"] == "college").mean()),
        "lycee_share": float((~primary & (frame["school_type"] != "college")).mean()),
        "courte_echelle_share": float(flags["courte_echelle"].mean()),
        "priority_education_share": float(flags["ce_priority_education"].mean()),
        "rep_plus_share": float((frame["priority_education"] == "REP+").mean()),
        "vocational_share": float(flags["ce_vocational"].mean()),
        "isolated_share": float(flags["ce_isolated"].mean()),
        "inclusive_share": float(flags["ce_inclusive"].mean()),
        "own_success_primary_share": float(success[primary].mean()),
        "own_success_secondary_share": float(success[~primary].mean()),
        "failing_share": float(failing(frame).mean()),
        "earlier_donors_mean": len(earlier_gifts) / max(len(season.earlier), 1),
        "earlier_gift_mean_euros": float(earlier_gifts.amount_cents.sum())
        / max(len(earlier_gifts), 1)
        / 100,
        # Every donor of an earlier campaign has chosen; every gift passed on is in the season.
        "redistribution_share": len(season.donations) / max(len(earlier_gifts), 1),
        "fund_budget_per_campaign_euros": sum(f.budget_cents for f in season.funds)
        / len(frame)
        / 100,
        "stay_share": float((frame["nights"] > 0).mean()),
        "ends_february_to_june_share": float(((ends.month >= 2) & (ends.month <= 6)).mean()),
        **measure_timelines(frame, season.ledger),
    }


def measure_timelines(campaigns: pd.DataFrame, ledger: pd.DataFrame) -> dict[str, float]:
    """When gifts come in their campaign, and the donors' choices, from the ledger."""
    rows = pd.Index(campaigns["campaign_id"].to_numpy(object)).get_indexer(ledger["campaign_id"])
    starts = campaigns["starts_on"].to_numpy("datetime64[D]")[rows]
    ends = campaigns["ends_on"].to_numpy("datetime64[D]")[rows]
    day = ledger["donated_on"].to_numpy("datetime64[D]")
    gone = (day - starts).astype(np.int64)
    left = (ends - day).astype(np.int64)
    length = (ends - starts).astype(np.int64) + 1
    amounts = ledger["amount_cents"].to_numpy(np.int64)
    by_half = np.bincount(rows, weights=amounts * (2 * gone < length), minlength=len(campaigns))
    total = np.bincount(rows, weights=amounts, minlength=len(campaigns))
    given = total > 0
    return {
        "redistribution_choice_share": float(ledger["redistribute"].mean()),
        "first_week_gift_share": float((gone < 7).mean()),
        "last_week_gift_share": float((left < 7).mean()),
        "half_time_money_share_median": float(np.median(by_half[given] / total[given])),
    }


def failing(campaigns: pd.DataFrame) -> np.ndarray:
    """Which campaigns end too far from their minimum for a boost (under three quarters)."""
    collected = campaigns["collected_cents"].to_numpy(np.int64)
    minimum = campaigns["min_goal_cents"].to_numpy(np.int64)
    far: np.ndarray = collected < FAILING_BELOW_SHARE_OF_MINIMUM * minimum
    return far


def check_season(season: Season) -> tuple[Check, ...]:
    """Each numeric target next to the season's measure and whether it is within tolerance."""
    measured = measure_season(season)
    return tuple(
        Check(t.name, t.value, t.tolerance, measured[t.name], t.holds(measured[t.name]))
        for t in TARGETS
    )


def top_departements(season: Season, count: int = 10) -> tuple[str, ...]:
    """The départements with the most campaigns, most first (ties by code)."""
    counts = season.campaigns["departement"].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(str(code) for code, _ in ranked[:count])


def theme_counts(season: Season) -> dict[str, int]:
    """How many campaigns carry each theme, in vocabulary order."""
    themes = season.campaigns["themes"].str.split(";").explode()
    counts = themes.value_counts()
    return {t: int(counts.get(t, 0)) for t in THEMES}


def publication_months(season: Season) -> tuple[int, ...]:
    """Months of the year ranked by how many campaigns started in them, most first."""
    months = pd.DatetimeIndex(season.campaigns["starts_on"]).month
    counts = np.bincount(np.asarray(months), minlength=13)[1:]
    return tuple(int(m) + 1 for m in np.argsort(-counts, kind="stable"))
