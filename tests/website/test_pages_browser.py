"""The compare, calculator, workload and changes pages in Debian's chromium: models chosen in
the page, state in the URL, the same monthly bills as `catalog estimate`, the workload filters,
no console errors, and what each page says without JavaScript."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from catalog.money import format_bill
from catalog.pricing import today
from catalog.workloads import load_workloads, workload_cost

from .conftest import SITE_DATA, chromium
from .test_browser import cli_monthly_bill, query


def bill_cells(page) -> list[str]:
    """The compare table's workload row, one cell per model."""
    row = page.locator("#cmp-table tbody", has_text="What the workload costs a month").locator("tr").nth(1)
    return row.locator("td").all_text_contents()


def test_compare_models_chosen_in_the_page_keep_their_state_in_the_url(page, base_url):
    page.goto(base_url + "compare/")
    page.wait_for_selector("#cmp-choices option", state="attached")
    page.fill("#cmp-add", "acme/sage")
    page.click("#cmp-add-button")
    page.fill("#cmp-add", "Quill")  # by name
    page.click("#cmp-add-button")
    page.wait_for_selector("#cmp-table thead th:nth-child(3)")
    assert query(page) == "?models=acme/sage,globex/quill&workload=chatbot"
    assert page.locator("#cmp-table thead th").all_text_contents() == ["Acme Sage", "Quill"]
    page.select_option("#cmp-workload", "summarisation")
    page.wait_for_function("location.search.includes('workload=summarisation')")
    page.goto(page.url)  # a shared address shows the same comparison
    page.wait_for_selector("#cmp-table thead th:nth-child(3)")
    assert page.input_value("#cmp-workload") == "summarisation"
    assert bill_cells(page) == [cli_monthly_bill("acme/sage", "summarisation"),
                                cli_monthly_bill("globex/quill", "summarisation")]
    page.click("#cmp-chosen button[aria-label='Remove Acme Sage']")
    page.wait_for_function("!location.search.includes('acme/sage')")
    assert page.locator("#cmp-table thead th").all_text_contents() == ["Quill"]
    assert "Add another model" in page.text_content("#cmp-status")
    assert not page.problems


@pytest.mark.parametrize("models, workload", [
    ("acme/sage,globex/quill,globex/sage", "chatbot"),   # cache reads; an offering of the same model
    ("acme/sage,globex/ledger", "long-context"),          # above the 200k tier
    ("acme/painter,globex/brush", "image-generation"),    # per image; the prompt's price unknown
])
def test_compare_gives_the_monthly_bill_of_catalog_estimate(page, base_url, models, workload):
    page.goto(base_url + f"compare/?models={models}&workload={workload}")
    ids = models.split(",")
    page.wait_for_selector(f"#cmp-table thead th:nth-child({len(ids) + 1})")
    cells = bill_cells(page)
    for model, cell in zip(ids, cells):
        assert cell.split(" ")[0] == cli_monthly_bill(model, workload), model
    sections = page.locator("#cmp-table tr.section").all_text_contents()
    assert sections == ["Overview", "Pricing", "What the workload costs a month", "Limits and modalities",
                        "Capabilities", "Strengths and caveats", "How to call it", "About"]
    assert not page.problems


def test_compare_says_which_models_it_cannot_find_and_caps_at_four(page, base_url):
    page.goto(base_url + "compare/?models=acme/sage,nobody/nothing,globex/quill,globex/ledger,initech/codex,globex/abacus")
    page.wait_for_selector("#cmp-table thead th:nth-child(4)")
    assert page.locator("#cmp-table thead th").all_text_contents() == ["Acme Sage", "Quill", "Ledger"]
    assert "No model nobody/nothing" in page.text_content("#cmp-status")
    assert query(page) == "?models=acme/sage,globex/quill,globex/ledger&workload=chatbot"
    page.problems.clear()  # the 404 of the missing model's JSON is expected


def calculator_bills(page) -> dict[str, str]:
    rows = page.locator("#calc-bills tbody tr")
    return {rows.nth(i).get_attribute("data-model"): rows.nth(i).locator("td").first.text_content()
            for i in range(rows.count())}


