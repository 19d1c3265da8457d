"""The build's properties: deterministic, atomic, incremental, safe with symbolic links, links
that work under any base path, escaped data, and an API that matches its own schema."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from catalog.load import load_catalog
from catalog.site import SITE_MARKER, OutputFolderError, build_site
from catalog.site import build as build_module
from catalog.site import model_page
from catalog.site.api import api_schema

from .conftest import SITE_DATA

DAY = dt.date(2026, 11, 30)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def copy_data(tmp_path: Path) -> Path:
    """A private copy of the test catalog (data/ and catalog.yaml), to change specs in."""
    shutil.copytree(SITE_DATA, tmp_path / "data")
    shutil.copy(SITE_DATA.parent / "catalog.yaml", tmp_path / "catalog.yaml")
    return tmp_path / "data"


@pytest.fixture
def data(tmp_path):
    return copy_data(tmp_path)


def test_the_same_input_gives_byte_identical_output_with_and_without_workers(tmp_path, small_catalog):
    one = build_site(small_catalog, tmp_path / "one", today=DAY, workers=1)
    two = build_site(small_catalog, tmp_path / "two", today=DAY, workers=2)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert "index.html" in tree(tmp_path / "one") and "models/acme/sage/index.html" in tree(tmp_path / "one")


def test_a_rebuild_rewrites_only_the_files_whose_bytes_changed(tmp_path, data):
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    before = {rel: os.stat(out / rel).st_ino for rel in tree(out)}
    spec = data / "models" / "initech" / "vector.yaml"
    spec.write_text(spec.read_text().replace("input: 0.02", "input: 0.03"))
    build_site(load_catalog(data), out, today=DAY)
    after = {rel: os.stat(out / rel).st_ino for rel in tree(out)}
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert "models/initech/vector/index.html" in changed and "api/v1/models/initech/vector.json" in changed
    assert "index.html" in changed and "api/v1/models.json" in changed
    # Pages that do not show the vector model's price are carried over, not rewritten.
    assert "models/acme/sage/index.html" not in changed and "static/css/site.css" not in changed
    assert len(changed) < len(after) / 2


def test_a_rebuild_with_nothing_changed_touches_nothing(tmp_path, data):
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    stamps = {rel: os.stat(out / rel).st_mtime_ns for rel in tree(out)}
    build_site(load_catalog(data), out, today=DAY)
    assert {rel: os.stat(out / rel).st_mtime_ns for rel in tree(out)} == stamps
    # A different day is a different input: statuses and prices in force depend on it.
    build_site(load_catalog(data), out, today=DAY + dt.timedelta(days=1))
    assert json.loads((out / SITE_MARKER).read_text())["fingerprint"]


def test_a_file_added_to_the_site_by_hand_is_removed_by_the_next_build(tmp_path, data):
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    (out / "stray.html").write_text("not ours")
    build_site(load_catalog(data), out, today=DAY)
    assert not (out / "stray.html").exists()


def test_a_failed_build_leaves_the_previous_site_whole_and_no_staging(tmp_path, data, monkeypatch):
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    before = tree(out)
    spec = data / "models" / "acme" / "painter.yaml"
    spec.write_text(spec.read_text().replace("name: Acme Painter", "name: Acme Painter 2"))

    def broken(site, model_id):
        if model_id.startswith("initech/"):
            raise RuntimeError("template exploded")
        return original(site, model_id)

    original = model_page.model_context
    monkeypatch.setattr(model_page, "model_context", broken)
    for workers in (1, 2):
        with pytest.raises(RuntimeError, match="template exploded"):
            build_site(load_catalog(data), out, today=DAY, workers=workers)
        assert tree(out) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.yaml", "data", "site"]


def test_a_commit_cut_short_is_finished_by_the_next_build(tmp_path, data, monkeypatch):
    """The manifest is rewritten before any file is put in place, so files left half-committed
    (the process killed between two renames) are never trusted as up to date."""
    from catalog.site import output

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    specs = {spec: spec.read_text() for spec in (data / "models" / "initech" / "vector.yaml",
                                                 data / "models" / "acme" / "sage.yaml")}
    for spec, text in specs.items():
        spec.write_text(text.replace("name: ", "name: Renamed ", 1))
    real_replace, calls = os.replace, []

    def dies_after_one(src, dst):
        if Path(dst).name not in (SITE_MARKER, output.COMMITTING):
            calls.append(dst)
            if len(calls) > 1:
                raise KeyboardInterrupt  # killed between two renames
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        build_site(load_catalog(data), out, today=DAY, workers=1)
    monkeypatch.setattr(output.os, "replace", real_replace)
    for staging in tmp_path.glob(".site.new-*"):
        shutil.rmtree(staging)  # what the killed process left beside the site
    # Undone: the pages go back to what the last whole build made, yet one file on the site
    # is already the killed build's.
    for spec, text in specs.items():
        spec.write_text(text)
    assert any("Renamed" in page.read_text() for page in calls)
    build_site(load_catalog(data), out, today=DAY)
    build_site(load_catalog(data), tmp_path / "cold", today=DAY)
    assert tree(out) == tree(tmp_path / "cold")


def test_a_file_deleted_from_the_site_by_hand_is_made_again(tmp_path, data):
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY)
    page = out / "models" / "acme" / "sage" / "index.html"
    before = page.read_bytes()
    page.unlink()
    build_site(load_catalog(data), out, today=DAY)
    assert page.read_bytes() == before


def test_out_through_a_symbolic_link_builds_into_its_target_and_keeps_the_link(tmp_path, data):
    # The target does not exist yet (a link made before the first deployment).
    target = tmp_path / "real-site"
    link = tmp_path / "site"
    link.symlink_to(target, target_is_directory=True)
    build_site(load_catalog(data), link, today=DAY)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert (target / "index.html").is_file() and (target / SITE_MARKER).is_file()
    # A second build (the swap path) keeps the link too, and leaves no .old-* or .new-* folder.
    spec = data / "models" / "initech" / "vector.yaml"
    spec.write_text(spec.read_text().replace("input: 0.02", "input: 0.05"))
    build_site(load_catalog(data), link, today=DAY)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "$0.05" in (target / "models" / "initech" / "vector" / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.yaml", "data", "real-site", "site"]


def test_out_as_a_dangling_link_or_a_link_to_someone_elses_folder_is_refused(tmp_path, data):
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere" / "site")
    with pytest.raises(OutputFolderError, match="whose folder does not exist"):
        build_site(load_catalog(data), dangling, today=DAY)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine")
    link = tmp_path / "to-notes"
    link.symlink_to(notes)
    with pytest.raises(OutputFolderError, match="not a previous site"):
        build_site(load_catalog(data), link, today=DAY)
    assert (notes / "keep.txt").read_text() == "mine" and link.is_symlink() and dangling.is_symlink()


def test_every_link_is_relative_so_the_site_works_under_any_base_path(small_site):
    for page in ("index.html", "models/acme/sage/index.html"):
        html = (small_site / page).read_text()
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            if href.startswith(("http://", "https://", "#", "mailto:")):
                continue
            assert not href.startswith("/"), (page, href)
            assert (small_site / page).parent.joinpath(href.split("#")[0].split("?")[0]).resolve().exists(), (page, href)


def test_nothing_is_loaded_from_another_host(small_site):
    for page in small_site.rglob("*.html"):
        html = page.read_text()
        loaded = re.findall(r'<(?:script|img|iframe|source)[^>]*\ssrc="([^"]+)"', html)
        loaded += re.findall(r'<link[^>]*\shref="([^"]+)"', html)
        external = [u for u in loaded if re.match(r"^(https?:)?//", u)
                    and not u.startswith("https://models.example.com/catalog/")]  # rel=canonical
        assert external == [], page


def test_base_url_makes_the_sitemap_and_robots_absolute(small_site):
    sitemap = (small_site / "sitemap.xml").read_text()
    assert "<loc>https://models.example.com/catalog/models/acme/sage/</loc>" in sitemap
    assert "<loc>https://models.example.com/catalog/</loc>" in sitemap and "404" not in sitemap
    assert "Sitemap: https://models.example.com/catalog/sitemap.xml" in (small_site / "robots.txt").read_text()
    # 404.html is served at any depth, so its links start from the base path.
    assert 'href="/catalog/static/css/site.css"' in (small_site / "404.html").read_text()


def test_spec_text_is_escaped_in_html_and_in_json_inside_script_tags(small_site):
    page = (small_site / "models" / "initech" / "vector" / "index.html").read_text()
    assert "Vector &lt;Embed&gt; &amp; &#34;Co&#34;" in page and "<Embed>" not in page
    sage = (small_site / "models" / "acme" / "sage" / "index.html").read_text()
    for script in re.findall(r"<script[^>]*>(.*?)</script>", sage, re.S):
        assert "<" not in script and "&" not in script.replace("&amp;", "")
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', sage, re.S).group(1)
    assert json.loads(ld)["@type"] == "FAQPage"


def test_the_api_serves_what_its_schema_says(small_site):
    schema = json.loads((small_site / "api" / "v1" / "schema.json").read_text())
    assert schema == json.loads(json.dumps(api_schema()))

    def check(doc, name):
        jsonschema.validate(doc, {**schema, "$ref": f"#/$defs/{name}"})

    models = json.loads((small_site / "api" / "v1" / "models.json").read_text())
    check(models, "ModelsDocument")
    assert len(models["models"]) == 14
    abacus = next(m for m in models["models"] if m["id"] == "globex/abacus")
    assert abacus["effective_status"] == "deprecated" and abacus["page"] == "models/globex/abacus/"
    sage = json.loads((small_site / "api" / "v1" / "models" / "acme" / "sage.json").read_text())
    check(sage, "ApiModelDetail")
    assert sage["pricing"]["input"] == "1.25" and sage["canonical_id"] == "sage" and sage["enrichment"]["faq"]
    check(json.loads((small_site / "api" / "v1" / "providers.json").read_text()), "ProvidersDocument")
    rows = (small_site / "api" / "v1" / "models.csv").read_text().splitlines()
    assert rows[0].startswith("id,name,provider,kind,effective_status") and len(rows) == 15
    painter = next(r for r in rows if r.startswith("acme/painter,"))
    assert ",,," in painter  # unknown token prices are empty cells, never 0


def test_a_page_whose_context_did_not_change_is_not_rendered_again_unless_a_template_did(tmp_path, data, monkeypatch):
    out = tmp_path / "site"
    theme = tmp_path / "theme"
    shutil.copytree(build_module.TEMPLATES, theme)
    build_site(load_catalog(data), out, today=DAY, templates=theme)
    spec = data / "models" / "initech" / "vector.yaml"
    spec.write_text(spec.read_text().replace("input: 0.02", "input: 0.03"))
    rendered = []
    original = build_module.Environment.get_template

    def spy(env, name, *args, **kwargs):
        rendered.append(name)
        return original(env, name, *args, **kwargs)

    monkeypatch.setattr(build_module.Environment, "get_template", spy)
    build_site(load_catalog(data), out, today=DAY, templates=theme, workers=1)
    assert 0 < rendered.count("model.html") < 14  # the vector's page and its peers' pages, not all
    (theme / "base.html").write_text((theme / "base.html").read_text().replace("Skip to content", "Skip to main"))
    rendered.clear()
    build_site(load_catalog(data), out, today=DAY, templates=theme, workers=1)
    assert rendered.count("model.html") == 14
    assert "Skip to main" in (out / "models" / "acme" / "sage" / "index.html").read_text()


def test_no_page_claims_another_pages_path():
    assert len({kind.name for kind in build_module.PAGE_KINDS}) == len(build_module.PAGE_KINDS)


def test_catalog_build_takes_a_base_url_and_refuses_one_that_is_not_http(tmp_path, data):
    import subprocess
    import sys

    def build(*extra):
        return subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--data", str(data),
                               "--out", str(tmp_path / "site"), "--no-cache", *extra],
                              capture_output=True, text=True, timeout=300)

    done = build("--base-url", "https://models.example.com/docs")
    assert done.returncode == 0, done.stderr
    assert "<loc>https://models.example.com/docs/models/acme/sage/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text()
    bad = build("--base-url", "javascript:alert(1)")
    assert bad.returncode == 2 and "--base-url" in bad.stderr and "Traceback" not in bad.stderr


def test_a_rebuild_after_changes_is_byte_identical_to_a_cold_build(tmp_path, data):
    """However much a rebuild carries over (files, enrichment done lazily in the workers), its
    output is the cold build's: a changed price moves other models' standings too."""
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=2)
    spec = data / "models" / "initech" / "vector.yaml"
    spec.write_text(spec.read_text().replace("input: 0.02", "input: 0.5"))
    (data / "smoke" / "2026-11-30.jsonl").write_text(
        (data / "smoke" / "2026-11-29.jsonl").read_text().replace("2026-11-29T", "2026-11-30T").replace("412.3", "95.0"))
    build_site(load_catalog(data), out, today=DAY, workers=2)
    cold = tmp_path / "cold"
    build_site(load_catalog(data), cold, today=DAY, workers=1)
    assert tree(out) == tree(cold)


def test_renaming_any_one_model_remakes_only_the_pages_that_show_it_and_matches_a_cold_build(
        tmp_path, data, monkeypatch):
    """A name is shown only on the model's own pages and on the pages that name the model (its
    similar models, its canonical model's other offerings, models it succeeds, the lists):
    renaming each model in turn, the rebuild keeps the other model pages unmade, and its
    output is the cold build's."""
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    made = []
    original = model_page.model_context
    monkeypatch.setattr(model_page, "model_context", lambda site, model_id: made.append(model_id) or original(site, model_id))
    specs = sorted((data / "models").rglob("*.yaml"))
    for spec in specs:
        text = spec.read_text()
        spec.write_text(text.replace("\nname: ", "\nname: Renamed ", 1))
        made.clear()
        build_site(load_catalog(data), out, today=DAY, workers=1)
        renamed = f"{spec.parent.name}/{spec.stem}"
        assert renamed in made and len(made) < len(specs), (renamed, made)
        cold = tmp_path / "cold"
        build_site(load_catalog(data), cold, today=DAY, workers=1)
        assert tree(out) == tree(cold), renamed
        shutil.rmtree(cold)


