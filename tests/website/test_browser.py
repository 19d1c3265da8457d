"""The site in Debian's chromium: the index's search, sort, facets and URL state, the model
page's calculator against `catalog estimate`, no console errors, and data without JavaScript."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest

from catalog.money import format_bill
from catalog.workloads import load_workloads, workload_cost

from .conftest import SITE_DATA, chromium

def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#models tbody tr:not([hidden])",
        "rows => rows.filter(r => getComputedStyle(r).display !== 'none').map(r => r.querySelector('code').textContent)")


def query(page) -> str:
    return page.evaluate("location.search")


def test_index_search_filters_rows_and_puts_the_query_in_the_url(page, base_url):
    page.goto(base_url)
    assert len(visible_ids(page)) == 13  # 14 offerings of 13 canonical models
    page.fill("#q", "sage-latest")  # an alias
    assert visible_ids(page) == ["acme/sage"]
    assert query(page) == "?q=sage-latest"
    page.fill("#q", "INITECH/")  # ids, case-insensitive
    assert sorted(visible_ids(page)) == ["initech/codex", "initech/easel", "initech/fresco", "initech/relic",
                                         "initech/tally", "initech/vector"]
    assert page.text_content("#count").startswith("6 of 13")


def test_index_sorts_on_a_column_both_ways_with_unknown_last(page, base_url):
    page.goto(base_url)
    page.click("#models th[data-sort=pi] button")
    ids = visible_ids(page)
    assert ids[:4] == ["initech/tally", "initech/vector", "globex/brush", "globex/quill"]  # free, $0.02, $0.1, $0.15
    assert ids[-1] == "acme/painter"  # its input price is unknown: last either way
    assert "sort=pi" in query(page) and "dir=asc" in query(page)
    page.click("#models th[data-sort=pi] button")
    ids = visible_ids(page)
    assert ids[0] == "initech/relic" and ids[-1] == "acme/painter"
    assert page.get_attribute("#models th[data-sort=pi]", "aria-sort") == "descending"
    page.click("#models th[data-sort=name] button")
    names = page.eval_on_selector_all("#models tbody tr:not([hidden]) td:first-child a:first-child",
                                      "links => links.map(a => a.textContent.toLowerCase())")
    assert names == sorted(names)


def test_index_facets_combine_and_survive_a_reload(page, base_url):
    page.goto(base_url)
    page.select_option("#f-kind", "chat")
    page.click("#more-filters summary")
    page.check("input[name=cap][value=structured_output]")
    page.fill("#f-maxout", "2")
    assert sorted(visible_ids(page)) == ["globex/abacus", "globex/quill"]
    page.check("input[name=status][value=active]")
    assert visible_ids(page) == ["globex/quill"]
    url = page.url
    page.goto(url)
    assert visible_ids(page) == ["globex/quill"]
    assert page.input_value("#f-kind") == "chat" and page.input_value("#f-maxout") == "2"
    assert page.is_checked("input[name=status][value=active]")


def test_index_state_from_a_shared_url_and_the_offerings_toggle(page, base_url):
    page.goto(base_url + "?in=pdf&minctx=500000")
    assert visible_ids(page) == ["acme/sage"]
    page.goto(base_url + "?q=sage")
    assert visible_ids(page) == ["acme/sage"]  # globex/sage is an offering of the same model
    page.check("input[name=all]")
    assert visible_ids(page) == ["acme/sage", "globex/sage"]
    assert "all=1" in query(page)
    page.goto(base_url + "?provider=globex&kind=image-generation")
    assert sorted(visible_ids(page)) == ["globex/brush", "globex/crayon"]


def test_the_index_shows_the_first_rows_of_a_long_result_and_more_on_demand(page, base_url):
    # A page size of 5 instead of 200, so the 13 rows of the test catalog make three pages.
    page.route(re.compile(re.escape(base_url) + r"(\?.*)?$"), lambda route: route.fulfill(
        response=route.fetch(), body=route.fetch().text().replace('data-page-size="200"', 'data-page-size="5"')))
    page.goto(base_url + "?sort=pi")
    assert visible_ids(page) == ["initech/tally", "initech/vector", "globex/brush", "globex/quill", "globex/crayon"]
    assert page.text_content("#count").startswith("13 of 13 models match; the first 5")
    page.click("button.more-rows")
    assert len(visible_ids(page)) == 10 and visible_ids(page)[5] == "initech/easel"
    page.fill("#q", "globex")  # a new filter starts again from the first page
    assert visible_ids(page) == ["globex/brush", "globex/quill", "globex/crayon", "globex/abacus", "globex/ledger"]
    assert page.is_hidden("button.more-rows")


def test_the_search_box_of_a_model_page_leads_to_the_index_with_the_query(page, base_url):
    page.goto(base_url + "models/acme/painter/")
    page.fill("#site-q", "ledger")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/catalog/?q=ledger")
    assert visible_ids(page) == ["globex/ledger"]


def cli_monthly_bill(model: str, workload: str) -> str:
    """What `catalog estimate MODEL --workload NAME --json` says the month costs."""
    done = subprocess.run([sys.executable, "-m", "catalog.cli", "estimate", model, "--workload", workload,
                           "--json", "--data", str(SITE_DATA)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    total = json.loads(done.stdout)["total"]
    return format_bill(None if total is None else Decimal(total))


@pytest.mark.parametrize("model, workload", [
    ("acme/sage", "chatbot"),          # cache reads
    ("acme/sage", "long-context"),     # above the 200k tier, with cache
    ("acme/sage", "summarisation"),    # half through the batch variant
    ("acme/painter", "image-generation"),  # per image by size; the prompt's price is unknown
    ("globex/quill", "summarisation"),     # no batch variant: all standard
])
def test_the_calculator_gives_the_monthly_bill_of_catalog_estimate(page, base_url, model, workload):
    page.goto(base_url + f"models/{model}/")
    options = page.eval_on_selector_all("#calc-preset option", "os => os.map(o => o.textContent)")
    page.select_option("#calc-preset", index=options.index(workload))
    expected = cli_monthly_bill(model, workload)
    shown = page.text_content("#calc-total")
    assert shown.split(" ")[0] == expected
    if expected == "unknown":
        assert "input" in page.text_content("#calc-missing")  # the total says what is missing
    # The table shown without JavaScript says the same.
    row = page.locator("#presets tbody tr", has_text=workload).first
    assert expected in row.text_content()
    assert not page.problems


def test_moving_a_slider_reprices_with_the_engine(page, base_url):
    page.goto(base_url + "models/acme/sage/")
    page.select_option("#calc-preset", index=0)  # chatbot
    page.eval_on_selector("#calc-input_tokens", "el => { el.value = 300000; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.eval_on_selector("#calc-cache", "el => { el.value = 0.2; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    chatbot = load_workloads(SITE_DATA / "workloads.yaml")["chatbot"]
    changed = chatbot.model_copy(update={"usage": chatbot.usage.model_copy(update={"input_tokens": 300000}),
                                         "cache_hit_rate": Decimal("0.2")})
    from catalog.load import load_catalog
    from catalog.pricing import today

    model = load_catalog(SITE_DATA).models["acme/sage"]
    assert page.text_content("#calc-total") == format_bill(workload_cost(model, changed, at=today()).monthly.total)
    assert page.text_content("#calc-input_tokens-value") == "300,000"


@pytest.mark.parametrize("path", ["", "models/acme/sage/", "models/acme/painter/", "models/initech/vector/",
                                  "models/initech/relic/", "api/v1/", "404.html", "no/such/page/"])
def test_no_console_errors_on_any_page_kind(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    expected = ["console error: Failed to load resource: the server responded with a status of 404 (File not found)"]
    assert page.problems == (expected if path.startswith("no/") else [])


def test_the_index_and_a_model_page_carry_their_data_without_javascript(playwright, base_url):
    with chromium(playwright, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(base_url)
        assert tab.locator("#models tbody tr").count() == 14
        text = tab.text_content("#models")
        assert "Acme Sage" in text and "$1.25" in text and "1,000,000" in text and "unknown" in text
        tab.goto(base_url + "models/acme/sage/")
        body = tab.text_content("main")
        for fact in ("$1.25", "$10.00", "200,000", "Batch", "off-peak", "MMLU", "500 requests/minute",
                     "Verified 2026-11-20", "chatbot", "temperature"):
            assert fact in body, fact
        assert tab.is_hidden("#calculator") and tab.is_visible("#presets")
