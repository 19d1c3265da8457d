"""Pages: what a build writes, one `Page` per file, listed by the page kinds.

A page is a path in the site and how to make its bytes: a template and a function that builds
its context (a plain dict) from the `Site`, or a function that returns the file's content.
Nothing is rendered while pages are listed, so the list is cheap and the rendering can be
shared between worker processes:

    Page("models/google/gemini-2.0-flash/index.html", "model.html", model_context, "google/gemini-2.0-flash")
    Page("robots.txt", None, robots_txt)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple


class Page(NamedTuple):
    path: str
    """Where the file goes, relative to the site's root (`models/a/b/index.html`)."""
    template: str | None
    """The Jinja2 template under templates/, or None when `make` returns the content itself."""
    make: Callable[..., Any]
    """make(site, *args): the template's context (a dict), or the content (str or bytes)."""
    arg: Any = None
    """Passed to `make` after the site, when not None (a model id, a provider id)."""
    model: str | None = None
    """The model this page is about (its page, its JSON): a rebuild keeps the page without
    making it when the model's inputs did not change (`catalog.site.incremental`)."""
    group: str | None = None
    """Pages that read the same costly data (`Site.extra`: the workload rankings) name the same
    group, so one worker process computes it for all of them."""
    shows: tuple[str, ...] | None = None
    """The models whose specs are all the page shows besides what every page of a build shares
    (the settings, the templates, the code, the data folder's own files, the providers): a
    rebuild keeps the page without making it when none of them changed (a provider's page,
    with its models; `()` for a page of the settings alone, such as the API's schema)."""


@dataclass(frozen=True)
class PageKind:
    """A kind of page: a name, and the function that lists its pages for a site."""

    name: str
    pages: Callable[[Any], Iterable[Page]]
