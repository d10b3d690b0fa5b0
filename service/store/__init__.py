"""Storage: SQLAlchemy tables with Alembic migrations; SQLite by default, PostgreSQL by URL."""

from service.store.database import Database
from service.store.keys import SYSTEM, Actor, create_key, find_actor, revoke_key
from service.store.receipts import ReceiptLine, receipt_lines

__all__ = [
    "SYSTEM",
    "Actor",
    "Database",
    "ReceiptLine",
    "create_key",
    "find_actor",
    "receipt_lines",
    "revoke_key",
]
