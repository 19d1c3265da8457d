"""The build: list every page of every kind, make them (in two worker processes forked after
the catalog is loaded, for a large catalog), stage the changed files beside the site and put
them in place.

A build whose inputs (spec files, workloads, configuration, smoke results, templates, the
package's code, the day, the base URL) are those of the site already there does nothing: the
fingerprint in the site's manifest says so. Otherwise a model's pages whose inputs did not
change are kept without being made (`catalog.site.incremental`); every other page's context is
made, a page whose context and template are those of the previous build is not rendered again,
and only the files whose bytes changed are written (`catalog.site.output`):

    build_site(load_catalog(Path("data")), Path("site"), base_url="https://models.example.com/")
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalog.config import ProjectConfig, config_path, load_config
from catalog.dataset import Catalog
from catalog.pricing import today as utc_today
from catalog.site import api, calculator_page, changes_page, compare_page, index_page, meta, model_page, provider_page, workloads_page
from catalog.site.incremental import (
    PageInputs,
    Record,
    BASE,
    memo_path,
    page_inputs,
    holds_unenriched,
    read_memo,
    record,
    still_current,
    write_memo,
)
from catalog.site.output import (
    Item,
    Manifest,
    Staged,
    check_output_folder,
    commit,
    discard,
    new_staging,
    read_manifest,
    site_files,
    stage_files,
)
from catalog.site.pages import Page, PageKind
from catalog.site.state import KEPT_TOTALS, Site, prepare_site
from catalog.site.index_page import ROWS, ROWS_BEFORE
from catalog.site.workloads_page import RANKING
from catalog.smoke.latest import smoke_folder

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
"""The default theme: Jinja2 templates and templates/static/ (CSS, JavaScript, favicon)."""

PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("index", index_page.pages),
    PageKind("model", model_page.pages),
    PageKind("providers", provider_page.pages),
    PageKind("workloads", workloads_page.pages),
    PageKind("changes", changes_page.pages),
    PageKind("compare", compare_page.pages),
    PageKind("calculator", calculator_page.pages),
    PageKind("api", api.pages),
    PageKind("meta", meta.pages),
)
"""Every kind of page the site has: the one place a page kind is registered."""

PARALLEL_FROM = 400
"""Below this many pages, forking workers costs more than it saves."""
WORKERS = 2


def make_environment(templates: Path = TEMPLATES) -> Environment:
    """Jinja2 with autoescape on for every template, undefined names an error, and compact,
    sorted JSON from `tojson` (which also escapes <, >, & and ' for script tags)."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        auto_reload=False,  # a build reads each template once; `catalog serve` makes a new Environment per build
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def list_pages(site: Site, templates: Path) -> list[Page]:
    """Every page of every kind, then the static files and the sitemap of the HTML pages."""
    listed = [page for kind in PAGE_KINDS for page in kind.pages(site)]
    listed.extend(meta.static_pages(templates))
    html = tuple(p.path for p in listed if p.path.endswith(".html"))
    listed.append(Page("sitemap.xml", None, _sitemap, html))
    paths = [p.path for p in listed]
    if len(set(paths)) != len(paths):
        raise ValueError("two pages claim the same path")
    return listed


def _sitemap(site: Site, html: Sequence[str]) -> str:
    return meta.sitemap_xml(html, site.base_url)


def render_page(site: Site, page: Page) -> bytes:
    made = page.make(site) if page.arg is None else page.make(site, page.arg)
    if page.template is not None:
        made = site.env.get_template(page.template).render(made)
    return made if isinstance(made, bytes) else made.encode("utf-8")


class Plan(NamedTuple):
    """What decides, before a model's pages are made, whether the previous build's still hold:
    this build's inputs, and what the previous build noted of each model's pages."""

    inputs: PageInputs
    before: Mapping[str, Record]
    held: Mapping[str, Record] = {}
    """The models whose pages the fast or the near check keeps (`models_to_make`), with their
    records: decided once, before the workers fork."""


def staged_item(site: Site, page: Page, theme: str, plan: Plan | None = None) -> Item:
    """A page as `stage_files` takes it. A templated page's source digest covers its template
    (through `theme`, the digest of every template) and its context, so a page whose context did
    not change is carried over without rendering; a model's pages whose inputs did not change
    (`plan`) are carried over without making their context, and so is a page that shows only
    models that did not change (`Page.shows`)."""

    def prepare() -> tuple[str | None, Callable[[], bytes]]:
        if page.template is None:
            return None, lambda: render_page(site, page)
        context = page.make(site) if page.arg is None else page.make(site, page.arg)
        # Contexts hold plain values built in a fixed order, so their repr is a stable (and, for
        # these dicts, a third cheaper than JSON) text of everything the template can read.
        source = hashlib.sha256(f"{theme}\0{page.template}\0{context!r}".encode()).hexdigest()
        return source, lambda: site.env.get_template(page.template).render(context).encode("utf-8")

    model = page.model
    if plan is not None and page.shows is not None:
        # Its source is the digest of what it shows: made only when that changed.
        shown = page.shows
        return Item(page.path, None, lambda: (plan.inputs.shown(page.path, page.template, shown),
                                              lambda: render_page(site, page)))
    if model is None or plan is None:
        return Item(page.path, None, prepare)
    return Item(page.path, lambda: model_record(site, plan, model)[0], prepare)


def model_record(site: Site, plan: Plan, model_id: str) -> tuple[bool, Record]:
    """Whether the previous build's pages of the model still hold, and the record of them to
    keep, decided once per process (both pages of a model are in one chunk)."""
    found = site.extra.setdefault("records", {})
    if model_id not in found:
        kept = plan.held.get(model_id) or still_current(site, plan.inputs, plan.before.get(model_id), model_id)
        found[model_id] = (True, kept) if kept is not None else (False, record(site, plan.inputs, model_id))
    return found[model_id]


def theme_digest(templates: Path) -> str:
    """A digest of every template, of this package's code and of the Jinja2 version: what turns
    a context into bytes."""
    digest = hashlib.sha256(jinja2.__version__.encode() + b"\0")
    files = sorted(p for p in templates.rglob("*") if p.is_file())
    files += sorted(Path(__file__).resolve().parent.glob("*.py"))
    for path in files:
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(catalog: Catalog, templates: Path, extra: Sequence[str], smoke: Path | None = None) -> str:
    """A digest of everything a build reads: each input file's path, size and modification time
    (spec files, workloads, configuration, smoke results, templates, the package's code) and
    the settings."""
    files: list[Path] = [p for paths in catalog.sources.values() for p in paths]
    if smoke is not None and smoke.is_dir():
        files += list(smoke.glob("*.jsonl"))
    files += [p for paths in catalog.provider_sources.values() for p in paths]
    files += [*catalog.data_dir.glob("*.yaml"), config_path(catalog.data_dir)]  # workloads, canonical, kinds
    files += [p for p in templates.rglob("*") if p.is_file()]
    files += list(Path(__file__).resolve().parent.parent.rglob("*.py"))
    digest = hashlib.sha256()
    for part in extra:
        digest.update(part.encode() + b"\0")
    for path in sorted(set(map(str, files))):
        try:
            stat = os.stat(path)
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
    return digest.hexdigest()


# Set before the workers fork, read by them: nothing is pickled but chunk numbers and results.
_JOB: dict[str, Any] = {}
CHUNKS = 16
"""Pages are dealt into this many chunks that the workers take as they finish, so a slow page
(the index, models.json) does not leave one worker idle."""


def _stage_chunk(chunk: int) -> Done:
    site, chunks, staging, old, present, theme, plan = (
        _JOB[k] for k in ("site", "chunks", "staging", "old", "present", "theme", "plan"))
    return _stage(site, chunks[chunk], staging, old, present, theme, plan)


def _stage(site: Site, pages: Sequence[Page], staging: Path, old: Manifest, present: frozenset[str],
           theme: str, plan: Plan) -> Done:
    site.extra.pop("records", None)  # the records of these pages' models, not of earlier ones
    site.priced.clear()  # and the monthly totals these pages price
    known = set(site.extra)
    staged = stage_files((staged_item(site, p, theme, plan) for p in pages), staging, old, present)
    records = {p.model: model_record(site, plan, p.model)[1] for p in pages if p.model is not None}
    # Only what these pages computed: a worker's later chunks need not send it back again.
    return staged, records, {k: v for k, v in kept_for_next(site, plan.inputs).items() if k not in known}


BILLS = "workload_bills"
"""The key of the monthly totals of presets on models (`Site.totals`) in what a build keeps."""


BY_MODEL = ((ROWS, ROWS_BEFORE), (api.ENTRIES, api.ENTRIES_BEFORE))
"""The `Site.extra` keys of what list pages make per model and a build keeps for the next,
each with the key of the previous build's that still hold: the index's rows, models.json's
entries."""


def kept_for_next(site: Site, inputs: PageInputs) -> dict[Any, Any]:
    """What a process computed that a build keeps for the next one (`to_keep`): the workload
    rankings, the monthly totals it priced, and what list pages made per model, pickled here
    (in the worker that made them) with each model's spec digest (`by_model`)."""
    kept = _rankings(site)
    for key, _ in BY_MODEL:
        if key in site.extra:
            kept[key] = pickle.dumps(by_model(site.extra[key], inputs), pickle.HIGHEST_PROTOCOL)
    kept[BILLS] = dict(site.priced)
    return kept


def _rankings(site: Site) -> dict[tuple[str, str], Any]:
    """The workload rankings this process holds: kept from the previous build, or computed."""
    return {k: v for k, v in site.extra.items() if isinstance(k, tuple) and k[0] == RANKING}


class KeptByModel(Mapping[tuple, Any]):
    """What the previous build kept per model (`by_model`, pickled: a list page's parts, the
    monthly totals), unpickled when first asked for (in the worker that needs it, not before
    the fork), and only for the models whose spec is what it was (`still_holding`)."""

    def __init__(self, data: Any, inputs: PageInputs) -> None:
        self._data, self._inputs = data, inputs
        self._values: dict[tuple, Any] | None = None

    def _loaded(self) -> dict[tuple, Any]:
        if self._values is None:
            try:
                kept = pickle.loads(self._data) if isinstance(self._data, bytes) else None
            except Exception:  # written by other code, or damaged: nothing kept
                kept = None
            self._values = still_holding(kept, self._inputs)
            self._data = None
        return self._values

    def __getitem__(self, key: tuple) -> Any:
        return self._loaded()[key]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def by_model(values: Mapping[tuple, Any], inputs: PageInputs) -> tuple[dict[str, str], dict[tuple, Any]]:
    """Values keyed by tuples starting with a model id, with the digest of each model's spec
    they were made from, as the memo keeps them."""
    return {key[0]: inputs.own[key[0]] for key in values if key[0] in inputs.own}, dict(values)


def still_holding(kept: Any, inputs: PageInputs) -> dict[tuple, Any]:
    """Of the values the previous build kept (`by_model`), those whose model's spec is what it
    was; anything unreadable is none."""
    try:
        digests, values = kept
        return {key: value for key, value in values.items()
                if key[0] in inputs.own and digests.get(key[0]) == inputs.own[key[0]]}
    except (TypeError, ValueError, AttributeError, IndexError, KeyError):
        return {}


RANKINGS = "rankings"
"""The memo's key of the workload rankings, each with the digest of the kinds it ranks."""


def carry_over(site: Site, inputs: PageInputs, previous: Mapping[Any, Any]) -> None:
    """Put into `site.extra` what the previous build kept (`to_keep`) that still holds:
    - what list pages made per model (`BY_MODEL`) and each model's monthly total for each
      preset, while the model's spec and what every model shares (`PageInputs.base`: the
      presets, the day, the templates, the code) are what they were;
    - each preset's ranking, while nothing changed in the kinds it ranks (`PageInputs.spheres`):
      a new chat price does not rank the image presets again.
    Anything unreadable is nothing kept."""
    same_base = previous.get(BASE) == inputs.base
    for key, before in BY_MODEL:
        site.extra[before] = KeptByModel(previous.get(key) if same_base else None, inputs)
    site.extra[KEPT_TOTALS] = KeptByModel(previous.get(BILLS) if same_base else None, inputs)
    rankings = previous.get(RANKINGS)
    for name, workload in site.workloads.items():
        kept = rankings.get(name) if isinstance(rankings, dict) else None
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == inputs.of_kinds(workload.kinds):
            site.extra[(RANKING, name)] = kept[1]


def to_keep(site: Site, inputs: PageInputs, computed: Iterable[Mapping[Any, Any]]) -> dict[Any, Any]:
    """What this build keeps for the next (`carry_over`): what held from the previous build
    (`site.extra`, before the workers) and what each worker computed (`computed`)."""
    kept = _rankings(site)
    # The totals kept and not priced again carry over (unpickled here, by the memo's writer,
    # not before the workers); every list page is made anew.
    bills = dict(site.extra.get(KEPT_TOTALS, {}))
    bills.update(site.totals)
    for found in computed:
        bills.update(found.get(BILLS, {}))
        kept.update((k, v) for k, v in found.items() if k != BILLS)
    rankings = {key[1]: (inputs.of_kinds(site.workloads[key[1]].kinds), value) for key, value in kept.items()
                if isinstance(key, tuple) and key[0] == RANKING and key[1] in site.workloads}
    return {BASE: inputs.base, BILLS: pickle.dumps(by_model(bills, inputs), pickle.HIGHEST_PROTOCOL),
            RANKINGS: rankings, **{key: kept.get(key, b"") for key, _ in BY_MODEL}}


FEW = 100
"""Up to this many models whose pages must be made, one worker makes them all (building the
peer tables itself, once) while the other renders the lists; more, and the tables are built
before the workers fork and the model pages are dealt evenly."""


def deal(pages: Sequence[Page], count: int = CHUNKS, together: Collection[str] = ()) -> list[list[Page]]:
    """Pages dealt into `count` chunks, the pages of one model (its page, its JSON) into the same
    chunk, so the worker taking it enriches that model once (`LazyEnrichment`), the pages of a
    group into one chunk, and the pages of the models in `together` all into the first chunk."""
    chunks: list[list[Page]] = [[] for _ in range(count)]
    first = 1 if together else 0  # the first chunk is kept for `together`
    slot: dict[str, int] = {}
    # The pages of many models first (`_shared_first`): their chunks are taken first, while the
    # pages of one model each fill the rest.
    for page in sorted(pages, key=_shared_first):
        if page.model is not None and page.model in together:
            chunks[0].append(page)
            continue
        key = page.group or (page.arg if isinstance(page.arg, str) else page.path)
        chunks[slot.setdefault(key, first + len(slot) % (count - first))].append(page)
    return chunks


def _shared_first(page: Page) -> tuple[bool, bool]:
    """Pages of many models first, groups (which share costly data: the workload rankings)
    before lists (the index), then the pages of one model each: in a single process too, so
    the rankings read the kept monthly totals before a model page prices its own."""
    return page.model is not None, page.group is None


def models_to_make(site: Site, pages: Sequence[Page], plan: Plan, old: Manifest,
                   present: frozenset[str]) -> tuple[frozenset[str], dict[str, Record]]:
    """The models some page of which fails the fast and the near check (`incremental`): only
    their kind's tables can tell whether their pages still hold; and the records of the others."""
    made: set[str] = set()
    held: dict[str, Record] = {}
    missing = {page.model for page in pages
               if page.model is not None and (page.path not in present or page.path not in old.files)}
    for model in dict.fromkeys(page.model for page in pages if page.model is not None):
        before = plan.before.get(model)
        kept = None if before is None or model in missing else holds_unenriched(site, plan.inputs, before, model)
        if kept is None:
            made.add(model)
        else:
            held[model] = kept
    return frozenset(made), held


def build_site(
    catalog: Catalog,
    out: Path,
    *,
    base_url: str | None = None,
    config: ProjectConfig | None = None,
    today: dt.date | None = None,
    templates: Path = TEMPLATES,
    workers: int | None = None,
) -> HtmlPages:
    """Render the site into `out`, replacing what was there only once rendering succeeded, and
    return the HTML pages it holds.

    Raises OutputFolderError (nothing touched) when `out` is not safe to replace, and OSError
    when writing fails; either way the previous site stays and no staging folder is left.
    `base_url` (else the configuration's `site.base_url`) makes the sitemap's addresses absolute.
    """
    out = Path(out)
    check_output_folder(out, catalog.data_dir)
    config = config if config is not None else load_config(config_path(catalog.data_dir))
    today = today or utc_today()
    base_url = base_url or (str(config.site.base_url) if config.site.base_url else None)
    real = out.resolve()
    old = read_manifest(real) if real.is_dir() else Manifest({})
    present = site_files(real)
    stamp = fingerprint(catalog, templates, (today.isoformat(), base_url or "", config.model_dump_json()),
                        smoke_folder(catalog.data_dir, config.smoke.results_dir))
    if old.fingerprint == stamp and present == old.files.keys():
        return _html_pages(out, old.files)

    site = prepare_site(catalog, config, today=today, env=make_environment(templates),
                        base_url=base_url, kinds=frozenset(k.name for k in PAGE_KINDS))
    theme = theme_digest(templates)
    settings = hashlib.sha256(f"{theme}\0{today}\0{base_url}\0{config.model_dump_json()}\0{sorted(site.kinds)}".encode())
    plan = Plan(page_inputs(site, settings.hexdigest(), smoke_folder(catalog.data_dir, config.smoke.results_dir)),
                previous_records(old))
    memo = memo_path(real)
    carry_over(site, plan.inputs, read_memo(memo))
    pages = list_pages(site, templates)
    staging = new_staging(out)
    try:
        done = _stage_all(site, pages, staging, old, present, theme, plan, workers)
        results = [result for result, _, _ in done]
        records = {model: kept.to_json() for _, found, _ in done for model, kept in found.items()}
        manifest = Manifest({rel: sha for result in results for rel, sha in result.digests.items()}, stamp,
                            {rel: key for result in results for rel, key in result.sources.items()},
                            records, plan.inputs.world)
        commit(staging, out, manifest, old, present, (rel for result in results for rel in result.changed))
    except BaseException:
        discard(staging)
        raise
    computed = [kept for _, _, kept in done]
    write_memo(memo, lambda: to_keep(site, plan.inputs, computed))
    return _html_pages(out, manifest.files)


Done = tuple[Staged, dict[str, Record], dict[Any, Any]]
"""What staging a share of the pages gives: the files, the record of each model's pages
(`incremental.Record`), and what to keep for the next build (`kept_for_next`)."""


def _stage_all(site: Site, pages: Sequence[Page], staging: Path, old: Manifest, present: frozenset[str],
               theme: str, plan: Plan, workers: int | None) -> list[Done]:
    """Stage every page, in worker processes for a large site. When a few models' pages are to
    be made, one worker makes them all, building the peer tables itself; when many are, the
    tables are built here, before the workers fork, and shared by them."""
    to_make, held = models_to_make(site, pages, plan, old, present)
    plan = plan._replace(held=held)
    if len(to_make) > FEW:
        # Every worker enriches models: build the tables of their kinds once, here.
        site.enriched.ready({site.catalog.models[model].kind for model in to_make})
    parallel = workers if workers is not None else (WORKERS if len(pages) >= PARALLEL_FROM else 1)
    if parallel > 1 and "fork" in _fork_methods():
        chunks = deal(pages, together=to_make if len(to_make) <= FEW else ())
        _JOB.update(site=site, chunks=chunks, staging=staging, old=old, present=present, theme=theme, plan=plan)
        try:
            with ProcessPoolExecutor(parallel, mp_context=get_context("fork")) as pool:
                return list(pool.map(_stage_chunk, range(CHUNKS)))
        finally:
            _JOB.clear()
    return [_stage(site, sorted(pages, key=_shared_first), staging, old, present, theme, plan)]


def _fork_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def previous_records(old: Manifest) -> dict[str, Record]:
    """The records of the previous build's manifest; one that cannot be read is no record."""
    found = {}
    for model, value in old.models.items():
        try:
            found[model] = Record.from_json(value)
        except (TypeError, ValueError):
            continue
    return found


class HtmlPages(Sequence[Path]):
    """The HTML pages of a built site, in path order, each made a Path when asked for: a build
    that only counts them (`catalog build`) need not make five thousand."""

    def __init__(self, out: Path, rels: Sequence[str]) -> None:
        self._out, self._rels = out, rels

    def __len__(self) -> int:
        return len(self._rels)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._out / rel for rel in self._rels[index]]
        return self._out / self._rels[index]


def _html_pages(out: Path, files: Any) -> HtmlPages:
    return HtmlPages(out, sorted(rel for rel in files if rel.endswith(".html")))
