"""Smoke results on the site: the test catalog's data/smoke/ holds results (a call that failed
then answered for acme/sage, a cost mismatch and a failed route for acme/painter); the model
pages show each route's latest result, the index marks each model, the per-model API carries
them, and a new result rebuilds the pages it changes."""

from __future__ import annotations

import json
import os
import re

from catalog.load import load_catalog
from catalog.site import build_site

from .test_browser import visible_ids
from .test_build import DAY, copy_data, tree


def smoke_rows(page_html: str) -> list[list[str]]:
    table = re.search(r'<table class="smoke">.*?</table>', page_html, re.S)
    assert table, "no smoke table"
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table.group(0), re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.split(r"</t[hd]><td[^>]*>", row)] for row in rows]


def test_a_model_page_shows_the_latest_result_of_each_route(small_site):
    sage = (small_site / "models" / "acme" / "sage" / "index.html").read_text()
    # The failed call of 2026-11-28 is superseded by the answer of 2026-11-29.
    assert smoke_rows(sage) == [["relay:openai-chat", "answered", "2026-11-29", "412 ms",
                                 "matches the catalog ($0.000045)"]]
    painter = (small_site / "models" / "acme" / "painter" / "index.html").read_text()
    assert smoke_rows(painter) == [
        ["market:predictions", "answered", "2026-11-29", "5,210 ms",
         "differs: the gateway billed $0.05, the catalog says $0.04"],
        ["relay:openai-images", "failed HTTPStatusError: 500 Internal Server Error after 4 attempts", "2026-11-29",
         "2,210 ms", "not checked: the call failed"],
    ]
    vector = (small_site / "models" / "initech" / "vector" / "index.html").read_text()
    assert 'class="smoke"' not in vector and "Not smoke-tested yet" in vector


def test_the_index_marks_each_model_with_its_worst_route(small_site):
    index = (small_site / "index.html").read_text()
    rows = {m.group(2): m.group(1) for m in re.finditer(r"<tr ([^>]*)><td><a [^>]*>[^<]*</a> <code>([^<]+)</code>", index)}
    states = {model: re.search(r'data-st="(\w+)"', attrs).group(1) for model, attrs in rows.items()}
    assert states.pop("acme/sage") == "passed" and states.pop("acme/painter") == "failed"
    assert set(states.values()) == {"untested"}
    sage_row = re.search(r"<tr [^>]*>.*?<code>acme/sage</code>.*?</tr>", index).group(0)
    assert '<abbr class="smoke passed" title="Smoke test of 2026-11-29: 1 of 1 route answered; ' in sage_row
    assert "<th scope=\"col\" data-sort=\"smoke\">Smoke test</th>" in index


def test_the_model_api_carries_the_smoke_results(small_site):
    painter = json.loads((small_site / "api" / "v1" / "models" / "acme" / "painter.json").read_text())
    assert [(s["route"], s["ok"], s["cost_check"], s["date"]) for s in painter["smoke"]] == [
        ("market:predictions", True, "mismatch", "2026-11-29"), ("relay:openai-images", False, "unchecked", "2026-11-29")]
    assert painter["smoke"][0]["result"]["gateway_cost"] == "0.05" and painter["smoke"][0]["latency_ms"] == 5210.0
    vector = json.loads((small_site / "api" / "v1" / "models" / "initech" / "vector.json").read_text())
    assert vector["smoke"] == []


def test_the_index_filters_and_sorts_on_the_smoke_column(page, base_url):
    page.goto(base_url + "?smoke=failed&smoke=passed")
    assert sorted(visible_ids(page)) == ["acme/painter", "acme/sage"]
    assert page.is_checked("input[name=smoke][value=failed]")
    page.goto(base_url)
    page.click("#models th[data-sort=smoke] button")
    assert visible_ids(page)[:2] == ["acme/sage", "acme/painter"]  # passed, then failed, then untested
    assert "sort=smoke" in page.evaluate("location.search")


def test_a_new_smoke_result_rebuilds_the_pages_it_changes(tmp_path):
    data = copy_data(tmp_path)
    out = tmp_path / "site"
    build_site(load_catalog(data), out, today=DAY, workers=1)
    before = {rel: os.stat(out / rel).st_ino for rel in tree(out)}
    lines = (data / "smoke" / "2026-11-29.jsonl").read_text().splitlines()
    fixed = json.loads(lines[-1]) | {"ok": True, "http_status": 200, "attempts": 1, "error_class": None,
                                     "error_message": None, "started_at": "2026-11-30T08:00:00.000000+00:00"}
    (data / "smoke" / "2026-11-30.jsonl").write_text(json.dumps(fixed) + "\n")
    build_site(load_catalog(data), out, today=DAY, workers=1)
    after = {rel: os.stat(out / rel).st_ino for rel in tree(out)}
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert {"models/acme/painter/index.html", "api/v1/models/acme/painter.json", "index.html"} <= set(changed)
    assert "models/initech/vector/index.html" not in changed
    painter = (out / "models" / "acme" / "painter" / "index.html").read_text()
    assert ["relay:openai-images", "answered", "2026-11-30"] == smoke_rows(painter)[1][:3]
    assert build_site(load_catalog(data), out, today=DAY, workers=1)  # unchanged: nothing to do
    assert {rel: os.stat(out / rel).st_ino for rel in tree(out)} == after
