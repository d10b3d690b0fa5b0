"""Schemathesis against the OpenAPI schema, as each role: no 5xx, every answer documented."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from service.api import create_app
from service.settings import Settings
from tests.service.conftest import Keys, make_keys

ROLES = ("manager", "platform", "sponsor", "anonymous")
FOLDER = Path(tempfile.mkdtemp(prefix="courte-echelle-openapi-"))
APP = create_app(Settings(database_url=f"sqlite:///{FOLDER / 'api.sqlite3'}"))
# The schema is read from the app itself; serving it needs no database.
# The coverage phase would send hundreds of boundary variants of the 19-field campaign
# record, four times each; the bounded fuzzing phase below keeps the run short.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module")
def keys() -> Iterator[Keys]:
    """The app started (its lifespan running) for the module, with a key per role."""
    with TestClient(APP):
        yield make_keys(APP.state.services.db)
    shutil.rmtree(FOLDER, ignore_errors=True)


def test_every_operation_documents_its_errors(keys: Keys) -> None:
    """Every response of every operation has a schema, and no 422 is FastAPI's default shape."""
    document = APP.openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {})
                assert content, (method, path, status)
                assert all("schema" in media for media in content.values())
            assert "HTTPValidationError" not in str(operation["responses"]), (method, path)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case, keys: Keys) -> None:
    """Each generated request, sent as every role: no 5xx, every answer as the schema says."""
    # Campaign rows obey rules across fields (optimum >= minimum, académie of the
    # département, end after start) that a JSON schema cannot state, so a schema-valid body
    # may rightly get a 422.
    excluded = [positive_data_acceptance]
    headers = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    if headers is not None and headers.mode is GenerationMode.NEGATIVE:
        # The test sets Authorization itself, undoing a generated "header left out".
        excluded.append(negative_data_rejection)
    for role in ROLES:
        case.call_and_validate(headers=keys.header(role), excluded_checks=excluded)
