"""Seeded benchmark rounds: a generated season made mid-season, with scarce money in N funds.

A generated season is a year-end snapshot: most campaigns have already reached their minimum
goal (about 12 % still have a need). A round runs mid-season, when many still collect, so a
seeded share of the completed campaigns gets ``collected`` lowered to 30-95 % of the minimum
goal (whole euros). Fund budgets are then set so that money is scarce: together they hold
``SCARCITY`` of the needs of the campaigns the funds could cover, shared out in proportion to
what each fund could pay, times a drawn factor.

Redistributed donations come from campaigns that failed and ended, so none of them is still in
a round: their origins are moved to the previous season's ids (the generator draws them from
this season's failed campaigns, which a whole-season round without a date would keep in play).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from allocator.funds import Fund
from allocator.options import RoundOptions
from allocator.round import Round, prepare
from benchmarks.funds import synthetic_funds
from eligibility.money import MAX_CENTS
from scenarios.season import Season, generate_season

REOPENED_SHARE = 0.45  # share of completed campaigns given a need again
SCARCITY = 0.15  # total budget as a fraction of what the funds could pay together


def benchmark_season(*, seed: int, campaigns: int, funds: int) -> Season:
    """A season of ``campaigns`` campaigns and ``funds`` funds with scarce budgets, by seed."""
    season = generate_season(seed=seed, campaigns=campaigns)
    rng = np.random.default_rng([seed, 6])
    frame = reopen_campaigns(season, rng)
    donations = earlier_origins(season)
    chosen = list(season.funds[:funds])
    chosen += synthetic_funds(rng, count=funds - len(chosen), season_year=season.season_year)
    reopened = dataclasses.replace(
        season, campaigns=frame, donations=donations, funds=tuple(chosen)
    )
    return dataclasses.replace(reopened, funds=scarce_budgets(reopened, rng))


def benchmark_round(season: Season) -> Round:
    """The season as an allocation round, straight from memory."""
    return Round(season.campaign_table(), season.funds, season.donation_table())


def reopen_campaigns(season: Season, rng: np.random.Generator) -> pd.DataFrame:
    """The campaigns frame with ``collected`` lowered for a seeded share of completed ones."""
    frame = season.campaigns.copy()
    goal = frame["min_goal_cents"].to_numpy(np.int64)
    collected = frame["collected_cents"].to_numpy(np.int64).copy()
    done = np.flatnonzero(collected >= goal)
    picked = done[rng.random(len(done)) < REOPENED_SHARE]
    fraction = rng.uniform(0.30, 0.95, size=len(picked))
    collected[picked] = (goal[picked] * fraction).astype(np.int64) // 100 * 100
    frame["collected_cents"] = collected
    return frame


def earlier_origins(season: Season) -> pd.DataFrame:
    """The donations, their origins moved to last season's campaigns (ended, out of the round)."""
    donations = season.donations.copy()
    this_year, last_year = f"C{season.season_year}-", f"C{season.season_year - 1}-"
    donations["origin_campaign_id"] = [
        str(origin).replace(this_year, last_year, 1) for origin in donations["origin_campaign_id"]
    ]
    return donations


def scarce_budgets(season: Season, rng: np.random.Generator) -> tuple[Fund, ...]:
    """The season's funds with budgets summing to ``SCARCITY`` of the payable needs."""
    unlimited = tuple(f.model_copy(update={"budget_cents": MAX_CENTS - 1}) for f in season.funds)
    prepared = prepare(
        dataclasses.replace(benchmark_round(season), funds=unlimited), RoundOptions()
    )
    count = len(season.funds)
    payable = np.minimum(prepared.capacity[:, :count], prepared.need[:, None])
    reach = payable.sum(axis=0).astype(np.float64)
    total = SCARCITY * float(prepared.need[payable.sum(axis=1) >= prepared.need].sum())
    weights = rng.uniform(0.5, 1.5, size=count) * reach
    euros = np.maximum(np.round(total * weights / weights.sum() / 100), 100).astype(np.int64)
    # Funds come first among the prepared sources, sorted by id; pools follow.
    by_id = {prepared.sources[j].id: int(euros[j]) * 100 for j in range(count)}
    return tuple(f.model_copy(update={"budget_cents": by_id[f.id]}) for f in season.funds)
