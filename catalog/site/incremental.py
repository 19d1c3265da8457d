"""Which model pages a rebuild must make again, decided before any of them is made.

A model's page (and its JSON) is made from three things: the model's own spec and files; the
few other models it names (similar models, the other offerings of its canonical model, its
successor), whose names and prices it shows; and the whole catalog, through what ranks, groups
and prices models (peer standings, capability shares, the similarity index, offerings). The
fields a page shows only of the model itself and of the models it names (`DISPLAY_FIELDS`) are
left out of the catalog-wide digest, so renaming one model remakes its page and the pages that
name it, not five thousand:

    inputs = page_inputs(site, settings="...")
    key = inputs.key("acme/sage", ("acme/sage-mini", "initech/vector"))
    # the same key as the previous build's: the page is kept without making its context

Any other change (a price, a limit, a capability, a status, a provider, the presets, the code,
the day) changes `world`, and every page is made again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.schema import ModelSpec
from catalog.site.state import Site

DISPLAY_FIELDS = frozenset({"name", "summary", "editorial", "links", "api"})
"""Spec fields that no catalog-wide computation reads: peers, similarity, identity, rankings
and statuses never look at them, so only the model's own page and the pages that name it
(`references`) show them."""

PACKAGE = Path(__file__).resolve().parent.parent
"""The catalog package: its code decides every page's content."""


@dataclass(frozen=True)
class PageInputs:
    """Digests of what model pages are made from: `world` (everything but the models' display
    fields) and `own` (model id -> its spec, files and where each value came from)."""

    world: str
    own: Mapping[str, str]

    def key(self, model_id: str, references: Iterable[str]) -> str:
        """The digest of everything the pages of `model_id` read, given the models they name."""
        digest = hashlib.sha256(f"{self.world}\0{self.own[model_id]}".encode())
        for other in references:
            digest.update(f"\0{other}\0{self.own.get(other, 'absent')}".encode())
        return digest.hexdigest()


def page_inputs(site: Site, settings: str, smoke: Path | None = None) -> PageInputs:
    """The inputs of every model page of `site`; `settings` is the digest of the build's own
    settings (templates, configuration, day, base URL), `smoke` the smoke results folder (peers
    rank measured latency)."""
    catalog = site.catalog
    shown = set(DISPLAY_FIELDS)
    ranked = set(ModelSpec.model_fields) - shown
    world = hashlib.sha256(f"{settings}\0{code_digest()}\0{catalog.data_dir.resolve()}\n".encode())
    own: dict[str, str] = {}
    for model_id, model in catalog.models.items():
        features = model.model_dump_json(include=ranked)
        world.update(f"{model_id}\0{features}\n".encode())
        mine = hashlib.sha256(features.encode())
        mine.update(model.model_dump_json(include=shown).encode())
        mine.update(repr((catalog.sources.get(model_id), catalog.origins.get(model_id))).encode())
        own[model_id] = mine.hexdigest()
    for provider in catalog.providers.values():
        world.update(provider.model_dump_json().encode() + b"\n")
    # Everything else the pages read, by content: rule findings (caveats quote them), models
    # that curated aliases replaced, the presets, smoke results, the data folder's own files
    # (canonical.yaml names the first-party providers).
    world.update(repr((tuple(catalog.findings), sorted(catalog.replaced.items()),
                       sorted(site.workloads.items()))).encode())
    files = sorted(catalog.data_dir.glob("*.yaml"))
    files += sorted(smoke.glob("*.jsonl")) if smoke is not None and smoke.is_dir() else []
    for path in files:
        world.update(str(path).encode() + b"\0" + _read(path) + b"\n")
    return PageInputs(world.hexdigest(), own)


def references(site: Site, model_id: str) -> tuple[str, ...]:
    """The other models whose spec a model's pages show: its successors, its canonical model's
    other offerings and its similar models (sorted, without repeats)."""
    model = site.catalog.models[model_id]
    enriched = site.enriched[model_id]
    named = {m.id for m in site.offerings[site.canonical[model_id]]}
    named.update(s.id for s in enriched.similar)
    named.update(o.id for o in enriched.offerings)
    successor, seen = model.successor, {model_id}
    while successor and successor not in seen:  # the successor advice walks the chain
        named.add(successor)
        seen.add(successor)
        following = site.catalog.models.get(successor)
        successor = following.successor if following is not None else None
    named.discard(model_id)
    return tuple(sorted(named))


def memo_path(site: Path) -> Path:
    """Where what a build of the site at `site` keeps for the next one lives (in the user cache
    folder, not in the site, which is published)."""
    from catalog.cache import cache_dir

    return cache_dir() / f"site-{hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:20]}.pickle"


def read_memo(path: Path, world: str) -> dict[Any, Any]:
    """What the previous build kept, if it was made from the same `world`; else nothing. A
    missing, damaged or foreign file is nothing, never an error."""
    try:
        kept = pickle.loads(path.read_bytes())
        if isinstance(kept, dict) and kept.get("world") == world and isinstance(kept.get("values"), dict):
            return kept["values"]
    except Exception:  # unreadable, or written by other code: start afresh
        pass
    return {}


def write_memo(path: Path, world: str, values: Mapping[Any, Any]) -> None:
    """Keep `values` (computed from `world` alone) for the next build; a cache folder that
    cannot be written only costs the next build the time to compute them again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump({"world": world, "values": dict(values)}, file, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError):
        Path(temporary).unlink(missing_ok=True)


_CODE: list[str] = []


def code_digest() -> str:
    """The digest of the catalog package's source: a change to the engine changes every page."""
    if not _CODE:
        digest = hashlib.sha256()
        for path in sorted(PACKAGE.rglob("*.py")):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        return f"unreadable {error.errno}".encode()
