"""What a generated season must look like: each figure, its tolerance and where it comes from.

Figures are the platform's 2023 activity report (``domain.md``) unless the source says the value
was chosen to reconcile them. Tolerances hold for seasons of 3,000 campaigns or more; the
generator reads the shares it draws from this table, so the two never disagree. The figures of
redistribution are measured on the earlier failed campaigns the donations come from
(``scenarios.season.earlier``), never on the campaigns file.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple


class Target(NamedTuple):
    """One calibrated statistic: the value aimed at, the accepted absolute gap, the source."""

    name: str
    value: float
    tolerance: float
    source: str

    def holds(self, measured: float) -> bool:
        """Whether ``measured`` is within the tolerance of the target."""
        return abs(measured - self.value) <= self.tolerance


# 2023: 640 primary / 261 collège / 141 lycée among the 1,042 completed campaigns.
_COMPLETED = 640 + 261 + 141
_PRIMARY = 640 / _COMPLETED
# Reaching the minimum on one's own, by level (the final 2023 rates include solidarity boosts).
_OWN_SUCCESS_PRIMARY = 0.92
_OWN_SUCCESS_SECONDARY = 0.82

# A campaign that ends under three quarters of its minimum is too far for a boost to be worth it:
# it fails, and its donors choose between a refund and redistribution.
FAILING_BELOW_SHARE_OF_MINIMUM = 0.75

TARGETS: tuple[Target, ...] = (
    Target("min_goal_mean_euros", 956.0, 50.0, "2023 mean minimum goal"),
    Target("optimum_goal_mean_euros", 2740.0, 165.0, "2023 mean optimum goal"),
    Target(
        "optimum_within_twice_minimum_share",
        0.62,
        0.06,
        "chosen: most follow the 1-2x advice; a tail of full-cost optimums lifts the mean",
    ),
    Target("donors_mean", 21.0, 1.5, "2023: 21 donors per campaign"),
    Target("donation_mean_euros", 57.0, 3.0, "2023: 57 € per donation"),
    Target("primary_share", _PRIMARY, 0.025, "2023 completed: 640 primary"),
    Target("college_share", 261 / _COMPLETED, 0.025, "2023 completed: 261 collège"),
    Target("lycee_share", 141 / _COMPLETED, 0.02, "2023 completed: 141 lycée (LP, EREA)"),
    Target("courte_echelle_share", 0.42, 0.03, "2023: 42 % of completed campaigns labelled"),
    Target(
        "priority_education_share",
        0.22,
        0.025,
        "chosen: national 12-14 %, over-represented on the platform to reach the 42 % label",
    ),
    Target("rep_plus_share", 0.08, 0.015, "about 8 % REP+"),
    Target("vocational_share", 0.06, 0.015, "chosen: 44 % of lycée campaigns"),
    Target("isolated_share", 0.10, 0.02, "chosen to reach the 42 % label"),
    Target("inclusive_share", 0.09, 0.02, "chosen to reach the 42 % label"),
    Target(
        "own_success_primary_share",
        _OWN_SUCCESS_PRIMARY,
        0.025,
        "chosen: 2023 final 96 % includes solidarity boosts, so a few points below",
    ),
    Target(
        "own_success_secondary_share",
        _OWN_SUCCESS_SECONDARY,
        0.035,
        "chosen: 2023 final 88 % includes solidarity boosts, so a few points below",
    ),
    Target(
        "failing_share",
        0.06,
        0.015,
        "2023: 94 % succeeded in the end; the 6 % that failed ended under 75 % of their minimum,"
        " beyond a boost. As many earlier failed campaigns (binomial, sd 0.0043 at 3,000)",
    ),
    Target(
        "earlier_donors_mean",
        21.0,
        3.5,
        "2023: 21 donors per campaign, for the earlier failed campaigns too"
        " (gamma-Poisson, sd ~15, on 180 campaigns at 3,000)",
    ),
    Target(
        "earlier_gift_mean_euros",
        57.0,
        3.5,
        "2023: 57 € per donation, for the earlier failed campaigns' gifts"
        " (sd ~66 € on ~3,800 gifts at 3,000 campaigns)",
    ),
    Target(
        "redistribution_share",
        0.24,
        0.025,
        "2023: 24 % of failed campaigns' donors, measured on the earlier failed campaigns' gifts"
        " (binomial, sd 0.007 on ~3,800 gifts at 3,000 campaigns)",
    ),
    Target(
        "redistribution_choice_share",
        0.24,
        0.01,
        "2023: 24 % of failed campaigns' donors; drawn for every gift of the ledger"
        " (binomial, sd 0.0017 on ~64,000 gifts at 3,000 campaigns)",
    ),
    Target(
        "first_week_gift_share",
        0.35,
        0.03,
        "chosen: gifts cluster at the launch (families, friends); a third in the first 7 days",
    ),
    Target(
        "last_week_gift_share",
        0.29,
        0.03,
        "chosen: and before the deadline (reminders, a last gift closing the gap)",
    ),
    Target(
        "half_time_money_share_median",
        0.52,
        0.06,
        "chosen: a median campaign has half its final money at mid-course, widely spread",
    ),
    Target(
        "fund_budget_per_campaign_euros",
        126_437 / 1_444,
        0.5,
        "2023: 126,437 € of solidarity money for 1,444 published campaigns",
    ),
    Target("stay_share", 0.75, 0.04, "2023: three quarters were stays or trips"),
    Target(
        "ends_february_to_june_share",
        0.68,
        0.07,
        "chosen: activity follows the school year, deadlines mostly before summer",
    ),
)

TARGET_BY_NAME = MappingProxyType({t.name: t for t in TARGETS})

# Rankings checked as such rather than as numbers.
TOP_DEPARTEMENTS: tuple[str, ...] = (
    "095",
    "059",
    "094",
    "075",
    "091",
    "013",
    "069",
    "033",
    "092",
    "093",
)
LEADING_THEMES: tuple[str, ...] = ("arts", "sustainable_development")
PUBLICATION_PEAK_MONTHS: tuple[int, ...] = (1, 3)

# Hard limits of every campaign row, not statistics.
MIN_GOAL_CAP_EUROS = 5_000
MIN_DONATION_EUROS = 5


def target(name: str) -> float:
    """The target value of a named statistic."""
    return TARGET_BY_NAME[name].value
