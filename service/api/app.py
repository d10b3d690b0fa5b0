"""The FastAPI application: routes, the body limit, error handlers, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import BaseModel

from allocator.solve import sweep_stale_workdirs
from service.api.errors import install_error_handlers
from service.api.limits import BodyLimit
from service.api.routes import checks, funds, receipts, rounds
from service.api.services import Services, SolveSlots
from service.settings import Settings
from service.startup import prepare_database
from service.store import Database

log = logging.getLogger(__name__)
DESCRIPTION = """Allocate the solidarity money of a school crowdfunding platform.

Every amount is an integer number of cents (fields ending in `_cents`). Send an API key as
`Authorization: Bearer KEY` and an `Idempotency-Key` header with every POST that changes state.
"""


class Health(BaseModel):
    """The service answers and which database it uses."""

    status: str
    database: str


def create_app(settings: Settings | None = None, *, preload: bool = False) -> FastAPI:
    """The application; the database is migrated (and created if new) when it starts."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A server killed mid-solve left its solver's working directory behind.
        for path in sweep_stale_workdirs():
            log.info("removed the solver directory of a process that died: %s", path)
        db = Database(settings.database_url)
        prepare_database(db, preload=preload)
        jobs = ThreadPoolExecutor(settings.max_concurrent_solves, thread_name_prefix="solve")
        app.state.services = Services(
            settings, db, SolveSlots(settings.max_concurrent_solves), jobs
        )
        try:
            yield
        finally:
            # Jobs run under the solve time limit, so waiting for them is bounded.
            jobs.shutdown(wait=True, cancel_futures=True)
            db.dispose()

    app = FastAPI(
        title="courte-echelle",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (rounds, checks, funds, receipts):
        app.include_router(module.router)

    @app.get("/health", response_model=Health, tags=["health"])
    def health() -> Health:
        """Liveness, without authentication."""
        services: Services = app.state.services
        return Health(status="ok", database=services.db.backend)

    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
