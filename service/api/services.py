"""What the routes share: settings, the database, solver slots and the background job pool."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import Request

from service.errors import BusyError
from service.settings import Settings
from service.store import Database


class SolveSlots:
    """At most ``size`` solves at once, inline or in the background; one more is refused."""

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)

    def take(self) -> None:
        """Take a slot, or raise BusyError (503) without waiting."""
        if not self._slots.acquire(blocking=False):
            raise BusyError("every solver slot is taken; retry in a few seconds")

    def give_back(self) -> None:
        """Return a slot."""
        self._slots.release()


@dataclass
class Services:
    """The application's shared state, built once at start-up."""

    settings: Settings
    db: Database
    slots: SolveSlots
    jobs: ThreadPoolExecutor
    running: set[Future[None]] = field(default_factory=set)

    def submit(self, work: Callable[[], None]) -> None:
        """Run ``work`` in the job pool; its slot is given back when it ends, however it ends."""

        def guarded() -> None:
            try:
                work()
            finally:
                self.slots.give_back()

        future = self.jobs.submit(guarded)
        self.running.add(future)
        future.add_done_callback(self.running.discard)


def services(request: Request) -> Services:
    """The running application's services."""
    found = request.app.state.services
    if not isinstance(found, Services):
        raise RuntimeError("the application was not started through create_app")
    return found
