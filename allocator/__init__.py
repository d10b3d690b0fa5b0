"""The optimisation core: decide an allocation round, exact to the cent, verified in integers."""

from allocator.allocate import SolvedRound, allocate, solve_round
from allocator.donations import DonationTable
from allocator.funds import Fund
from allocator.greedy import GREEDY_POLICIES, run_greedy
from allocator.options import Criterion, PriorityWeights, RoundOptions, SolverName
from allocator.result import Allocation, LineageLine, Outcome, PolicyResult, RoundResult
from allocator.round import Prepared, Round, prepare
from allocator.solve import SolveStatus
from allocator.verify import verify_allocation

__all__ = [
    "GREEDY_POLICIES",
    "Allocation",
    "Criterion",
    "DonationTable",
    "Fund",
    "LineageLine",
    "Outcome",
    "PolicyResult",
    "Prepared",
    "PriorityWeights",
    "Round",
    "RoundOptions",
    "RoundResult",
    "SolveStatus",
    "SolvedRound",
    "SolverName",
    "allocate",
    "prepare",
    "run_greedy",
    "solve_round",
    "verify_allocation",
]
