"""The scenario report: a sponsor's question, the answer, and the numbers behind it.

It reads what ``courte-echelle simulate`` wrote: ``scenario.json``, ``comparison.csv``,
``added.csv``, ``marginal.csv`` and, when present, ``montecarlo.csv`` and ``forecast.json``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.report.charts import Chart, bar_chart, line_chart
from scenarios.report.forecast_table import forecast_table
from scenarios.report.labels import criterion_words, level_words
from scenarios.report.numbers import cents_of, float_of, int_of, read_json, read_rows
from scenarios.report.page import write_report
from scenarios.report.variants import Breakdown, breakdown, spread

MOST_VARIANTS_CHARTED = 4


@dataclass(frozen=True)
class Variant:
    """One row of ``comparison.csv``."""

    name: str
    label: str
    kind: str
    sweep_value: float | None
    completed: int
    extra: int
    spent_cents: int | None
    cost_per_extra_cents: int | None


@dataclass(frozen=True)
class Interval:
    """One row of ``montecarlo.csv``: completions over random draws of the open campaigns."""

    variant: str
    draws: int
    mean: float
    p05: float
    p95: float
    base_mean: float | None


def render_simulation_report(dir: Path) -> Path:
    """Write ``report.html`` and ``charts/*.png`` for the simulate files in ``dir``."""
    scenario = read_json(dir / "scenario.json")
    rows = read_rows(dir / "comparison.csv")
    variants = [_variant(row) for row in rows]
    base = _base_index(variants)
    criteria = breakdown(rows, "completed_", exclude=("completed_level_", "completed_academie_"))
    levels = breakdown(rows, "completed_level_")
    academies = breakdown(rows, "completed_academie_")
    intervals = _intervals(dir / "montecarlo.csv")
    marginal = read_rows(dir / "marginal.csv")
    forecast_path = dir / "forecast.json"
    forecast = forecast_table(read_json(forecast_path)) if forecast_path.is_file() else None
    sweep = scenario.get("sweep") or None
    charted = _charted(variants, base)
    charts = [
        _response_chart(variants, base, sweep, intervals),
        *_extra_chart("academie", "académie", academies, variants, base, charted),
        *_extra_chart(
            "criterion",
            "Courte Échelle criterion",
            _worded(criteria, criterion_words),
            variants,
            base,
            charted,
        ),
        *_marginal_chart(marginal, variants[base].name),
    ]
    context: dict[str, object] = {
        "title": scenario.get("title") or "Scenario report",
        "scenario": scenario,
        "sweep": sweep,
        "variants": variants,
        "base": variants[base],
        "criteria": _worded(criteria, criterion_words),
        "levels": _worded(levels, level_words),
        "academies": academies,
        "changed_academies": academies.changed_keys(base),
        "added": _added(read_rows(dir / "added.csv"), variants),
        "marginal": [_marginal_row(row) for row in marginal],
        "intervals": intervals,
        "forecast": forecast,
        "labels": {v.name: v.label for v in variants},
    }
    return write_report(dir, template="simulation.html.j2", charts=charts, context=context)


def _variant(row: dict[str, str]) -> Variant:
    return Variant(
        name=row["variant"],
        label=row.get("label") or row["variant"],
        kind=row.get("kind", ""),
        sweep_value=float_of(row.get("sweep_value")),
        completed=int_of(row["completed"]) or 0,
        extra=int_of(row.get("extra_completions")) or 0,
        spent_cents=cents_of(row.get("money_spent")),
        cost_per_extra_cents=cents_of(row.get("cost_per_extra_completion")),
    )


def _base_index(variants: list[Variant]) -> int:
    """The base row: the one of kind ``base``, else the first."""
    return next((i for i, v in enumerate(variants) if v.kind == "base"), 0)


def _charted(variants: list[Variant], base: int) -> list[int]:
    others = [i for i in range(len(variants)) if i != base]
    return [others[k] for k in spread(len(others), MOST_VARIANTS_CHARTED)]


def _intervals(path: Path) -> dict[str, Interval]:
    if not path.is_file():
        return {}
    return {
        row["variant"]: Interval(
            row["variant"],
            int_of(row["draws"]) or 0,
            float_of(row["mean"]) or 0.0,
            float_of(row["p05"]) or 0.0,
            float_of(row["p95"]) or 0.0,
            float_of(row.get("base_mean")),
        )
        for row in read_rows(path)
    }


def _worded(table: Breakdown, words: Any) -> Breakdown:
    return Breakdown(tuple(words(key) for key in table.keys), table.counts)


def _added(
    rows: list[dict[str, str]], variants: list[Variant]
) -> list[tuple[Variant, list[dict[str, Any]]]]:
    by_variant: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        criteria = [c for c in row.get("criteria", "").replace(",", ";").split(";") if c]
        by_variant[row["variant"]].append(
            {**row, "criteria": criteria, "amount_cents": cents_of(row.get("amount"))}
        )
    return [(v, by_variant[v.name]) for v in variants if by_variant.get(v.name)]


def _marginal_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        **row,
        "per_euro_lp": float_of(row.get("per_euro_lp")),
        "per_1000_lp": float_of(row.get("per_1000_lp")),
        "per_1000_resolved": float_of(row.get("per_1000_resolved")),
    }


def _response_chart(
    variants: list[Variant], base: int, sweep: dict[str, Any] | None, intervals: dict[str, Interval]
) -> Chart:
    """Campaigns completed against the swept value, or per variant when nothing is swept."""
    swept = [v for v in variants if v.sweep_value is not None]
    if sweep and swept:
        swept.sort(key=lambda v: v.sweep_value or 0.0)
        unit = sweep.get("unit") or ""
        series = {"campaigns completed": [float(v.completed) for v in swept]}
        bands = {}
        if all(v.name in intervals for v in swept):
            draws = [intervals[v.name] for v in swept]
            label = f"mean of {draws[0].draws} Monte Carlo draws, with 90 % interval"
            series[label] = [d.mean for d in draws]
            bands[label] = ([d.p05 for d in draws], [d.p95 for d in draws])
        return line_chart(
            name="response",
            title=f"Campaigns completed against {_words(sweep['parameter'])}",
            x=[v.sweep_value or 0.0 for v in swept],
            series=series,
            x_label=f"{_words(sweep['parameter'])} ({unit})"
            if unit
            else _words(sweep["parameter"]),
            y_label="campaigns completed",
            intervals=bands,
            reference=(f"base: {variants[base].label}", float(variants[base].completed)),
        )
    return bar_chart(
        name="response",
        title="Campaigns completed in each variant",
        labels=[v.label for v in variants],
        series={"campaigns completed": [float(v.completed) for v in variants]},
        value_label="campaigns completed",
        annotations=[
            f"{v.completed:,}" + ("" if i == base else f" ({v.extra:+,} over the base)")
            for i, v in enumerate(variants)
        ],
    )


def _extra_chart(
    name: str,
    words: str,
    table: Breakdown,
    variants: list[Variant],
    base: int,
    charted: list[int],
) -> list[Chart]:
    keys = table.changed_keys(base)
    if not keys or not charted:
        return []
    index = [table.keys.index(key) for key in keys]
    return [
        bar_chart(
            name=f"extra_by_{name}",
            title=f"Extra campaigns completed over the base, by {words}",
            labels=list(keys),
            series={
                variants[i].label: [
                    float(table.counts[i][k] - table.counts[base][k]) for k in index
                ]
                for i in charted
            },
            value_label="campaigns completed, minus the base's",
        )
    ]


def _marginal_chart(rows: list[dict[str, str]], base_name: str) -> list[Chart]:
    chosen = [r for r in rows if r["variant"] == base_name] or rows
    if not chosen:
        return []
    name = chosen[0]["variant"]
    chosen = [r for r in chosen if r["variant"] == name]
    return [
        bar_chart(
            name="marginal_value",
            title="What 1,000 € more in each fund would complete",
            labels=[r.get("fund_name") or r["fund_id"] for r in chosen],
            series={
                "estimate from the linear programme": [
                    float_of(r["per_1000_lp"]) or 0.0 for r in chosen
                ],
                "confirmed by re-solving": [
                    float_of(r["per_1000_resolved"]) or 0.0 for r in chosen
                ],
            },
            value_label="extra campaigns completed per 1,000 €",
            integer_values=False,
        )
    ]


def _words(parameter: str) -> str:
    return parameter.replace("_", " ").replace(".", ": ")
