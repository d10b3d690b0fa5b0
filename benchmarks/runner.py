"""Run registered cases, each in a fresh process; print the table; write it into the README.

Full results are kept in ``results.json`` next to the README, so running a few cases with
``--write`` updates their rows and keeps the others.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.case import Case, Metrics, check, line
from benchmarks.cases import CASES, case_named
from benchmarks.machine import describe_machine
from benchmarks.processes import python_module, run_limited
from benchmarks.readme import README, CaseRecord, render, write_section

RESULTS = Path(__file__).with_name("results.json")
SMOKE_TIMEOUT = 120.0  # seconds a smoke run of one case may take before it is stopped


def run_case(case: Case, *, smoke: bool, machine: dict[str, str] | None = None) -> CaseRecord:
    """Run one case in a worker process; a crash or a timeout becomes a failed row.

    ``machine`` is what it runs on (``describe_machine`` without the date; read if not given).
    """
    if machine is None:
        machine = this_machine()
    limit = SMOKE_TIMEOUT if smoke else case.timeout
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="benchmark-case-") as temp:
        out = Path(temp) / "metrics.json"
        args = [case.name, "--out", str(out), *(["--smoke"] if smoke else [])]
        finished = run_limited(python_module("benchmarks.worker", *args), limit=limit)
        if finished.ok:
            record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            metrics: Metrics = record["metrics"]
        else:
            metrics = failed_metrics(finished.reason(limit))
    return CaseRecord(
        name=case.name,
        sizes=case.smoke_sizes if smoke else case.sizes,
        date=datetime.now(UTC).date().isoformat(),
        seconds=finished.seconds,
        load_average=load_average,
        metrics=metrics,
        machine=machine,
    )


def this_machine() -> dict[str, str]:
    """The machine and software cases run on now, as a record keeps it."""
    return {k: v for k, v in describe_machine().items() if k != "date"}


def failed_metrics(reason: str) -> Metrics:
    """The metrics of a case that crashed or was stopped."""
    return Metrics(
        lines=[line("—", f"failed: {reason}", target="—", met=False)],
        checks=[check("the case ran to the end", False, reason)],
        phases=[],
        details={},
    )


def run(names: Sequence[str], *, smoke: bool, write: bool) -> int:
    """Run the named cases (all when empty); 1 if a correctness check failed, else 0."""
    cases = [case_named(n) for n in names] if names else list(CASES)
    records = []
    machine = this_machine()
    for case in cases:
        print(f"running {case.name}{' (smoke)' if smoke else ''} …", file=sys.stderr, flush=True)
        record = run_case(case, smoke=smoke, machine=machine)
        print(f"  done in {record['seconds']:.1f} s", file=sys.stderr, flush=True)
        records.append(record)
    print(render(records))
    if write:
        stored = merge(load_results(), records)
        RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", "utf-8")
        write_section(README, render(stored["cases"]))
    failed = any(c["ok"] is False for r in records for c in r["metrics"]["checks"])
    return 1 if failed else 0


def load_results() -> dict[str, Any]:
    """The stored results of earlier full runs, or none."""
    if not RESULTS.exists():
        return {"cases": []}
    stored: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8"))
    return stored


def merge(stored: dict[str, Any], records: list[CaseRecord]) -> dict[str, Any]:
    """Stored results with the new records replacing the same cases, in registry order."""
    by_name = {r["name"]: r for r in stored.get("cases", [])}
    by_name.update({r["name"]: r for r in records})
    order = [c.name for c in CASES]
    return {"cases": [by_name[n] for n in order if n in by_name]}
