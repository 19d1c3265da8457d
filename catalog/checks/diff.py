"""Price diff: what a change to the catalog does to models and prices, and what to look at.

Two catalogs (a git revision and the work tree, or two revisions, or an imported snapshot
before and after a refresh) are compared model by model: models added and removed, every
price that changed (old, new, percentage), and changed limits, capabilities, modalities and
lifecycle. A reviewer's attention goes to the flags:

    openai/gpt-4o input: $2.50 -> $25.00 (+900.0%)   [diff.unit-slip] a 10x change: a unit slip?
    openai/gpt-4o: prices changed but `verified` and `source` did not  [diff.unverified-change]
    acme/old: removed, never deprecated                                 [diff.removed-not-deprecated]
    openai/gpt-4o: the old prices are not kept in price_history          [diff.history-dropped]
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.checks.github import annotation, capped
from catalog.lifecycle import effective_status
from catalog.money import format_price
from catalog.schema import Capabilities, Limits, ModelSpec, PriceSet, PricingBlock
from catalog.units import price_units

MARKER = "<!-- model-catalog:diff -->"
"""The first line of the Markdown report: a workflow finds its earlier comment by it and
updates that comment instead of adding another."""

SLIP_RATIO = Decimal(10)
"""A price that moves by this factor or more, either way, is probably a unit slip."""

LIFECYCLE_FIELDS = ("status", "released", "deprecated_on", "retires_on", "successor", "kind")

# --- what changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceChange:
    model_id: str
    component: str
    """`input`, `tiers[>200000].output`, `variants.batch.multiplier`, `output_images[1024x1024 hd]`."""
    old: Decimal | None
    new: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        """(new - old) / old in percent; None when there was no old price or it was 0."""
        if self.old is None or self.new is None or self.old == 0:
            return None
        return (self.new - self.old) / self.old * 100

    @property
    def is_slip(self) -> bool:
        """A change by 10x or more either way, between two non-zero prices."""
        if not self.old or not self.new:
            return False
        return self.new >= self.old * SLIP_RATIO or self.old >= self.new * SLIP_RATIO


@dataclass(frozen=True)
class FieldChange:
    model_id: str
    field: str
    """Dotted: `limits.context_window`, `capabilities.vision`, `modalities.input`, `status`."""
    old: Any
    new: Any


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must look at."""

    model_id: str
    rule: str
    message: str


@dataclass(frozen=True)
class ModelEntry:
    model_id: str
    name: str
    kind: str
    status: str


@dataclass(frozen=True)
class Location:
    """Where a model's change shows in the repository (for annotations and links)."""

    file: str
    line: int | None = None


@dataclass(frozen=True)
class CatalogDiff:
    base: str
    head: str
    added: tuple[ModelEntry, ...]
    removed: tuple[ModelEntry, ...]
    price_changes: tuple[PriceChange, ...]
    field_changes: tuple[FieldChange, ...]
    flags: tuple[Flag, ...]
    locations: Mapping[str, Location] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.price_changes or self.field_changes or self.flags)

    @property
    def changed_models(self) -> int:
        return len({c.model_id for c in (*self.price_changes, *self.field_changes)})


def price_components(block: PricingBlock | None) -> dict[str, Decimal]:
    """Every price of a block (and every multiplier) under a stable name."""
    if block is None:
        return {}
    units = price_units()
    found: dict[str, Decimal] = {}

    def flat(prices: PriceSet, prefix: str) -> None:
        for name in units:
            value = getattr(prices, name)
            if value is not None:
                found[f"{prefix}{name}"] = value
        multiplier = getattr(prices, "multiplier", None)
        if multiplier is not None:
            found[f"{prefix}multiplier"] = multiplier
        for tier in getattr(prices, "tiers", ()):
            flat(tier, f"{prefix}tiers[>{tier.above}].")

    flat(block, "")
    for name, variant in sorted(block.variants.items()):
        flat(variant, f"variants.{name}.")
    for window in block.windows:
        flat(window, f"windows[{window.name} {window.start}-{window.end}].")
    for image in block.output_images:
        found[f"output_images[{image.size}{' ' + image.quality if image.quality else ''}]"] = image.price
    return found


