"""View helpers: facts of a spec as the strings and small dicts templates print.

Templates show values and never compute them, so every label, price text and link a page shows
is made here (or in the page kind's module) from the engine's answers. Prices go through
`catalog.money`, statuses through `catalog.lifecycle`, the prices a model is billed by through
`catalog.peers.billed_prices`:

    price_text(Decimal("0.039"))  -> "$0.039"
    price_text(Decimal(0))        -> "free"
    price_text(None)              -> "unknown"
    relative_root("models/google/gemini-2.0-flash/index.html")  -> "../../../"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from catalog.money import UNKNOWN, format_count, format_price
from catalog.peers import CAPABILITIES, CAPABILITY_LABELS, PRICE_LABELS, billed_prices
from catalog.pricing import UNITS
from catalog.schema import ModelSpec, PriceSet

FREE = "free"

SHORT_UNITS: dict[str, str] = {
    "per_1m_tokens": "/1M tokens",
    "per_image": "/image",
    "per_request": "/request",
    "per_second": "/second",
    "per_1k_searches": "/1k searches",
    "per_1m_characters": "/1M characters",
    "per_page": "/page",
}
"""The unit of a price as it follows the amount in a table cell ("$0.039 /image")."""

COMPONENT_NAMES: dict[str, str] = {
    "input": "Input",
    "output": "Output",
    "cache_read": "Cached input (read)",
    "cache_write_5m": "Cache write, 5 minutes",
    "cache_write_1h": "Cache write, 1 hour",
    "reasoning": "Reasoning",
    "input_audio": "Audio input",
    "output_audio": "Audio output",
    "cache_read_audio": "Cached audio input",
    "input_image": "Image input tokens",
    "output_image": "Image output tokens",
    "input_video": "Video input tokens",
    "input_per_image": "Input image",
    "output_per_image": "Generated image",
    "per_request": "Per request",
    "input_per_second": "Input media",
    "output_per_second": "Generated media",
    "web_search": "Web search",
    "input_characters": "Input characters",
    "per_page": "Page",
}
"""Row labels of the price table, one per price component."""
assert set(COMPONENT_NAMES) == set(PRICE_LABELS), "every price component needs a row label"

CAPABILITY_MARKS: dict[str, str] = {
    "function_calling": "tools",
    "vision": "vision",
    "audio_input": "audio in",
    "audio_output": "audio out",
    "pdf_input": "pdf",
    "image_output": "image out",
    "structured_output": "json",
    "prompt_caching": "cache",
    "reasoning": "reasoning",
    "web_search": "search",
}
"""The capabilities the index marks in its rows (all of them are facets)."""

STATUS_ORDER = {"active": 0, "preview": 1, "deprecated": 2, "retired": 3}


def price_text(amount: Decimal | None) -> str:
    """A unit price: "unknown" when absent, "free" when 0, else exact money."""
    if amount is None:
        return UNKNOWN
    if amount == 0:
        return FREE
    return format_price(amount)


def unit_text(component: str) -> str:
    return SHORT_UNITS[UNITS[component].key]


def count_text(value: int | None, unit: str = "tokens") -> str:
    return "not published" if value is None else f"{format_count(value)} {unit}"


def relative_root(path: str) -> str:
    """The relative prefix from the page at `path` back to the site's root, so links work
    wherever the site is published."""
    depth = path.count("/")
    return "./" if depth == 0 else "../" * depth


def model_path(model_id: str) -> str:
    return f"models/{model_id}/"


def billed_figures(model: ModelSpec, block: PriceSet | None) -> list[dict[str, Any]]:
    """The prices a model is billed by, one per alternative set: the first known price of the
    set, or the set's first price as "unknown" when none is known."""
    figures = []
    for alternatives in billed_prices(model, block).needs:
        chosen = next((c for c in alternatives if block is not None and getattr(block, c) is not None), None)
        if chosen is None and block is not None and "output_per_image" in alternatives and block.output_images:
            cheapest = min(i.price for i in block.output_images)
            figures.append({"component": "output_per_image", "value": cheapest,
                            "text": f"from {price_text(cheapest)}", "unit": unit_text("output_per_image")})
            continue
        component = chosen or alternatives[0]
        value = getattr(block, component) if (block is not None and chosen) else None
        figures.append({"component": component, "value": value, "text": price_text(value),
                        "unit": unit_text(component)})
    return figures


def capability_groups(model: ModelSpec) -> dict[str, list[str]]:
    """Capabilities as supported / not supported / not advertised (absent is never "no")."""
    groups: dict[str, list[str]] = {"supported": [], "not_supported": [], "not_advertised": []}
    for name in CAPABILITIES:
        flag = getattr(model.capabilities, name)
        key = "supported" if flag is True else "not_supported" if flag is False else "not_advertised"
        groups[key].append(CAPABILITY_LABELS[name])
    return groups
