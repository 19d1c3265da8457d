"""The two protocols: an OpenAI-compatible call, and a prediction (create, then poll).

Both end in an `Answer`: the usage to price, the gateway's report (provider, latency, cost,
cache) read from where the gateway's configuration says, and the HTTP status:

    POST chat/completions -> 200, usage {prompt_tokens: 12, completion_tokens: 1},
                             x-agentcc-cost: 0.0000024 -> Answer(usage, cost=Decimal("0.0000024"))
    POST prediction/ -> {"status": "success", "predictionID": "p1"}
    GET  prediction/p1 -> {"status": "running"} ... {"status": "success", "output": "...png"}
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from catalog.config import ReportLocations
from catalog.pricing import Usage
from catalog.smoke.exchange import CallFailed, Exchange, Failure, Session, exchange, json_body
from catalog.smoke.plan import Call
from catalog.smoke.requests import SPEECH_TEXT
from catalog.smoke.results import redact

BINARY_PROTOCOLS = {"openai-audio-speech"}


@dataclass(frozen=True, slots=True)
class Report:
    """What the gateway says about a call; None where it says nothing (or nothing readable)."""

    provider: str | None = None
    latency_ms: float | None = None
    cost: Decimal | None = None
    cache: str | None = None
    cached_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    http_status: int
    attempts: int
    seconds: float
    usage: Usage | None
    report: Report
    polls: int | None = None


async def call_route(session: Session, call: Call) -> Answer:
    """Make one planned call; raises `CallFailed` when it does not answer."""
    if call.route.protocol == "predictions":
        return await call_prediction(session, call)
    return await call_openai(session, call)


async def call_openai(session: Session, call: Call) -> Answer:
    req = call.request
    send: dict[str, Any] = {"json": req.json} if req.json is not None else {"data": req.form, "files": req.files}
    ex = await exchange(session, req.method, req.path, **send)
    if call.route.protocol in BINARY_PROTOCOLS:
        body: dict[str, Any] = {}
        _expect_binary(ex, session.key)
    else:
        body = json_body(ex, session.key)
    report = read_report(session.gateway.report, ex.response.headers, body)
    usage = openai_usage(call, body, report.cached_tokens)
    return Answer(ex.response.status_code, ex.attempts, ex.seconds, usage, report)


def _expect_binary(ex: Exchange, key: str) -> None:
    kind = ex.response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not (kind.startswith("audio/") or kind == "application/octet-stream") or not ex.response.content:
        raise CallFailed(Failure("UnexpectedContentType", f"expected audio, got {kind or 'no content type'}: "
                                 f"{redact(ex.response.text[:200].strip(), (key,))}", ex.response.status_code), ex.attempts)


async def call_prediction(session: Session, call: Call) -> Answer:
    """Create the prediction, then poll it every `poll_interval_seconds` until it succeeds,
    errors, or outlives the gateway's `deadline_seconds`."""
    gateway = session.gateway
    started = time.perf_counter()
    created = await exchange(session, "POST", call.request.path, json=call.request.json)
    body = json_body(created, session.key)
    prediction_id = body.get("predictionID")
    if body.get("status") != "success" or not isinstance(prediction_id, str) or not prediction_id:
        raise CallFailed(Failure("PredictionFailed", f"the prediction was not created: {_excerpt(body, session.key)}",
                                 created.response.status_code), created.attempts)
    polls = 0
    while True:
        polls += 1
        try:
            polled = await exchange(session, "GET", f"prediction/{prediction_id}")
            result = json_body(polled, session.key)
        except CallFailed as error:
            raise CallFailed(error.failure, created.attempts, {"polls": polls}) from None
        status = result.get("status")
        if status == "success":
            report = read_report(gateway.report, polled.response.headers, result)
            return Answer(polled.response.status_code, created.attempts, time.perf_counter() - started,
                          prediction_usage(call, result), report, polls)
        if status == "error":
            raise CallFailed(Failure("PredictionFailed", f"prediction {prediction_id} failed: {_excerpt(result, session.key)}",
                                     polled.response.status_code), created.attempts, {"polls": polls})
        if time.perf_counter() - started + gateway.poll_interval_seconds > gateway.deadline_seconds:
            raise CallFailed(Failure("PredictionTimeout", f"prediction {prediction_id} still {status!r} after "
                                     f"{gateway.deadline_seconds:g} s (polled {polls} times)", polled.response.status_code),
                             created.attempts, {"polls": polls})
        await asyncio.sleep(gateway.poll_interval_seconds)


