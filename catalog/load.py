"""Loading: YAML files under data/ become validated, immutable specs, or findings.

Each file is read safely (no duplicate keys, no anchors, UTF-8, at most 1 MB), the imported
and curated layers of a spec are merged (see `catalog.layers`), pydantic validates the result,
and `catalog.rules` judges it. Nothing raises for bad data: every problem is a `Finding` with
the file, line and column of the offending value:

    catalog = load_catalog(Path("data"))
    catalog.models["google/gemini-2.0-flash"].limits.context_window    # 1048576
    data/models/acme/x.yaml:7:3: error [schema.unknown-key] unknown key 'contex_window' in
        limits; did you mean 'context_window'?
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from catalog import rules
from catalog.findings import Finding, has_errors
from catalog.layers import FieldPath, Layered, Origins, dotted, merge_layers
from catalog.schema import (
    MODEL_ID_PATTERN,
    SLUG_PATTERN,
    ModelSpec,
    ProviderSpec,
)

MAX_FILE_BYTES = 1_000_000
"""Larger files are rejected: a spec is a few kilobytes, a megabyte is a mistake."""
SPEC_SUFFIXES = (".yaml", ".yml")
DEFAULT_STALE_DAYS = 180

__all__ = [
    "Catalog",
    "SpecFileError",
    "bundled_data_dir",
    "find_model",
    "findings_for",
    "has_errors",
    "load_catalog",
    "near_ids",
    "read_yaml",
    "read_yaml_document",
]


class SpecFileError(Exception):
    """A file that cannot be read as a spec; `findings` say where and why."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = tuple(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


# --- reading one YAML file safely ---------------------------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
"""Tags of plain scalars already resolved: keys and values repeat across thousands of files."""


class _DuplicateKey(Exception):
    def __init__(self, key: object, mark: yaml.Mark, first: yaml.Mark):
        self.key, self.mark, self.first = key, mark, first


class SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe composer (libyaml when available) with YAML 1.2-like plain scalars:
    dates and clock times stay text (pydantic parses them; `knowledge_cutoff: 2024-08-06` and
    `start: 16:30` mean text). Values are built by `_build`, not PyYAML's constructor."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """Path resolvers are not used; skipping their bookkeeping saves a call per node."""

    def ascend_resolver(self) -> None:
        """See `descend_resolver`."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 200_000:
                _RESOLVED[key] = tag
        return tag


# YAML 1.1 reads `16:30` as the base-60 number 990 and `2026-11-21` as a date; a spec means
# the text (a clock time, a date pydantic parses), so those two readings are switched off.
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$""")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"""
    r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
)
_PLAIN_REGEXPS = {"tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT}
SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _PLAIN_REGEXPS.get(tag, regexp))
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

def _build_int(loader: Any, node: yaml.ScalarNode) -> int:
    value = node.value
    if value.isdigit() and (value[0] != "0" or value == "0"):  # plain decimal: skip PyYAML's parser
        return int(value)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _build_int,
    "tag:yaml.org,2002:float": yaml.constructor.SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": yaml.constructor.SafeConstructor.construct_yaml_null,
}

Position = tuple[int, int, int, int]
"""0-based line and column of a key, then of its value (for list items, the item twice)."""


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its plain values and the position of every key and value in it."""

    path: Path
    data: Any
    positions: Mapping[FieldPath, Position]

    def position(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `path` (of its key when `key`), or of the
        nearest enclosing value the file does write."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                if key and end == len(path):
                    return found[0] + 1, found[1] + 1
                return found[2] + 1, found[3] + 1
        return 1, 1


def _build(loader: Any, node: yaml.Node, path: FieldPath, positions: dict[FieldPath, Position]) -> Any:
    """Plain values from composed nodes, recording positions; refuses duplicate keys and any
    tag a spec has no use for. (Anchors and aliases are refused before composing.)"""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        builder = _SCALAR_BUILDERS.get(node.tag)
        if builder is None:
            raise yaml.constructor.ConstructorError(
                None, None, f"the tag {node.tag!r} is not allowed in a spec", node.start_mark)
        return builder(loader, node)
    if node.tag not in (_MAP, _SEQ):
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag!r} is not allowed in a spec", node.start_mark)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            mark = item.start_mark
            positions[item_path] = (mark.line, mark.column, mark.line, mark.column)
            items.append(_build(loader, item, item_path, positions))
        return items
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value (no merge keys, lists or mappings)",
                key_node.start_mark)
        key = key_node.value if key_node.tag == _STR else _build(loader, key_node, path, positions)
        key_path = (*path, key)
        key_mark, value_mark = key_node.start_mark, value_node.start_mark
        if key in mapping:
            first = positions[key_path]
            raise _DuplicateKey(key, key_mark, yaml.Mark("", 0, first[0], first[1], None, None))
        positions[key_path] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
        if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:  # most values: no call
            mapping[key] = value_node.value
        else:
            mapping[key] = _build(loader, value_node, key_path, positions)
    return mapping


