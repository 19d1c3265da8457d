"""Configuration of gateways, the plan of calls (models x routes) and the smallest request
per protocol."""

from __future__ import annotations

import wave
from io import BytesIO

import pytest
import yaml

from catalog.config import config_path, load_config
from catalog.load import bundled_data_dir
from catalog.schema import ModelSpec
from catalog.smoke.gateways import GatewayError, Overrides, gateways_for_run, read_keys
from catalog.smoke.plan import PlanError, plan_calls, select_models
from catalog.smoke.requests import build_request, silent_wav
from catalog.yamlfile import SpecFileError
from peer_specs import spec

SEED = "google/gemini-2.0-flash-exp-image-generation"


@pytest.fixture(scope="module")
def shipped():
    return load_config(config_path(bundled_data_dir()))


def test_the_shipped_configuration_has_both_seed_gateways(shipped):
    gateways, default = gateways_for_run(shipped, Overrides())
    assert default == "agentcc"
    agentcc, eachlabs = gateways["agentcc"], gateways["eachlabs"]
    assert (agentcc.base_url, agentcc.protocol, agentcc.key_env) == (
        "https://gateway.futureagi.com/v1", "openai", "AGENTCC_API_KEY")
    assert agentcc.report.cost == "header:x-agentcc-cost"
    assert agentcc.report.latency_ms == "header:x-agentcc-latency-ms"
    assert agentcc.auth_headers("k") == {"Authorization": "Bearer k"}
    assert (eachlabs.base_url, eachlabs.protocol) == ("https://api.eachlabs.ai/v1", "predictions")
    assert eachlabs.auth_headers("k") == {"X-API-Key": "k"}
    assert (eachlabs.requests_per_minute, eachlabs.concurrent_requests) == (60, 10)


