"""The code samples a model page shows (and the smoke runner executes): valid Python for every
protocol, pointed at the configured gateway, reading the configured report headers."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from catalog.schema import ModelSpec
from catalog.site.samples import DEFAULT_PROTOCOL, Gateway, call_of, curl_sample, prediction_input, python_sample

GATEWAY = Gateway(base_url="http://127.0.0.1:9999/v1", api_key_env="TEST_GATEWAY_KEY", provider_header="x-p",
                  latency_header="x-l", cost_header="x-c", cache_header="x-h")
PROTOCOLS = sorted(set(DEFAULT_PROTOCOL.values()) | {"openai-completions", "openai-moderations", "predictions"})


def spec(protocol: str | None, kind: str = "chat", **api) -> ModelSpec:
    doc = {"id": "acme/model", "name": "Model", "provider": "acme", "kind": kind}
    if protocol:
        doc["api"] = {"protocol": protocol, "gateway_model": "acme/model-v1", **api}
    return ModelSpec.model_validate(doc)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_the_python_sample_compiles_and_reports_the_gateway_headers(protocol):
    source = python_sample(spec(protocol), GATEWAY)
    compile(source, f"<{protocol}>", "exec")
    assert "http://127.0.0.1:9999/v1" in source and 'os.environ["TEST_GATEWAY_KEY"]' in source.replace("'", '"')
    for header in ("x-p", "x-l", "x-c", "x-h"):
        assert f'.headers.get("{header}")' in source
    assert '"acme/model-v1"' in source
    if protocol.startswith("openai-"):
        assert "from openai import OpenAI" in source and "with_raw_response" in source


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_the_curl_sample_is_one_shell_command_per_step_with_a_json_body(protocol):
    sample = curl_sample(spec(protocol), GATEWAY)
    commands = [c for c in re.split(r"\n\s*\n", sample) if "curl" in c]
    assert commands and all("$TEST_GATEWAY_KEY" in c for c in commands)
    for command in commands:
        words = shlex.split("\n".join(l for l in command.splitlines() if not l.startswith("#")).replace("\\\n", " "))
        assert words[:3] == ["curl", "-s", "-i"] and words[3].startswith("http://127.0.0.1:9999/v1/")
        if "-d" in words:
            assert json.loads(words[words.index("-d") + 1])["model"] == "acme/model-v1"


def test_a_predictions_model_is_created_then_polled_with_its_required_inputs():
    model = spec("predictions", "image-generation", parameters=[
        {"name": "prompt", "type": "string", "required": True, "description": "What to draw."},
        {"name": "size", "type": "string", "required": True, "description": "Size.", "choices": ["1024x1024"]},
        {"name": "seed", "type": "integer", "description": "Optional seed."},
    ])
    assert prediction_input(model) == {"prompt": "A red bicycle leaning against a brick wall, soft morning light",
                                       "size": "1024x1024"}
    source = python_sample(model, GATEWAY)
    assert source.index("httpx.post(") < source.index("while True:") < source.index("httpx.get(")
    assert '"succeeded"' in source and "/predictions/{prediction_id}" in source
    curl = curl_sample(model, GATEWAY)
    assert "/predictions \\" in curl and "/predictions/PREDICTION_ID" in curl


def test_a_spec_without_an_api_section_is_called_the_way_its_kind_usually_is():
    call = call_of(spec(None, "embedding"))
    assert (call.protocol, call.gateway_model, call.documented) == ("openai-embeddings", "acme/model", False)