def test_an_edit_that_only_moves_lines_makes_no_model_page_again(tmp_path, data, monkeypatch):
    """A comment added at the top of a spec moves every finding below it to another line, which
    no page shows: nothing a page is made from changed, so not even the peers are ranked again."""
    from catalog.site import state
    flagged = data / "models" / "acme" / "sage.yaml"
    text = flagged.read_text()
    flagged.write_text(re.sub(r"verified: \S+", "verified: 2024-01-02", text, count=1))  # a stale price
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    made = []
    original = model_page.model_context
    monkeypatch.setattr(model_page, "model_context", lambda site, model_id: made.append(model_id) or original(site, model_id))
    catalog = load_catalog(data)
    assert any(f.file == flagged for f in catalog.findings)
    flagged.write_text("# reviewed by hand\n# twice\n" + flagged.read_text())
    assert load_catalog(data).findings != catalog.findings  # the findings moved down two lines
    ranked = []
    original_tables = state.catalog_enricher
    monkeypatch.setattr(state, "catalog_enricher", lambda *a, **k: ranked.append(1) or original_tables(*a, **k))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert made == [] and ranked == []
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    assert tree(out) == tree(tmp_path / "cold")


def test_a_rebuild_renders_only_the_index_rows_that_changed(tmp_path, data, monkeypatch):
    """The index's rows are kept between builds with the digest of their model's spec:
    renaming one model makes its row again and takes every other row as the last build
    rendered it."""
    from catalog.site import index_page
    from catalog.site.incremental import memo_path, read_memo, write_memo
    from catalog.site.index_page import ROWS

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    made = []
    original = index_page.row
    monkeypatch.setattr(index_page, "row", lambda site, model, *a: made.append(model.id) or original(site, model, *a))
    spec = data / "models" / "globex" / "quill.yaml"
    spec.write_text(spec.read_text().replace("\nname: ", "\nname: Renamed ", 1))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert made == ["globex/quill"]
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    assert (out / "index.html").read_bytes() == (tmp_path / "cold" / "index.html").read_bytes()
    # The kept rows are what the next build shows: mark one that will not change, rename
    # another model, and the mark is on the page (it was taken, not rendered again).
    memo = read_memo(memo_path(out))
    digests, rows = pickle.loads(memo[ROWS])  # pickled in the worker that rendered them
    assert len(rows) == len(load_catalog(data).models)
    sage = next(key for key in rows if key[0] == "acme/sage")
    rows[sage] = rows[sage].replace("</td>", "<!-- kept --></td>", 1)
    memo[ROWS] = pickle.dumps((digests, rows))
    write_memo(memo_path(out), memo)
    spec.write_text(spec.read_text().replace("name: Renamed ", "name: Twice Renamed ", 1))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    page = (out / "index.html").read_text()
    assert "<!-- kept -->" in page and "Twice Renamed" in page
    # A kept row whose model's spec changed since is made again, not taken.
    memo = read_memo(memo_path(out))
    digests, rows = pickle.loads(memo[ROWS])
    quill = next(key for key in rows if key[0] == "globex/quill")
    rows[quill] = rows[quill].replace("Twice Renamed", "Stale Name")
    memo[ROWS] = pickle.dumps((digests, rows))
    write_memo(memo_path(out), memo)
    spec.write_text(spec.read_text().replace("input: 0.15", "input: 0.35"))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert "Stale Name" not in (out / "index.html").read_text()