def _excerpt(body: dict[str, Any], key: str) -> str:
    text = str(body.get("error") or body.get("message") or body)
    return redact(text[:300], (key,))


# --- the gateway's report -------------------------------------------------------------------


def read_location(location: str | None, headers: httpx.Headers, body: dict[str, Any]) -> Any:
    """The value at `header:NAME` or `body:dotted.path`, or None."""
    if location is None:
        return None
    where, _, name = location.partition(":")
    if where == "header":
        return headers.get(name)
    value: Any = body
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def read_report(locations: ReportLocations, headers: httpx.Headers, body: dict[str, Any]) -> Report:
    latency_ms = _number(read_location(locations.latency_ms, headers, body))
    if latency_ms is None:
        seconds = _number(read_location(locations.latency_seconds, headers, body))
        latency_ms = None if seconds is None else seconds * 1000
    cached = _number(read_location(locations.cached_tokens, headers, body))
    provider = read_location(locations.provider, headers, body)
    cache = read_location(locations.cache, headers, body)
    return Report(
        provider=None if provider is None else str(provider)[:200],
        latency_ms=latency_ms,
        cost=_decimal(read_location(locations.cost, headers, body)),
        cache=None if cache is None else str(cache)[:200].lower(),
        cached_tokens=None if cached is None else int(cached),
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _number(value: Any) -> float | None:
    number = _decimal(value)
    return None if number is None else float(number)


# --- usage ----------------------------------------------------------------------------------


def _count(data: Any, *path: str) -> int:
    """A non-negative whole count at `path` in `data`, 0 when absent or not a count."""
    for part in path:
        if not isinstance(data, dict):
            return 0
        data = data.get(part)
    return data if isinstance(data, int) and not isinstance(data, bool) and data >= 0 else 0


def openai_usage(call: Call, body: dict[str, Any], cached_tokens: int | None) -> Usage:
    """An OpenAI-compatible answer's usage, in the cost engine's inclusive counts."""
    protocol = call.route.protocol
    usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
    if protocol in ("openai-chat", "openai-completions"):
        cached = cached_tokens if cached_tokens is not None else _count(usage, "prompt_tokens_details", "cached_tokens")
        return Usage(
            input_tokens=_count(usage, "prompt_tokens"),
            cache_read_tokens=cached,
            output_tokens=_count(usage, "completion_tokens"),
            reasoning_tokens=_count(usage, "completion_tokens_details", "reasoning_tokens"),
            requests=1,
        )
    if protocol == "openai-embeddings":
        return Usage(input_tokens=_count(usage, "prompt_tokens") or _count(usage, "total_tokens"), requests=1)
    if protocol == "openai-images":
        if _count(usage, "output_tokens"):  # token-billed image models (gpt-image-1)
            text = _count(usage, "input_tokens_details", "text_tokens")
            images = _count(usage, "input_tokens_details", "image_tokens")
            return Usage(input_tokens=text or max(0, _count(usage, "input_tokens") - images),
                         input_image_tokens=images, output_image_tokens=_count(usage, "output_tokens"), requests=1)
        data = body.get("data")
        count = len(data) if isinstance(data, list) else 0
        return Usage(images_out=count, image_size=call.request.image_size,
                     image_quality=call.request.image_quality, requests=1)
    if protocol == "openai-audio-speech":
        return Usage(input_characters=len(SPEECH_TEXT), requests=1)
    if protocol == "openai-audio-transcriptions":
        if usage.get("type") == "tokens":
            return Usage(input_audio_tokens=_count(usage, "input_token_details", "audio_tokens"),
                         input_tokens=_count(usage, "input_token_details", "text_tokens"),
                         output_tokens=_count(usage, "output_tokens"), requests=1)
        seconds = _number(usage.get("seconds"))
        return Usage(input_seconds=Decimal(str(seconds)) if seconds is not None else 1, requests=1)
    if protocol == "rerank":
        return Usage(searches=_count(body, "meta", "billed_units", "search_units") or 1, requests=1)
    return Usage(requests=1)


def prediction_usage(call: Call, result: dict[str, Any]) -> Usage | None:
    """A finished prediction's usage: predictions report no tokens, so an image model's
    usage is its images; other kinds are not priced from a prediction."""
    if call.model.kind.startswith("image"):
        output = result.get("output")
        count = len(output) if isinstance(output, list) else (1 if output else 0)
        return Usage(images_out=count, requests=1)
    return None
