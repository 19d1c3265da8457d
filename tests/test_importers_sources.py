"""genai-prices and OpenRouter importers on their fixtures, and reading a source by URL from a
real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from catalog.importers import ImportSourceError, load_source

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
DAY = dt.date(2026, 11, 21)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    (tmp_path / "providers").mkdir()
    (tmp_path / "providers" / "xai.yaml").write_text("id: xai\nname: xAI\naliases: [x-ai]\n")
    return tmp_path


def test_genai_prices_tiers_dates_variants_and_windows(data):
    result, _ = load_source("genai-prices", str(FIXTURES / "genai-prices-slice.json"), data, imported=DAY)
    models = {m.id: m for m in result.models}
    opus = models["anthropic/claude-opus-4-6"].pricing
    # The dated price from 2026-03-13 replaced the tiered one.
    assert (opus.input, opus.output, opus.cache_write_5m, opus.cache_write_1h) == (
        Decimal("5"), Decimal("25"), Decimal("6.25"), Decimal("10"))
    assert opus.tiers == () and opus.web_search == Decimal("10")
    assert opus.variants["batch"].input == Decimal("2.5")
    pro = models["google/gemini-2.5-pro"].pricing
    assert [(t.above, t.input) for t in pro.tiers] == [(200000, Decimal("2.5"))]
    # The batch variant's {base, tiers} prices: the base is its flat price, the tier its own tier.
    batch = pro.variants["batch"]
    assert (batch.input, batch.output) == (Decimal("0.625"), Decimal("5"))
    assert [(t.above, t.input, t.output) for t in batch.tiers] == [(200000, Decimal("1.25"), Decimal("7.5"))]
    chat = models["deepseek/deepseek-chat"].pricing
    assert chat.input == Decimal("0.135")
    assert [(w.start, w.end, w.input) for w in chat.windows] == [("00:30", "16:30", Decimal("0.27"))]
    assert models["openai/gpt-4o"].pricing.variants["priority"].input == Decimal("4.25")
    assert any(k.startswith("price_variants when {'service_tier': 'fast'}") for k, _ in result.report.unmapped)


def test_openrouter_prices_zeros_and_free_models(data):
    result, _ = load_source("openrouter", str(FIXTURES / "openrouter-models.json"), data, imported=DAY)
    models = {m.id: m for m in result.models}
    gpt = models["openrouter/openai-gpt-4o"]
    assert (gpt.pricing.input, gpt.pricing.output, gpt.pricing.cache_read) == (Decimal("2.5"), Decimal("10"), Decimal("1.25"))
    assert gpt.pricing.per_request is None and gpt.pricing.cache_write_5m is None  # "0": not billed, not free
    assert gpt.capabilities.function_calling and gpt.capabilities.pdf_input and gpt.limits.max_output == 16384
    assert models["openrouter/anthropic-claude-sonnet-4.5"].pricing.web_search == Decimal("10")
    free = models["openrouter/deepseek-deepseek-chat-v3.1-free"].pricing
    assert free.input == 0 and free.output == 0
    assert models["openrouter/openrouter-auto"].pricing is None
    assert any("pricing.prompt='-1'" in d for d in result.report.dropped)
    assert dict(result.report.unmapped)["pricing.audio"] == 1


@pytest.fixture()
def server():
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_reading_a_source_by_url(server, data):
    url = f"{server}/openrouter-models.json"
    result, _ = load_source("openrouter", url, data, imported=DAY)
    assert len(result.models) == 5
    assert result.report.dataset.upstream == url
    with pytest.raises(ImportSourceError, match="404"):
        load_source("openrouter", f"{server}/missing.json", data)


def test_wrong_shape_is_a_clear_error(tmp_path, data):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"models": []}')
    with pytest.raises(ImportSourceError, match="expected an object with a 'data' list"):
        load_source("openrouter", str(wrong), data)
    with pytest.raises(ImportSourceError, match="expected a JSON list of providers"):
        load_source("genai-prices", str(wrong), data)


def test_genai_prices_window_tiers_only_where_the_block_has_a_tier(tmp_path, data):
    tiered = lambda base, *tiers: {"base": base, "tiers": [{"start": s, "price": p} for s, p in tiers]}  # noqa: E731
    source = tmp_path / "data.json"
    source.write_text(json.dumps([{"id": "acme", "pricing_urls": ["https://acme.example/pricing"], "models": [
        {"id": "m1", "match": {"equals": "m1"}, "prices": [
            {"prices": {"input_mtok": tiered(1, (200000, 2)), "output_mtok": 4}},
            {"constraint": {"start_time": "00:00:00", "end_time": "08:00:00"},
             "prices": {"input_mtok": tiered(0.5, (100000, 0.7), (200000, 1)), "output_mtok": 2}},
        ]}]}]))
    result, _ = load_source("genai-prices", str(source), data, imported=DAY)
    (window,) = result.models[0].pricing.windows
    assert (window.input, window.output) == (Decimal("0.5"), Decimal("2"))
    assert [(t.above, t.input) for t in window.tiers] == [(200000, Decimal("1"))]
    unmapped = dict(result.report.unmapped)
    assert unmapped["time-of-day window prices above 100,000 prompt tokens (the block has no tier there)"] == 1