def _same_prices(a: PricingBlock, b: PricingBlock) -> bool:
    return price_components(a) == price_components(b)


def _kept(block: PricingBlock, history: tuple[PricingBlock, ...]) -> bool:
    """Whether the new history holds these prices (with the same effective day, if it had one)."""
    return any(_same_prices(block, h) and (block.effective is None or h.effective == block.effective)
               for h in history)


def _fields(model: ModelSpec) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(model, name) for name in LIFECYCLE_FIELDS}
    values |= {f"limits.{name}": getattr(model.limits, name) for name in Limits.model_fields}
    values |= {f"capabilities.{name}": getattr(model.capabilities, name) for name in Capabilities.model_fields}
    values |= {"modalities.input": model.modalities.input, "modalities.output": model.modalities.output}
    return values


def _price_list(components: Mapping[str, Decimal]) -> str:
    return ", ".join(f"{name} {_value(name, value)}" for name, value in components.items()) or "none"


def _changed_model(old: ModelSpec, new: ModelSpec, curated: bool) -> Iterator[PriceChange | FieldChange | Flag]:
    before, after = price_components(old.pricing), price_components(new.pricing)
    changes = [PriceChange(new.id, name, before.get(name), after.get(name))
               for name in sorted(set(before) | set(after), key=_component_order)
               if before.get(name) != after.get(name)]
    yield from changes
    for change in changes:
        if change.is_slip:
            yield Flag(new.id, "diff.unit-slip",
                       f"{change.component} {_value(change.component, change.old)} -> "
                       f"{_value(change.component, change.new)} is a change of 10x or more: a unit slip "
                       "(per 1k instead of per 1M tokens, per token)?")
    if changes and curated and old.pricing is not None and new.pricing is not None:
        if old.pricing.verified == new.pricing.verified and str(old.pricing.source) == str(new.pricing.source):
            yield Flag(new.id, "diff.unverified-change",
                       f"prices changed but `verified` ({new.pricing.verified}) and `source` did not: "
                       "check the new prices against the source and update `verified`")
        if not _kept(old.pricing, new.price_history) and before:
            yield Flag(new.id, "diff.history-dropped",
                       f"the old prices ({_price_list(before)}) are not kept in price_history: move the old "
                       "block there with its `effective` day, and give the new one its own `effective`")
    if curated:
        for block in old.price_history:
            if not _kept(block, new.price_history):
                when = f"effective {block.effective}" if block.effective else "the earliest"
                yield Flag(new.id, "diff.history-dropped",
                           f"price_history lost {when} ({_price_list(price_components(block))}); "
                           "history is kept, never rewritten")
    old_fields, new_fields = _fields(old), _fields(new)
    for name, value in new_fields.items():
        if old_fields[name] != value:
            yield FieldChange(new.id, name, old_fields[name], value)


def _component_order(name: str) -> tuple[int, str]:
    return (name.count(".") + name.count("["), name)


def _entry(model: ModelSpec) -> ModelEntry:
    return ModelEntry(model.id, model.name, model.kind, model.status)


def compare(
    old: Mapping[str, ModelSpec],
    new: Mapping[str, ModelSpec],
    *,
    base: str,
    head: str,
    today: dt.date,
    curated: frozenset[str] = frozenset(),
    locations: Mapping[str, Location] | None = None,
    invalid: Mapping[str, str] | None = None,
) -> CatalogDiff:
    """What changed from `old` to `new` (model id -> spec). `curated` names the models whose
    prices are curated (history and verification are checked for those only: an imported
    snapshot has neither); `invalid` maps the ids of the new side that failed validation to a
    message, so that a broken spec is not reported as a removed model."""
    invalid = invalid or {}
    added = tuple(_entry(new[i]) for i in sorted(set(new) - set(old)))
    removed_ids = sorted(set(old) - set(new) - set(invalid))
    prices: list[PriceChange] = []
    fields: list[FieldChange] = []
    flags: list[Flag] = [Flag(i, "diff.invalid", message) for i, message in sorted(invalid.items())]
    for model_id in removed_ids:
        model = old[model_id]
        if effective_status(model, today) not in ("deprecated", "retired") and not (model.deprecated_on or model.retires_on):
            flags.append(Flag(model_id, "diff.removed-not-deprecated",
                              "removed, but it was never deprecated: mark it deprecated (deprecated_on, "
                              "retires_on, successor) first, or say in the pull request why it goes"))
    for model_id in sorted(set(old) & set(new)):
        if old[model_id] == new[model_id]:
            continue
        for item in _changed_model(old[model_id], new[model_id], model_id in curated):
            {PriceChange: prices, FieldChange: fields, Flag: flags}[type(item)].append(item)  # type: ignore[index]
    return CatalogDiff(base, head, added, tuple(_entry(old[i]) for i in removed_ids), tuple(prices), tuple(fields),
                       tuple(flags), dict(locations or {}))


