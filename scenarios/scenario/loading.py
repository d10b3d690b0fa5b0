"""Reading a scenario file (YAML or JSON): exact decimals, no duplicate keys, errors with paths.

Every problem is reported with the path of the bad field, ``variants[2].change.budget``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from allocator.fund_file import no_twin_keys, refuse_json_constant
from eligibility.errors import InputError, Problem
from scenarios.scenario.spec import CHANGE_OPS, Scenario

_REWORDED = (
    ("Value error, ", ""),
    ("Input should be ", "expected "),
    ("String should have ", "expected text with "),
    ("String should match ", "expected text matching "),
    ("Extra inputs are not permitted", "unknown key"),
    ("Field required", "missing"),
)


def read_scenario(path: Path | str) -> Scenario:
    """Load and validate a scenario file; ``InputError`` lists every problem with its path."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM, as the CSV files allow
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(path.name, f"cannot read the file as UTF-8: {exc}")]) from exc
    return scenario_from_text(text, source=path.name, json_format=path.suffix == ".json")


def scenario_from_text(text: str, *, source: str, json_format: bool = False) -> Scenario:
    """Parse and validate scenario text (JSON, or YAML which includes JSON)."""
    try:
        document = _load_json(text) if json_format else _load_yaml(text)
    except (ValueError, yaml.YAMLError) as exc:
        kind = "JSON" if json_format else "YAML"
        raise InputError([Problem(source, f"cannot read the file as {kind}: {exc}")]) from exc
    return scenario_from_data(document, source=source)


def scenario_from_data(document: object, *, source: str) -> Scenario:
    """Validate an already parsed document (numbers with a point as ``Decimal``)."""
    try:
        return Scenario.model_validate(document)
    except ValidationError as exc:
        raise InputError(
            [
                Problem(source, _message(str(e["msg"])), field=field_path(e["loc"]) or None)
                for e in exc.errors()
            ]
        ) from exc


def field_path(loc: Sequence[int | str]) -> str:
    """``('variants', 2, 'change', 'set_budget', 'budget')`` as ``variants[2].change.budget``."""
    text = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _is_union_tag(loc, i):
            text += f".{part}" if text else str(part)
    return text


def _is_union_tag(loc: Sequence[int | str], i: int) -> bool:
    """Pydantic puts the change's ``op`` in the path; the file has no such key."""
    if loc[i] not in CHANGE_OPS or i == 0:
        return False
    before = loc[i - 1]
    return before == "change" or (isinstance(before, int) and i > 1 and loc[i - 2] == "changes")


def _message(text: str) -> str:
    for said, meant in _REWORDED:
        text = text.replace(said, meant)
    return text


def _load_json(text: str) -> Any:
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=refuse_json_constant,
        object_pairs_hook=no_twin_keys,
    )


class _ExactLoader(yaml.SafeLoader):
    """YAML's safe loader with decimals read exactly and duplicate keys refused."""


def _decimal_constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a finite number, got {text}", node.start_mark
        )
    return Decimal(text)


def _mapping_constructor(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key_node) for key_node, _ in node.value]
    twins = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twins:
        raise yaml.constructor.ConstructorError(
            None, None, f"a key appears twice in one mapping: {', '.join(twins)}", node.start_mark
        )
    return dict(loader.construct_pairs(node))


def _timestamp_constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    # YAML reads 2024-13-01 as a date and fails without saying where: say the line.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        text = loader.construct_scalar(node)
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a date YYYY-MM-DD, got {text} ({exc})", node.start_mark
        ) from exc


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)
_ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_constructor)
_ExactLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _mapping_constructor,
)


def _load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_ExactLoader)
