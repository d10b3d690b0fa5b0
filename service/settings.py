"""Service settings, read once from the environment: where the data lives and every limit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eligibility.errors import InputError, Problem

PREFIX = "COURTE_ECHELLE_"
SQLITE_NAME = "courte-echelle.sqlite3"


def default_database_url() -> str:
    """A SQLite file in the user's data folder (created on first start), else the current one."""
    try:
        folder = Path(user_data_dir("courte-echelle", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path.cwd()
    return f"sqlite:///{folder / SQLITE_NAME}"


class Settings(BaseModel):
    """Everything an operator may set; each field is ``COURTE_ECHELLE_<NAME>`` in the environment.

    ``DATABASE_URL`` (no prefix) also sets ``database_url``, as most hosting platforms name it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = Field(default_factory=default_database_url, min_length=1)
    # Requests are refused with 413 past this many bytes, before any parsing.
    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    # Rows per round, refused with 422 before any campaign or fund model is built.
    max_campaigns: int = Field(default=20_000, ge=1)
    max_funds: int = Field(default=200, ge=1)
    max_donations: int = Field(default=100_000, ge=0)
    # Every solve runs under a time limit no longer than this; none given means this one.
    max_solve_seconds: float = Field(default=120.0, gt=0, le=3600)
    # Solves running at once (inline and background); one more is refused with 503.
    max_concurrent_solves: int = Field(default=2, ge=1, le=64)
    # Rounds with more candidate campaigns than this are solved as a background job.
    inline_solve_max_campaigns: int = Field(default=2_000, ge=0)
    default_page_size: int = Field(default=50, ge=1, le=1000)
    max_page_size: int = Field(default=500, ge=1, le=10_000)
    # Calendar years of tax receipts are counted in this zone.
    timezone: str = "Europe/Paris"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the environment; a bad value raises InputError naming the variable."""
        env = os.environ if environ is None else environ
        values: dict[str, str] = {}
        if env.get("DATABASE_URL"):
            values["database_url"] = env["DATABASE_URL"]
        for name in cls.model_fields:
            key = PREFIX + name.upper()
            if env.get(key):
                values[name] = env[key]
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise InputError(
                Problem("environment", str(e["msg"]), field=PREFIX + str(e["loc"][0]).upper())
                for e in exc.errors()
            ) from exc
