"""What every policy of a replay shares: the calendar, final amounts, and cached views of days.

Snapshots and forecasts depend only on the public's gifts, never on a policy, so each day's is
computed once and shared by every policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from eligibility.campaigns import CampaignTable
from scenarios.replay.calendar import deadline_days, round_dates
from scenarios.replay.options import ReplayOptions
from scenarios.replay.season import (
    Forecast,
    Gift,
    ReplaySeason,
    Snapshot,
    final_collected,
    redistributable_gifts,
)


@dataclass(eq=False)
class Context:
    """A season prepared for replaying: its days, its campaigns' facts, its cached views."""

    season: ReplaySeason
    options: ReplayOptions
    snapshot_of: Snapshot
    forecast_of: Forecast | None
    rounds: tuple[date, ...]
    deadlines: dict[date, tuple[str, ...]]
    final: dict[str, int]
    min_goal: dict[str, int]
    ends_on: dict[str, date]
    gifts: dict[str, tuple[Gift, ...]]
    _snapshots: dict[date, CampaignTable] = field(default_factory=dict)
    _forecasts: dict[date, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        season: ReplaySeason,
        options: ReplayOptions,
        *,
        snapshot: Snapshot,
        forecast: Forecast | None,
    ) -> Context:
        """Compute the calendar and each campaign's facts once."""
        table = season.campaigns
        ids = [str(c) for c in table.ids.tolist()]
        return cls(
            season=season,
            options=options,
            snapshot_of=snapshot,
            forecast_of=forecast,
            rounds=round_dates(table, options.cadence.days),
            deadlines=deadline_days(table),
            final=final_collected(season),
            min_goal=dict(zip(ids, table.cents("min_goal_cents").tolist(), strict=True)),
            ends_on=dict(zip(ids, table.ends_on_days().tolist(), strict=True)),
            gifts=redistributable_gifts(season),
        )

    def event_days(self) -> list[date]:
        """Round dates and deadlines, in order."""
        return sorted(set(self.rounds) | set(self.deadlines))

    def snapshot(self, day: date) -> CampaignTable:
        """The campaigns as known on ``day`` (cached)."""
        if day not in self._snapshots:
            self._snapshots[day] = self.snapshot_of(day)
        return self._snapshots[day]

    def forecast(self, day: date) -> dict[str, int]:
        """Expected final public cents of each campaign of ``day``'s snapshot (cached)."""
        if self.forecast_of is None:
            raise ValueError("the optimal-pledge policy needs a forecast")
        if day not in self._forecasts:
            table = self.snapshot(day)
            values = np.asarray(self.forecast_of(table, day)).round().astype(np.int64)
            ids = [str(c) for c in table.ids.tolist()]
            self._forecasts[day] = dict(zip(ids, values.tolist(), strict=True))
        return self._forecasts[day]

    def horizon_end(self, day: date) -> date:
        """The last deadline a round on ``day`` decides."""
        return day + timedelta(days=self.options.horizon)

    def never_in_a_round(self) -> tuple[str, ...]:
        """Campaigns that start after the last round that could decide them (too short-lived)."""
        table = self.season.campaigns
        starts = table.frame["starts_on"].to_numpy("datetime64[D]").tolist()
        missed = []
        for campaign, start, end in zip(
            table.ids.tolist(), starts, table.ends_on_days().tolist(), strict=True
        ):
            deciding = [d for d in self.rounds if d <= end <= self.horizon_end(d)]
            if not any(start <= d for d in deciding):
                missed.append(str(campaign))
        return tuple(sorted(missed))
