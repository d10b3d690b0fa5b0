"""The files a simulation writes; docs/scenarios.md documents every column and key.

Bytes depend only on the scenario and options: UTF-8, ``\\n`` line endings, fixed columns, no
timings. Each file is replaced only once fully written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from allocator.fund_file import fund_to_json
from eligibility.files import write_files
from eligibility.money import format_euros
from scenarios.report.names import REPORT_FILE
from scenarios.scenario.answer import scenario_answer, sweep_answer, variant_answer
from scenarios.scenario.comparison import (
    ADDED_COLUMNS,
    added_rows,
    comparison_columns,
    comparison_rows,
)
from scenarios.scenario.marginal import worth_text
from scenarios.scenario.montecarlo import fraction_text
from scenarios.scenario.simulate import Simulation

COMPARISON_FILE = "comparison.csv"
SCENARIO_FILE = "scenario.json"
ADDED_FILE = "added.csv"
MARGINAL_FILE = "marginal.csv"
MONTECARLO_FILE = "montecarlo.csv"
FORECAST_FILE = "forecast.json"
MARGINAL_COLUMNS = (
    "variant",
    "fund_id",
    "fund_name",
    "per_euro_lp",
    "per_1000_lp",
    "per_1000_resolved",
)
MONTECARLO_COLUMNS = ("variant", "draws", "mean", "p05", "p95", "base_mean")


def simulation_files(
    simulation: Simulation, *, forecast: dict[str, Any] | None = None
) -> dict[str, str]:
    """The text of each output file, by name."""
    plan = simulation.plan
    files = {
        COMPARISON_FILE: csv_text(comparison_columns(), comparison_rows(plan, simulation.outcomes)),
        SCENARIO_FILE: json_text(scenario_document(simulation)),
        ADDED_FILE: csv_text(ADDED_COLUMNS, added_rows(plan, simulation.outcomes)),
        MARGINAL_FILE: csv_text(MARGINAL_COLUMNS, _marginal_rows(simulation)),
    }
    if simulation.montecarlo:
        files[MONTECARLO_FILE] = csv_text(MONTECARLO_COLUMNS, _montecarlo_rows(simulation))
    if forecast is not None:
        files[FORECAST_FILE] = json_text(forecast)
    return files


def write_simulation(
    simulation: Simulation, out_dir: Path, *, forecast: dict[str, Any] | None = None
) -> list[Path]:
    """Write the files into ``out_dir``, all or none; the optional files of an earlier run that
    this one lacks, and its report (rendered again from the new files), are removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = simulation_files(simulation, forecast=forecast)
    stale = [out_dir / name for name in (MONTECARLO_FILE, FORECAST_FILE) if name not in files]
    return write_files(out_dir, files, remove=[*stale, out_dir / REPORT_FILE])


def scenario_document(simulation: Simulation) -> dict[str, Any]:
    """``scenario.json``: the resolved scenario, its answer, and each variant in words."""
    plan = simulation.plan
    outcomes = simulation.outcomes
    base_plan = plan.variants[0]
    base = outcomes[base_plan.name]
    sweep = plan.sweep
    settings = simulation.montecarlo_settings
    return {
        "title": plan.title,
        "question": plan.question,
        "answer": scenario_answer(plan, outcomes, simulation.montecarlo),
        "base": {
            "description": plan.base.description,
            "campaigns": len(plan.base.round_.campaigns),
            "redistributed_donations": len(plan.base.round_.donations),
            "options": base_plan.options.model_dump(mode="json"),
            "funds": [fund_to_json(f) for f in base_plan.funds],
            "completed": base.completed,
            "money_spent": format_euros(base.spent_cents),
        },
        "variants": [
            {
                "name": v.name,
                "label": v.label,
                "kind": v.kind,
                "changes": list(v.changes),
                "sweep_value": v.sweep_value,
                "options": v.options.model_dump(mode="json"),
                "status": outcomes[v.name].status,
                "answer": "" if v.kind == "base" else variant_answer(v, outcomes[v.name], base),
            }
            for v in plan.variants
        ],
        "sweep": None
        if sweep is None
        else {
            "name": sweep.name,
            "parameter": sweep.parameter,
            "fund": sweep.fund,
            "unit": sweep.unit,
            "values": list(sweep.values),
            "variants": list(sweep.variants),
            "after": sweep.after,
            "answer": sweep_answer(plan, outcomes),
        },
        "marginal": list(plan.marginal),
        "montecarlo": None
        if settings is None or not simulation.montecarlo
        else {
            "draws": settings.draws,
            "seed": settings.seed,
            "as_of": settings.as_of.isoformat(),
            "forecaster": type(settings.forecaster).__name__,
        },
    }


def _marginal_rows(simulation: Simulation) -> list[dict[str, str]]:
    return [
        {
            "variant": r.variant,
            "fund_id": r.fund_id,
            "fund_name": r.fund_name,
            "per_euro_lp": worth_text(r.per_euro_lp, places=6),
            "per_1000_lp": worth_text(r.per_1000_lp, places=3),
            "per_1000_resolved": str(r.per_1000_resolved),
        }
        for r in simulation.marginal
    ]


def _montecarlo_rows(simulation: Simulation) -> list[dict[str, str]]:
    return [
        {
            "variant": r.variant,
            "draws": str(r.draws),
            "mean": fraction_text(r.mean),
            "p05": f"{r.p05:.2f}",
            "p95": f"{r.p95:.2f}",
            "base_mean": fraction_text(r.base_mean),
        }
        for r in simulation.montecarlo
    ]


def csv_text(columns: Sequence[str], rows: list[dict[str, str]]) -> str:
    """CSV with a header, ``\\n`` line endings, quoting only where needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def json_text(document: object) -> str:
    """Indented UTF-8 JSON with a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
