"""Scenarios: what-if variants of a round (funds added, removed, changed; options), compared.

scenario = read_scenario("scenarios/examples/mountain.yaml")       # validated, errors with paths
plan = plan_scenario(scenario, folder=Path("scenarios/examples"), source="mountain.yaml")
with open_executor(ExecutorKind.PROCESS, workers=2) as pool:
    simulation = simulate(plan, executor=pool, workers=2)
write_simulation(simulation, Path("out"))     # comparison.csv, scenario.json, added.csv, ...
"""

from scenarios.scenario.comparison import (
    ADDED_COLUMNS,
    LEVELS,
    breakdown_columns,
    comparison_columns,
    comparison_rows,
)
from scenarios.scenario.executors import ExecutorKind, open_executor
from scenarios.scenario.files import (
    ADDED_FILE,
    COMPARISON_FILE,
    FORECAST_FILE,
    MARGINAL_COLUMNS,
    MARGINAL_FILE,
    MONTECARLO_COLUMNS,
    MONTECARLO_FILE,
    SCENARIO_FILE,
    simulation_files,
    write_simulation,
)
from scenarios.scenario.loading import read_scenario, scenario_from_data, scenario_from_text
from scenarios.scenario.marginal import count_relaxation, marginal_round
from scenarios.scenario.montecarlo import Forecaster, draw_collected
from scenarios.scenario.plan import SCENARIO_OPTION_DEFAULTS, Plan, VariantPlan, plan_scenario
from scenarios.scenario.runs import Job, RunOutcome, run_jobs
from scenarios.scenario.simulate import (
    MarginalRow,
    MonteCarloSettings,
    Simulation,
    montecarlo_as_of,
    simulate,
)
from scenarios.scenario.spec import Scenario

__all__ = [
    "ADDED_COLUMNS",
    "ADDED_FILE",
    "COMPARISON_FILE",
    "FORECAST_FILE",
    "LEVELS",
    "MARGINAL_COLUMNS",
    "MARGINAL_FILE",
    "MONTECARLO_COLUMNS",
    "MONTECARLO_FILE",
    "SCENARIO_FILE",
    "SCENARIO_OPTION_DEFAULTS",
    "ExecutorKind",
    "Forecaster",
    "Job",
    "MarginalRow",
    "MonteCarloSettings",
    "Plan",
    "RunOutcome",
    "Scenario",
    "Simulation",
    "VariantPlan",
    "breakdown_columns",
    "comparison_columns",
    "comparison_rows",
    "count_relaxation",
    "draw_collected",
    "marginal_round",
    "montecarlo_as_of",
    "open_executor",
    "plan_scenario",
    "read_scenario",
    "run_jobs",
    "scenario_from_data",
    "scenario_from_text",
    "simulate",
    "simulation_files",
    "write_simulation",
]
