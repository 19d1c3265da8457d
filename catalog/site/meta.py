"""The files around the pages: static assets (CSS, JavaScript, favicon), `robots.txt`, `404.html`
and `sitemap.xml`, which lists every HTML page the other kinds made:

    sitemap_xml(["index.html", "models/a/b/index.html"], "https://models.example.com/")
    # '<?xml ...><url><loc>https://models.example.com/models/a/b/</loc></url>...'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from xml.sax.saxutils import escape

from catalog.site.pages import Page
from catalog.site.state import Site

STATIC = "static"


def static_pages(templates: Path) -> list[Page]:
    """Every file under templates/static/, copied as it is."""
    root = templates / STATIC
    return [Page(f"{STATIC}/{p.relative_to(root).as_posix()}", None, _read, p, shows=())
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")]


def _read(site: Site, path: Path) -> bytes:
    return path.read_bytes()


def pages(site: Site) -> Iterable[Page]:
    yield Page("robots.txt", None, robots_txt, shows=())
    yield Page("404.html", "404.html", not_found_context, shows=())


def robots_txt(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.base_url:
        lines.append(f"Sitemap: {site.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def not_found_context(site: Site) -> dict[str, Any]:
    # Served at any depth, so links start from the site's base path rather than relative.
    base = urlparse(site.base_url).path if site.base_url else "/"
    return {"root": base, "title": "Page not found", "description": "No page at this address.",
            "canonical_url": None}


def page_url(path: str) -> str:
    """`models/a/b/index.html` -> `models/a/b/`: the address a page is linked by."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def sitemap_xml(html_paths: Sequence[str], base_url: str | None) -> str:
    """Every page's absolute address (root-relative when no base URL is configured)."""
    base = base_url or "/"
    urls = "".join(f"<url><loc>{escape(base + page_url(p))}</loc></url>\n"
                   for p in sorted(html_paths) if p != "404.html")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")
