"""The replay's calendar: round dates every cadence from the Monday before the first deadline."""

from __future__ import annotations

from datetime import date, timedelta

from eligibility.campaigns import CampaignTable


def round_dates(campaigns: CampaignTable, every_days: int) -> tuple[date, ...]:
    """Round dates from the Monday on or before the first deadline until the last deadline."""
    if len(campaigns) == 0:
        return ()
    ends = campaigns.ends_on_days()
    first = date.fromisoformat(str(ends.min()))
    last = date.fromisoformat(str(ends.max()))
    day = first - timedelta(days=first.weekday())
    dates = []
    while day <= last:
        dates.append(day)
        day += timedelta(days=every_days)
    return tuple(dates)


def deadline_days(campaigns: CampaignTable) -> dict[date, tuple[str, ...]]:
    """Campaign ids by the day they end, each day's ids sorted."""
    by_day: dict[date, list[str]] = {}
    ends = campaigns.ends_on_days().tolist()
    for campaign, end in zip(campaigns.ids.tolist(), ends, strict=True):
        by_day.setdefault(date.fromisoformat(str(end)), []).append(str(campaign))
    return {day: tuple(sorted(ids)) for day, ids in sorted(by_day.items())}