def test_the_calculator_prices_one_workload_on_several_models_like_catalog_estimate(page, base_url):
    page.goto(base_url + "calculator/?workload=summarisation&models=acme/sage,globex/quill,acme/painter")
    page.wait_for_selector("#calc-bills tbody tr:nth-child(3)")
    bills = calculator_bills(page)
    assert bills["acme/sage"] == cli_monthly_bill("acme/sage", "summarisation")
    assert bills["globex/quill"] == cli_monthly_bill("globex/quill", "summarisation")
    assert bills["acme/painter"].startswith("not priced")
    assert page.input_value("#calc-batch_share") == "0.5"
    assert not page.problems


def test_the_calculators_settings_reprice_and_live_in_the_url(page, base_url):
    page.goto(base_url + "calculator/?workload=chatbot&models=acme/sage")
    page.wait_for_selector("#calc-bills tbody tr")
    page.fill("#calc-requests_per_day", "500")
    page.fill("#calc-u-input_tokens", "300000")
    page.wait_for_function("location.search.includes('input_tokens=300000')")
    assert query(page) == "?models=acme/sage&workload=chatbot&input_tokens=300000&requests_per_day=500"
    chatbot = load_workloads(SITE_DATA / "workloads.yaml")["chatbot"]
    changed = chatbot.model_copy(update={"usage": chatbot.usage.model_copy(update={"input_tokens": 300000}),
                                         "requests_per_day": 500})
    model = load_catalog(SITE_DATA).models["acme/sage"]
    expected = format_bill(workload_cost(model, changed, at=today()).monthly.total)
    assert calculator_bills(page)["acme/sage"] == expected
    page.goto(page.url)
    page.wait_for_selector("#calc-bills tbody tr")
    assert page.input_value("#calc-u-input_tokens") == "300000"
    assert calculator_bills(page)["acme/sage"] == expected
    page.fill("#calc-cache_hit_rate", "2")
    assert "between 0 and 1" in page.text_content("#calc-status")
    assert not page.problems


def visible_workload_rows(page) -> list[str]:
    return page.eval_on_selector_all("#wl-table tbody tr:not([hidden]) code", "cs => cs.map(c => c.textContent)")


def test_workload_filters_narrow_the_ranking_and_survive_a_reload(page, base_url):
    page.goto(base_url + "workloads/chatbot/")
    everything = visible_workload_rows(page)
    assert len(everything) == 5  # initech/tally costs nothing: listed apart
    page.check("#wl-filters input[value=vision]")
    assert visible_workload_rows(page) == ["acme/sage"]
    page.uncheck("#wl-filters input[value=vision]")
    page.select_option("#wl-minctx", "200000")
    kept = visible_workload_rows(page)
    assert kept == [i for i in everything if i in {"acme/sage", "globex/ledger", "initech/codex"}]
    assert query(page) == "?minctx=200000"
    page.check("#wl-filters input[value=structured_output]")
    page.goto(page.url)
    assert page.is_checked("#wl-filters input[value=structured_output]")
    assert page.input_value("#wl-minctx") == "200000"
    assert set(visible_workload_rows(page)) < set(kept)
    assert "of 5 shown" in page.text_content("#wl-count")
    assert not page.problems


@pytest.mark.parametrize("path", ["providers/", "providers/acme/", "workloads/", "workloads/image-generation/",
                                  "changes/", "compare/", "calculator/"])
def test_no_console_errors_on_the_new_page_kinds(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_the_new_pages_explain_themselves_without_javascript(playwright, base_url):
    with chromium(playwright, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(base_url + "compare/?models=acme/sage,globex/quill")
        assert tab.is_hidden("#compare")
        assert "needs JavaScript" in tab.text_content("main")
        assert tab.locator("#cmp-static a[href='../models/acme/sage/']").count() == 1
        tab.goto(base_url + "calculator/")
        assert tab.is_hidden("#calc") and tab.is_visible("#calc-static")
        assert "$252.54" in tab.text_content("#calc-static")  # acme/sage's chatbot month, blended over its off-peak hours as `catalog estimate` bills it
        tab.goto(base_url + "workloads/chatbot/")
        assert tab.is_hidden("#wl-filters") and tab.locator("#wl-table tbody tr").count() == 5
        tab.goto(base_url + "changes/")
        assert "$2.00 → $1.25" in tab.text_content("main")


@pytest.mark.parametrize("path", ["providers/acme/", "workloads/chatbot/", "compare/", "changes/"])
def test_the_search_box_of_every_new_page_leads_to_the_index_with_the_query(page, base_url, path):
    page.goto(base_url + path)
    page.fill("#site-q", "quill")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/catalog/?q=quill")
    assert page.input_value("#q") == "quill"