def test_workload_rankings_are_kept_while_no_ranked_field_changes(tmp_path, data, monkeypatch):
    """Rankings read prices, kinds, capabilities and statuses, never a name, and only of the
    kinds a preset ranks: renamed twice in a row, or an embedding model's price changed, the
    catalog is ranked by no rebuild; a chat model's changed price ranks it again."""
    from catalog.site import workloads_page

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    ranked = []
    original = workloads_page.rank_models
    monkeypatch.setattr(workloads_page, "rank_models", lambda *a, **k: ranked.append(1) or original(*a, **k))
    spec = data / "models" / "globex" / "quill.yaml"
    for name in ("Quill Two", "Quill Three"):
        spec.write_text(re.sub(r"\nname: .*", f"\nname: {name}", spec.read_text(), count=1))
        build_site(load_catalog(data), out, today=DAY, workers=1)
        assert "Quill" in (out / "index.html").read_text() and ranked == []
    vector = data / "models" / "initech" / "vector.yaml"  # an embedding model: no preset ranks one
    vector.write_text(vector.read_text().replace("input: 0.02", "input: 0.03"))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert ranked == []
    spec.write_text(spec.read_text().replace("input: 0.15", "input: 0.25"))  # a chat model
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert ranked
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    assert tree(out) == tree(tmp_path / "cold")