def _finding(file: Path, line: int | None, column: int | None, rule: str, message: str) -> Finding:
    return Finding(file, line, column, "error", rule, message)


def read_yaml(path: Path, *, require_mapping: bool = True) -> Any:
    """Parse one YAML file into plain Python values, or raise `SpecFileError`.

    Rejected: files over 1 MB, bytes that are not UTF-8, YAML syntax errors, duplicate keys,
    anchors and aliases (a spec is read by people; every value is written where it applies),
    tags other than the plain ones, and, when `require_mapping`, a document that is not a
    mapping. Dates and clock times stay strings.
    """
    return read_yaml_document(path, require_mapping=require_mapping).data


def read_yaml_document(path: Path, *, require_mapping: bool = True) -> YamlDocument:
    """`read_yaml`, keeping the position of every key and value for error messages."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpecFileError([_finding(path, 1, 1, "load.too-large",
                f"file is {size:,} bytes; a spec may be at most {MAX_FILE_BYTES:,} bytes")])
        raw = path.read_bytes()
    except OSError as error:
        raise SpecFileError([_finding(path, None, None, "load.unreadable",
            f"cannot read file: {error.strerror or error}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise SpecFileError([_finding(path, line, column, "load.not-utf8",
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8")]) from None
    if b"&" in raw or b"*" in raw:  # scanning costs as much as parsing; only when it may matter
        _reject_anchors(path, text)
    positions: dict[FieldPath, Position] = {}
    try:
        loader = SpecLoader(text)
        try:
            root = loader.get_single_node()
            if root is not None:
                positions[()] = (root.start_mark.line, root.start_mark.column) * 2
            data = None if root is None else _build(loader, root, (), positions)
        finally:
            loader.dispose()
    except _DuplicateKey as dup:
        raise SpecFileError([_finding(path, dup.mark.line + 1, dup.mark.column + 1,
            "load.duplicate-key",
            f"duplicate key {dup.key!r} (first set on line {dup.first.line + 1}); "
            "YAML would silently keep only the last value")]) from None
    except yaml.MarkedYAMLError as error:
        raise SpecFileError([_yaml_error_finding(path, error)]) from None
    except yaml.YAMLError as error:
        raise SpecFileError([_finding(path, None, None, "load.yaml-syntax", _one_line(str(error)))]) from None
    except RecursionError:
        raise SpecFileError([_finding(path, None, None, "load.yaml-syntax", "nested too deeply")]) from None
    if require_mapping and not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {_yaml_type(data)}"
        line, column = (positions[()][0] + 1, positions[()][1] + 1) if () in positions else (1, 1)
        raise SpecFileError([_finding(path, line, column, "load.not-a-mapping",
            f"the file must hold a mapping of keys to values, found {found}")])
    return YamlDocument(path, data, positions)


def _reject_anchors(path: Path, text: str) -> None:
    try:
        for token in yaml.scan(text, Loader=SpecLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                what = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
                mark = token.start_mark
                raise SpecFileError([_finding(path, mark.line + 1, mark.column + 1,
                    f"load.{what}",
                    f"YAML {what} '{token.value}' is not allowed; write the value out in full")])
    except yaml.MarkedYAMLError as error:
        raise SpecFileError([_yaml_error_finding(path, error)]) from None


def _yaml_error_finding(path: Path, error: yaml.MarkedYAMLError) -> Finding:
    mark = error.problem_mark or error.context_mark
    rule = "load.yaml-value" if isinstance(error, yaml.constructor.ConstructorError) else "load.yaml-syntax"
    problem = " ".join(p for p in (error.context, error.problem) if p)
    return _finding(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                    rule, _one_line(problem or str(error)))


def _yaml_type(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- positions of values, found only when something is wrong ------------------------------


class Locator:
    """Positions of field paths in files: from the documents read during loading, or by
    reading the file again when it was not kept."""

    def __init__(self) -> None:
        self._documents: dict[str, YamlDocument | None] = {}

    def remember(self, document: YamlDocument) -> None:
        self._documents[str(document.path)] = document

    def position(self, file: Path, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        name = str(file)
        if name not in self._documents:
            try:
                self._documents[name] = read_yaml_document(file, require_mapping=False)
            except SpecFileError:
                self._documents[name] = None
        document = self._documents[name]
        return (1, 1) if document is None else document.position(path, key=key)


# --- pydantic errors as findings -----------------------------------------------------------

_PATTERN_HINTS = {
    SLUG_PATTERN: "a lower-case URL slug (letters a-z, digits, '.', '_', '-'; "
    "starting and ending with a letter or digit)",
    MODEL_ID_PATTERN: "'<provider>/<model>', two lower-case URL slugs "
    "(letters a-z, digits, '.', '_', '-')",
    r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$": "a date, YYYY-MM or YYYY-MM-DD",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a UTC time of day, HH:MM",
    r"^(\d{2,5}x\d{2,5}|any)$": "a pixel size WIDTHxHEIGHT (1024x1024) or 'any'",
}


def _schema_rule(error_type: str) -> str:
    if error_type == "extra_forbidden":
        return "schema.unknown-key"
    if error_type == "missing":
        return "schema.missing-key"
    if error_type == "finite_number":
        return "schema.not-finite"
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


def _schema_findings(
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


# --- the catalog --------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """Every spec that validated, where each came from, and everything found wrong."""

    data_dir: Path
    providers: Mapping[str, ProviderSpec]
    """Provider id -> spec, sorted by id."""
    models: Mapping[str, ModelSpec]
    """Model id -> spec, sorted by id; only specs that passed the schema."""
    sources: Mapping[str, tuple[Path, ...]]
    """Model id -> files merged into it, imported first, curated last."""
    origins: Mapping[str, Origins]
    """Model id -> which file set each field (see `catalog.layers.explain`)."""
    provider_sources: Mapping[str, tuple[Path, ...]]
    """Provider id -> files merged into it."""
    provider_origins: Mapping[str, Origins]
    """Provider id -> which file set each field."""
    findings: tuple[Finding, ...]
    """Every error and warning of loading and of the rules, sorted by file and line."""


def bundled_data_dir() -> Path:
    """The catalog shipped with the project, or `$CATALOG_DATA` when set."""
    override = os.environ.get("CATALOG_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def findings_for(catalog: Catalog, spec_id: str) -> tuple[Finding, ...]:
    """The findings about one model (or provider): those in the files merged into it."""
    files = set(catalog.sources.get(spec_id, ())) | set(catalog.provider_sources.get(spec_id, ()))
    return tuple(f for f in catalog.findings if f.file in files)


def find_model(catalog: Catalog, name: str) -> ModelSpec | None:
    """The model with this id, or the one model that lists it as an alias."""
    if name in catalog.models:
        return catalog.models[name]
    matches = [m for m in catalog.models.values() if name in m.aliases]
    return matches[0] if len(matches) == 1 else None


def near_ids(catalog: Catalog, name: str, limit: int = 5) -> list[str]:
    """Model ids close to a mistyped one, best first."""
    ids = list(catalog.models)
    near = difflib.get_close_matches(name, ids, n=limit, cutoff=0.6)
    if not near:  # "gpt-4o" typed without its provider: match on the model part
        tail = name.rsplit("/", 1)[-1]
        near = [i for i in ids if i.rsplit("/", 1)[-1] == tail][:limit]
    return near


@dataclass
class _Discovered:
    """Spec files by id, per layer, in merge order."""

    models: dict[str, list[Path]]
    providers: dict[str, list[Path]]
    duplicates: list[tuple[str, Path, Path]]
    findings: list[Finding]


def _spec_files(directory: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [Path(e.path) for e in entries if e.is_file() and e.name.endswith(SPEC_SUFFIXES)]


def _subdirs(directory: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [Path(e.path) for e in entries if e.is_dir() and not e.name.startswith(".")]


def _discover(data_dir: Path) -> _Discovered:
    found = _Discovered({}, {}, [], [])
    layers = [data_dir / "imported" / source.name for source in _subdirs(data_dir / "imported")]
    layers.append(data_dir)  # curated last: it overrides the imported layers
    for layer in layers:
        seen: dict[str, Path] = {}
        for path in _spec_files(layer / "providers"):
            _add(found, found.providers, seen, path.stem, path)
        for path in _spec_files(layer / "models"):
            found.findings.append(_finding(path, 1, 1, "load.misplaced-file",
                f"model specs live in models/<provider>/<model>.yaml; move it into a provider folder"))
        for provider_dir in _subdirs(layer / "models"):
            for path in _spec_files(provider_dir):
                _add(found, found.models, seen, f"{provider_dir.name}/{path.stem}", path)
            for nested in _subdirs(provider_dir):
                found.findings.append(_finding(nested, None, None, "load.misplaced-file",
                    "model specs live directly in models/<provider>/; nested folders are not read"))
    return found


def _add(found: _Discovered, by_id: dict[str, list[Path]], seen: dict[str, Path], spec_id: str, path: Path) -> None:
    key = f"{'model' if '/' in spec_id else 'provider'}:{spec_id}"
    if key in seen:
        found.duplicates.append((spec_id, seen[key], path))
        return
    seen[key] = path
    by_id.setdefault(spec_id, []).append(path)


ReadResult = YamlDocument | tuple[Finding, ...]
"""A parsed file, or the findings that say why it could not be read."""


def _read_one(path: Path) -> ReadResult:
    try:
        return read_yaml_document(path)
    except SpecFileError as error:
        return error.findings


def _read_layers(
    paths: list[Path], documents: Mapping[str, ReadResult], findings: list[Finding], locator: Locator
) -> list[tuple[Path, dict[str, Any]]] | None:
    layers = []
    for path in paths:
        document = documents[str(path)]
        if isinstance(document, tuple):
            findings.extend(document)
            continue
        locator.remember(document)
        layers.append((path, document.data))
    return layers if len(layers) == len(paths) else None


def _check_id(
    spec_id: str, pattern: str, layers: list[tuple[Path, dict[str, Any]]], locator: Locator, what: str
) -> list[Finding]:
    """The id written in each file must be the id its path gives, and a safe URL slug."""
    findings = []
    if not re.fullmatch(pattern, spec_id):
        path, data = layers[-1]
        line, column = locator.position(path, ("id",)) if "id" in data else (1, 1)
        return [_finding(path, line, column, "load.unsafe-id",
            f"{what} id '{spec_id}' (from the file path) is not a safe URL slug: use lower-case "
            "letters a-z, digits, '.', '_' and '-', starting and ending with a letter or digit; "
            "rename the file")]
    for path, data in layers:
        written = data.get("id")
        if written is not None and written != spec_id:
            line, column = locator.position(path, ("id",))
            findings.append(_finding(path, line, column, "load.id-mismatch",
                f"id {written!r} does not match the file's path, which gives '{spec_id}'; "
                "rename the file or fix the id"))
    return findings


def _validate(
    spec_id: str,
    paths: list[Path],
    documents: Mapping[str, ReadResult],
    spec_class: type[BaseModel],
    pattern: str,
    what: str,
    locator: Locator,
    findings: list[Finding],
) -> tuple[BaseModel, Layered] | None:
    layers = _read_layers(paths, documents, findings, locator)
    if layers is None:
        return None
    id_findings = _check_id(spec_id, pattern, layers, locator, what)
    if id_findings:
        findings.extend(id_findings)
        return None
    layered = merge_layers(layers)
    try:
        return spec_class.model_validate(layered.data), layered
    except ValidationError as error:
        findings.extend(_schema_findings(error, layered, spec_class, locator))
        return None


def load_catalog(
    data_dir: Path | None = None,
    *,
    today: date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> Catalog:
    """Read, merge, validate and judge every spec under `data_dir` (default: the bundled data).

    Never raises for bad data; check `has_errors(catalog.findings)`.
    """
    data_dir = Path(data_dir) if data_dir is not None else bundled_data_dir()
    today = today or date.today()
    locator = Locator()
    found = _discover(data_dir)
    findings = list(found.findings)
    # Keyed by str: hashing a Path is slow enough to show when there are thousands.
    documents = {str(p): _read_one(p) for paths in (*found.providers.values(), *found.models.values()) for p in paths}

    providers: dict[str, ProviderSpec] = {}
    provider_origins: dict[str, Origins] = {}
    for spec_id in sorted(found.providers):
        result = _validate(spec_id, found.providers[spec_id], documents, ProviderSpec, SLUG_PATTERN,
                           "provider", locator, findings)
        if result is not None:
            providers[spec_id] = result[0]  # type: ignore[assignment]
            provider_origins[spec_id] = result[1].origins

    models: dict[str, ModelSpec] = {}
    origins: dict[str, Origins] = {}
    for spec_id in sorted(found.models):
        result = _validate(spec_id, found.models[spec_id], documents, ModelSpec, MODEL_ID_PATTERN,
                           "model", locator, findings)
        if result is not None:
            models[spec_id] = result[0]  # type: ignore[assignment]
            origins[spec_id] = result[1].origins

    context = rules.RuleContext(
        today=today,
        stale_days=stale_days,
        models=models,
        providers=providers,
        duplicate_files=tuple(found.duplicates),
        declared_models=frozenset(found.models),
        declared_providers=frozenset(found.providers),
    )
    for violation in rules.check_catalog(context):
        findings.append(_violation_finding(violation, data_dir, origins, provider_origins, locator))

    return Catalog(
        data_dir=data_dir,
        providers=types.MappingProxyType(providers),
        models=types.MappingProxyType(models),
        sources=types.MappingProxyType({k: tuple(v) for k, v in sorted(found.models.items())}),
        origins=types.MappingProxyType(origins),
        provider_sources=types.MappingProxyType({k: tuple(v) for k, v in sorted(found.providers.items())}),
        provider_origins=types.MappingProxyType(provider_origins),
        findings=tuple(sorted(findings, key=_finding_order)),
    )


def _finding_order(finding: Finding) -> tuple[str, int, int, str]:
    return (str(finding.file), finding.line or 0, finding.column or 0, finding.rule)


def _violation_finding(
    violation: rules.Violation,
    data_dir: Path,
    origins: Mapping[str, Origins],
    provider_origins: Mapping[str, Origins],
    locator: Locator,
) -> Finding:
    if violation.file is not None:
        file = violation.file
    else:
        owner = provider_origins if violation.subject == "provider" else origins
        file = owner[violation.spec_id].file_for(violation.path)
    line, column = locator.position(file, violation.path)
    severity, message = violation.severity, violation.message
    if _is_imported(file, data_dir):
        # Upstream data that breaks a rule is kept and flagged, never fatal, never fixed.
        severity, message = "warning", f"{message} (imported; flagged)"
    return Finding(file, line, column, severity, violation.rule, message)


def _is_imported(file: Path, data_dir: Path) -> bool:
    try:
        return file.relative_to(data_dir).parts[0] == "imported"
    except (ValueError, IndexError):
        return False
