"""What the smoke tests share: gateways pointed at the test gateway, models, one-call runs."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from catalog.config import GatewayConfig
from catalog.schema import ModelSpec
from catalog.smoke.gateways import Gateway, resolve_gateway
from catalog.smoke.plan import plan_calls
from catalog.smoke.results import ResultWriter
from catalog.smoke.runner import RunSummary, run_plan
from peer_specs import spec

KEY = "sk-SMOKE-SECRET-7f3a9c"
"""A recognisable key: no output may ever contain it."""


def test_gateway_config(gw: Any, preset: str = "agentcc", **settings: Any) -> Gateway:
    """A gateway at the test server playing `preset`, with fast retries and short timeouts."""
    predictions = preset == "predictions"
    values: dict[str, Any] = {
        "base_url": gw.base_url(preset),
        "protocol": "predictions" if predictions else "openai",
        "preset": None if predictions else preset,
        "key_env": "SMOKE_TEST_KEY",
        "requests_per_minute": 60_000,
        "concurrent_requests": 4,
        "timeout_seconds": 5,  # generous: a loaded machine must not turn a clean call into a retry
        "connect_timeout_seconds": 5,
        "retries": 3,
        "backoff_seconds": 0.01,
        "backoff_max_seconds": 5,
        "poll_interval_seconds": 0.01,
        "deadline_seconds": 5,
    }
    if predictions:
        values["report"] = {"latency_seconds": "body:metrics.predict_time"}
    values.update(settings)
    return resolve_gateway(preset, GatewayConfig.model_validate(values))


test_gateway_config.__test__ = False  # type: ignore[attr-defined]


def chat_model(model_id: str = "openai/gpt-4o-mini") -> ModelSpec:
    """gpt-4o-mini's prices: 12 input and 3 output tokens cost $0.0000036."""
    return spec(model_id, "chat", pricing={"input": "0.15", "cache_read": "0.075", "output": "0.60"},
                api={"protocol": "openai-chat", "gateway_model": model_id})


def image_model() -> ModelSpec:
    """The seed model, called by predictions: $0.039 an image."""
    return spec("google/gemini-2.0-flash-exp-image-generation", "image-generation",
                pricing={"output_per_image": "0.039"},
                api={"protocol": "predictions", "gateway_model": "gemini",
                     "parameters": [{"name": "prompt", "type": "string", "required": True, "description": "what"}]})


def run_models(models: list[ModelSpec], gateway: Gateway, out: Path, key: str = KEY,
               **options: Any) -> tuple[list[dict[str, Any]], RunSummary]:
    """Run every route of `models` through `gateway`; the result lines as dicts, and the summary."""
    plan = plan_calls(models, {gateway.name: gateway}, gateway.name)
    path = out / "results.jsonl"
    with ResultWriter(path, [key]) as writer:
        summary = asyncio.run(run_plan(plan, {gateway.name: key}, writer, **options))
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines], summary
