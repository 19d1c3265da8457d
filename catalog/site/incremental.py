"""Which model pages a rebuild must make again, decided before making them.

A model's page (and its JSON) shows three things: the model's own spec and files; the few other
models it names (similar models, the other offerings of its canonical model, its successors),
whose names, statuses and prices it shows; and its enrichment (standing among peers, strengths
and caveats, similar models, FAQ), which the models of its kind move. Four checks, cheapest
first, say that the previous build's pages still hold:

- `fast`: nothing but display fields changed anywhere (`world`, the digest of every spec's
  other fields, is the previous build's), and neither the model nor the models it names
  changed at all. Renaming one model remakes its pages and the pages naming it, not 5,000.
- `near`: nothing changed that the model's enrichment reads (`spheres`: the models of its
  kind, every rule finding and `base`; peers, capability shares and similar models are
  counted within a kind, and the other offerings and successors it lists are models it
  names), and neither the model nor the models it names changed. A chat model's new price
  leaves every image model's pages be without enriching them.
- `reads`: the model, the models it names, the members of its canonical model and what its
  enrichment reads from its kind's tables (its standings, the capability shares, the
  candidates for its similar models and their specs: `Enricher.reads`) are what they were.
  A changed price moves the standings of the peers priced between its old and new value and
  the similar models of those it is a candidate for; the others are not enriched.
- `full`: the model, the models it names, the members of its canonical model and its
  enrichment are what they were: only the pages whose enrichment moved are made again.

    inputs = page_inputs(site, settings="...")
    before = Record(fast=..., near=..., reads=..., full=..., shows=("acme/sage-mini",))  # the last manifest's
    still_current(site, inputs, before, "acme/sage")   # the record to keep, or None: make it
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.files import write_atomically
from catalog.layers import Origins
from catalog.schema import ModelSpec
from catalog.site.state import Site

DISPLAY_FIELDS = frozenset({"name", "summary", "editorial", "links", "api"})
"""Spec fields that no catalog-wide computation reads: peers, similarity, identity, rankings
and statuses never look at them, so only the model's own page and the pages that name it
(`references`) show them."""

PACKAGE = Path(__file__).resolve().parent.parent
"""The catalog package: its code decides every page's content."""


@dataclass(frozen=True)
class Record:
    """What a build notes of a model's pages for the next build: the digests of their inputs
    by each check, and the other models they show."""

    fast: str
    near: str
    reads: str
    full: str
    shows: tuple[str, ...]

    def to_json(self) -> list[Any]:
        return [self.fast, self.near, self.reads, self.full, list(self.shows)]

    @staticmethod
    def from_json(value: Any) -> Record:
        fast, near, reads, full, shows = value
        return Record(str(fast), str(near), str(reads), str(full), tuple(map(str, shows)))


