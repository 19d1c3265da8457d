"""The code samples a model page shows: one set per route, each pointed at the gateway
`catalog.yaml` configures for that route, authenticating the way that gateway wants and
printing what it reports; predictions as the seed marketplace's API works."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from catalog.config import GatewayConfig
from catalog.schema import ModelSpec
from catalog.site.samples import DEFAULT_PROTOCOL, curl_sample, prediction_body, python_sample, route_samples
from catalog.smoke.gateways import resolve_gateway
from catalog.smoke.plan import ModelRoute

RELAY = resolve_gateway("relay", GatewayConfig(
    base_url="http://127.0.0.1:9999/v1", key_env="TEST_GATEWAY_KEY",
    report={"provider": "header:x-p", "latency_ms": "header:x-l", "cost": "header:x-c", "cache": "header:x-h"}))
ROUTER = resolve_gateway("router", GatewayConfig(base_url="http://127.0.0.1:9998/v1", key_env="ROUTER_KEY",
                                                 preset="openrouter"))
MARKET = resolve_gateway("market", GatewayConfig(
    base_url="http://127.0.0.1:9997/v1", protocol="predictions", key_env="MARKET_KEY",
    report={"latency_seconds": "body:metrics.predict_time"}, poll_interval_seconds=2, deadline_seconds=90))
GATEWAYS = {"relay": RELAY, "router": ROUTER, "market": MARKET}
OPENAI = sorted(set(DEFAULT_PROTOCOL.values()) - {"predictions"} | {"openai-completions", "openai-moderations"})


def spec(protocol: str | None, kind: str = "chat", **api) -> ModelSpec:
    doc = {"id": "acme/model", "name": "Model", "provider": "acme", "kind": kind}
    if protocol:
        doc["api"] = {"protocol": protocol, "gateway_model": "acme/model-v1", **api}
    return ModelSpec.model_validate(doc)


def route(protocol: str, model: str = "acme/model-v1", version: str | None = None) -> ModelRoute:
    return ModelRoute(None, protocol, model, version)


@pytest.mark.parametrize("protocol", OPENAI)
def test_the_python_sample_compiles_and_reports_the_gateway_headers(protocol):
    source = python_sample(spec(protocol), route(protocol), RELAY)
    compile(source, f"<{protocol}>", "exec")
    assert "http://127.0.0.1:9999/v1" in source and 'os.environ["TEST_GATEWAY_KEY"]' in source
    for header in ("x-p", "x-l", "x-c", "x-h"):
        assert f'.headers.get("{header}")' in source
    assert '"acme/model-v1"' in source
    if protocol.startswith("openai-"):
        assert "from openai import OpenAI" in source and "with_raw_response" in source


def test_a_gateway_reporting_in_the_body_is_read_from_the_body():
    source = python_sample(spec("openai-chat"), route("openai-chat"), ROUTER)
    compile(source, "<router>", "exec")
    assert 'body = raw.http_response.json()' in source
    assert 'print("cost:", body.get("usage", {}).get("cost"), "USD")' in source
    assert 'body.get("usage", {}).get("prompt_tokens_details", {}).get("cached_tokens")' in source
    assert ".headers.get(" not in source


def test_a_gateway_wanting_its_key_in_another_header_gets_it_there():
    custom = resolve_gateway("custom", GatewayConfig(base_url="http://127.0.0.1:9/v1", key_env="K", key_header="X-Key"))
    source = python_sample(spec("openai-chat"), route("openai-chat"), custom)
    assert 'default_headers={"X-Key": os.environ["K"]}' in source
    assert '-H "X-Key: $K"' in curl_sample(spec("openai-chat"), route("openai-chat"), custom)


@pytest.mark.parametrize("protocol", [*OPENAI, "predictions"])
def test_the_curl_sample_is_one_shell_command_per_step_with_a_json_body(protocol):
    gateway = MARKET if protocol == "predictions" else RELAY
    sample = curl_sample(spec(protocol), route(protocol), gateway)
    commands = [c for c in re.split(r"\n\s*\n", sample) if "curl" in c]
    key = f"${gateway.key_env}"
    assert commands and all(key in c for c in commands)
    for command in commands:
        words = shlex.split("\n".join(l for l in command.splitlines() if not l.startswith("#")).replace("\\\n", " "))
        assert words[:3] == ["curl", "-s", "-i"] and words[3].startswith(gateway.base_url + "/")
        if "-d" in words:
            body = json.loads(words[words.index("-d") + 1])
            assert body["model"] == "acme/model-v1"


def test_a_predictions_route_is_created_then_polled_as_the_marketplace_works():
    model = spec("predictions", "image-generation", parameters=[
        {"name": "prompt", "type": "string", "required": True, "description": "What to draw."},
        {"name": "size", "type": "string", "required": True, "description": "Size.", "choices": ["1024x1024"]},
        {"name": "image_url", "type": "url", "required": True, "description": "The image."},
        {"name": "seed", "type": "integer", "description": "Optional seed."},
    ])
    gemini = route("predictions", "gemini", "2.0-flash-exp-image-generation")
    body = prediction_body(model, gemini)
    assert body["model"] == "gemini" and body["version"] == "2.0-flash-exp-image-generation"
    assert body["input"] == {"prompt": "a small red circle on a white background", "size": "1024x1024",
                             "image_url": "https://example.com/photo.png"}
    source = python_sample(model, gemini, MARKET)
    compile(source, "<predictions>", "exec")
    assert source.index('httpx.post(f"{BASE_URL}/prediction/"') < source.index("while True:") \
        < source.index('httpx.get(f"{BASE_URL}/prediction/{prediction_id}"')
    assert 'HEADERS = {"X-API-Key": os.environ["MARKET_KEY"]}' in source
    assert 'answer["predictionID"]' in source and '("success", "error")' in source
    assert "time.sleep(2)" in source and "time.monotonic() + 90" in source
    assert 'print("latency:", result.get("metrics", {}).get("predict_time"), "s")' in source
    curl = curl_sample(model, gemini, MARKET)
    assert "/prediction/ \\" in curl and "/prediction/PREDICTION_ID" in curl and '-H "X-API-Key: $MARKET_KEY"' in curl


def test_every_route_gets_its_own_gateway_and_an_unconfigured_one_says_why():
    model = spec("predictions", "image-generation", gateway="market", version="v1", routes=[
        {"gateway": "relay", "protocol": "openai-images", "model": "acme/model-img"},
        {"gateway": "elsewhere", "protocol": "openai-chat", "model": "x"},
        {"gateway": "relay", "protocol": "predictions", "model": "y"},
    ])
    samples = route_samples(model, GATEWAYS, "relay")
    assert [s.target.route_id for s in samples] == [
        "market:predictions", "relay:openai-images", "elsewhere:openai-chat", "relay:predictions"]
    assert "http://127.0.0.1:9997/v1" in samples[0].python and "http://127.0.0.1:9999/v1" in samples[1].python
    assert samples[2].python is None and "not configured" in samples[2].target.problem
    assert samples[3].curl is None and "speaks openai" in samples[3].target.problem
    assert samples[0].reported == (("its processing time in seconds", "body", "metrics.predict_time"),)


def test_a_spec_without_an_api_section_is_called_the_way_its_kind_usually_is():
    (sample,) = route_samples(spec(None, "embedding"), GATEWAYS, "relay")
    assert (sample.target.route_id, sample.target.route.model, sample.documented) == (
        "relay:openai-embeddings", "acme/model", False)
    (none,) = route_samples(spec(None, "embedding"), GATEWAYS, None)
    assert none.python is None and "no default gateway" in none.target.problem