def test_changing_any_one_price_remakes_the_pages_it_moves_and_matches_a_cold_build(tmp_path, data, monkeypatch):
    """A price moves other models' standings among their peers, their similar models and the
    offerings they list: the pages whose enrichment or shown models moved are made again, the
    others kept. Each model's input price raised in turn, the rebuild is the cold build's."""
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    made = []
    original = model_page.model_context
    monkeypatch.setattr(model_page, "model_context", lambda site, model_id: made.append(model_id) or original(site, model_id))
    counts = {}
    for spec in sorted((data / "models").rglob("*.yaml")):
        text = spec.read_text()
        price = re.search(r"^(\s+input: )([0-9.]+)$", text, re.M)
        if price is None:
            continue
        spec.write_text(text[:price.start(2)] + str(float(price.group(2)) * 10 + 1) + text[price.end(2):])
        made.clear()
        build_site(load_catalog(data), out, today=DAY, workers=1)
        changed = f"{spec.parent.name}/{spec.stem}"
        assert changed in made, changed
        counts[changed] = len(made)
        cold = tmp_path / "cold"
        build_site(load_catalog(data), cold, today=DAY, workers=1)
        assert tree(out) == tree(cold), changed
        shutil.rmtree(cold)
    assert len(counts) >= 5
    assert any(n > 1 for n in counts.values())  # others' standings or listed prices moved
    assert any(n < len(load_catalog(data).models) for n in counts.values())  # and some pages were kept


