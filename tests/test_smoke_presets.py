"""Each preset's report is read where that gateway puts it, and the cost is reconciled with
the catalog's price of the same usage (catalog.pricing)."""

from __future__ import annotations

import pytest

from gateway import TestGateway
from smoke_helpers import KEY, chat_model, run_models, test_gateway_config


@pytest.fixture()
def gw():
    with TestGateway(key=KEY) as server:
        yield server


@pytest.mark.parametrize("preset", ["agentcc", "litellm", "openrouter"])
def test_each_preset_reads_cost_and_usage(gw, tmp_path, preset):
    gw.cost = "0.0000036"
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, preset), tmp_path)
    assert line["ok"] is True
    assert line["usage"] == {"input_tokens": 12, "output_tokens": 3, "requests": 1}
    assert line["gateway_cost"] == "0.0000036"
    assert line["catalog_cost"] == "0.0000036"  # 12 x $0.15/M + 3 x $0.60/M
    assert line["cost_difference"] == "0"


@pytest.mark.parametrize(("preset", "latency", "provider"), [
    ("agentcc", 87, "openai"),
    ("litellm", 87, "https://api.openai.com"),
    ("openrouter", None, "openai"),  # OpenRouter reports no latency
])
def test_each_preset_reads_latency_and_provider(gw, tmp_path, preset, latency, provider):
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, preset), tmp_path)
    assert line["gateway_latency_ms"] == latency
    assert line["provider"] == provider
    assert line["latency_ms"] > 0  # measured by the runner whatever the gateway says


def test_a_bill_that_differs_is_recorded_with_the_difference(gw, tmp_path):
    gw.cost = "0.0000072"
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, "agentcc"), tmp_path)
    assert line["cost_difference"] == "0.0000036"


def test_cached_tokens_are_priced_at_the_cache_read_price(gw, tmp_path):
    gw.usage = {"prompt_tokens": 12, "completion_tokens": 3, "cached_tokens": 10}
    gw.cost = "0.0000024"
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, "openrouter"), tmp_path)
    assert line["usage"]["cache_read_tokens"] == 10
    # 2 uncached x 0.15 + 10 cached x 0.075 + 3 x 0.60, per million
    assert line["catalog_cost"] == "0.00000285"


def test_the_agentcc_cache_header_is_recorded(gw, tmp_path):
    gw.cache = "hit"
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, "agentcc"), tmp_path)
    assert line["cache"] == "hit"


def test_litellm_reports_a_cache_hit_by_its_cache_key(gw, tmp_path):
    gw.cache = "hit"
    (line,), _ = run_models([chat_model()], test_gateway_config(gw, "litellm"), tmp_path)
    assert line["cache"] == "c0ffee"


def test_explicit_locations_override_the_preset(gw, tmp_path):
    gateway = test_gateway_config(gw, "agentcc", report={"cost": "header:x-litellm-response-cost"})
    (line,), _ = run_models([chat_model()], gateway, tmp_path)
    assert line["gateway_cost"] is None  # the agentcc server sends no litellm header
    assert line["gateway_latency_ms"] == 87  # the preset's other locations still apply


def test_an_unknown_catalog_price_leaves_the_catalog_cost_unknown_and_says_why(gw, tmp_path):
    from peer_specs import spec

    model = spec("acme/unpriced", "chat", pricing={"output": "1"}, api={"protocol": "openai-chat", "gateway_model": "x"})
    (line,), _ = run_models([model], test_gateway_config(gw, "agentcc"), tmp_path)
    assert line["ok"] is True and line["catalog_cost"] is None and line["cost_difference"] is None
    assert any(reason.startswith("input:") for reason in line["catalog_cost_missing"])
