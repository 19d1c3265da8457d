"""Code samples that call a model by each of its routes, through the gateway `catalog.yaml`
configures for that route: the model page shows them, and the tests execute them as rendered.

A route (`catalog.smoke.plan.model_routes`) is resolved to its gateway by the same function the
smoke runner uses; the gateway gives the base URL, the key's header and environment variable,
and where it reports provider, latency, cost and cache. OpenAI-compatible routes use the
official `openai` SDK, predictions routes create a prediction and poll it with httpx:

    route_samples(model, gateways, default_gateway="agentcc")[0].python
    # 'import os\\n\\nfrom openai import OpenAI  # pip install openai\\n\\nclient = OpenAI(...'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalog.schema import ModelSpec, Parameter
from catalog.smoke.gateways import Gateway, header_name
from catalog.smoke.plan import ModelRoute, RouteTarget, model_routes, resolve_route
from catalog.smoke.requests import prediction_input

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

REPORTED: tuple[tuple[str, str, str, str], ...] = (
    # report field, label printed, unit printed after the value, what the page calls it
    ("provider", "provider:", "", "the provider that served the call"),
    ("latency_ms", "latency:", "ms", "its latency in ms"),
    ("latency_seconds", "latency:", "s", "its processing time in seconds"),
    ("cost", "cost:", "USD", "its cost in USD"),
    ("cache", "cache:", "", "whether its cache answered"),
    ("cached_tokens", "cached tokens:", "", "the prompt tokens read from cache"),
)
"""What a gateway may report about a call, in the order samples print it."""


@dataclass(frozen=True)
class RouteSample:
    """One route of a model and its samples; `python` and `curl` are None, and `problem` says
    why, when the route's gateway is not configured."""

    target: RouteTarget
    documented: bool
    """False when the spec has no `api` section and the route follows the kind's usual protocol."""
    python: str | None
    curl: str | None

    @property
    def reported(self) -> tuple[tuple[str, str, str], ...]:
        """What the gateway reports and where: `("its cost in USD", "header", "x-agentcc-cost")`."""
        gateway = self.target.gateway
        if gateway is None:
            return ()
        return tuple((what, *location.split(":", 1))
                     for field, _, _, what in REPORTED
                     if (location := getattr(gateway.report, field)) is not None)


def routes_of(model: ModelSpec) -> tuple[ModelRoute, ...]:
    """The model's routes; without an `api` section, its kind's usual protocol through the
    default gateway, naming it by its id."""
    if model.api is not None:
        return model_routes(model.api)
    return (ModelRoute(None, DEFAULT_PROTOCOL.get(model.kind, "openai-chat"), model.id),)


def route_samples(model: ModelSpec, gateways: Mapping[str, Gateway], default_gateway: str | None) -> tuple[RouteSample, ...]:
    """Samples for every route of `model`, each through its configured gateway."""
    samples = []
    for route in routes_of(model):
        target = resolve_route(route, gateways, default_gateway)
        gateway = target.gateway
        python = python_sample(model, route, gateway) if gateway is not None else None
        curl = curl_sample(model, route, gateway) if gateway is not None else None
        samples.append(RouteSample(target, model.api is not None, python, curl))
    return tuple(samples)


def example_value(param: Parameter) -> Any:
    """What a sample sends for a required input with no default or choices."""
    if param.type in ("url", "file"):
        return EXAMPLE_IMAGE_URL
    if param.type in ("integer", "number"):
        return param.minimum if param.minimum is not None else 1
    if param.type == "boolean":
        return False
    return "example"


def prediction_body(model: ModelSpec, route: ModelRoute) -> dict[str, Any]:
    """A prediction's request: `model`, `version` when the route has one, and the `input` the
    smoke runner would send (required inputs it cannot fill get example values)."""
    body: dict[str, Any] = {"model": route.model}
    if route.version is not None:
        body["version"] = route.version
    body["input"] = prediction_input(model, placeholder=example_value)
    return body


def _env(gateway: Gateway) -> str:
    return f'os.environ["{gateway.key_env}"]'


def _auth_python(gateway: Gateway) -> str:
    """The auth header as a Python dict literal, the key read from the environment."""
    value = f'"{gateway.key_prefix}" + {_env(gateway)}' if gateway.key_prefix else _env(gateway)
    return f'{{"{gateway.key_header}": {value}}}'


def _auth_curl(gateway: Gateway) -> str:
    return f'-H "{gateway.key_header}: {gateway.key_prefix}${gateway.key_env}"'


def _body_read(path: str, source: str) -> str:
    """`usage.cost` -> `body.get("usage", {}).get("cost")`: a value the gateway puts in the body."""
    parts = path.split(".")
    chain = "".join(f'.get("{p}", {{}})' for p in parts[:-1])
    return f'{source}{chain}.get("{parts[-1]}")'


def report_python(gateway: Gateway, response: str, body: str | None) -> str:
    """Print what the gateway reports: headers of `response`, fields of the parsed `body` (None
    when the response is not JSON)."""
    lines = []
    for field, label, unit, _ in REPORTED:
        location = getattr(gateway.report, field)
        if location is None:
            continue
        header = header_name(location)
        if header is not None:
            value = f'{response}.headers.get("{header}")'
        elif body is not None:
            value = _body_read(location.removeprefix("body:"), body)
        else:
            continue
        shown = f'{value}, "{unit}"' if unit else value
        lines.append(f'print("{label}", {shown})\n')
    return "".join(lines)


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
_BINARY = {"openai-audio-speech"}
"""Protocols that answer with bytes, not JSON: nothing to read from the body."""


