"""Self-contained HTML reports, with their charts, for people who do not read code.

``render_round_report`` for the manager approving an allocation round,
``render_simulation_report`` for a sponsor's scenario, ``render_replay_report`` for a season
replayed under several policies. Each reads the files its command wrote and writes
``report.html`` (charts embedded) and ``charts/*.png`` beside them.
"""

from scenarios.report.replay import render_replay_report
from scenarios.report.round import render_round_report
from scenarios.report.simulation import render_simulation_report

__all__ = ["render_replay_report", "render_round_report", "render_simulation_report"]
