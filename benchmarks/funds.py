"""Synthetic funds that bring a season's ~14 funds up to a benchmark's fund count.

Rules overlap (themes, levels, places, criteria, money thresholds); most funds carry at least
one of the three cap kinds. Budgets are set afterwards by ``scarce_budgets``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from allocator.funds import Fund
from benchmarks.rules import synthetic_rules

CAP_SHARE = 0.5  # share of synthetic funds with a cap per campaign
SHARE_SHARE = 0.4  # ... with a cap as a share of the minimum goal
RATIO_SHARE = 0.35  # ... with a match ratio
WINDOW_SHARE = 0.3  # ... valid for part of the year only


def synthetic_funds(rng: np.random.Generator, *, count: int, season_year: int) -> list[Fund]:
    """``count`` funds with drawn rules, caps and windows; budgets are placeholders."""
    rules = synthetic_rules(rng, count)
    return [_fund(rng, k, rule, season_year) for k, rule in enumerate(rules, start=1)]


def _fund(rng: np.random.Generator, k: int, rule: str, season_year: int) -> Fund:
    first, last = (1, 12)
    if rng.random() < WINDOW_SHARE:
        first = int(rng.integers(1, 7))
        last = int(rng.integers(first + 3, 13))
    return Fund(
        id=f"bench-{k:02d}",
        name=f"Fonds de benchmark n° {k}",
        kind="patron" if rng.random() < 0.7 else "thematic",
        budget_cents=100,
        rule=rule,
        cap_per_campaign_cents=(
            int(rng.integers(3, 16)) * 100_00 if rng.random() < CAP_SHARE else None
        ),
        cap_share_of_min_goal=(
            Decimal(int(rng.integers(3, 8))) / 10 if rng.random() < SHARE_SHARE else None
        ),
        match_ratio=Decimal(int(rng.integers(1, 7))) / 2 if rng.random() < RATIO_SHARE else None,
        valid_from=date(season_year, first, 1),
        valid_until=_last_day(season_year, last),
    )


def _last_day(year: int, month: int) -> date:
    """The last day of a month."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
