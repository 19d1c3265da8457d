"""Hand-built model specs for the peers tests: only the fields a test cares about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from catalog.schema import ModelSpec

TODAY = dt.date(2026, 11, 21)


def spec(model_id: str, kind: str = "chat", *, pricing: dict[str, Any] | None = None,
         verified: dt.date = TODAY, **fields: Any) -> ModelSpec:
    """A valid ModelSpec; `pricing` holds prices only (source and verified are filled in)."""
    provider = model_id.split("/", 1)[0]
    data: dict[str, Any] = {"id": model_id, "name": model_id.split("/", 1)[1], "provider": provider,
                            "kind": kind, **fields}
    if pricing is not None:
        data["pricing"] = {"source": "https://example.com/pricing", "verified": verified, **pricing}
    return ModelSpec.model_validate(data)


def seed_model() -> ModelSpec:
    """The seed model as both seed pages describe it."""
    return spec(
        "google/gemini-2.0-flash-exp-image-generation",
        "image-generation",
        name="Gemini 2.0 Flash Image Generation",
        family="gemini-2.0",
        status="deprecated",
        deprecated_on=dt.date(2025, 11, 14),
        limits={"context_window": 32768, "max_output": 32768},
        modalities={"input": ["text", "image"], "output": ["text", "image"]},
        capabilities={"vision": True, "streaming": True, "image_output": True},
        pricing={"output_per_image": "0.039"},
        api={"protocol": "predictions", "gateway_model": "google/gemini-2-0-flash-exp-image-generation",
             "rate_limits": {"requests_per_minute": 60, "concurrent_requests": 10},
             "typical_response_seconds": 5},
    )


def image_peers() -> list[ModelSpec]:
    """Six other image models, all priced per image and token-priced, none with vision (said
    explicitly: an absent flag would be unknown, and no rarity is claimed among the unknown)."""
    return [
        spec(f"acme/image-{i}", "image-generation",
             limits={"context_window": 4096 * (i + 1), "max_output": 4096},
             capabilities={"streaming": True, "image_output": True, "vision": False},
             pricing={"input": "5", "output": "40", "output_per_image": f"0.0{i + 4}"})
        for i in range(6)
    ]


def successor_chain() -> list[ModelSpec]:
    """The seed's real chain, by hand: its successor retired too, and names a live one."""
    seed = seed_model().model_copy(update={"successor": "google/gemini-2.5-flash-image"})
    retired = spec("google/gemini-2.5-flash-image", "image-generation", status="deprecated",
                   deprecated_on=dt.date(2026, 1, 15), retires_on=dt.date(2026, 10, 2),
                   successor="google/gemini-3.1-flash-image")
    live = spec("google/gemini-3.1-flash-image", "image-generation")
    return [seed, retired, live]
