"""Code samples that call a model through the gateway: the model page shows them, and the smoke
runner executes exactly these against a test gateway, so a sample that stops working fails a test.

A sample is a function of the model and the gateway's settings (base URL, the environment
variable holding the key, the names of the response headers that report provider, latency,
cost and cache). OpenAI-compatible protocols use the official `openai` SDK; the predictions
protocol creates a prediction and polls it:

    python_sample(model, Gateway(base_url="http://127.0.0.1:8080/v1"))
    # 'import os\\n\\nfrom openai import OpenAI\\n\\nclient = OpenAI(...'
    curl_sample(model, Gateway())
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from catalog.schema import ModelSpec

PROMPT = "Say hello in one short sentence."
IMAGE_PROMPT = "A red bicycle leaning against a brick wall, soft morning light"
EXAMPLE_IMAGE_URL = "https://example.com/photo.png"
EXAMPLE_AUDIO_FILE = "speech.mp3"

DEFAULT_PROTOCOL: dict[str, str] = {
    "chat": "openai-chat",
    "completion": "openai-completions",
    "realtime": "openai-chat",
    "embedding": "openai-embeddings",
    "image-generation": "openai-images",
    "image-edit": "openai-images",
    "speech": "openai-audio-speech",
    "transcription": "openai-audio-transcriptions",
    "moderation": "openai-moderations",
    "rerank": "rerank",
    "video-generation": "predictions",
    "ocr": "openai-chat",
    "search": "openai-chat",
}
"""How a model whose spec says nothing about its API is called, by kind."""


@dataclass(frozen=True)
class Gateway:
    """Where and how samples call models: an OpenAI-compatible gateway."""

    base_url: str = "https://gateway.example.com/v1"
    api_key_env: str = "GATEWAY_API_KEY"
    provider_header: str = "x-agentcc-provider"
    latency_header: str = "x-agentcc-latency-ms"
    cost_header: str = "x-agentcc-cost"
    cache_header: str = "x-agentcc-cache"


@dataclass(frozen=True)
class Call:
    """How the gateway is asked for one model."""

    protocol: str
    gateway_model: str
    """The model name the gateway expects."""
    documented: bool
    """False when the spec has no `api` section and the call follows the kind's usual protocol."""


def call_of(model: ModelSpec) -> Call:
    if model.api is not None:
        return Call(model.api.protocol, model.api.gateway_model, True)
    return Call(DEFAULT_PROTOCOL.get(model.kind, "openai-chat"), model.id, False)


def prediction_input(model: ModelSpec) -> dict[str, Any]:
    """The `input` of a prediction: every required parameter with an example value, and the
    prompt, so the sample runs as written."""
    values: dict[str, Any] = {}
    params = model.api.parameters if model.api is not None else ()
    for param in params:
        if not (param.required or param.name == "prompt"):
            continue
        if param.default is not None:
            values[param.name] = param.default
        elif param.choices:
            values[param.name] = param.choices[0]
        elif param.name == "prompt" or param.type == "string":
            values[param.name] = IMAGE_PROMPT if param.name == "prompt" else "example"
        elif param.type in ("url", "file"):
            values[param.name] = EXAMPLE_IMAGE_URL
        elif param.type in ("integer", "number"):
            values[param.name] = param.minimum if param.minimum is not None else 1
        elif param.type == "boolean":
            values[param.name] = False
    if not values:
        values["prompt"] = IMAGE_PROMPT
    return values


def _headers_python(g: Gateway, target: str) -> str:
    return (
        f'print("provider:", {target}.headers.get("{g.provider_header}"))\n'
        f'print("latency:", {target}.headers.get("{g.latency_header}"), "ms")\n'
        f'print("cost:", {target}.headers.get("{g.cost_header}"), "USD")\n'
        f'print("cache:", {target}.headers.get("{g.cache_header}"))\n'
    )


_OPENAI_CALLS: dict[str, tuple[str, str, str]] = {
    # protocol: (SDK method, arguments after model=, what to print of the parsed result)
    "openai-chat": ("chat.completions", f'messages=[{{"role": "user", "content": {PROMPT!r}}}],',
                    "print(result.choices[0].message.content)"),
    "openai-completions": ("completions", f"prompt={PROMPT!r},\n    max_tokens=50,", "print(result.choices[0].text)"),
    "openai-images": ("images", f"prompt={IMAGE_PROMPT!r},\n    n=1,", "print(result.data[0].url or 'image returned as base64')"),
    "openai-embeddings": ("embeddings", 'input="The quick brown fox",', "print(len(result.data[0].embedding), \"dimensions\")"),
    "openai-moderations": ("moderations", 'input="Some text to check",', "print(result.results[0].flagged)"),
    "openai-audio-speech": ("audio.speech", 'voice="alloy",\n    input="Hello from the model catalog.",',
                            'open("speech.mp3", "wb").write(result.content)'),
    "openai-audio-transcriptions": ("audio.transcriptions", f'file=open("{EXAMPLE_AUDIO_FILE}", "rb"),',
                                    "print(result.text)"),
}
_METHOD_VERB = {"images": "generate"}


