"""An allocation case's measurements as table rows, phase rows and checks."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from benchmarks.case import Check, Line, Metrics, PhaseRow, check, line
from benchmarks.reference import ReferenceResult
from benchmarks.units import megabytes, seconds

if TYPE_CHECKING:
    from benchmarks.allocation import AllocationSpec

LABELS = {"cbc": "CBC", "highs": "HiGHS"}
PHASES = ("prepare", "build", "greedy", "solve", "round", "verify")  # of summary["timings"]


def report(
    spec: AllocationSpec,
    measured: dict[str, dict[str, Any]],
    references: dict[str, ReferenceResult],
    *,
    smoke: bool,
) -> Metrics:
    """Rows, checks and raw figures of one allocation case."""
    target = target_text(spec)
    lines = [_solver_line(spec, name, figures, target) for name, figures in measured.items()]
    lines += reference_lines(measured, references)
    return Metrics(
        lines=lines,
        checks=_checks(measured, references, smoke=smoke),
        phases=[_phase_row(name, figures) for name, figures in measured.items()],
        details={
            "measured": measured,
            "references": {k: dataclasses.asdict(r) for k, r in references.items()},
        },
    )


def target_text(spec: AllocationSpec) -> str:
    """The case's target, as the table shows it."""
    parts = [f"< {spec.seconds_target:g} s, proven optimal"]
    if spec.cli_seconds_target is not None:
        parts.append(f"CLI < {spec.cli_seconds_target:g} s")
    if spec.memory_target_bytes is not None:
        parts.append(f"peak < {spec.memory_target_bytes / 2**30:g} GiB")
    return "; ".join(parts)


def _solver_line(spec: AllocationSpec, name: str, figures: dict[str, Any], target: str) -> Line:
    variant = f"allocator, {LABELS[name]}"
    if "failed" in figures:
        return line(variant, f"did not finish: {figures['failed']}", target=target, met=False)
    total = figures["median"]["total"]
    cli = figures.get("cli_seconds")
    rss = figures["maxrss_bytes"]
    parts = [
        f"total {seconds(total)} (solve {seconds(figures['median']['solve'])})",
        f"CLI {seconds(cli)}" if cli is not None else _cli_missing(figures),
        f"peak RSS {megabytes(rss)}",
        f"completed {figures['completed']:,} of {figures['considered']:,} with a need"
        f" ({'count proven' if count_proven(figures) else 'count not proven'};"
        f" status {figures['status']})",
    ]
    if "lineage_splits" in figures:  # results.json rows written before the figure existed
        parts.append(
            f"lineage {figures['lineage_splits']:,} splits over"
            f" {figures['pool_receivers']:,} campaigns paid by pools"
        )
    met = figures["status"] == "optimal" and total < spec.seconds_target
    if spec.cli_seconds_target is not None:
        met = met and cli is not None and cli < spec.cli_seconds_target
    if spec.memory_target_bytes is not None:
        met = met and rss < spec.memory_target_bytes
    return line(variant, " · ".join(parts), target=target, met=met)


def _cli_missing(figures: dict[str, Any]) -> str:
    reason = figures.get("skipped") or figures.get("cli_failure") or "not timed in smoke runs"
    return f"CLI not run ({reason})"


def reference_lines(
    measured: dict[str, dict[str, Any]], references: dict[str, ReferenceResult]
) -> list[Line]:
    highs = references["highs"]
    proven = [m["completed"] for m in measured.values() if "completed" in m and count_proven(m)]
    lines = [
        line(
            "plain model, HiGHS direct (a)",
            f"{_outcome(highs)} · {highs.columns:,} columns × {highs.rows:,} rows",
            target="optimum = allocator's proven count",
            met=None if highs.optimum is None or not proven else set(proven) == {highs.optimum},
        )
    ]
    pulp = references["pulp_cbc"]
    # A reference stopped short of its optimum took at least that long: its ratios are bounds.
    at_least = "" if pulp.optimum is not None else "≥ "
    ratios = [
        f"{LABELS[name]} {at_least}{pulp.seconds / m['median']['total']:.1f}×"
        for name, m in measured.items()
        if "median" in m
    ]
    figures = f"{_outcome(pulp)} · plain / allocator: {', '.join(ratios) or '—'}"
    lines.append(line("plain model, PuLP + CBC (b)", figures, target="reference", met=None))
    return lines


