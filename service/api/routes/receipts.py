"""Tax receipts of a calendar year, from committed rounds only: JSON pages or one CSV file."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Response

from service.api.auth import Staff
from service.api.routes.responses import errors
from service.api.schemas.common import MAX_OFFSET
from service.api.schemas.receipts import ReceiptLinePublic, ReceiptsPublic, SchoolTotal
from service.api.services import Services, services
from service.receipts import receipts_csv, school_sums
from service.store import receipt_lines

router = APIRouter(tags=["receipts"])
App = Annotated[Services, Depends(services)]
CSV = "text/csv"


@router.get(
    "/receipts",
    response_model=ReceiptsPublic,
    responses={
        **errors(401, 403, 422),
        200: {"content": {CSV: {"schema": {"type": "string"}}}, "description": "The lines."},
    },
)
def receipts(
    actor: Staff,
    app: App,
    year: Annotated[int, Query(ge=2000, le=2200)],
    uai: Annotated[str | None, Query(pattern=r"^[0-9]{7}[A-Z]$")] = None,
    output: Annotated[Literal["json", "csv"] | None, Query(alias="format")] = None,
    accept: Annotated[str | None, Header()] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ReceiptsPublic | Response:
    """Receipt lines sorted by commit date; CSV with ``Accept: text/csv`` or ``format=csv``."""
    with app.db.read() as session:
        lines = receipt_lines(session, year=year, uai=uai, zone=app.settings.timezone)
    wants_csv = output == "csv" or (output is None and CSV in (accept or ""))
    if wants_csv:
        filename = f"receipts-{year}{'-' + uai if uai else ''}.csv"
        return Response(
            receipts_csv(lines),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    size = min(limit or app.settings.default_page_size, app.settings.max_page_size)
    shown = lines[offset : offset + size]
    following = offset + len(shown)
    return ReceiptsPublic(
        year=year,
        uai=uai,
        items=[ReceiptLinePublic(**asdict(line)) for line in shown],
        total=len(lines),
        limit=size,
        offset=offset,
        next_offset=following if shown and following < len(lines) else None,
        schools=[SchoolTotal(**asdict(s)) for s in school_sums(lines)],
    )
