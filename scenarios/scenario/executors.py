"""The executors a scenario runs on: processes (default), threads, or a Dask cluster."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from enum import StrEnum

from eligibility.errors import InputError, Problem


class ExecutorKind(StrEnum):
    """Where variants run."""

    PROCESS = "process"
    THREAD = "thread"
    DASK = "dask"


@contextmanager
def open_executor(
    kind: ExecutorKind, *, workers: int, scheduler: str | None = None
) -> Iterator[Executor]:
    """An executor of ``workers`` workers, shut down on exit.

    Dask connects to the scheduler at ``scheduler``, or starts a local cluster of ``workers``
    single-threaded worker processes when none is given (the ``courte-echelle[dask]`` extra).
    """
    if scheduler is not None and kind is not ExecutorKind.DASK:
        message = "a scheduler address is only used with the dask executor"
        raise InputError([Problem("command line", message, field="scheduler")])
    if kind is ExecutorKind.PROCESS:
        with ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as pool:
            yield pool
    elif kind is ExecutorKind.THREAD:
        with ThreadPoolExecutor(max_workers=workers) as threads:
            yield threads
    else:
        with _dask_executor(workers=workers, scheduler=scheduler) as remote:
            yield remote


def process_context() -> multiprocessing.context.BaseContext:
    """Workers start from a clean server process, never forked from this one: a fork after
    HiGHS has run here inherits its thread pool's locks, and such workers spin forever."""
    return multiprocessing.get_context("forkserver")


LOOPBACK_ANY_PORT = "127.0.0.1:0"


@contextmanager
def _dask_executor(*, workers: int, scheduler: str | None) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        message = "the dask executor needs the extra: pip install 'courte-echelle[dask]'"
        raise InputError([Problem("command line", message, field="executor")]) from exc
    if scheduler is not None:
        # distributed ships no annotations for these constructors.
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client.get_executor()
        return
    # dashboard_address=None still binds the scheduler's HTTP routes to 8787 (and warns when
    # another cluster holds it): ask for any free port on loopback instead.
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, dashboard_address=LOOPBACK_ANY_PORT, processes=True
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client.get_executor()
