"""Fixtures of the site tests: the small test catalog beside this file built once, a real HTTP
server on 127.0.0.1 serving it under a base path (/catalog/, so relative links are tested too),
Debian's chromium driven by Playwright, and the bundled catalog built once."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from catalog.load import bundled_data_dir, load_catalog
from catalog.pricing import today
from catalog.site import build_site

HERE = Path(__file__).resolve().parent
SITE_DATA = HERE / "data"
REPO = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BASE_PATH = "catalog/"


@pytest.fixture(scope="session")
def small_catalog():
    return load_catalog(SITE_DATA)


@pytest.fixture(scope="session")
def www(tmp_path_factory, small_catalog) -> Path:
    """A web root holding the small site under catalog/."""
    root = tmp_path_factory.mktemp("www")
    build_site(small_catalog, root / BASE_PATH.rstrip("/"), base_url="https://models.example.com/catalog/",
               today=today())
    return root


@pytest.fixture(scope="session")
def small_site(www) -> Path:
    return www / BASE_PATH.rstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name is http.server's
        pass


def serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def base_url(www):
    server = serve(www)
    yield f"http://127.0.0.1:{server.server_address[1]}/{BASE_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def playwright():
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extras: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as running:
        yield running


@contextlib.contextmanager
def chromium(playwright, **options):
    """Debian's chromium with a new, empty profile folder (removed afterwards)."""
    profile = tempfile.mkdtemp(prefix="catalog-chromium-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, **options)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_context(playwright):
    with chromium(playwright) as context:
        yield context


@pytest.fixture
def page(browser_context):
    """A fresh tab that records console errors and uncaught exceptions in `page.problems`."""
    tab = browser_context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.problems = problems
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "site"
    build_site(load_catalog(bundled_data_dir()), out, today=today())
    return out