# --- reading two revisions -----------------------------------------------------------------


def spec_id(relative: str) -> str | None:
    """The model id a data file belongs to: `models/p/m.yaml` or `imported/s/models/p/m.yaml`."""
    parts = relative.split("/")
    if parts[0] == "imported" and len(parts) == 5 and parts[2] == "models":
        parts = parts[2:]
    if len(parts) == 3 and parts[0] == "models" and parts[2].endswith((".yaml", ".yml")):
        return f"{parts[1]}/{parts[2].rsplit('.', 1)[0]}"
    return None


@dataclass(frozen=True)
class Side:
    """One side of a diff, loaded: its models, which ones are curated, which are broken."""

    models: Mapping[str, ModelSpec]
    curated: frozenset[str]
    invalid: Mapping[str, str]
    locations: Mapping[str, Location]


def load_side(data_dir: Path, shown_as: str) -> Side:
    """Load a (partial) data folder; `shown_as` is its path in the repository, for locations."""
    from catalog.checks.stale import is_imported_file
    from catalog.load import load_catalog

    catalog = load_catalog(data_dir)
    curated = frozenset(i for i in catalog.models if catalog.models[i].pricing is not None
                        and not is_imported_file(catalog.origins[i].file_for(("pricing",)), data_dir))
    invalid = {}
    for model_id, files in catalog.sources.items():
        if model_id not in catalog.models:
            errors = [f for f in catalog.findings if f.file in files and f.severity == "error"]
            first = errors[0] if errors else None
            invalid[model_id] = (f"{_repo_path(first.file, data_dir, shown_as)}:{first.line}: {first.message}"
                                 if first else "invalid")
    locations = {model_id: _LazyLocation(files[-1], _repo_path(files[-1], data_dir, shown_as))
                 for model_id, files in catalog.sources.items()}
    return Side(catalog.models, curated, invalid, locations)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _LazyLocation:
    """A spec file, and the repository path it is shown as; its line is read when asked for."""

    path: Path
    file: str

    def resolved(self) -> Location:
        """The file with the line of its `pricing:` key (a text scan: no second YAML parse)."""
        try:
            text = self.path.read_text("utf-8")
        except OSError:
            return Location(self.file)
        at = text.find("\npricing:")
        return Location(self.file, text.count("\n", 0, at) + 2 if at >= 0 else None)


def _repo_path(file: Path, data_dir: Path, shown_as: str) -> str:
    from catalog.checks.stale import relative_to_data

    relative = relative_to_data(Path(file), Path(data_dir)).as_posix()
    return f"{shown_as}/{relative}" if shown_as else relative


def _work_tree_files(data_dir: Path, ids: set[str]) -> dict[str, Path]:
    """The work tree's files of these models, in every layer."""
    found = {}
    for model_id in ids:
        provider, name = model_id.split("/", 1)
        for suffix in (".yaml", ".yml"):
            for path in [data_dir / "models" / provider / f"{name}{suffix}",
                         *data_dir.glob(f"imported/*/models/{provider}/{name}{suffix}")]:
                if path.is_file():
                    found[path.relative_to(data_dir).as_posix()] = path
    return found


COPY_LIMIT = 500
"""Above this many changed models, the work tree is loaded in place rather than copied."""


