"""The site: the validated, enriched catalog rendered as static HTML pages, a JSON API, a
sitemap and the assets they need, with Jinja2 templates from templates/.

Every page's address names its spec (`/models/<provider>/<model>/`); pages link relatively, so
the site works under any base path. A build is deterministic (the same input gives the same
bytes), atomic (built beside the site and swapped in) and incremental (unchanged files are
carried over, not rewritten):

    build_site(load_catalog(Path("data")), Path("site"))   # -> [Path("site/index.html"), ...]

The modules, one step each: `state` computes once what every page reads (`Site`: enrichment,
effective statuses, prices in force, offerings per canonical model, workload presets, the
gateways of `catalog.yaml` and the latest smoke results);
`pages` defines a `Page` (a path, a template, a context function); one module per page kind
lists its pages and builds their contexts (`index_page`, `model_page`, `provider_page`,
`workloads_page`, `compare_page`, `calculator_page`, `changes_page`, `api`, `meta`);
`views`, `charts`, `samples` and `smoke_status` make the strings, SVG geometry, code samples
and smoke results pages show; `build` renders, `output` writes and `serve` serves and
rebuilds on edits.

Adding a page kind
------------------
1. Write `catalog/site/<kind>.py` with `pages(site) -> Iterable[Page]` yielding, for each file,
   `Page("<path>/index.html", "<kind>.html", <kind>_context, arg)`, and the context function
   `<kind>_context(site, arg) -> dict` returning plain values (strings already formatted with
   `catalog.money` and `views`, never objects the template must compute with). Set
   `"root": views.relative_root(path)` so links work under any base path, and "title" and
   "description". A file that is not HTML returns its text or bytes with template None.
2. Write `templates/<kind>.html`: `{% extends "base.html" %}` and fill `main` (and `head`
   for extra tags, `scripts` for a module from static/js/).
3. Register it in `PAGE_KINDS` in `catalog/site/build.py`. The sitemap picks up every HTML
   page; the browser tests in tests/website/ run every HTML page of the test catalog through the
   HTML checker and the accessibility audit.
Precompute anything shared by many pages once, in `pages()` or `state.prepare_site`, since
contexts are built in worker processes.
"""

from __future__ import annotations

from catalog.site.build import PAGE_KINDS, build_site
from catalog.site.output import SITE_MARKER, OutputFolderError, check_output_folder

__all__ = ["PAGE_KINDS", "SITE_MARKER", "OutputFolderError", "build_site", "check_output_folder"]
