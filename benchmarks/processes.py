"""Child processes with a hard wall-clock limit: a solve that ignores its own limit is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finished:
    """How a child process ended: its exit code (None when stopped at the limit) and time."""

    returncode: int | None
    seconds: float
    stderr: str

    @property
    def ok(self) -> bool:
        """Exited with code 0."""
        return self.returncode == 0

    def reason(self, limit: float) -> str:
        """Why it did not succeed, in a few words."""
        if self.returncode is None:
            return f"stopped at the {limit:g} s limit"
        last = self.stderr.strip().splitlines()[-1:] or ["no message"]
        return f"exit code {self.returncode}: {last[0][:200]}"


def run_limited(command: list[str], *, limit: float) -> Finished:
    """Run ``command`` in its own process group; kill that group if it outlives ``limit``."""
    began = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return Finished(None, time.perf_counter() - began, "")
    return Finished(child.returncode, time.perf_counter() - began, stderr)


def python_module(module: str, *args: str) -> list[str]:
    """The command that runs ``python -m module args`` with this interpreter."""
    return [sys.executable, "-m", module, *args]


def cli_command(*args: str) -> list[str]:
    """The ``courte-echelle`` console script next to this interpreter, or its entry point."""
    script = Path(sys.executable).with_name("courte-echelle")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from service.cli import main; main()", *args]
