"""A real ``courte-echelle serve`` process on 127.0.0.1 for the end-to-end tests; always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx2

START_SECONDS = 30.0


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One server process and how to reach it."""

    database_url: str
    process: subprocess.Popen[bytes] | None = None
    port: int = 0

    @property
    def base(self) -> str:
        """The base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process and wait (bounded) until it answers."""
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": self.database_url}
        code = "from service.cli import main; main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(self.port), "--no-preload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if httpx2.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx2.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not answer in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop gracefully, or kill after a bounded wait."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def post(self, path: str, secret: str, key: str, json: Any = None) -> httpx2.Response:
        """POST with a key and an Idempotency-Key."""
        headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": key}
        return httpx2.post(f"{self.base}{path}", json=json, headers=headers, timeout=60)
