"""Monte Carlo: open campaigns may still reach their goal on their own; how many succeed in all?

Each draw gives every campaign a final amount from the forecast model (never below what it has
already collected; a campaign ended by ``as_of`` keeps its amount). The round of each variant is
re-run on each draw, the same draws for every variant (so differences are the variants', not
the dice's). A draw's completions are the campaigns the variant's round would consider that
reach their minimum goal on their own, plus those the round completes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Protocol

import numpy as np
import pandas as pd

from eligibility.campaigns import CampaignTable


class Forecaster(Protocol):
    """A model of campaigns' final amounts (``scenarios.forecast`` provides the default one)."""

    def sample(
        self, campaigns: pd.DataFrame, *, as_of: date, draws: int, seed: int
    ) -> np.ndarray: ...


@dataclass(frozen=True)
class MonteCarloRow:
    """Completions of one variant over the draws."""

    variant: str
    draws: int
    mean: Fraction
    p05: float
    p95: float
    base_mean: Fraction


def draw_collected(
    forecaster: Forecaster, table: CampaignTable, *, as_of: date, draws: int, seed: int
) -> np.ndarray:
    """(draws, campaigns) final amounts in cents, at least what each has collected."""
    raw = forecaster.sample(table.frame, as_of=as_of, draws=draws, seed=seed)
    sampled: np.ndarray = np.asarray(raw, dtype=np.int64)
    if sampled.shape != (draws, len(table)):
        message = f"the forecaster gave {sampled.shape} amounts, expected {(draws, len(table))}"
        raise ValueError(message)
    collected = table.cents("collected_cents")
    ended = table.ends_on_days() < np.datetime64(as_of, "D")
    final: np.ndarray = np.maximum(sampled, collected[None, :])
    final[:, ended] = collected[ended]
    return final


def completions_on_their_own(
    table: CampaignTable, drawn: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """(draws,) how many of the ``candidates`` rows reach their minimum goal in each draw."""
    goal = table.cents("min_goal_cents")[candidates]
    return np.asarray((drawn[:, candidates] >= goal[None, :]).sum(axis=1), dtype=np.int64)


def summarise_draws(variant: str, counts: np.ndarray, base_counts: np.ndarray) -> MonteCarloRow:
    """Mean and 90 % interval (5th and 95th percentiles, linear) of a variant's completions."""
    values = [int(v) for v in counts.tolist()]
    base = [int(v) for v in base_counts.tolist()]
    return MonteCarloRow(
        variant=variant,
        draws=len(values),
        mean=Fraction(sum(values), len(values)),
        p05=float(np.percentile(counts, 5)),
        p95=float(np.percentile(counts, 95)),
        base_mean=Fraction(sum(base), len(base)),
    )


def fraction_text(value: Fraction) -> str:
    """A fraction with two decimals, rounded half up."""
    hundredths = (value * 200 + 1) // 2
    whole, part = divmod(int(hundredths), 100)
    return f"{whole}.{part:02d}"
