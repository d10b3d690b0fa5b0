"""A campaign's final public amount, forecast from where it stands on a day, fitted on past seasons.

A two-part (hurdle) model. First, will it reach its minimum goal on its own? A logistic
regression gives that probability ``p`` (1 once the minimum is reached; see ``success``). Then,
how much will it end with, given that it succeeds, or that it does not? Two growth distributions
(see ``growth``), fitted on the past campaigns that succeeded and on those that did not, each
kept on its side of the minimum: a success ends between its minimum and its optimum, a failure
between what it has and a cent under its minimum; neither ever below what it has (gifts are not
taken back) nor above the optimum (collection stops there).

The forecast distribution mixes the two with weights ``1 - p`` and ``p``. ``predict`` is its
mean, ``success_probability`` is ``p``, ``interval`` its central band and ``sample`` draws from
it by inverse CDF with a seeded generator, so the four always agree. No distribution shape is
assumed: residuals are kept as the past seasons show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from scenarios.forecast.features import Examples, Standing, examples_from, standing_on
from scenarios.forecast.growth import QUANTILES, Growth, fit_growth
from scenarios.forecast.success import fit_success, success_chance
from scenarios.timeline import SeasonHistory

# A side with fewer examples borrows them all (its bounds still hold it to its side).
_MIN_SIDE_EXAMPLES = 100


@dataclass(frozen=True, eq=False)
class Forecaster:
    """A fitted forecast model; see the module docstring. Money in and out is integer cents."""

    success: np.ndarray  # logistic regression coefficients
    reaching: Growth  # growth of the campaigns that reach their minimum
    falling: Growth  # growth of those that do not
    examples: int

    def predict(self, campaigns: pd.DataFrame, as_of: date) -> np.ndarray:
        """Expected final collected of each row, in cents, never below what it has."""
        return self.expected(standing_on(campaigns, as_of))

    def sample(self, campaigns: pd.DataFrame, as_of: date, draws: int, seed: int) -> np.ndarray:
        """``draws`` outcomes (draws, rows) of the final collected, in cents, by ``seed``."""
        return self.draw(standing_on(campaigns, as_of), draws=draws, seed=seed)

    def success_probability(self, campaigns: pd.DataFrame, as_of: date) -> np.ndarray:
        """Probability that each row ends at or above its minimum goal on its own."""
        return self.chance(standing_on(campaigns, as_of))

    def interval(
        self, campaigns: pd.DataFrame, as_of: date, level: float = 0.9
    ) -> tuple[np.ndarray, np.ndarray]:
        """Central ``level`` band (low, high) of each row's final collected, in cents."""
        return self.band(standing_on(campaigns, as_of), level=level)

    def chance(self, standing: Standing) -> np.ndarray:
        """``success_probability`` on a standing."""
        chance = success_chance(self.success, standing)
        reached = standing.collected >= standing.min_goal
        known: np.ndarray = np.where(standing.over, reached.astype(float), chance)
        return known

    def expected(self, standing: Standing) -> np.ndarray:
        """``predict`` on a standing."""
        atoms = np.broadcast_to(
            (np.arange(QUANTILES) + 0.5) / QUANTILES, (len(standing), QUANTILES)
        )
        chance = self.chance(standing)
        fail, win = self._sides(standing, atoms)
        mean = (1 - chance) * fail.mean(axis=1) + chance * win.mean(axis=1)
        expected: np.ndarray = np.maximum(np.rint(mean).astype(np.int64), standing.collected)
        return expected

    def band(self, standing: Standing, *, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """``interval`` on a standing."""
        if not 0.0 < level < 1.0:
            raise ValueError(f"expected a level between 0 and 1, got {level}")
        tail = (1.0 - level) / 2
        probability = np.tile([tail, 1.0 - tail], (len(standing), 1))
        finals = self._inverse(standing, probability)
        return finals[:, 0], finals[:, 1]

    def draw(self, standing: Standing, *, draws: int, seed: int) -> np.ndarray:
        """``sample`` on a standing."""
        if draws < 0:
            raise ValueError(f"expected a number of draws >= 0, got {draws}")
        uniform = np.random.default_rng(seed).random((draws, len(standing)))
        drawn: np.ndarray = self._inverse(standing, uniform.T).T
        return drawn

    def _inverse(self, standing: Standing, probability: np.ndarray) -> np.ndarray:
        """The mixture's quantiles (cents) at ``probability`` (rows, k): failures first."""
        failing = (1 - self.chance(standing))[:, None]
        as_fail = np.divide(probability, failing, out=np.zeros_like(probability), where=failing > 0)
        as_win = np.divide(
            probability - failing, 1 - failing, out=np.zeros_like(probability), where=failing < 1
        )
        fail, win = self._sides(standing, np.clip(as_fail, 0, 1), np.clip(as_win, 0, 1))
        finals = np.where(probability < failing, fail, win)
        cents: np.ndarray = np.maximum(
            np.rint(finals).astype(np.int64), standing.collected[:, None]
        )
        return cents

    def _sides(
        self, standing: Standing, as_fail: np.ndarray, as_win: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Finals (float cents) if it fails and if it succeeds; a finished campaign keeps its."""
        has = standing.collected
        top = np.maximum(has, standing.optimum_goal)
        below = np.maximum(has, standing.min_goal - 1)
        fail = self.falling.finals(standing, as_fail, low=has, high=below)
        win = self.reaching.finals(
            standing,
            as_fail if as_win is None else as_win,
            low=np.maximum(has, standing.min_goal),
            high=top,
        )
        over = standing.over[:, None]
        return np.where(over, has[:, None], fail), np.where(over, has[:, None], win)


def fit_forecaster(history: Sequence[SeasonHistory]) -> Forecaster:
    """Fit the model on past seasons (campaigns and their ledgers)."""
    return fit_examples(examples_from(history))


def fit_examples(examples: Examples) -> Forecaster:
    """Fit the model on fitting examples (campaigns on a day, and their final amount)."""
    standing = examples.standing
    success = examples.final >= standing.min_goal
    open_ = standing.collected < standing.min_goal
    return Forecaster(
        success=fit_success(standing.take(np.flatnonzero(open_)), success[open_]),
        reaching=_side(examples, success),
        falling=_side(examples, ~success),
        examples=len(examples),
    )


def _side(examples: Examples, rows: np.ndarray) -> Growth:
    if rows.sum() < _MIN_SIDE_EXAMPLES:
        rows = np.ones(len(examples), dtype=bool)
    picked = np.flatnonzero(rows)
    return fit_growth(examples.standing.take(picked), examples.final[picked])
