"""The build: list every page of every kind, render them (in two worker processes forked after
the catalog is loaded and enriched, for a large catalog), stage them beside the site and swap.

A build whose inputs (spec files, workloads, configuration, smoke results, templates, the
package's code, the day, the base URL) are those of the site already there does nothing: the fingerprint in the
site's manifest says so. Otherwise every page is rendered, and the files whose bytes did not
change are carried over from the previous site (see `catalog.site.output`):

    build_site(load_catalog(Path("data")), Path("site"), base_url="https://models.example.com/")
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalog.config import ProjectConfig, config_path, load_config
from catalog.dataset import Catalog
from catalog.pricing import today as utc_today
from catalog.site import api, calculator_page, changes_page, compare_page, index_page, meta, model_page, provider_page, workloads_page
from catalog.site.output import (
    SITE_MARKER,
    Manifest,
    Staged,
    check_output_folder,
    discard,
    finish,
    new_staging,
    read_manifest,
    stage_files,
)
from catalog.site.pages import Page, PageKind
from catalog.site.state import Site, prepare_site
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


def staged_item(site: Site, page: Page, theme: str) -> tuple[str, str | None, Callable[[], bytes]]:
    """A page as `stage_files` takes it. A templated page's source digest covers its template
    (through `theme`, the digest of every template) and its context, so a page whose context did
    not change is carried over without rendering."""
    if page.template is None:
        return page.path, None, lambda: render_page(site, page)
    context = page.make(site) if page.arg is None else page.make(site, page.arg)
    # Contexts hold plain values built in a fixed order, so their repr is a stable (and, for
    # these dicts, a third cheaper than JSON) text of everything the template can read.
    source = hashlib.sha256(f"{theme}\0{page.template}\0{context!r}".encode()).hexdigest()
    return page.path, source, lambda: site.env.get_template(page.template).render(context).encode("utf-8")


def theme_digest(templates: Path) -> str:
    """A digest of every template and of this package's code: what turns a context into bytes."""
    digest = hashlib.sha256()
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
    files += [catalog.data_dir / "workloads.yaml", config_path(catalog.data_dir)]
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


def _stage_chunk(chunk: int) -> Staged:
    site, chunks, staging, previous, old, theme = (
        _JOB[k] for k in ("site", "chunks", "staging", "previous", "old", "theme"))
    return stage_files((staged_item(site, p, theme) for p in chunks[chunk]), staging, previous, old)


def deal(pages: Sequence[Page], count: int = CHUNKS) -> list[list[Page]]:
    """Pages dealt into `count` chunks, the pages of one model (its page, its JSON) into the same
    chunk, so the worker taking it enriches that model once (`LazyEnrichment`)."""
    chunks: list[list[Page]] = [[] for _ in range(count)]
    slot: dict[str, int] = {}
    for page in pages:
        key = page.arg if isinstance(page.arg, str) else page.path
        chunks[slot.setdefault(key, len(slot) % count)].append(page)
    return chunks


def build_site(
    catalog: Catalog,
    out: Path,
    *,
    base_url: str | None = None,
    config: ProjectConfig | None = None,
    today: dt.date | None = None,
    templates: Path = TEMPLATES,
    workers: int | None = None,
) -> list[Path]:
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
    stamp = fingerprint(catalog, templates, (today.isoformat(), base_url or "", config.model_dump_json()),
                        smoke_folder(catalog.data_dir, config.smoke.results_dir))
    if old.fingerprint == stamp and _holds_exactly(real, old.files):
        return _html_pages(out, old.files)

    site = prepare_site(catalog, config, today=today, env=make_environment(templates),
                        base_url=base_url, kinds=frozenset(k.name for k in PAGE_KINDS))
    pages = list_pages(site, templates)
    staging = new_staging(out)
    previous = real if old.files else None
    theme = theme_digest(templates)
    try:
        parallel = workers if workers is not None else (WORKERS if len(pages) >= PARALLEL_FROM else 1)
        if parallel > 1 and "fork" in _fork_methods():
            _JOB.update(site=site, chunks=deal(pages), staging=staging, previous=previous, old=old, theme=theme)
            try:
                with ProcessPoolExecutor(parallel, mp_context=get_context("fork")) as pool:
                    results = list(pool.map(_stage_chunk, range(CHUNKS)))
            finally:
                _JOB.clear()
        else:
            results = [stage_files((staged_item(site, p, theme) for p in pages), staging, previous, old)]
        digests = {rel: sha for result in results for rel, sha in result.digests.items()}
        sources = {rel: key for result in results for rel, key in result.sources.items()}
        finish(staging, out, Manifest(digests, stamp, sources))
    except BaseException:
        discard(staging)
        raise
    return _html_pages(out, digests)


def _holds_exactly(site: Path, files: Any) -> bool:
    """Whether the site folder holds exactly the files its manifest lists (nobody added or
    removed one since it was built)."""
    found = set()
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site)
        found.update(name if rel == "." else f"{rel}/{name}" for name in names)
    found.discard(SITE_MARKER)
    return found == set(files)


def _fork_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def _html_pages(out: Path, files: Any) -> list[Path]:
    return [out / rel for rel in sorted(files) if rel.endswith(".html")]
