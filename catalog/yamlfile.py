"""YAML files read safely: plain values, plus the line and column of every key and value.

A spec is read by people, so the reader refuses what hides or repeats a value (duplicate
keys, which PyYAML silently resolves to the last; anchors and aliases; unusual tags; numbers
that YAML 1.1 reads otherwise than they look, `0100` as octal 64), bytes that are not UTF-8,
anything but a regular file, and files over 1 MB. Every refusal is a `SpecFileError` carrying
findings with a position:

    document = read_yaml_document(Path("data/models/acme/alpha.yaml"))
    document.data["limits"]["max_output"]                 # 16384
    document.position(("limits", "max_output"))           # (8, 15): line 8, column 15
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from catalog.files import NotAFileError, TooLargeError, read_regular_file
from catalog.findings import Finding
from catalog.layers import FieldPath

MAX_FILE_BYTES = 1_000_000
"""Larger files are rejected: a spec is a few kilobytes, a megabyte is a mistake."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings: a spec nests five levels; deeper is a mistake or an attack."""
MAX_INTEGER_DIGITS = 24
"""Longest integer written in a spec: every field's ceiling (`catalog.schema`) is far below."""

__all__ = ["MAX_FILE_BYTES", "Answers", "Locator", "SpecFileError", "YamlDocument", "read_spec_bytes", "read_yaml", "read_yaml_document"]


class SpecFileError(Exception):
    """A file that cannot be read as a spec; `findings` say where and why."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = tuple(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


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


# Plain scalars are read as YAML 1.2's core schema reads them, not as YAML 1.1 does: `16:30`
# and `2026-11-21` are text (a clock time, a date pydantic parses), not the base-60 number 990
# and a date object; `yes`, `no`, `on` and `off` are text, not booleans (only true and false
# are); `1e-6` is a number (YAML 1.1 wants `1.0e-6`). Integers that YAML 1.1 reads otherwise
# than a reader does (`0100` is octal 64, `0x10`, `0b1`) resolve as integers and are refused
# by `_build_int`, with the plain decimal to write instead; `1_000` is 1000, as it reads.
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?0[0-9_]+)$""")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"""
    r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"""
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_PLAIN_REGEXPS = {"tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT, "tag:yaml.org,2002:bool": _BOOL}
SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _PLAIN_REGEXPS.get(tag, regexp))
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp" and not (tag == "tag:yaml.org,2002:bool" and first not in "tTfF")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def plain_scalar_tag(value: str) -> str:
    """The tag the reader gives `value` written unquoted (`1e5` -> float, `yes` -> str), so
    that a writer can quote every text the reader would take for something else."""
    resolvers = SpecLoader.yaml_implicit_resolvers.get(value[0] if value else "", [])
    resolvers = [*resolvers, *SpecLoader.yaml_implicit_resolvers.get(None, [])]
    return next((tag for tag, regexp in resolvers if regexp.match(value)), _STR)


class _NumberError(yaml.constructor.ConstructorError):
    """A number written in a form the reader refuses (rule `load.number`)."""


class _TooDeep(yaml.constructor.ConstructorError):
    """Lists and mappings nested deeper than `MAX_DEPTH` (rule `load.too-deep`)."""


_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a spec needs a handful"


def _refuse(node: yaml.ScalarNode, message: str) -> _NumberError:
    return _NumberError(None, None, message, node.start_mark)


def _build_int(loader: Any, node: yaml.ScalarNode) -> int:
    value = node.value
    digits = value.lstrip("+-").replace("_", "")  # `1_000` is 1000, as the author means
    if digits.isdigit() and (value.lstrip("+-")[0] != "0" or digits == "0"):  # plain decimal
        if len(digits) > MAX_INTEGER_DIGITS:
            raise _refuse(node, f"an integer of {len(digits):,} digits is too large for any field of a spec")
        return int(value.replace("_", ""))
    try:  # what YAML 1.1 makes of it: octal, hexadecimal, binary, or digits grouped by '_'
        meant = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node) if len(value) <= 40 else None
    except ValueError:  # `08`: not octal either
        meant = None
    plain = value.replace("_", "")
    decimal = plain.lstrip("+-").isdigit() and len(plain) <= 40
    reading = "" if meant is None or (decimal and str(meant) == str(int(plain))) else f"; YAML 1.1 reads it as {meant}"
    suggestion = int(plain) if decimal else meant
    hint = f"write {suggestion}" if suggestion is not None else "write plain decimal digits"
    raise _refuse(node, f"the number {_clip(value)} is not plain decimal digits{reading}; "
                        f"{hint}, or quote it if it is text")


def _clip(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:37]}..."


def _build_float(loader: Any, node: yaml.ScalarNode) -> Decimal | float:
    """A number with a fraction or an exponent as the exact Decimal of its text: a price keeps
    every digit it is written with (0.032857142857142855 as a float reads back as ...856), and
    pydantic turns it into a float where a field wants one. A number no float can hold (1e400),
    or so small that it would read as 0 (1e-999999999), is refused: Decimal alone would carry
    it into arithmetic that overflows or runs for minutes. `.inf` and `.nan` stay PyYAML's
    floats; the schema says which fields take them (none do)."""
    value = node.value
    if value.lstrip("+-").lower() in (".inf", ".nan"):
        return yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    text = value.replace("_", "")
    if math.isinf(float(text)):
        raise _refuse(node, f"the number {_clip(value)} is too large to be a number of a spec")
    exact = Decimal(text)
    if exact and float(text) == 0:
        raise _refuse(node, f"the number {_clip(value)} is too small to tell from 0")
    return exact