def diff_revisions(data_dir: Path, rev: str, to_rev: str | None, today: dt.date) -> CatalogDiff:
    """The catalog at `rev` against the work tree (or `to_rev`). Only the files of models that
    changed are read on either side, so a one-file change to a 4,000-model catalog is quick."""
    from catalog.checks import gitrev

    repo = gitrev.locate(data_dir)
    old_files = gitrev.tree_files(repo, rev)
    if to_rev is not None:
        new_files = gitrev.tree_files(repo, to_rev)
        changed = {p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)}
    else:
        changed = gitrev.changed_in_work_tree(repo, rev)
    ids = {i for i in map(spec_id, changed) if i is not None}
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        old_dir = gitrev.materialize(repo, {p: b for p, b in old_files.items() if spec_id(p) in ids}, Path(tmp) / "old")
        if to_rev is not None:
            new_dir = gitrev.materialize(repo, {p: b for p, b in new_files.items() if spec_id(p) in ids},
                                         Path(tmp) / "new")
        elif len(ids) > COPY_LIMIT:
            new_dir = Path(data_dir)  # most of it changed: read the work tree in place, not a copy
        else:
            new_dir = Path(tmp) / "new"
            for relative, path in _work_tree_files(Path(data_dir), ids).items():
                (new_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                (new_dir / relative).write_bytes(path.read_bytes())
            new_dir.mkdir(exist_ok=True)
        old, new = load_side(old_dir, repo.prefix), load_side(new_dir, repo.prefix)
        result = compare(old.models, new.models, base=rev, head=to_rev or "work tree", today=today,
                         curated=new.curated | (old.curated - set(new.models)), invalid=new.invalid)
        # Lines only for the models the report names, read while the files are still there;
        # a removed model's file is gone: it is named without a line.
        named = {x.model_id for x in (*result.flags, *result.price_changes)}
        locations = {i: Location(where.file) for i, where in old.locations.items() if i in named}
        locations |= {i: where.resolved() for i, where in new.locations.items() if i in named}  # type: ignore[attr-defined]
    return replace(result, locations=locations)


# --- output -------------------------------------------------------------------------------


def _value(component: str, value: Any) -> str:
    if value is None:
        return "unknown" if "multiplier" not in component else "none"
    if component.endswith("multiplier"):
        return f"x{format(Decimal(value).normalize(), 'f')}"
    return format_price(value)


def _percent(change: PriceChange) -> str:
    if change.old is None:
        return "new"
    if change.new is None:
        return "removed"
    percent = change.percent
    return "from $0" if percent is None else f"{percent:+.1f}%"


def _plain(value: Any) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _where(d: CatalogDiff, model_id: str) -> str:
    where = d.locations.get(model_id)
    if where is None:
        return ""
    return f" ({where.file}{'' if where.line is None else f':{where.line}'})"


def summary_line(d: CatalogDiff) -> str:
    return (f"{d.base} -> {d.head}: {len(d.added)} added, {len(d.removed)} removed, {d.changed_models} changed "
            f"({len(d.price_changes)} price changes, {len(d.field_changes)} other changes); "
            f"{len(d.flags)} flag{'s' * (len(d.flags) != 1)} to review")


def as_text(d: CatalogDiff) -> str:
    lines = [summary_line(d)]
    lines += [f"FLAG   {f.model_id}: [{f.rule}] {f.message}{_where(d, f.model_id)}" for f in d.flags]
    lines += [f"ADDED  {m.model_id} ({m.kind}, {m.status})" for m in d.added]
    lines += [f"REMOVED {m.model_id} ({m.kind}, {m.status})" for m in d.removed]
    lines += [f"PRICE  {c.model_id} {c.component}: {_value(c.component, c.old)} -> {_value(c.component, c.new)} "
              f"({_percent(c)})" for c in d.price_changes]
    lines += [f"CHANGE {c.model_id} {c.field}: {_plain(c.old)} -> {_plain(c.new)}" for c in d.field_changes]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


MARKDOWN_ROWS = 60
"""Rows per table of the Markdown report: a GitHub comment holds at most 65,536 characters."""


def _rows(rows: list[str], what: str) -> list[str]:
    if len(rows) <= MARKDOWN_ROWS:
        return rows
    return [*rows[:MARKDOWN_ROWS], f"| … | {len(rows) - MARKDOWN_ROWS:,} more {what} (`catalog diff --format text` lists all) | | | |"]


def as_markdown(d: CatalogDiff, *, title: str = "Catalog changes") -> str:
    """A pull-request comment; its first line is `MARKER`."""
    lines = [MARKER, f"## {title}: `{d.base}` → `{d.head}`", ""]
    if d.empty:
        return "\n".join([*lines, "No model or price changed."])
    flagged = f"**{len(d.flags)} flag{'s' * (len(d.flags) != 1)} to review**" if d.flags else "No flags"
    lines += [f"{flagged} · {len(d.added)} added · {len(d.removed)} removed · {d.changed_models} changed "
              f"({len(d.price_changes)} price changes)", ""]
    if d.flags:
        lines += ["### To review", "", "| model | check | what |", "|---|---|---|"]
        lines += _rows([f"| `{f.model_id}` | {f.rule} | {_cell(f.message)} |" for f in d.flags], "flags")
        lines.append("")
    if d.price_changes:
        lines += ["### Price changes", "", "| model | price | old | new | change |", "|---|---|---:|---:|---:|"]
        rows = [f"| `{c.model_id}` | {c.component} | {_value(c.component, c.old)} | "
                f"{_value(c.component, c.new)} | {_percent(c)}{' ⚠️ 10x' if c.is_slip else ''} |"
                for c in sorted(d.price_changes, key=lambda c: not c.is_slip)]
        lines += _rows(rows, "price changes")
        lines.append("")
    for heading, entries in (("Added models", d.added), ("Removed models", d.removed)):
        if entries:
            lines += [f"### {heading}", ""]
            lines += [f"- `{m.model_id}`: {_cell(m.name)} ({m.kind}, {m.status})" for m in entries[:MARKDOWN_ROWS]]
            if len(entries) > MARKDOWN_ROWS:
                lines.append(f"- … and {len(entries) - MARKDOWN_ROWS:,} more")
            lines.append("")
    if d.field_changes:
        lines += ["### Limits, capabilities and lifecycle", "", "| model | field | old | new |", "|---|---|---|---|"]
        lines += _rows([f"| `{c.model_id}` | {c.field} | {_cell(_plain(c.old))} | {_cell(_plain(c.new))} |"
                        for c in d.field_changes], "changes")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_github(d: CatalogDiff) -> str:
    entries = []
    for f in d.flags:
        where = d.locations.get(f.model_id, Location(f.model_id))
        entries.append(("warning", annotation("warning", f"{f.model_id}: {f.message}", file=where.file,
                                               line=where.line, title=f.rule),
                        f"{where.file}: [{f.rule}] {f.model_id}: {f.message}"))
    for c in d.price_changes:
        where = d.locations.get(c.model_id, Location(c.model_id))
        text = (f"{c.model_id} {c.component}: {_value(c.component, c.old)} -> {_value(c.component, c.new)} "
                f"({_percent(c)})")
        entries.append(("notice", annotation("notice", text, file=where.file, line=where.line, title="diff.price"),
                        f"{where.file}: {text}"))
    return "\n".join([*capped(entries), summary_line(d)])  # type: ignore[arg-type]


def as_json(d: CatalogDiff) -> dict[str, Any]:
    def text(value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, dt.date):
            return value.isoformat()
        return list(value) if isinstance(value, tuple) else value

    return {
        "base": d.base,
        "head": d.head,
        "added": [vars(m) for m in d.added],
        "removed": [vars(m) for m in d.removed],
        "price_changes": [
            {"model": c.model_id, "price": c.component, "old": text(c.old), "new": text(c.new),
             "percent": None if c.percent is None else format(c.percent.quantize(Decimal("0.1")), "f"),
             "unit_slip": c.is_slip}
            for c in d.price_changes
        ],
        "changes": [{"model": c.model_id, "field": c.field, "old": text(c.old), "new": text(c.new)}
                    for c in d.field_changes],
        "flags": [{"model": f.model_id, "rule": f.rule, "message": f.message,
                   "file": d.locations[f.model_id].file if f.model_id in d.locations else None} for f in d.flags],
    }


FORMATS = {
    "text": as_text,
    "markdown": as_markdown,
    "github": as_github,
    "json": lambda d: json.dumps(as_json(d), indent=2, ensure_ascii=False),
}