def test_the_index_shows_the_most_input_where_no_context_window_is_published(tmp_path, data):
    """LiteLLM's max_input_tokens is the most input, not a window: the index says "N input"
    and sorts and filters on it, rather than showing no size or inventing a window."""
    spec = data / "models" / "acme" / "sage.yaml"
    text = spec.read_text()
    assert "context_window:" in text
    spec.write_text(re.sub(r"context_window: *\d+", "max_input: 272000", text, count=1))
    build_site(load_catalog(data), tmp_path / "site", workers=1)
    index = (tmp_path / "site" / "index.html").read_text()
    row = next(r for r in re.findall(r"<tr .*?</tr>", index, re.S) if "<code>acme/sage</code>" in r)
    assert "272,000 input" in row and 'data-ctx="272000"' in row


def test_a_price_change_enriches_no_model_of_another_kind(tmp_path, data, monkeypatch):
    """Peers, capability shares and similar models are counted within a kind: a chat model's
    new price cannot move an image model's enrichment, so the rebuild does not compute it, and
    still matches a cold build."""
    from catalog.enrich import Enricher

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    enriched = []
    original = Enricher.enrich
    monkeypatch.setattr(Enricher, "enrich", lambda self, model_id: enriched.append(model_id) or original(self, model_id))
    quill = data / "models" / "globex" / "quill.yaml"
    quill.write_text(quill.read_text().replace("input: 0.15", "input: 0.45"))
    catalog = load_catalog(data)
    build_site(catalog, out, today=DAY, workers=1)
    kinds = {catalog.models[m].kind for m in enriched}
    assert "globex/quill" in enriched and kinds == {"chat"}, enriched
    brush = data / "models" / "globex" / "brush.yaml"  # an image model: chat models are left be
    brush.write_text(brush.read_text().replace("input: 0.1", "input: 0.3"))
    enriched.clear()
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert "globex/brush" in enriched and {catalog.models[m].kind for m in enriched} == {"image-generation"}, enriched
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    assert tree(out) == tree(tmp_path / "cold")