def _outcome(reference: ReferenceResult) -> str:
    found = f"optimum {reference.optimum:,}" if reference.optimum is not None else "not proven"
    return (
        f"{found} ({reference.status}) in {seconds(reference.seconds)}"
        f" (build {seconds(reference.build_seconds)}, solve {seconds(reference.solve_seconds)})"
    )


def count_proven(figures: dict[str, Any]) -> bool:
    """The first criterion (campaigns completed) was solved to proven optimality."""
    proven = figures.get("criteria_proven", {}).get("completed", False)
    return bool(figures.get("status") == "optimal" or proven)


def _checks(
    measured: dict[str, dict[str, Any]], references: dict[str, ReferenceResult], *, smoke: bool
) -> list[Check]:
    checks = []
    for name, figures in measured.items():
        if "completed" not in figures:
            continue
        label = LABELS[name]
        if smoke:  # tiny rounds are always proven; at full size that is the target's business
            checks.append(
                check(f"{label} result is proven optimal", figures["status"] == "optimal")
            )
        for ref_name, reference in references.items():
            checks.append(_count_check(label, figures, ref_name, reference))
    return checks


def _count_check(
    label: str, figures: dict[str, Any], ref_name: str, reference: ReferenceResult
) -> Check:
    """A proven count equals the plain optimum; an unproven one is never above it."""
    found, optimum = figures["completed"], reference.optimum
    if optimum is None:
        message = f"the plain model was not solved to optimality ({reference.status})"
        return check(f"{label} optimum checked ({ref_name})", None, message)
    detail = f"allocator {found:,}, plain {optimum:,}"
    if count_proven(figures):
        return check(
            f"{label} optimum equals the plain model's ({ref_name})", found == optimum, detail
        )
    short = f"{detail}: count not proven, {optimum - found:,} short"
    return check(
        f"{label} unproven count is not above the plain optimum ({ref_name})",
        found <= optimum,
        short,
    )


def _phase_row(name: str, figures: dict[str, Any]) -> PhaseRow:
    median = figures.get("median", {})
    other = median["total"] - sum(median.get(p, 0.0) for p in PHASES) if median else None
    return PhaseRow(
        solver=LABELS[name],
        load=seconds(figures.get("load")),
        prepare=seconds(median.get("prepare")),
        build=seconds(median.get("build")),
        greedy=seconds(median.get("greedy")),
        solve=seconds(median.get("solve")),
        round=seconds(median.get("round")),
        verify=seconds(median.get("verify")),
        other=seconds(other),
        total=seconds(median.get("total")),
        cli=seconds(figures.get("cli_seconds")),
        rss=megabytes(figures.get("maxrss_bytes")),
        traced=megabytes(figures.get("traced_peak_bytes")),
        model=_model(figures.get("model")),
        stages=_stages(figures.get("stages", [])),
        runs=str(len(figures.get("runs", []))),
    )


def _stages(stages: list[dict[str, Any]]) -> str:
    """Seconds per solve, named by stage; a stage not proven optimal says how it ended."""
    return (
        " · ".join(
            f"{s['stage']} {seconds(s['seconds'])}"
            + ("" if s["status"] == "optimal" else f" ({s['status']})")
            for s in stages
        )
        or "—"
    )


def _model(model: dict[str, int] | None) -> str:
    if not model:
        return "—"
    return f"{model['columns']:,} × {model['rows']:,} ({model['classes']:,} classes)"