def python_sample(model: ModelSpec, route: ModelRoute, gateway: Gateway) -> str:
    """A Python program that calls `model` by `route` through `gateway` and prints its answer
    and what the gateway reports about the call."""
    if route.protocol == "predictions":
        return _python_predictions(model, route, gateway)
    if route.protocol == "rerank":
        return _python_rerank(route, gateway)
    method, arguments, show = _OPENAI_CALLS[route.protocol]
    verb = _METHOD_VERB.get(method, "create")
    if gateway.key_header.lower() == "authorization" and gateway.key_prefix == "Bearer ":
        credentials = f"api_key={_env(gateway)}"
    else:  # the SDK sends its key as a bearer token; this gateway wants it in another header
        credentials = f'api_key="unused",\n                default_headers={_auth_python(gateway)}'
    reads_body = route.protocol not in _BINARY and any(
        (getattr(gateway.report, f) or "").startswith("body:") for f, *_ in REPORTED)
    return (
        "import os\n\n"
        "from openai import OpenAI  # pip install openai\n\n"
        f'client = OpenAI(base_url="{gateway.base_url}", {credentials})\n\n'
        "# with_raw_response keeps the HTTP response, which carries the gateway's report.\n"
        f"raw = client.{method}.with_raw_response.{verb}(\n"
        f"    model={json.dumps(route.model)},\n"
        f"    {arguments}\n"
        ")\n"
        "result = raw.parse()\n"
        f"{show}\n"
        + ("body = raw.http_response.json()\n" if reads_body else "")
        + report_python(gateway, "raw", "body" if reads_body else None)
    )


def _python_rerank(route: ModelRoute, gateway: Gateway) -> str:
    return (
        "import os\n\n"
        "import httpx  # pip install httpx\n\n"
        f'response = httpx.post(\n    "{gateway.base_url}/rerank",\n'
        f"    headers={_auth_python(gateway)},\n"
        f'    json={{"model": {json.dumps(route.model)}, "query": "What is a context window?",\n'
        '          "documents": ["Tokens a model attends to.", "A window in a house."]},\n'
        "    timeout=60,\n)\n"
        "response.raise_for_status()\n"
        "body = response.json()\n"
        'print(body["results"])\n'
        + report_python(gateway, "response", "body")
    )


def _python_predictions(model: ModelSpec, route: ModelRoute, gateway: Gateway) -> str:
    body = json.dumps(prediction_body(model, route))
    return (
        "import os\nimport time\n\n"
        "import httpx  # pip install httpx\n\n"
        f'BASE_URL = "{gateway.base_url}"\n'
        f"HEADERS = {_auth_python(gateway)}\n\n"
        "# 1. Create the prediction: the answer is its id, not the result.\n"
        'created = httpx.post(f"{BASE_URL}/prediction/", headers=HEADERS,\n'
        f"                     json={body}, timeout=60)\n"
        "created.raise_for_status()\n"
        "answer = created.json()\n"
        'if answer["status"] != "success":\n'
        '    raise SystemExit(f"prediction not created: {answer}")\n'
        'prediction_id = answer["predictionID"]\n\n'
        '# 2. Poll it until its status is "success" or "error"; any other status means still running.\n'
        f"deadline = time.monotonic() + {gateway.deadline_seconds:g}\n"
        "while True:\n"
        '    polled = httpx.get(f"{BASE_URL}/prediction/{prediction_id}", headers=HEADERS, timeout=60)\n'
        "    polled.raise_for_status()\n"
        "    result = polled.json()\n"
        '    if result["status"] in ("success", "error"):\n'
        "        break\n"
        "    if time.monotonic() > deadline:\n"
        '        raise SystemExit(f"prediction {prediction_id} still {result[\'status\']}: giving up")\n'
        f"    time.sleep({gateway.poll_interval_seconds:g})\n"
        'if result["status"] == "error":\n'
        '    raise SystemExit(f"prediction {prediction_id} failed: {result}")\n'
        'print("output:", result["output"])\n'
        + report_python(gateway, "polled", "result")
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
PREDICTION_ID = "PREDICTION_ID"
"""Where the curl sample's second step takes the id the first step answered."""


def curl_sample(model: ModelSpec, route: ModelRoute, gateway: Gateway) -> str:
    """The same call with curl; `-i` prints the headers that carry the gateway's report."""
    auth = _auth_curl(gateway)
    base = gateway.base_url
    if route.protocol == "predictions":
        body = json.dumps(prediction_body(model, route))
        return (
            '# 1. Create the prediction; the answer holds its "predictionID".\n'
            f"curl -s -i {base}/prediction/ \\\n  {auth} \\\n"
            f"  -H \"Content-Type: application/json\" \\\n  -d '{_shell_quote(body)}'\n\n"
            f'# 2. Poll it (every {gateway.poll_interval_seconds:g} s) until "status" is "success" (with "output") or "error".\n'
            f"curl -s -i {base}/prediction/{PREDICTION_ID} \\\n  {auth}\n"
        )
    if route.protocol == "openai-audio-transcriptions":
        return (f"curl -s -i {base}/audio/transcriptions \\\n  {auth} \\\n"
                f"  -F model={route.model} \\\n  -F file=@{EXAMPLE_AUDIO_FILE}\n")
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
    body = json.dumps({"model": route.model, **bodies[route.protocol]})
    output = " \\\n  -o speech.mp3" if route.protocol == "openai-audio-speech" else ""
    return (f"curl -s -i {base}/{_CURL_PATHS[route.protocol]} \\\n  {auth} \\\n"
            f"  -H \"Content-Type: application/json\" \\\n  -d '{_shell_quote(body)}'{output}\n")


def _shell_quote(text: str) -> str:
    """Text to put inside single quotes in a shell command."""
    return text.replace("'", "'\\''")
