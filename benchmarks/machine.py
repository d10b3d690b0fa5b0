"""The machine and software a benchmark ran on, for the results header."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from allocator import SolverName
from allocator.solve import solver_version


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or the platform's processor string."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown CPU"
    for row in text.splitlines():
        if row.startswith("model name"):
            return row.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def memory_gib() -> float | None:
    """Total memory in GiB from /proc/meminfo."""
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8")
    except OSError:
        return None
    for row in text.splitlines():
        if row.startswith("MemTotal:"):
            return int(row.split()[1]) / 2**20
    return None


def describe_machine() -> dict[str, str]:
    """CPU, cores, memory, versions and today's date (UTC), as printable strings."""
    memory = memory_gib()
    return {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count() or "unknown"),
        "memory": "unknown" if memory is None else f"{memory:.1f} GiB",
        "python": platform.python_version(),
        "pulp": metadata.version("pulp"),
        "highs": solver_version(SolverName.HIGHS),
        "cbc": solver_version(SolverName.CBC),
        "numpy": metadata.version("numpy"),
        "date": datetime.now(UTC).date().isoformat(),
    }
