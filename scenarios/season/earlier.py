"""Earlier failed campaigns: the origins of a season's redistributed donations.

A round's campaigns file lists the campaigns the allocator decides on, so none of them may be
the origin of a redistributed donation: a round could complete the very campaign whose failure
released the money. The donations therefore come from campaigns that failed earlier and are in
no file of the season: campaigns of the previous season that ended under three quarters of their
minimum (too far for a boost), whose donors chose redistribution over a refund.

Origin ids: ``C2023-F0001`` is the first earlier failed campaign of season 2024. ``C`` is a
campaign, ``2023`` the year of the previous season it belonged to, ``F`` says it failed, then a
number from ``0001`` (more digits past 9,999). The file's own ids (``C2024-00001``) have the
season's year and only digits after the dash, so the two can never collide.

How many: the same share of the season's size as its own campaigns that fail, under three
quarters of their minimum (``failing_share`` of the calibration: 6 %, as in 2023, where 94 %
succeeded in the end), rounded up, so that even a tiny season has one.

Each gets a school and a project from the season's own model (the scope of a donation may name
its académie or theme) and donors as the platform's 2023 figures: 21 a campaign on average, at
least one, widely spread (sd about 15); gifts from the same donation form as the season's (57 €
on average, at least 5 €, whole cents), by people of the season's donor base (numbered alike:
many give season after season). What they collected and their goals are not recorded: only the
gifts are, and ``earlier.gifts`` holds all of them, passed on or refunded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scenarios.season.calibration import target
from scenarios.season.gifts import Gifts, draw_amounts
from scenarios.season.projects import draw_projects
from scenarios.season.schools import draw_schools

# Donor counts are gamma-Poisson (negative binomial) around the mean: shape 2 gives sd ~15.
_DONORS_SHAPE = 2.0


@dataclass(frozen=True, eq=False)
class EarlierCampaigns:
    """Campaigns of the previous season that failed, and their donors' gifts.

    ``campaign_id``, ``departement`` and ``themes`` hold one value per campaign (object arrays);
    ``gifts.campaign_row`` indexes them, in ascending order.
    """

    campaign_id: np.ndarray
    departement: np.ndarray
    themes: np.ndarray
    gifts: Gifts

    def __len__(self) -> int:
        return len(self.campaign_id)


def earlier_failed_count(campaigns: int) -> int:
    """How many earlier failed campaigns feed a season of ``campaigns`` campaigns."""
    return math.ceil(campaigns * target("failing_share"))


def earlier_campaign_ids(count: int, *, season_year: int) -> np.ndarray:
    """``C{previous year}-F0001``... for ``count`` earlier failed campaigns."""
    return np.array([f"C{season_year - 1}-F{k:04d}" for k in range(1, count + 1)], dtype=object)


def draw_earlier(
    rng: np.random.Generator, *, campaigns: int, season_year: int, donor_base: int
) -> EarlierCampaigns:
    """The earlier failed campaigns of a season of ``campaigns`` campaigns, with their gifts."""
    count = earlier_failed_count(campaigns)
    schools = draw_schools(rng, count)
    projects = draw_projects(rng, schools["school_type"])
    extra = target("earlier_donors_mean") - 1.0
    donors = 1 + rng.poisson(rng.gamma(_DONORS_SHAPE, extra / _DONORS_SHAPE, size=count))
    rows = np.repeat(np.arange(count), donors)
    amounts = draw_amounts(rng, len(rows))
    people = rng.integers(donor_base, size=len(rows)).astype(np.int64)
    return EarlierCampaigns(
        campaign_id=earlier_campaign_ids(count, season_year=season_year),
        departement=schools["departement"],
        themes=projects["themes"],
        gifts=Gifts(rows, people, amounts),
    )
