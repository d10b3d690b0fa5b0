"""A registered benchmark case and the metrics its ``run`` returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict


class Line(TypedDict):
    """One row of the results table: a variant of a case, its figures, and whether it met."""

    variant: str
    figures: str
    target: str
    met: bool | None  # None when there is no target to meet, or nothing was measured


class Check(TypedDict):
    """A correctness assertion of a case; a failed one fails the run, in smoke mode too."""

    name: str
    ok: bool | None  # None when it could not be checked (a reference stopped unproven)
    detail: str


class PhaseRow(TypedDict):
    """Where an allocation's time and memory go, as formatted cells."""

    solver: str
    load: str
    prepare: str
    build: str
    greedy: str  # the greedy policies (a warm start), when the allocator times them apart
    solve: str
    round: str
    verify: str
    other: str  # the rest of ``allocate``: checking the greedy answers, explanations, summary
    total: str
    cli: str
    rss: str
    traced: str
    model: str
    stages: str  # seconds of each solve: LP bound, one MILP per criterion, the funds LP
    runs: str


class Metrics(TypedDict):
    """What a case's ``run`` returns: table rows, checks, phases, and the raw numbers."""

    lines: list[Line]
    checks: list[Check]
    phases: list[PhaseRow]  # allocation cases only
    details: dict[str, Any]


@dataclass(frozen=True)
class Case:
    """A benchmark case: what it measures, at which sizes, against which target."""

    name: str
    sizes: str
    smoke_sizes: str
    seed: int
    target: str  # from the issue that set it
    run: Callable[[bool], Metrics]  # run(smoke) -> metrics
    timeout: float = 3600.0  # seconds a full run may take before it is stopped


def line(variant: str, figures: str, *, target: str, met: bool | None) -> Line:
    """A results-table row."""
    return Line(variant=variant, figures=figures, target=target, met=met)


def check(name: str, ok: bool | None, detail: str = "") -> Check:
    """A correctness check."""
    return Check(name=name, ok=ok, detail=detail)


def not_built(issue: int, what: str) -> Metrics:
    """The metrics of a case whose code does not exist yet."""
    return Metrics(
        lines=[line("—", f"not built yet (issue {issue}: {what})", target="—", met=None)],
        checks=[],
        phases=[],
        details={"not_built": f"issue {issue}"},
    )