@dataclass(frozen=True)
class PageInputs:
    """Digests of what model pages are made from: `base` (the build's settings and everything
    in the data folder but the model specs), `world` (`base` and every spec's fields but the
    display ones), `spheres` (kind -> `base`, the rule findings, and the fields but the display
    ones of every model of the kind: what the enrichment of a model of the kind reads besides
    the models its page names), `own` (model id -> its whole spec, its files and where each
    value came from) and `features`."""

    base: str
    world: str
    own: Mapping[str, str]
    spheres: Mapping[str, str]
    features: Mapping[str, str]
    """Model id -> the digest of its fields but the display ones: what other models' enrichment
    reads of it."""

    def named(self, model_id: str, shows: Iterable[str]) -> str:
        """The part every check of a model's pages digests: the model's spec and the specs of
        the models its pages name."""
        own = self.own
        return f"\0{own[model_id]}" + "".join(f"\0{other}\0{own.get(other, 'absent')}" for other in shows)

    def fast(self, named: str) -> str:
        return _sha(f"{self.world}{named}")

    def near(self, kind: str, group: Iterable[str], named: str) -> str:
        return _sha(f"{self.spheres[kind]}\0{','.join(group)}{named}")

    def reads(self, group: Iterable[str], reads: tuple[str, tuple[str, ...]], named: str) -> str:
        text, candidates = reads
        features = self.features
        return _sha(f"{self.base}\0{text}\0{','.join(group)}{named}\0"
                    + "".join(f"\0{c}\0{features.get(c, 'absent')}" for c in candidates))

    def full(self, group: Iterable[str], enrichment: str, named: str) -> str:
        return _sha(f"{self.base}\0{enrichment}\0{','.join(group)}{named}")

    def shown(self, path: str, template: str | None, models: Iterable[str]) -> str:
        """The digest of what a page showing only `models` (`Page.shows`) is made from."""
        own = self.own
        return _sha(f"shows\0{self.base}\0{path}\0{template}" + "".join(f"\0{m}\0{own.get(m, 'absent')}" for m in models))

    def of_kinds(self, kinds: Iterable[str]) -> str:
        """The digest of what the models of `kinds` are (their spheres), to key what is
        computed from those models alone: a workload's ranking."""
        return _sha("\0".join([self.base, *(f"{k}:{self.spheres.get(k, '')}" for k in sorted(set(kinds)))]))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def page_inputs(site: Site, settings: str, smoke: Path | None = None) -> PageInputs:
    """The inputs of every model page of `site`; `settings` is the digest of the build's own
    settings (templates, configuration, day, base URL), `smoke` the smoke results folder (peers
    rank measured latency)."""
    catalog = site.catalog
    shown = set(DISPLAY_FIELDS)
    ranked = set(ModelSpec.model_fields) - shown
    base = hashlib.sha256(f"{settings}\0{code_digest()}\0{catalog.data_dir.resolve()}\n".encode())
    for provider in catalog.providers.values():
        base.update(provider.model_dump_json().encode() + b"\n")
    base.update(repr((sorted(catalog.replaced.items()), sorted(site.workloads.items()))).encode())
    # The data folder's own files (canonical.yaml names the first-party providers) and the
    # smoke results (the pages show the latest; peers rank measured latency).
    files = sorted(catalog.data_dir.glob("*.yaml"))
    files += sorted(smoke.glob("*.jsonl")) if smoke is not None and smoke.is_dir() else []
    for path in files:
        base.update(str(path).encode() + b"\0" + _read(path) + b"\n")
    world = base.copy()
    # Rule findings move caveats (by rule, never by where in the file: an edit above a finding
    # moves its line, not a page); the enrichment, which `full` digests, holds them too.
    findings = repr([(str(f.file), f.severity, f.rule, f.message) for f in catalog.findings]).encode()
    world.update(findings)
    own: dict[str, str] = {}
    ranked_only: dict[str, str] = {}
    spheres: dict[str, Any] = {}
    for model_id, model in catalog.models.items():
        features = f"{model_id}\0{model.model_dump_json(include=ranked)}\n".encode()
        world.update(features)
        sphere = spheres.get(model.kind)
        if sphere is None:
            sphere = spheres[model.kind] = hashlib.sha256(f"{base.hexdigest()}\0{model.kind}\0".encode() + findings)
        sphere.update(features)
        mine = hashlib.sha256(features)
        ranked_only[model_id] = mine.hexdigest()
        mine.update(model.model_dump_json(include=shown).encode())
        mine.update(_origin_text(catalog.sources.get(model_id, ()), catalog.origins.get(model_id)).encode())
        own[model_id] = mine.hexdigest()
    return PageInputs(base.hexdigest(), world.hexdigest(), own, {kind: s.hexdigest() for kind, s in spheres.items()},
                      ranked_only)


def _origin_text(files: Iterable[Path], origins: Origins | None) -> str:
    """The files a spec was merged from and which set each value, as text (the repr of the
    Paths took a fifth of the time to digest the bundled catalog)."""
    parts = [str(f) for f in files]
    if origins is not None:
        parts += ["", *map(str, origins.files), ""]
        parts += [f"{'.'.join(map(str, path))}={file}" for path, file in origins.by_path.items()]
        parts += [f"{file}={label}" for file, label in origins.labels.items()]
    return "\0".join(parts)


def references(site: Site, model_id: str) -> tuple[str, ...]:
    """The other models whose spec a model's pages show: its successors, its canonical model's
    other offerings and its similar models (sorted, without repeats)."""
    model = site.catalog.models[model_id]
    enriched = site.enriched[model_id]
    named = set(group(site, model_id))
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


def group(site: Site, model_id: str) -> tuple[str, ...]:
    """The offerings of the model's canonical model, the model among them, in the pages' order."""
    return tuple(m.id for m in site.offerings[site.canonical[model_id]])