def test_a_typo_in_a_gateway_names_the_nearest_key(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("gateways:\n  mine:\n    base_url: https://gw.example/v1\n    key_env: K\n    requests_per_minut: 5\n")
    with pytest.raises(SpecFileError) as error:
        load_config(path)
    (finding,) = error.value.findings
    assert finding.line == 5 and "requests_per_minute" in finding.message


def test_an_unknown_preset_is_an_error_with_the_choices(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("gateways:\n  mine:\n    base_url: https://gw.example/v1\n    key_env: K\n    preset: litelm\n")
    with pytest.raises(SpecFileError) as error:
        load_config(path)
    assert "litellm" in error.value.findings[0].message


def test_base_url_alone_speaks_openai_with_the_seed_gateways_headers(shipped):
    gateways, default = gateways_for_run(shipped, Overrides(base_url="http://127.0.0.1:9/v1/"))
    gateway = gateways[default]
    assert (gateway.base_url, gateway.protocol, gateway.key_env) == ("http://127.0.0.1:9/v1", "openai", "CATALOG_GATEWAY_KEY")
    assert gateway.report.cost == "header:x-agentcc-cost"


def test_flags_override_the_file(shipped):
    gateways, default = gateways_for_run(shipped, Overrides(gateway="eachlabs", requests_per_minute=5, concurrent_requests=2))
    assert default == "eachlabs"
    assert all((g.requests_per_minute, g.concurrent_requests) == (5, 2) for g in gateways.values())
    moved, _ = gateways_for_run(shipped, Overrides(gateway="agentcc", base_url="http://127.0.0.1:9/v1"))
    assert moved["agentcc"].base_url == "http://127.0.0.1:9/v1" and moved["agentcc"].key_env == "AGENTCC_API_KEY"


def test_an_unknown_gateway_flag_names_the_nearest(shipped):
    with pytest.raises(GatewayError, match="did you mean 'agentcc'"):
        gateways_for_run(shipped, Overrides(gateway="agentc"))
    with pytest.raises(GatewayError, match="not an http"):
        gateways_for_run(shipped, Overrides(base_url="gateway.example"))


def test_keys_come_from_the_environment_only(shipped):
    gateways, _ = gateways_for_run(shipped, Overrides())
    assert read_keys([gateways["agentcc"]], {"AGENTCC_API_KEY": "abc"}) == {"agentcc": "abc"}
    with pytest.raises(GatewayError, match=r"\$EACHLABS_API_KEY"):
        read_keys([gateways["eachlabs"]], {})


def test_the_seed_model_has_two_routes(shipped):
    gateways, default = gateways_for_run(shipped, Overrides())
    seed = ModelSpec.model_validate(yaml.safe_load((bundled_data_dir() / "models" / f"{SEED}.yaml").read_text()))
    plan = plan_calls([seed], gateways, default)
    routes = [(c.route_id, c.request.path, c.request.json["model"]) for c in plan.calls]
    assert routes == [
        ("eachlabs:predictions", "prediction/", "gemini"),
        ("agentcc:openai-chat", "chat/completions", "google/gemini-2-0-flash-exp-image-generation"),
    ]
    prediction = plan.calls[0].request.json
    assert prediction["version"] == "2.0-flash-exp-image-generation"
    assert set(prediction["input"]) == {"prompt"}  # image_url is optional: left out
    only, _ = gateways_for_run(shipped, Overrides(gateway="eachlabs"))
    assert [c.route_id for c in plan_calls([seed], only, "eachlabs", only_gateway="eachlabs").calls] == ["eachlabs:predictions"]


def test_a_route_that_cannot_be_called_is_skipped_with_the_reason(shipped):
    gateways, default = gateways_for_run(shipped, Overrides())
    model = spec("acme/x", "image-generation", api={"protocol": "predictions", "gateway_model": "x",
                                                   "routes": [{"gateway": "nowhere", "protocol": "openai-chat", "model": "x"}]})
    plan = plan_calls([model], gateways, default)
    assert not plan.calls
    reasons = sorted(s.reason for s in plan.skipped)
    assert reasons == ["gateway 'agentcc' speaks openai, not predictions", "gateway 'nowhere' is not configured in catalog.yaml"]


def test_models_are_chosen_by_glob_alias_and_kind():
    a = spec("openai/gpt-4o-mini", "chat", aliases=["gpt-4o-mini-2024-07-18"], api={"protocol": "openai-chat", "gateway_model": "a"})
    b = spec("openai/text-embedding-3-small", "embedding", api={"protocol": "openai-embeddings", "gateway_model": "b"})
    c = spec("openai/no-api", "chat")
    models = [a, b, c]
    assert [m.id for m in select_models(models, [], None)] == ["openai/gpt-4o-mini", "openai/text-embedding-3-small"]
    assert [m.id for m in select_models(models, ["openai/*"], "embedding")] == ["openai/text-embedding-3-small"]
    assert [m.id for m in select_models(models, ["gpt-4o-mini-2024*"], None)] == ["openai/gpt-4o-mini"]
    with pytest.raises(PlanError, match="matches no model"):
        select_models(models, ["openai/no-api"], None)


def test_the_smallest_requests():
    chat = spec("a/chat", "chat")
    body = build_request(chat, "openai-chat", "a/chat", None).json
    assert body["max_tokens"] <= 16 and len(body["messages"]) == 1
    image = spec("a/img", "image-generation", pricing={"output_images": [
        {"size": "1024x1024", "quality": "high", "price": "0.17"},
        {"size": "1024x1024", "quality": "low", "price": "0.011"},
        {"size": "1536x1024", "quality": "low", "price": "0.016"}]})
    request = build_request(image, "openai-images", "a/img", None)
    assert (request.json["size"], request.json["quality"], request.json["n"]) == ("1024x1024", "low", 1)
    speech = build_request(spec("a/tts", "speech"), "openai-audio-speech", "a/tts", None).json
    assert len(speech["input"]) <= 5
    transcription = build_request(spec("a/stt", "transcription"), "openai-audio-transcriptions", "a/stt", None)
    with wave.open(BytesIO(transcription.files["file"][1])) as audio:
        assert audio.getnframes() / audio.getframerate() == 1.0
    assert silent_wav()[:4] == b"RIFF"


def test_a_predictions_model_with_a_required_input_we_cannot_fill_is_skipped(shipped):
    gateways, _ = gateways_for_run(shipped, Overrides())
    model = spec("acme/x", "image-generation", api={"protocol": "predictions", "gateway_model": "x", "parameters": [
        {"name": "image_url", "type": "url", "required": True, "description": "the image"}]})
    plan = plan_calls([model], gateways, "eachlabs")
    assert not plan.calls and "image_url" in plan.skipped[0].reason


def test_the_configured_default_gateway_for_the_sites_samples(shipped):
    from catalog.smoke.gateways import configured_gateway, header_name

    gateway = configured_gateway(shipped)
    assert gateway is not None and (gateway.name, gateway.key_env) == ("agentcc", "AGENTCC_API_KEY")
    assert header_name(gateway.report.cost) == "x-agentcc-cost"
    assert header_name("body:usage.cost") is None
    assert configured_gateway(shipped, "eachlabs").key_header == "X-API-Key"
    assert configured_gateway(shipped, "nowhere") is None


def test_base_url_alone_serves_every_openai_route_and_leaves_predictions_out(shipped):
    gateways, default = gateways_for_run(shipped, Overrides(base_url="http://127.0.0.1:9/v1"))
    seed = ModelSpec.model_validate(yaml.safe_load((bundled_data_dir() / "models" / f"{SEED}.yaml").read_text()))
    plan = plan_calls([seed], gateways, default, only_gateway=default, openai_through=default)
    assert [c.route_id for c in plan.calls] == ["base-url:openai-chat"]
    assert plan.calls[0].request.json["model"] == "google/gemini-2-0-flash-exp-image-generation"
