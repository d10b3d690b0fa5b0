"""API keys: made once, shown once, kept only as a SHA-256.

A plain SHA-256 is enough because the secret is 256 random bits: nobody can guess it or search
for it, so a slow password hash would only slow every request. Lookups go by the hash's index,
so no secret is ever compared byte by byte.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.clock import utcnow
from service.store.tables import ROLES, ApiKey

SECRET_PREFIX = "ce_"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a key's id, its role and, for a sponsor, the funds it may see."""

    key_id: str
    role: str
    fund_ids: tuple[str, ...] = ()

    @property
    def is_sponsor(self) -> bool:
        """True for a sponsor, who sees only its own funds and simulations."""
        return self.role == "sponsor"


SYSTEM = Actor("system", "system")


def secret_sha256(secret: str) -> str:
    """The stored form of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    session: Session, *, role: str, fund_ids: tuple[str, ...] = (), label: str = ""
) -> tuple[Actor, str]:
    """A new key and its secret; the secret is not stored and cannot be shown again."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if fund_ids and role != "sponsor":
        raise ValueError("only a sponsor key is tied to funds")
    key_id = "k" + secrets.token_hex(6)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            id=key_id,
            key_sha256=secret_sha256(secret),
            role=role,
            fund_ids=sorted(set(fund_ids)),
            label=label,
            created_at=utcnow(),
        )
    )
    return Actor(key_id, role, tuple(sorted(set(fund_ids)))), secret


def find_actor(session: Session, secret: str) -> Actor | None:
    """The actor holding ``secret``, or None for an unknown or revoked key."""
    row = session.scalar(select(ApiKey).where(ApiKey.key_sha256 == secret_sha256(secret)))
    if row is None or row.revoked_at is not None:
        return None
    return Actor(row.id, row.role, tuple(row.fund_ids))


def revoke_key(session: Session, key_id: str) -> bool:
    """Revoke a key by id; False if there is no such active key."""
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True