_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _build_int,
    "tag:yaml.org,2002:float": _build_float,
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
    if len(path) >= MAX_DEPTH:
        raise _TooDeep(None, None, _TOO_DEEP, node.start_mark)
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
    raw = read_spec_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise SpecFileError([_finding(path, line, column, "load.not-utf8",
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8")]) from None
    positions: dict[FieldPath, Position] = {}
    try:
        if b"&" in raw or b"*" in raw:  # scanning costs as much as parsing; only when it may matter
            _reject_anchors(path, text)
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
        if "maximum nesting depth" in str(error.problem):  # libyaml's own limit, deeper than ours
            line, column = _too_deep(text)
            raise SpecFileError([_finding(path, line, column, "load.too-deep", _TOO_DEEP)]) from None
        raise SpecFileError([_yaml_error_finding(path, error)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses: a position in characters
        line, column = _line_and_column(text, error.position)
        what = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise SpecFileError([_finding(path, line, column, "load.yaml-syntax",
            f"character {what} is not allowed in YAML ({error.reason}); remove it")]) from None
    except yaml.YAMLError as error:
        raise SpecFileError([_finding(path, 1, 1, "load.yaml-syntax", _one_line(str(error)))]) from None
    except RecursionError:  # the pure-Python composer recurses per level; find where it went deep
        line, column = _too_deep(text)
        raise SpecFileError([_finding(path, line, column, "load.too-deep", _TOO_DEEP)]) from None
    if require_mapping and not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {_yaml_type(data)}"
        line, column = (positions[()][0] + 1, positions[()][1] + 1) if () in positions else (1, 1)
        raise SpecFileError([_finding(path, line, column, "load.not-a-mapping",
            f"the file must hold a mapping of keys to values, found {found}")])
    return YamlDocument(path, data, positions)


def read_spec_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `SpecFileError`: a FIFO, a
    device or a socket is refused without blocking, and no more than `limit` + 1 bytes are
    read whatever the file says its size is (`catalog.files`)."""
    try:
        return read_regular_file(path, limit)
    except NotAFileError as error:
        raise SpecFileError([_finding(path, None, None, "load.not-a-file",
            f"is {error.kind}, not a regular file; a spec must be a plain file")]) from None
    except TooLargeError:
        raise SpecFileError([_finding(path, 1, 1, "load.too-large",
            f"file is over {limit:,} bytes; a spec may be at most {limit:,} bytes")]) from None
    except OSError as error:
        raise SpecFileError([_finding(path, None, None, "load.unreadable",
            f"cannot read file: {error.strerror or error}")]) from None


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` of `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _too_deep(text: str) -> tuple[int, int]:
    """Where `text` first nests deeper than `MAX_DEPTH` (events are read without recursion)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):  # pure Python: no depth limit of its own
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1, 1


def _reject_anchors(path: Path, text: str) -> None:
    """Anchors and aliases, refused before composing (an alias bomb never expands)."""
    for token in yaml.scan(text, Loader=SpecLoader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            what = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
            mark = token.start_mark
            raise SpecFileError([_finding(path, mark.line + 1, mark.column + 1,
                f"load.{what}",
                f"YAML {what} '{token.value}' is not allowed; write the value out in full")])


def _yaml_error_finding(path: Path, error: yaml.MarkedYAMLError) -> Finding:
    mark = error.problem_mark or error.context_mark
    rule = ("load.number" if isinstance(error, _NumberError)
            else "load.yaml-value" if isinstance(error, yaml.constructor.ConstructorError) else "load.yaml-syntax")
    problem = " ".join(p for p in (error.context, error.problem) if p)
    if isinstance(error, _TooDeep):
        rule, problem = "load.too-deep", _TOO_DEEP
    return _finding(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                    rule, _one_line(problem or str(error)))


def _yaml_type(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Decimal):  # what `_build_float` makes of 1.5
        return "number"
    return type(value).__name__


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- positions of values, found only when something is wrong ------------------------------


Answers = Mapping[tuple[FieldPath, bool], tuple[int, int]]
"""Positions a `Locator` gave in one file: (field path, of its key?) -> (line, column)."""


class Locator:
    """Positions of field paths in files: from the documents read during loading, from the
    answers an earlier load gave for files that have not changed since (`known`), or by
    reading the file again. Every answer is kept in `answered`, for the next load."""

    def __init__(self, known: Mapping[str, Answers] | None = None) -> None:
        self._documents: dict[str, YamlDocument | None] = {}
        self._known = known or {}
        self.answered: dict[str, dict[tuple[FieldPath, bool], tuple[int, int]]] = {}

    def remember(self, document: YamlDocument) -> None:
        self._documents[str(document.path)] = document

    def position(self, file: Path, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        name, asked = str(file), (tuple(path), key)
        found = self._known.get(name, {}).get(asked)
        if found is None:
            found = self._located(file, name, path, key)
        self.answered.setdefault(name, {})[asked] = found
        return found

    def _located(self, file: Path, name: str, path: FieldPath, key: bool) -> tuple[int, int]:
        if name not in self._documents:
            try:
                self._documents[name] = read_yaml_document(file, require_mapping=False)
            except SpecFileError:
                self._documents[name] = None
        document = self._documents[name]
        return (1, 1) if document is None else document.position(path, key=key)
