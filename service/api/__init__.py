"""The HTTP API (FastAPI): thin routes over the round use cases and the store."""

from service.api.app import create_app

__all__ = ["create_app"]