def python_sample(model: ModelSpec, gateway: Gateway) -> str:
    """A Python program that calls `model` through the gateway and prints its answer and the
    gateway's provider, latency, cost and cache headers."""
    call = call_of(model)
    if call.protocol == "predictions":
        return _python_predictions(model, call, gateway)
    if call.protocol == "rerank":
        return _python_rerank(call, gateway)
    method, arguments, show = _OPENAI_CALLS[call.protocol]
    verb = _METHOD_VERB.get(method, "create")
    return (
        "import os\n\n"
        "from openai import OpenAI  # pip install openai\n\n"
        f'client = OpenAI(base_url="{gateway.base_url}", api_key=os.environ["{gateway.api_key_env}"])\n\n'
        "# with_raw_response keeps the HTTP response, whose headers carry the gateway's report.\n"
        f"raw = client.{method}.with_raw_response.{verb}(\n"
        f"    model={json.dumps(call.gateway_model)},\n"
        f"    {arguments}\n"
        ")\n"
        "result = raw.parse()\n"
        f"{show}\n"
        + _headers_python(gateway, "raw")
    )


def _python_rerank(call: Call, gateway: Gateway) -> str:
    return (
        "import os\n\n"
        "import httpx  # pip install httpx\n\n"
        f'response = httpx.post(\n    "{gateway.base_url}/rerank",\n'
        f'    headers={{"Authorization": f"Bearer {{os.environ[\'{gateway.api_key_env}\']}}"}},\n'
        f'    json={{"model": {json.dumps(call.gateway_model)}, "query": "What is a context window?",\n'
        '          "documents": ["Tokens a model attends to.", "A window in a house."]},\n'
        "    timeout=60,\n)\n"
        "response.raise_for_status()\n"
        'print(response.json()["results"])\n'
        + _headers_python(gateway, "response")
    )


def _python_predictions(model: ModelSpec, call: Call, gateway: Gateway) -> str:
    body = {"model": call.gateway_model, "input": prediction_input(model)}
    return (
        "import os\nimport time\n\n"
        "import httpx  # pip install httpx\n\n"
        f'BASE_URL = "{gateway.base_url}"\n'
        f'HEADERS = {{"Authorization": f"Bearer {{os.environ[\'{gateway.api_key_env}\']}}"}}\n\n'
        "# 1. Create the prediction: the answer is its id, not the result.\n"
        f"created = httpx.post(f\"{{BASE_URL}}/predictions\", headers=HEADERS,\n"
        f"                     json={json.dumps(body)}, timeout=60)\n"
        "created.raise_for_status()\n"
        'prediction_id = created.json()["id"]\n\n'
        "# 2. Poll it until it succeeds or fails.\n"
        "while True:\n"
        '    polled = httpx.get(f"{BASE_URL}/predictions/{prediction_id}", headers=HEADERS, timeout=60)\n'
        "    polled.raise_for_status()\n"
        "    prediction = polled.json()\n"
        '    if prediction["status"] in ("succeeded", "failed", "canceled"):\n'
        "        break\n"
        "    time.sleep(1)\n"
        'if prediction["status"] != "succeeded":\n'
        '    raise SystemExit(f"prediction {prediction_id} {prediction[\'status\']}: {prediction.get(\'error\')}")\n'
        'print(prediction["output"])\n'
        + _headers_python(gateway, "created")
    )


_CURL_PATHS: dict[str, str] = {
    "openai-chat": "chat/completions",
    "openai-completions": "completions",
    "openai-images": "images/generations",
    "openai-embeddings": "embeddings",
    "openai-moderations": "moderations",
    "openai-audio-speech": "audio/speech",
    "rerank": "rerank",
}


def curl_sample(model: ModelSpec, gateway: Gateway) -> str:
    """The same call with curl; `-i` prints the headers that carry the gateway's report."""
    call = call_of(model)
    auth = f'-H "Authorization: Bearer ${gateway.api_key_env}"'
    if call.protocol == "predictions":
        body = json.dumps({"model": call.gateway_model, "input": prediction_input(model)})
        return (
            "# 1. Create the prediction; the response holds its id.\n"
            f"curl -s -i {gateway.base_url}/predictions \\\n  {auth} \\\n"
            f"  -H \"Content-Type: application/json\" \\\n  -d '{_shell_quote(body)}'\n\n"
            "# 2. Poll it (every second) until \"status\" is \"succeeded\" or \"failed\".\n"
            f"curl -s -i {gateway.base_url}/predictions/PREDICTION_ID \\\n  {auth}\n"
        )
    if call.protocol == "openai-audio-transcriptions":
        return (f"curl -s -i {gateway.base_url}/audio/transcriptions \\\n  {auth} \\\n"
                f"  -F model={call.gateway_model} \\\n  -F file=@{EXAMPLE_AUDIO_FILE}\n")
    bodies: dict[str, dict[str, Any]] = {
        "openai-chat": {"messages": [{"role": "user", "content": PROMPT}]},
        "openai-completions": {"prompt": PROMPT, "max_tokens": 50},
        "openai-images": {"prompt": IMAGE_PROMPT, "n": 1},
        "openai-embeddings": {"input": "The quick brown fox"},
        "openai-moderations": {"input": "Some text to check"},
        "openai-audio-speech": {"voice": "alloy", "input": "Hello from the model catalog."},
        "rerank": {"query": "What is a context window?",
                   "documents": ["Tokens a model attends to.", "A window in a house."]},
    }
    body = json.dumps({"model": call.gateway_model, **bodies[call.protocol]})
    output = " \\\n  -o speech.mp3" if call.protocol == "openai-audio-speech" else ""
    return (f"curl -s -i {gateway.base_url}/{_CURL_PATHS[call.protocol]} \\\n  {auth} \\\n"
            f"  -H \"Content-Type: application/json\" \\\n  -d '{_shell_quote(body)}'{output}\n")


def _shell_quote(text: str) -> str:
    """Text to put inside single quotes in a shell command."""
    return text.replace("'", "'\\''")
