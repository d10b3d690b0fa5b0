"""Calibrated synthetic seasons of the platform, deterministic by seed, and the shipped example.

season = generate_season(seed=2024, campaigns=1_444)
write_season(season, Path("out"))                 # campaigns, funds, donations, ledger (.csv/.json)
checks = check_season(season)                     # each calibration target next to its measure
write_history(past_seasons(seed=2024, campaigns=1_444, season_year=2024, count=3), Path("out"))

The redistributed donations come from earlier failed campaigns that are in no file of the season
(``C2023-F0001`` for season 2024: previous season, failed; see ``scenarios.season.earlier``).
"""

from scenarios.season.calibration import (
    FAILING_BELOW_SHARE_OF_MINIMUM,
    LEADING_THEMES,
    MIN_DONATION_EUROS,
    MIN_GOAL_CAP_EUROS,
    PUBLICATION_PEAK_MONTHS,
    TARGET_BY_NAME,
    TARGETS,
    TOP_DEPARTEMENTS,
    Target,
)
from scenarios.season.earlier import EarlierCampaigns, earlier_failed_count
from scenarios.season.example import (
    EXAMPLE_CAMPAIGNS,
    EXAMPLE_SEASON_YEAR,
    EXAMPLE_SEED,
    example_season_dir,
)
from scenarios.season.history import MAX_HISTORY, history_seed, past_seasons, write_history
from scenarios.season.measures import (
    Check,
    check_season,
    failing,
    measure_season,
    measure_timelines,
    publication_months,
    theme_counts,
    top_departements,
)
from scenarios.season.season import CAMPAIGN_COLUMNS, Season, generate_season
from scenarios.season.writer import CAMPAIGNS_FILE, DONATIONS_FILE, FUNDS_FILE, write_season
from scenarios.timeline import LEDGER_FILE

__all__ = [
    "CAMPAIGNS_FILE",
    "CAMPAIGN_COLUMNS",
    "DONATIONS_FILE",
    "EXAMPLE_CAMPAIGNS",
    "EXAMPLE_SEASON_YEAR",
    "EXAMPLE_SEED",
    "FAILING_BELOW_SHARE_OF_MINIMUM",
    "FUNDS_FILE",
    "LEADING_THEMES",
    "LEDGER_FILE",
    "MAX_HISTORY",
    "MIN_DONATION_EUROS",
    "MIN_GOAL_CAP_EUROS",
    "PUBLICATION_PEAK_MONTHS",
    "TARGETS",
    "TARGET_BY_NAME",
    "TOP_DEPARTEMENTS",
    "Check",
    "EarlierCampaigns",
    "Season",
    "Target",
    "check_season",
    "earlier_failed_count",
    "example_season_dir",
    "failing",
    "generate_season",
    "history_seed",
    "measure_season",
    "measure_timelines",
    "past_seasons",
    "publication_months",
    "theme_counts",
    "top_departements",
    "write_history",
    "write_season",
]
