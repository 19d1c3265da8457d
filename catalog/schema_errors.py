"""Schema errors as findings: pydantic's validation errors, one human line each, placed at
the offending value in the file that wrote it.

A typo'd key names the nearest valid key of the sub-model it sits in; a union type that
fails once per member is said once:

    data/models/acme/alpha.yaml:7:3: error [schema.unknown-key] unknown key 'contex_window'
        in limits; did you mean 'context_window'?
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from catalog.findings import Finding
from catalog.layers import FieldPath, Layered, dotted
from catalog.schema import (
    CLOCK_TIME_PATTERN,
    IMAGE_SIZE_PATTERN,
    MODEL_ID_PATTERN,
    PARTIAL_DATE_PATTERN,
    SLUG_PATTERN,
)
from catalog.yamlfile import Locator

__all__ = ["schema_findings"]


_PATTERN_HINTS = {
    SLUG_PATTERN: "a lower-case URL slug (letters a-z, digits, '.', '_', '-'; "
    "starting and ending with a letter or digit)",
    MODEL_ID_PATTERN: "'<provider>/<model>', two lower-case URL slugs "
    "(letters a-z, digits, '.', '_', '-')",
    PARTIAL_DATE_PATTERN: "a date, YYYY-MM or YYYY-MM-DD",
    CLOCK_TIME_PATTERN: "a UTC time of day, HH:MM",
    IMAGE_SIZE_PATTERN: "a pixel size WIDTHxHEIGHT (1024x1024) or 'any'",
}


def _schema_rule(error_type: str) -> str:
    if error_type == "extra_forbidden":
        return "schema.unknown-key"
    if error_type == "missing":
        return "schema.missing-key"
    if error_type == "finite_number":
        return "schema.not-finite"
    if error_type == "text_unsafe":
        return "schema.text"
    if error_type.startswith(("greater_than", "less_than")):
        return "schema.range"
    if error_type == "string_pattern_mismatch":
        return "schema.pattern"
    if error_type in ("literal_error", "enum"):
        return "schema.choice"
    if error_type.startswith("url"):
        return "schema.url"
    if error_type in ("value_error", "assertion_error"):
        return "schema.value"
    if error_type.startswith(("string_too", "too_")):
        return "schema.length"
    return "schema.type"


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[FieldPath, bool]:
    """The part of a pydantic `loc` that exists in the raw data (union member names and
    `[key]` markers are not data), and whether the error is about a mapping key."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if part == "[key]":
            return tuple(path), True
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        path.append(part)
    return tuple(path), False


def _model_class_at(root: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The pydantic class that validates the mapping at `path` (to suggest its keys)."""
    current: Any = root
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
            current = _unwrap_optional(current)
        else:  # a tuple or dict of models: `part` is an index or a key
            args = [_unwrap_optional(a) for a in typing.get_args(current)]
            current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
            if current is None:
                return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap_optional(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap_optional(members[0])
    return annotation


def _where(path: FieldPath) -> str:
    return f"in {dotted(path)}" if path else "at the top level"


def _schema_message(error: Mapping[str, Any], path: FieldPath, spec_class: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key, parent = path[-1], path[:-1]
        model = _model_class_at(spec_class, parent)
        fields = sorted(model.model_fields) if model else []
        near = difflib.get_close_matches(str(key), fields, n=1, cutoff=0.6)
        if near:
            return f"unknown key '{key}' {_where(parent)}; did you mean '{near[0]}'?"
        hint = f"; valid keys: {', '.join(fields)}" if fields else ""
        return f"unknown key '{key}' {_where(parent)}{hint}"
    if kind == "missing":
        return f"missing required key '{error['loc'][-1]}' {_where(path)}"
    message = error["msg"].removeprefix("Value error, ")
    message = message.replace("Input should", "should").replace("String should", "should")
    pattern = (error.get("ctx") or {}).get("pattern")
    if pattern in _PATTERN_HINTS:
        message = f"should be {_PATTERN_HINTS[pattern]}"
    value = error.get("input")
    got = "" if isinstance(value, dict | list) or kind == "value_error" else f", got {_short(value)}"
    subject = dotted(path) or "spec"
    return f"{subject}: {message}{got}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_findings(
    error: ValidationError, layered: Layered, spec_class: type[BaseModel], locator: Locator
) -> list[Finding]:
    by_path: dict[tuple[FieldPath, bool], list[Mapping[str, Any]]] = {}
    for item in error.errors():
        by_path.setdefault(_data_path(layered.data, item["loc"]), []).append(item)
    findings = []
    for (path, about_key), items in by_path.items():
        first = items[0]
        if first["type"] == "extra_forbidden":
            about_key = True
        message = _schema_message(first, path, spec_class)
        if len(items) > 1 and all(i["type"].endswith("_type") for i in items):
            # A union type (e.g. str | int | float) fails once per member; say it once.
            message = f"{dotted(path)}: should be one of the types it accepts, got {_short(first['input'])}"
        file = layered.origins.file_for(path)
        line, column = locator.position(file, path, key=about_key)
        findings.append(Finding(file, line, column, "error", _schema_rule(first["type"]), message))
    return findings
