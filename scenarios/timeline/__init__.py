"""Donation timelines: the ledger of public gifts, seasons as known on a day, past seasons.

ledger = read_ledger("season/ledger.csv", campaigns=read_campaigns("season/campaigns.csv").frame)
known = snapshot_at(campaigns, ledger, date(2024, 3, 15))   # file columns, end of that day
table = campaigns_from_frame(known, source="snapshot")      # the allocator's campaign table
history = load_history("season/history")                    # past seasons, for forecasts
"""

from scenarios.timeline.history import (
    CAMPAIGNS_FILE,
    HISTORY_DIR,
    SeasonHistory,
    load_history,
    read_season_history,
)
from scenarios.timeline.ledger_file import (
    LEDGER_COLUMNS,
    LEDGER_FILE,
    LEDGER_FILE_COLUMNS,
    ledger_problems,
    read_ledger,
)
from scenarios.timeline.snapshot import (
    SeasonLike,
    campaign_columns,
    file_frame,
    known_totals,
    snapshot_at,
    snapshot_columns,
)

__all__ = [
    "CAMPAIGNS_FILE",
    "HISTORY_DIR",
    "LEDGER_COLUMNS",
    "LEDGER_FILE",
    "LEDGER_FILE_COLUMNS",
    "SeasonHistory",
    "SeasonLike",
    "campaign_columns",
    "file_frame",
    "known_totals",
    "ledger_problems",
    "load_history",
    "read_ledger",
    "read_season_history",
    "snapshot_at",
    "snapshot_columns",
]
