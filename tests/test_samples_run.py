"""The code samples model pages show run, as rendered, against the test gateway: the Python
ones (the official `openai` SDK, httpx for predictions) with the interpreter, the curl ones with
the shell.

The site is built for a small catalog with one model per protocol, with `catalog.yaml`
configuring an OpenAI-compatible gateway and a predictions marketplace, both played by the test
gateway; each sample is read back out of its model page (HTML-unescaped) and executed with the
key in the environment variable the page names."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.load import load_catalog
from catalog.site import build_site
from gateway import TestGateway

KEY = "sk-SAMPLE-KEY-91c2"
KEY_ENV = "GATEWAY_API_KEY"
MARKET_KEY_ENV = "MARKET_API_KEY"
PROTOCOLS = {
    "chatter": ("chat", "openai-chat"),
    "completer": ("completion", "openai-completions"),
    "embedder": ("embedding", "openai-embeddings"),
    "painter": ("image-generation", "openai-images"),
    "speaker": ("speech", "openai-audio-speech"),
    "listener": ("transcription", "openai-audio-transcriptions"),
    "moderator": ("moderation", "openai-moderations"),
    "ranker": ("rerank", "rerank"),
    "predictor": ("image-generation", "predictions"),
}
SAMPLES = [(name, 0) for name in PROTOCOLS] + [("predictor", 1)]
"""(model, route): the predictor also has a chat route at the OpenAI-compatible gateway, as
the seed model has."""


def config_yaml(gw: TestGateway) -> str:
    return (f"gateways:\n"
            f"  relay:\n    base_url: {gw.base_url('agentcc')}\n    preset: agentcc\n    key_env: {KEY_ENV}\n"
            f"  market:\n    base_url: {gw.base_url('predictions')}\n    protocol: predictions\n"
            f"    key_env: {MARKET_KEY_ENV}\n    poll_interval_seconds: 0.1\n    deadline_seconds: 30\n"
            f"    report:\n      latency_seconds: body:metrics.predict_time\n"
            f"smoke:\n  default_gateway: relay\n")


def spec_yaml(name: str, kind: str, protocol: str) -> str:
    parameters = ""
    if protocol == "predictions":
        parameters = ("  gateway: market\n  version: v1\n"
                      "  routes:\n    - {gateway: relay, protocol: openai-chat, model: acme/predictor-chat}\n"
                      "  parameters:\n    - name: prompt\n      type: string\n      required: true\n"
                      "      description: What to draw.\n"
                      "    - name: image_url\n      type: url\n      required: true\n      description: The image.\n")
    return (f"id: acme/{name}\nname: {name.title()}\nprovider: acme\nkind: {kind}\n"
            f"api:\n  protocol: {protocol}\n  gateway_model: acme/{name}\n{parameters}")


@pytest.fixture(scope="module")
def gw():
    with TestGateway(key=KEY) as server:
        yield server


@pytest.fixture(scope="module")
def pages(gw, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("samples") / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / "acme.yaml").write_text("id: acme\nname: Acme AI\n")
    (data / "models" / "acme").mkdir(parents=True)
    for name, (kind, protocol) in PROTOCOLS.items():
        (data / "models" / "acme" / f"{name}.yaml").write_text(spec_yaml(name, kind, protocol))
    (data.parent / "catalog.yaml").write_text(config_yaml(gw))
    catalog = load_catalog(data)
    assert sorted(catalog.models) == sorted(f"acme/{name}" for name in PROTOCOLS)
    out = data.parent / "site"
    build_site(catalog, out, workers=1)
    return out


def rendered(pages: Path, name: str, route: int, language: str) -> str:
    page = (pages / "models" / "acme" / name / "index.html").read_text()
    codes = re.findall(rf'<code class="language-{language}">(.*?)</code>', page, flags=re.S)
    assert len(codes) == len([s for s in SAMPLES if s[0] == name])  # one sample per route
    return html.unescape(codes[route])


def run_sample(argv: list[str], cwd: Path, gw: TestGateway) -> subprocess.CompletedProcess[str]:
    (cwd / "speech.mp3").write_bytes(b"ID3" + b"\x00" * 256)  # the audio file the samples name
    env = {**os.environ, KEY_ENV: KEY, MARKET_KEY_ENV: KEY}
    env.pop("OPENAI_BASE_URL", None)
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("name", "route"), SAMPLES)
def test_the_python_sample_runs_as_rendered(pages, gw, tmp_path, name, route):
    code = rendered(pages, name, route, "python")
    assert KEY not in code and (KEY_ENV in code or MARKET_KEY_ENV in code)
    result = run_sample([sys.executable, "-c", code], tmp_path, gw)
    assert result.returncode == 0, result.stderr[-2000:]
    if "x-agentcc-cost" in code:  # the page promises the gateway's report: it must print it
        assert "cost: 0.0000036 USD" in result.stdout and "provider: openai" in result.stdout
    if "/prediction/" in code:  # created, polled until done, its output and time printed
        assert "output: https://example.invalid/out.png" in result.stdout
        assert f"latency: {gw.predict_time} s" in result.stdout


def test_a_failed_prediction_ends_the_python_sample_with_an_error(pages, gw, tmp_path):
    gw.prediction_outcome = "error"
    try:
        result = run_sample([sys.executable, "-c", rendered(pages, "predictor", 0, "python")], tmp_path, gw)
    finally:
        gw.prediction_outcome = "success"
    assert result.returncode == 1 and "NSFW content detected" in result.stderr


@pytest.mark.parametrize(("name", "route"), SAMPLES)
def test_the_curl_sample_runs_as_rendered(pages, gw, tmp_path, name, route):
    script = rendered(pages, name, route, "shell")
    assert KEY not in script
    if "/prediction/" in script:
        create, poll = script.split("\n\n")
        created = run_sample(["bash", "-c", f"set -e\n{create}"], tmp_path, gw)
        assert created.stdout.startswith("HTTP/1.") and " 200 " in created.stdout.splitlines()[0]
        answer = json.loads(created.stdout.split("\n\n", 1)[1])
        assert answer["status"] == "success"
        poll = poll.replace("PREDICTION_ID", answer["predictionID"])
        states = [json.loads(run_sample(["bash", "-c", f"set -e\n{poll}"], tmp_path, gw).stdout.split("\n\n", 1)[1])
                  for _ in range(gw.polls_until_done)]
        assert [s["status"] for s in states] == ["processing"] * (gw.polls_until_done - 1) + ["success"]
        assert states[-1]["output"] and states[-1]["metrics"]["predict_time"] == gw.predict_time
        return
    result = run_sample(["bash", "-c", f"set -e -o pipefail\n{script}"], tmp_path, gw)
    assert result.returncode == 0, result.stderr
    shown = result.stdout if "-o speech.mp3" not in script else (tmp_path / "speech.mp3").read_text(errors="replace")
    assert shown.startswith("HTTP/1.") and " 200 " in shown.splitlines()[0], shown[:300]
    assert "x-agentcc-cost: 0.0000036" in shown.lower()
