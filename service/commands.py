"""The service's sub-commands: ``serve``, ``keys create|revoke`` and ``receipts``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from eligibility.files import write_atomically
from eligibility.money import format_euros
from service.receipts import receipts_csv, school_sums
from service.settings import Settings

if TYPE_CHECKING:
    from service.store import Database

# The store (SQLAlchemy, Alembic: 0.7 s to import) is imported by the commands that use it,
# so that `courte-echelle allocate` and `--help` do not wait for it.

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
keys_app = typer.Typer(help="Make and revoke API keys.", no_args_is_help=True)


def print_error(text: str) -> None:
    """The red 'error:' line on stderr. The text is escaped: a message quoting a pattern such as
    [a-z0-9] is not rich markup to swallow."""
    err.print(f"[bold red]error:[/] {escape(text)}", highlight=False)


def _database() -> Database:
    from service.store import Database

    db = Database(Settings.from_env().database_url)
    db.migrate()
    return db


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    preload: Annotated[
        bool,
        typer.Option(
            "--preload/--no-preload",
            help="Register the example season's funds when no fund is registered yet.",
        ),
    ] = True,
) -> None:
    """Start the HTTP API (one process: it runs the background solves of its database)."""
    import uvicorn

    from service.api import create_app

    settings = Settings.from_env()
    err.print(f"courte-echelle API on http://{host}:{port} ({_where(settings.database_url)})")
    uvicorn.run(create_app(settings, preload=preload), host=host, port=port, workers=1)


def _where(url: str) -> str:
    # Never print a password that the URL may hold.
    return url.split("@")[-1] if "@" in url else url


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="manager, platform or sponsor.")],
    fund: Annotated[
        list[str] | None, typer.Option("--fund", help="A sponsor's fund (repeat for several).")
    ] = None,
    label: Annotated[str, typer.Option(help="Who the key is for.")] = "",
) -> None:
    """Make an API key and print it once: only its SHA-256 is stored."""
    from service.store import create_key

    db = _database()
    try:
        with db.write() as session:
            actor, secret = create_key(session, role=role, fund_ids=tuple(fund or ()), label=label)
    except ValueError as exc:
        print_error(str(exc))
        raise typer.Exit(2) from exc
    finally:
        db.dispose()
    err.print(f"key {actor.key_id} ({actor.role}) — shown once, store it now:")
    out.print(secret, highlight=False)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (k…).")]) -> None:
    """Revoke a key by its id."""
    from service.store import revoke_key

    db = _database()
    try:
        with db.write() as session:
            done = revoke_key(session, key_id)
    finally:
        db.dispose()
    if not done:
        print_error(f"no active key {key_id}")
        raise typer.Exit(2)
    out.print(f"revoked {key_id}")


def receipts(
    year: Annotated[int, typer.Option(min=2000, max=2200, help="Calendar year of the commits.")],
    out_file: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    uai: Annotated[str | None, typer.Option(help="Only this receiving school.")] = None,
) -> None:
    """Export a year's tax receipt lines (committed rounds only) as CSV, sorted by date."""
    from service.store import receipt_lines

    settings = Settings.from_env()
    db = _database()
    try:
        with db.read() as session:
            lines = receipt_lines(session, year=year, uai=uai, zone=settings.timezone)
    finally:
        db.dispose()
    write_atomically(out_file, receipts_csv(lines))
    schools = school_sums(lines)
    total = sum(s.amount_cents for s in schools)
    out.print(
        f"{len(lines)} lines for {len(schools)} schools, {format_euros(total)} € in all: {out_file}"
    )
