"""Every kind of page passes the Nu HTML Checker (npm vnu-jar, on Java) with no error and the
axe-core accessibility audit (npm axe-core, injected with Playwright) with no violation, in
light and dark colours."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "models/acme/sage/", "models/acme/painter/", "models/initech/vector/", "models/initech/relic/",
         "models/globex/abacus/", "api/v1/", "404.html", "providers/", "providers/acme/", "workloads/",
         "workloads/chatbot/", "changes/", "compare/?models=acme/sage,globex/quill,acme/painter&workload=chatbot",
         "calculator/?models=acme/sage,acme/painter&workload=chatbot"]
"""One page of each kind, and model pages of each shape (tiers and history, per-image and
predictions, embedding, retired, deprecated)."""


def _need(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: `make test` runs `npm ci` (package.json pins vnu-jar and axe-core)")


def test_every_html_page_of_the_test_site_passes_the_nu_html_checker(small_site):
    _need(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make test` installs Debian's default-jre-headless")
    pages = sorted(str(p) for p in small_site.rglob("*.html"))
    # index, API, 404, 14 model pages, 4 provider pages, 5 workload pages, changes, compare, calculator
    assert len(pages) == 29
    done = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/catalog/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_passes_axe_with_no_violation(page, base_url, path, scheme):
    _need(AXE)
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
                  for v in result["violations"]]
    assert violations == []
