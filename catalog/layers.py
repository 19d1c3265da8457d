"""Layering: an imported spec and a curated spec of the same model merged field by field.

Imported layers (`data/imported/<source>/...`) come first, the curated file last; mappings
merge key by key, lists and scalars are replaced whole, and every field path remembers the
file that set it, so a page (and an error) can say where each value came from:

    imported:  {"limits": {"context_window": 8192, "max_output": 4096}}
    curated:   {"limits": {"max_output": 2048}}
    merged:    {"limits": {"context_window": 8192, "max_output": 2048}}
    origins:   ("limits", "context_window") -> imported file, ("limits", "max_output") -> curated
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FieldPath = tuple[str | int, ...]
"""Keys from the spec's root to a value: `("pricing", "tiers", 0, "above")`."""


@dataclass(frozen=True)
class Origins:
    """Which file set each field of one spec. With a single file (the common case) no map is
    kept: every field comes from that file."""

    files: tuple[Path, ...]
    """The files merged, imported first, curated last."""
    by_path: Mapping[FieldPath, Path] = field(default_factory=dict)
    """For merged specs: every mapping and leaf path set, and the last file that set it."""

    def file_for(self, path: FieldPath) -> Path:
        """The file that set `path`, or the nearest enclosing mapping that is set."""
        if not self.by_path:
            return self.files[-1]
        for end in range(len(path), 0, -1):
            found = self.by_path.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.files[-1]


@dataclass(frozen=True)
class Layered:
    """The merged raw data of one spec, before validation, and where each field came from."""

    data: dict[str, Any]
    origins: Origins


def merge_layers(layers: Sequence[tuple[Path, Mapping[str, Any]]]) -> Layered:
    """Merge raw specs in order (later wins), recording the file of every field."""
    if len(layers) == 1:
        path, data = layers[0]
        return Layered(dict(data), Origins((path,)))
    merged: dict[str, Any] = {}
    by_path: dict[FieldPath, Path] = {}
    for path, data in layers:
        _merge_into(merged, data, path, (), by_path)
    return Layered(merged, Origins(tuple(p for p, _ in layers), by_path))


def _merge_into(
    target: dict[str, Any],
    layer: Mapping[str, Any],
    file: Path,
    prefix: FieldPath,
    by_path: dict[FieldPath, Path],
) -> None:
    for key, value in layer.items():
        path = (*prefix, key)
        by_path[path] = file
        current = target.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            _merge_into(current, value, file, path, by_path)
        elif isinstance(value, Mapping):
            target[key] = {}
            _merge_into(target[key], value, file, path, by_path)
        else:
            # A list or scalar replaces the earlier value whole: merging price tiers or
            # aliases element by element would invent combinations no source states.
            if isinstance(current, dict):
                _forget_below(path, by_path)
                by_path[path] = file
            target[key] = value


def _forget_below(path: FieldPath, by_path: dict[FieldPath, Path]) -> None:
    """Drop origins of an earlier mapping that a scalar or list now replaces."""
    stale = [p for p in by_path if len(p) > len(path) and p[: len(path)] == path]
    for p in stale:
        del by_path[p]


def leaf_values(data: Any, prefix: FieldPath = ()) -> list[tuple[FieldPath, Any]]:
    """Every leaf of a nested value with its path; lists of mappings are walked by index."""
    if isinstance(data, Mapping):
        items: list[tuple[FieldPath, Any]] = []
        for key, value in data.items():
            items.extend(leaf_values(value, (*prefix, key)))
        return items
    if isinstance(data, list | tuple) and any(isinstance(v, Mapping) for v in data):
        items = []
        for index, value in enumerate(data):
            items.extend(leaf_values(value, (*prefix, index)))
        return items
    return [(prefix, data)]


def dotted(path: FieldPath) -> str:
    """`("pricing", "tiers", 0, "above")` as `pricing.tiers[0].above`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def explain(catalog: Any, model_id: str) -> list[tuple[str, Any, Path]]:
    """Where each value of a model came from: (dotted field path, value, file), in spec order.

    Only values some file wrote are listed; defaults the schema fills in have no file.
    """
    spec = catalog.models[model_id]
    origins: Origins = catalog.origins[model_id]
    written = spec.model_dump(mode="json", exclude_unset=True)
    return [(dotted(path), value, origins.file_for(path)) for path, value in leaf_values(written)]