def test_after_a_price_change_the_rankings_price_only_the_changed_model(tmp_path, data, monkeypatch):
    """Each model's monthly total for each preset is kept between builds by the digest of its
    spec: a changed price re-sorts the kept totals and prices the one model again, and the
    workload pages are the cold build's."""
    from catalog.site import workloads_page
    from catalog.workloads import MonthlyTotal

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=2)  # the totals come back from a worker
    ranking, priced, ranked = [], [], []
    original_of, original_rank = MonthlyTotal.of, workloads_page.rank_models
    monkeypatch.setattr(MonthlyTotal, "of", lambda cost: (priced.append(cost.monthly.model) if ranking else None)
                        or original_of(cost))

    def rank_models(*args, **kwargs):
        ranking.append(1)
        ranked.append(1)
        try:
            return original_rank(*args, **kwargs)
        finally:
            ranking.pop()

    monkeypatch.setattr(workloads_page, "rank_models", rank_models)
    quill = data / "models" / "globex" / "quill.yaml"
    quill.write_text(quill.read_text().replace("input: 0.15", "input: 4.5"))  # from cheapest to dearest
    build_site(load_catalog(data), out, today=DAY, workers=1)
    # Ranked again, pricing nothing but the changed model (which its own page may price first).
    assert ranked and set(priced) <= {"globex/quill"}, priced
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    cold = tree(tmp_path / "cold")
    assert {k: v for k, v in tree(out).items() if k.startswith("workloads/")} == {
        k: v for k, v in cold.items() if k.startswith("workloads/")}
    assert tree(out) == cold


def test_a_page_that_shows_only_unchanged_models_is_not_made_again(tmp_path, data, monkeypatch):
    """A provider's page shows its models and nothing else that a spec changes: a new price of
    an initech model remakes initech's page, not globex's or acme's, nor the API's schema, nor
    the price changes (which show only the models with a price history)."""
    from catalog.site import api, changes_page, provider_page

    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    made = []
    original = provider_page.provider_context
    monkeypatch.setattr(provider_page, "provider_context",
                        lambda site, provider: made.append(provider) or original(site, provider))
    schema = api.schema_json
    monkeypatch.setattr(api, "schema_json", lambda site: made.append("schema") or schema(site))
    changes = changes_page.changes_context
    monkeypatch.setattr(changes_page, "changes_context", lambda site: made.append("changes") or changes(site))
    vector = data / "models" / "initech" / "vector.yaml"
    vector.write_text(vector.read_text().replace("input: 0.02", "input: 0.04"))
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert made == ["initech"]
    sage = data / "models" / "acme" / "sage.yaml"  # it has a price history: the changes are made again
    sage.write_text(sage.read_text().replace("\nname: ", "\nname: Renamed ", 1))
    made.clear()
    build_site(load_catalog(data), out, today=DAY, workers=1)
    assert sorted(made) == ["acme", "changes"]
    build_site(load_catalog(data), tmp_path / "cold", today=DAY, workers=1)
    assert tree(out) == tree(tmp_path / "cold")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_file_is_0644_and_every_folder_0755_whatever_the_umask(tmp_path, data, umask):
    """A static site is read by a web server running as another user: files 0644, folders
    0755, on a first build and on a rebuild that adds a page, under any umask."""
    previous = os.umask(umask)
    try:
        out = tmp_path / "site"
        build_site(load_catalog(data), out, today=DAY, workers=2)
        new = data / "models" / "acme" / "sage-2.yaml"
        new.write_text((data / "models" / "acme" / "sage.yaml").read_text().replace("id: acme/sage", "id: acme/sage-2"))
        build_site(load_catalog(data), out, today=DAY, workers=1)
    finally:
        os.umask(previous)
    assert (out / "models" / "acme" / "sage-2" / "index.html").is_file()
    for path in [out, *out.rglob("*")]:
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), (path, oct(path.stat().st_mode))
