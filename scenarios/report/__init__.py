"""Self-contained HTML reports, with their charts, for people who do not read code.

``render_round_report`` for the manager approving an allocation round,
``render_simulation_report`` for a sponsor's scenario, ``render_replay_report`` for a season
replayed under several policies. Each reads the files its command wrote and writes
``report.html`` (charts embedded) and ``charts/*.png`` beside them.

The renderers are imported on first use: they bring matplotlib (about a second), which
``scenarios.report.names`` and the commands that never draw do not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.report.replay import render_replay_report
    from scenarios.report.round import render_round_report
    from scenarios.report.simulation import render_simulation_report

__all__ = ["render_replay_report", "render_round_report", "render_simulation_report"]

_HOMES = {
    "render_replay_report": "scenarios.report.replay",
    "render_round_report": "scenarios.report.round",
    "render_simulation_report": "scenarios.report.simulation",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
