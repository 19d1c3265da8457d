"""The provider, workload, compare, calculator and price-change pages as built (no browser):
what each lists, the ranking they show, the charts' geometry, and the Atom feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from catalog.load import load_catalog
from catalog.money import format_bill
from catalog.schema import PricingBlock
from catalog.site import build_site
from catalog.site.changes_page import price_changes
from catalog.site.charts import scatter_chart
from catalog.site.views import price_text
from catalog.workloads import load_workloads, workload_cost

from .conftest import SITE_DATA
from .test_build import DAY, copy_data

ATOM = "{http://www.w3.org/2005/Atom}"


def block(day: str | None, **prices) -> PricingBlock:
    return PricingBlock.model_validate({"source": "https://example.com/prices", "verified": "2026-11-01",
                                        **({"effective": day} if day else {}), **prices})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages") / "site"
    build_site(load_catalog(SITE_DATA), out, today=DAY, base_url="https://models.example.com/catalog/")
    return out


def main_text(built, path: str) -> str:
    html = (built / path).read_text()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('<main id="main">', 1)[1].split("</main>")[0]))


# --- price changes ---------------------------------------------------------------------------


def test_price_changes_are_newest_first_and_a_reverification_is_no_change():
    sage = load_catalog(SITE_DATA).models["acme/sage"]
    older = sage.model_copy(update={
        "id": "acme/older", "name": "Older",
        "pricing": block("2026-06-01", input="1.5", output="6"),      # same prices as on 03-01: no change
        "price_history": (block("2026-03-01", input="1.5", output="6"),
                          block("2026-01-10", input="2", output="6", cache_read="0.5"),
                          block(None, input="3", output="6")),
    })
    newer = sage.model_copy(update={"id": "acme/newer", "name": "Newer",
                                    "pricing": block("2026-03-01", input="1", output="4"),
                                    "price_history": (block(None, input="1", output="5"),)})
    changes = price_changes([older, newer])
    assert [(c.day.isoformat(), c.model_id) for c in changes] == [
        ("2026-03-01", "acme/newer"), ("2026-03-01", "acme/older"), ("2026-01-10", "acme/older")]
    assert changes[0].lines == (("Output /1M tokens", "$5.00", "$4.00", "down"),)
    assert changes[1].lines == (("Input /1M tokens", "$2.00", "$1.50", "down"),
                                ("Cached input (read) /1M tokens", "$0.50", "unknown", "gone"))
    assert changes[2].lines == (("Input /1M tokens", "$3.00", "$2.00", "down"),
                                ("Cached input (read) /1M tokens", "unknown", "$0.50", "new"))


def test_the_changes_page_lists_the_test_catalogs_change(built):
    text = main_text(built, "changes/index.html")
    assert "2026-09-01" in text and "Acme Sage" in text
    assert "Input /1M tokens: $2.00 → $1.25" in text and "(down)" in text
    assert "Context tiers changed" in text


def test_the_atom_feed_is_valid_and_dated_from_the_data(tmp_path, built):
    feed = ET.parse(built / "changes" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{ATOM}updated") == "2026-09-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-09-01T00:00:00Z"
    assert entry.find(f"{ATOM}link").get("href") == "https://models.example.com/catalog/models/acme/sage/"
    assert entry.findtext(f"{ATOM}id") == "tag:models.example.com,2026:change/acme/sage/2026-09-01"  # never changes
    assert "$2.00 → $1.25" in entry.findtext(f"{ATOM}summary")
    # Built on another day, the feed is the same bytes: no date in it comes from the build.
    other = tmp_path / "later"
    build_site(load_catalog(SITE_DATA), other, today=DAY + dt.timedelta(days=40),
               base_url="https://models.example.com/catalog/")
    assert (other / "changes" / "feed.xml").read_bytes() == (built / "changes" / "feed.xml").read_bytes()


def test_a_catalog_without_any_change_still_has_a_valid_feed(tmp_path):
    data = copy_data(tmp_path)
    spec = data / "models" / "acme" / "sage.yaml"
    spec.write_text(re.sub(r"(?ms)^price_history:.*?(?=^api:)", "", spec.read_text()))
    catalog = load_catalog(data)
    assert not catalog.models["acme/sage"].price_history
    build_site(catalog, tmp_path / "site", today=DAY)
    feed = ET.parse(tmp_path / "site" / "changes" / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")
    assert "No price changes recorded yet" in main_text(tmp_path / "site", "changes/index.html")


# --- providers -------------------------------------------------------------------------------


def test_every_provider_has_a_page_listing_its_models_and_a_chart(built):
    assert "Acme" in main_text(built, "providers/index.html") and "Initech" in main_text(built, "providers/index.html")
    text = main_text(built, "providers/initech/index.html")
    for name in ("Codex", "Easel", "Fresco", "Relic", "Tally", "Vector"):
        assert name in text
    assert text.index("Vector") < text.index("Relic")  # retired last
    html = (built / "providers" / "acme" / "index.html").read_text()
    assert '<svg role="img" aria-labelledby="price-context-t price-context-d"' in html
    assert "Input $1.25 /1M tokens" in html
    assert 'href="../../models/acme/sage/"' in html


def test_a_scatter_chart_puts_dearer_models_higher_and_wider_ones_further_right():
    chart = scatter_chart([(8_000, Decimal("0.1"), "small"), (1_000_000, Decimal("10"), "big"),
                           (128_000, Decimal(0), "free")],
                          title="t", y_label="Input price", y_text=price_text, left_out="1 free")
    small, big = chart["dots"]
    assert big["x"] > small["x"] and big["y"] < small["y"]  # SVG's y grows downwards
    assert chart["left"] < small["x"] and big["x"] < chart["right"]
    assert chart["top"] < big["y"] and small["y"] < chart["bottom"]
    assert "Lowest input price: small, $0.10" in chart["desc"] and "Not drawn: 1 free." in chart["desc"]
    assert scatter_chart([(1000, Decimal(0), "free")], title="t", y_label="y", y_text=price_text) is None


# --- workloads -------------------------------------------------------------------------------


def test_a_workload_page_ranks_current_models_once_each_cheapest_first(built):
    catalog = load_catalog(SITE_DATA)
    chatbot = load_workloads(SITE_DATA / "workloads.yaml")["chatbot"]
    html = (built / "workloads" / "chatbot" / "index.html").read_text()
    table = html.split('id="wl-table"', 1)[1].split("</table>", 1)[0]
    ids = re.findall(r'<code class="sub">([^<]+)</code>', table)
    assert "initech/relic" not in ids  # retired
    free = html.split('id="free-h"', 1)[1].split("</section>", 1)[0]
    assert "initech/tally" not in ids and "initech/tally" in free  # costs nothing: listed apart
    assert "acme/sage" in ids and "globex/sage" not in ids  # one row per canonical model, its cheapest offering
    bills = [workload_cost(catalog.models[i], chatbot, at=DAY).monthly.total for i in ids]
    assert bills == sorted(bills)
    assert format_bill(bills[0]) in html
    assert 'data-c="function_calling parallel_tool_calls vision' in html  # the filters' data
    assert "Monthly bill against context window" in html


def test_the_workloads_index_names_the_cheapest_models_of_each_preset(built):
    text = main_text(built, "workloads/index.html")
    for preset in ("chatbot", "long-context", "summarisation", "image-generation"):
        assert preset in text
    assert "Brush (Globex): $182.45 a month" in text


# --- compare and calculator ------------------------------------------------------------------


def test_the_compare_page_ships_presets_and_choices_but_no_model_data(built):
    html = (built / "compare" / "index.html").read_text()
    assert '<script type="application/json" id="cmp-data">' in html and '"name":"chatbot"' in html
    assert "<noscript>" in html and 'href="../models/acme/sage/"' in html
    choices = (built / "compare" / "choices.json").read_text()
    assert choices.startswith('[["acme/sage","Acme Sage"]') and '"globex/sage"' in choices


def test_the_similar_models_of_a_model_page_link_to_the_compare_page(built):
    html = (built / "models" / "acme" / "sage" / "index.html").read_text()
    assert 'href="../../../compare/?models=acme/sage,' in html


def test_the_calculator_without_javascript_shows_every_presets_bill_on_popular_models(built):
    catalog = load_catalog(SITE_DATA)
    workloads = load_workloads(SITE_DATA / "workloads.yaml")
    text = main_text(built, "calculator/index.html")
    expected = format_bill(workload_cost(catalog.models["acme/sage"], workloads["long-context"], at=DAY).monthly.total)
    assert "long-context: monthly bill" in text and expected in text
    assert "unknown (known part" in text  # acme/painter's prompt price is unknown


def nav_targets(site, page) -> list:
    html = (site / page).read_text()
    nav = html.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    base = (site / page).parent
    return [(base / href).resolve() for href in re.findall(r'href="([^"]+)"', nav)]


@pytest.mark.parametrize("presets", [True, False])
def test_every_link_of_the_navigation_leads_to_a_page(tmp_path, presets):
    data = copy_data(tmp_path)
    if not presets:
        (data / "workloads.yaml").unlink()
    site = tmp_path / "site"
    build_site(load_catalog(data), site, today=DAY)
    for page in ("index.html", "models/acme/sage/index.html", "providers/acme/index.html", "changes/index.html"):
        targets = nav_targets(site, page)
        assert len(targets) == 7  # models, providers, workloads, compare, calculator, changes, API
        for target in targets:
            assert (target / "index.html").is_file(), (page, target)
    if not presets:
        assert "no workload presets yet" in main_text(site, "calculator/index.html")
        assert "no workload presets yet" in main_text(site, "workloads/index.html")


def test_a_workload_page_marks_models_whose_context_cannot_hold_one_request(built):
    html = (built / "workloads" / "long-context" / "index.html").read_text()  # 250,800 tokens a request
    rows = {re.search(r'<code class="sub">([^<]+)</code>', r).group(1): r
            for r in html.split('id="wl-table"', 1)[1].split("</tbody>")[0].split("<tr ")[1:]}
    assert "context too small" in rows["globex/quill"]  # 128,000 tokens
    assert "context too small" not in rows["acme/sage"]  # 1,000,000 tokens
    assert "cannot take one request of this workload (250,800 tokens" in html