def enrichment_digest(site: Site, model_id: str) -> str:
    return _sha(repr(site.enriched[model_id]))


class _Checks:
    """The digests of one model's pages by each check, each computed once and only if asked."""

    def __init__(self, site: Site, inputs: PageInputs, model_id: str, shows: tuple[str, ...]) -> None:
        self.site, self.inputs, self.model_id, self.shows = site, inputs, model_id, shows
        self.named = inputs.named(model_id, shows)

    @functools.cached_property
    def group(self) -> tuple[str, ...]:
        return group(self.site, self.model_id)

    @functools.cached_property
    def fast(self) -> str:
        return self.inputs.fast(self.named)

    @functools.cached_property
    def near(self) -> str:
        return self.inputs.near(self.site.catalog.models[self.model_id].kind, self.group, self.named)

    @functools.cached_property
    def reads(self) -> str:
        return self.inputs.reads(self.group, self.site.enriched.reads(self.model_id), self.named)

    @functools.cached_property
    def full(self) -> str:
        return self.inputs.full(self.group, enrichment_digest(self.site, self.model_id), self.named)

    def held(self, before: Record) -> Record | None:
        """`before`, or its update, when the fast or the near check says it holds."""
        if self.fast == before.fast:
            return before
        return Record(self.fast, self.near, before.reads, before.full, before.shows) if self.near == before.near else None


def still_current(site: Site, inputs: PageInputs, before: Record | None, model_id: str) -> Record | None:
    """The record of `model_id`'s pages when the previous build's (`before`) still hold, else
    None: they must be made again."""
    if before is None:
        return None
    checks = _Checks(site, inputs, model_id, before.shows)
    kept = checks.held(before)
    if kept is not None:
        return kept
    if checks.reads == before.reads:
        return Record(checks.fast, checks.near, checks.reads, before.full, before.shows)
    return Record(checks.fast, checks.near, checks.reads, checks.full, before.shows) if checks.full == before.full else None


def holds_unenriched(site: Site, inputs: PageInputs, before: Record, model_id: str) -> Record | None:
    """The record of `model_id`'s pages when the fast or the near check says the previous
    build's hold, else None: only its kind's tables can then tell (`still_current`)."""
    return _Checks(site, inputs, model_id, before.shows).held(before)


def record(site: Site, inputs: PageInputs, model_id: str) -> Record:
    """The record of `model_id`'s pages as this build makes them."""
    checks = _Checks(site, inputs, model_id, references(site, model_id))
    return Record(checks.fast, checks.near, checks.reads, checks.full, checks.shows)


def memo_path(site: Path) -> Path:
    """Where what a build of the site at `site` keeps for the next one lives (in the user cache
    folder, not in the site, which is published)."""
    from catalog.cache import cache_dir

    return cache_dir() / f"site-{hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:20]}.pickle"


BASE = "base"
"""The memo's key for the base digest (`PageInputs.base`) its per-model values were computed from."""


def read_memo(path: Path) -> dict[Any, Any]:
    """What the previous build kept for this one (`write_memo`); a missing, damaged or foreign
    file is nothing, never an error."""
    from catalog.cache import wait_for_writer

    wait_for_writer(path)  # a build of this process may still be writing it
    try:
        kept = pickle.loads(path.read_bytes())
        if isinstance(kept, dict):
            return kept
    except Exception:  # unreadable, or written by other code: start afresh
        pass
    return {}


def write_memo(path: Path, values: Mapping[Any, Any] | Callable[[], Mapping[Any, Any]]) -> None:
    """Keep `values` (or what calling it gives) for the next build, made and written by a forked
    child: pickling ten megabytes of a 5,000-model site, and merging what the previous build
    kept with what this one made, is time the build need not wait for. A cache folder that
    cannot be written only costs the next build the time to compute them again."""
    from catalog.cache import write_in_background

    def write() -> None:
        try:
            made = values() if callable(values) else values
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, pickle.dumps(dict(made), pickle.HIGHEST_PROTOCOL), 0o600)
        except (OSError, pickle.PicklingError):
            pass

    write_in_background(path, write)


@functools.cache
def code_digest() -> str:
    """The digest of the catalog package's source: a change to the engine changes every page."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        return f"unreadable {error.errno}".encode()
