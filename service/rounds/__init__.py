"""Round use cases: create, solve, commit, discard, replay; no HTTP, transactions by the caller."""

from service.rounds.commit import commit_round
from service.rounds.create import NewRound, checked_options, create_round
from service.rounds.discard import discard_round
from service.rounds.replay import replay_result_sha256
from service.rounds.solve import (
    Plan,
    Solved,
    apply_solved,
    check_solvable,
    fail_job,
    plan_solve,
    run_plan,
    start_job,
)

__all__ = [
    "NewRound",
    "Plan",
    "Solved",
    "apply_solved",
    "check_solvable",
    "checked_options",
    "commit_round",
    "create_round",
    "discard_round",
    "fail_job",
    "plan_solve",
    "replay_result_sha256",
    "run_plan",
    "start_job",
]
