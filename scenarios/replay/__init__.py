"""Season replay: walk a season round by round under a policy and count who succeeds.

result = replay_season(season, ReplayOptions(), snapshot=..., forecast=...)
write_replay(result, Path("out"))     # replay.csv, timeline.csv, summary.json, ...

Columns and the replay's semantics are documented in docs/replay.md.
"""

from scenarios.replay.engine import PolicyRun, TimelinePoint
from scenarios.replay.errors import ReplayAccountingError
from scenarios.replay.files import (
    REPLAY_FILE,
    SUMMARY_FILE,
    TIMELINE_COLUMNS,
    TIMELINE_FILE,
    replay_files,
    write_replay,
)
from scenarios.replay.options import ALL_POLICIES, Cadence, Policy, ReplayOptions
from scenarios.replay.result import ReplayResult, replay_season
from scenarios.replay.season import ReplaySeason, ledger_frame
from scenarios.replay.views import forecast_by, load_replay_season, replay_season_of, snapshot_by

__all__ = [
    "ALL_POLICIES",
    "REPLAY_FILE",
    "SUMMARY_FILE",
    "TIMELINE_COLUMNS",
    "TIMELINE_FILE",
    "Cadence",
    "Policy",
    "PolicyRun",
    "ReplayAccountingError",
    "ReplayOptions",
    "ReplayResult",
    "ReplaySeason",
    "TimelinePoint",
    "forecast_by",
    "ledger_frame",
    "load_replay_season",
    "replay_files",
    "replay_season",
    "replay_season_of",
    "snapshot_by",
    "write_replay",
]
