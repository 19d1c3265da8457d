"""Generate tests/vectors/pricing.json, the cases both cost engines must agree on.

Each case is a model's exported pricing (`ModelSpec.model_dump(mode="json")`: decimals as
strings, unknown prices null), a usage, options (variant, at, a workload) and the result the
Python engine gives. pytest replays them exactly against Python, `node --test tests/js/`
against the JavaScript twin; tests/test_pricing.py checks a dozen by hand with literal numbers,
so the vectors are not only the engine agreeing with itself:

    .venv/bin/python tests/vectors/gen_pricing.py     # rewrites tests/vectors/pricing.json
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.pricing import UsageError, estimate, estimate_json, parse_at, usage_from_json
from catalog.schema import ModelSpec
from catalog.workloads import Workload, workload_cost, workload_json

OUT = Path(__file__).with_name("pricing.json")
SOURCE = {"source": "https://example.com/pricing", "verified": "2026-11-01"}
PINNED = "2026-11-21"
"""Every case names its day: without one an estimate prices today, and the vectors must not
change with the calendar."""


def model(slug: str, pricing: dict | None, history: tuple[dict, ...] = (), kind: str = "chat") -> ModelSpec:
    return ModelSpec.model_validate(
        {
            "id": f"example/{slug}",
            "name": slug,
            "provider": "example",
            "kind": kind,
            "pricing": None if pricing is None else {**SOURCE, **pricing},
            "price_history": [{**SOURCE, **h} for h in history],
        }
    )


TEXT = model(
    "text",
    {"input": "1.25", "output": "10", "cache_read": "0.125", "cache_write_5m": "1.5625", "cache_write_1h": "2.5"},
)
REASONING = model("reasoning", {"input": "2", "output": "8", "reasoning": "12"})
NO_CACHE = model("no-cache", {"input": "0.5", "output": "1.5"})
MEDIA = model(
    "media",
    {
        "input": "0.6",
        "output": "2.4",
        "input_audio": "40",
        "output_audio": "80",
        "cache_read_audio": "2.5",
        "input_image": "1",
        "output_image": "30",
        "input_video": "3",
        "input_per_image": "0.001",
        "per_request": "0.002",
        "input_per_second": "0.0001",
        "output_per_second": "0.015",
        "web_search": "10",
        "input_characters": "15",
        "per_page": "0.0015",
    },
)
IMAGES = model(
    "images",
    {
        "output_per_image": "0.04",
        "output_images": [
            {"size": "1024x1024", "quality": "standard", "price": "0.04"},
            {"size": "1024x1024", "quality": "hd", "price": "0.08"},
            {"size": "1792x1024", "quality": "standard", "price": "0.08"},
            {"size": "1792x1024", "quality": "hd", "price": "0.12"},
            {"size": "any", "quality": "low", "price": "0.011"},
        ],
        "variants": {"batch": {"multiplier": "0.5"}, "priority": {"input": "1"}},
    },
    kind="image-generation",
)
SIZED_ONLY = model(
    "sized-only",
    {"output_images": [{"size": "1024x1024", "price": "0.02"}, {"size": "512x512", "price": "0.018"}]},
    kind="image-generation",
)
BY_QUALITY = model(
    "by-quality",
    {"input": "5", "output_images": [{"size": "1024x1024", "quality": "standard", "price": "0.04"},
                                     {"size": "1024x1024", "quality": "hd", "price": "0.08"}]},
    kind="image-generation",
)
SEED = model("image-seed", {"output_per_image": "0.039"}, kind="image-generation")
TIERED = model(
    "tiered",
    {
        "input": "1.25",
        "output": "10",
        "cache_read": "0.3125",
        "tiers": [{"above": 200000, "input": "2.5", "output": "15", "cache_read": "0.625"}],
        "variants": {"batch": {"multiplier": "0.5", "output": "4"}},
    },
)
VARIANT_TIERS = model(
    "variant-tiers",
    {
        "input": "1.25",
        "output": "10",
        "cache_read": "0.125",
        "web_search": "35",
        "tiers": [{"above": 200000, "input": "2.5", "output": "15", "cache_read": "0.25"}],
        "variants": {
            "batch": {"multiplier": "0.5", "cache_read": "0.125", "web_search": "35",
                      "tiers": [{"above": 200000, "cache_read": "0.25"}]},
            "flex": {"multiplier": "0.5", "cache_read": "0.125"},
            "priority": {"input": "2", "output": "16", "cache_read": "0.2",
                         "tiers": [{"above": 200000, "input": "4", "output": "24"}]},
        },
        "windows": [{"name": "night", "start": "22:00", "end": "06:00", "multiplier": "0.8", "input": "1",
                     "tiers": [{"above": 200000, "input": "2"}]}],
    },
)
TWO_TIERS = model(
    "two-tiers",
    {
        "input": "0.3",
        "output": "2.5",
        "reasoning": "3.5",
        "tiers": [{"above": 128000, "input": "0.6"}, {"above": 32000, "input": "0.45", "reasoning": "4"}],
    },
)
VARIANTS = model(
    "variants",
    {
        "input": "1",
        "output": "4",
        "cache_read": "0.1",
        "per_request": "0.01",
        "variants": {
            "batch": {"multiplier": "0.5"},
            "priority": {"input": "1.75", "output": "7"},
            "flex": {"multiplier": "0.5", "output": "1.5"},
        },
    },
)
WINDOWS = model(
    "windows",
    {
        "input": "0.27",
        "output": "1.1",
        "cache_read": "0.07",
        "windows": [
            {"name": "off-peak", "start": "16:30", "end": "00:30", "multiplier": "0.5"},
            {"name": "morning", "start": "06:00", "end": "08:00", "input": "0.1"},
        ],
        "variants": {"batch": {"multiplier": "0.5"}},
    },
)
OFF_PEAK = model(
    "off-peak-by-weekday",
    {
        "input": "0.3",
        "output": "1.2",
        "cache_read": "0.006",
        "windows": [
            {"name": "off-peak", "start": "00:00", "end": "01:00", "days": ["mon", "tue", "wed", "thu", "fri"],
             "input": "0.15", "output": "0.6", "cache_read": "0.003"},
            {"name": "off-peak", "start": "04:00", "end": "06:00", "days": ["mon", "tue", "wed", "thu", "fri"],
             "input": "0.15", "output": "0.6", "cache_read": "0.003"},
            {"name": "off-peak", "start": "10:00", "end": "00:00", "days": ["mon", "tue", "wed", "thu", "fri"],
             "input": "0.15", "output": "0.6", "cache_read": "0.003"},
            {"name": "weekend", "start": "00:00", "end": "00:00", "days": ["sat", "sun"], "multiplier": "0.4"},
        ],
        "variants": {"batch": {"multiplier": "0.5"}},
    },
)
DATED = model(
    "dated",
    {"effective": "2025-06-01", "input": "2", "output": "8"},
    ({"effective": "2025-01-01", "input": "3", "output": "12"}, {"input": "5", "output": "15"}),
)
DATED_ALL = model(
    "dated-all",
    {"effective": "2025-06-01", "input": "2", "output": "8"},
    ({"effective": "2025-01-01", "input": "3", "output": "12"},),
)
FREE = model("free", {"input": "0", "output": "0", "cache_read": "0"})
HALF_KNOWN = model("half-known", {"input": "0.15"})
UNPRICED = model("unpriced", None)
VARIANT_FEE = model("variant-fee", {"input": "1", "variants": {"priority": {"multiplier": "2", "per_request": "0.01"}}})
BATCH_PARTIAL = model("batch-partial", {"input": "1", "output": "2", "variants": {"batch": {"input": "0.5"}}})
EMBED = model("embed", {"input": "0.02", "variants": {"batch": {"input": "0.01"}}}, kind="embedding")


def per_request(name: str, spec: ModelSpec, usage: dict[str, Any], variant: str | None = None, at: str | None = PINNED):
    return {"name": name, "spec": spec, "usage": usage, "options": {"variant": variant, "at": at}}


def monthly(name: str, spec: ModelSpec, usage: dict[str, Any], requests_per_day: str, cache_hit_rate: str = "0",
            batch_share: str = "0", days: str = "30.4", variant: str | None = None, at: str | None = PINNED,
            busy_hours: dict[str, Any] | None = None):
    workload = {"name": "w", "description": name, "kinds": [spec.kind], "usage": usage,
                "requests_per_day": requests_per_day, "cache_hit_rate": cache_hit_rate, "batch_share": batch_share}
    if busy_hours is not None:
        workload["busy_hours"] = busy_hours
    return {"name": name, "spec": spec, "usage": usage,
            "options": {"variant": variant, "at": at, "workload": workload, "days_per_month": days}}


CASES = [
    # flat token prices and inclusive counts
    per_request("input and output", TEXT, {"input_tokens": 1000, "output_tokens": 500}),
    per_request("zero usage costs zero", TEXT, {}),
    per_request("cache read inside input", TEXT, {"input_tokens": 10000, "cache_read_tokens": 8000, "output_tokens": 100}),
    per_request("cache writes 5m and 1h", TEXT, {"input_tokens": 10000, "cache_write_5m_tokens": 3000, "cache_write_1h_tokens": 2000}),
    per_request("whole prompt from cache", TEXT, {"input_tokens": 4000, "cache_read_tokens": 4000}),
    per_request("cache read unknown", NO_CACHE, {"input_tokens": 4000, "cache_read_tokens": 1000, "output_tokens": 10}),
    per_request("cache over input is an error", TEXT, {"input_tokens": 100, "cache_read_tokens": 101}),
    per_request("reasoning over output is an error", REASONING, {"output_tokens": 10, "reasoning_tokens": 11}),
    per_request("reasoning priced apart", REASONING, {"input_tokens": 100, "output_tokens": 1000, "reasoning_tokens": 600}),
    per_request("reasoning billed as output", TEXT, {"input_tokens": 100, "output_tokens": 1000, "reasoning_tokens": 600}),
    per_request("all reasoning", REASONING, {"output_tokens": 700, "reasoning_tokens": 700}),
    per_request("fractional tokens of an average request", TEXT, {"input_tokens": "1234.5", "cache_read_tokens": "370.35", "output_tokens": "10.25"}),
    per_request("large counts", TEXT, {"input_tokens": 987654321, "output_tokens": 123456789}),
    # every other price kind
    per_request("audio in and out", MEDIA, {"input_audio_tokens": 5000, "output_audio_tokens": 2000}),
    per_request("audio cache read inside audio input", MEDIA, {"input_audio_tokens": 5000, "cache_read_audio_tokens": 3000}),
    per_request("audio cache over audio input is an error", MEDIA, {"input_audio_tokens": 5, "cache_read_audio_tokens": 6}),
    per_request("image and video tokens", MEDIA, {"input_image_tokens": 1290, "output_image_tokens": 1290, "input_video_tokens": 2580}),
    per_request("input images per image", MEDIA, {"images_in": 4, "input_tokens": 200}),
    per_request("per-request fee", MEDIA, {"requests": 1, "input_tokens": 50}),
    per_request("seconds in and out", MEDIA, {"input_seconds": 300, "output_seconds": 8}),
    per_request("web searches", MEDIA, {"searches": 3, "input_tokens": 2000, "output_tokens": 300}),
    per_request("characters", MEDIA, {"input_characters": 1000}),
    per_request("pages", MEDIA, {"pages": 12}),
    per_request("everything at once", MEDIA, {
        "input_tokens": 1000, "output_tokens": 200, "input_audio_tokens": 100, "cache_read_audio_tokens": 40,
        "output_audio_tokens": 50, "input_image_tokens": 258, "output_image_tokens": 100, "input_video_tokens": 300,
        "images_in": 1, "requests": 1, "input_seconds": 10, "output_seconds": 2, "searches": 1,
        "input_characters": 100, "pages": 1}),
    per_request("media kinds unknown on a text model", TEXT, {"input_tokens": 100, "input_audio_tokens": 100, "searches": 2}),
    per_request("no per-request fee listed charges none", TEXT, {"requests": 1, "input_tokens": 100}),
    # images by size and quality
    per_request("seed image model: images only", SEED, {"images_out": 1000}),
    per_request("seed image model: input tokens unknown", SEED, {"images_out": 1000, "input_tokens": 1000}),
    per_request("image exact size and quality", IMAGES, {"images_out": 3, "image_size": "1792x1024", "image_quality": "hd"}),
    per_request("image size without quality falls back to flat", IMAGES, {"images_out": 2, "image_size": "1792x1024"}),
    per_request("image any-size low quality", IMAGES, {"images_out": 5, "image_size": "512x512", "image_quality": "low"}),
    per_request("image unmatched size uses flat", IMAGES, {"images_out": 2, "image_size": "256x256", "image_quality": "medium"}),
    per_request("image without size uses flat", IMAGES, {"images_out": 10}),
    per_request("quality matrix without a quality names the qualities", BY_QUALITY, {"images_out": 1, "image_size": "1024x1024", "input_tokens": 60}),
    per_request("quality matrix with an unpriced quality", BY_QUALITY, {"images_out": 1, "image_size": "1024x1024", "image_quality": "ultra"}),
    per_request("quality matrix with a quality", BY_QUALITY, {"images_out": 1, "image_size": "1024x1024", "image_quality": "hd", "input_tokens": 60}),
    per_request("sized-only exact size", SIZED_ONLY, {"images_out": 4, "image_size": "512x512"}),
    per_request("sized-only unmatched size is unknown", SIZED_ONLY, {"images_out": 4, "image_size": "2048x2048"}),
    per_request("image batch multiplier", IMAGES, {"images_out": 3, "image_size": "1024x1024", "image_quality": "hd"}, variant="batch"),
    per_request("image priority without multiplier is unknown", IMAGES, {"images_out": 3, "image_size": "1024x1024", "image_quality": "hd"}, variant="priority"),
    # context tiers, per request, on the whole prompt
    per_request("tier: just below threshold", TIERED, {"input_tokens": 199999, "output_tokens": 1000}),
    per_request("tier: at threshold stays base", TIERED, {"input_tokens": 200000, "output_tokens": 1000}),
    per_request("tier: just above threshold", TIERED, {"input_tokens": 200001, "output_tokens": 1000}),
    per_request("tier: cached tokens count toward the prompt", TIERED, {"input_tokens": 250000, "cache_read_tokens": 200000, "output_tokens": 10}),
    per_request("tier: audio tokens count toward the prompt", TIERED, {"input_tokens": 199000, "input_audio_tokens": 2000}),
    per_request("two tiers: base", TWO_TIERS, {"input_tokens": 32000, "output_tokens": 100, "reasoning_tokens": 50}),
    per_request("two tiers: middle lists reasoning", TWO_TIERS, {"input_tokens": 32001, "output_tokens": 100, "reasoning_tokens": 50}),
    per_request("two tiers: highest keeps unlisted base", TWO_TIERS, {"input_tokens": 128001, "output_tokens": 100, "reasoning_tokens": 50}),
    per_request("tier then batch multiplier, explicit batch output", TIERED, {"input_tokens": 300000, "output_tokens": 1000}, variant="batch"),
    per_request("base then batch multiplier, explicit batch output", TIERED, {"input_tokens": 1000, "output_tokens": 1000}, variant="batch"),
    # variants and windows above context tiers
    per_request("variant x tier: batch below the threshold", VARIANT_TIERS, {"input_tokens": 199999, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="batch"),
    per_request("variant x tier: batch at the threshold", VARIANT_TIERS, {"input_tokens": 200000, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="batch"),
    per_request("variant x tier: batch above the threshold", VARIANT_TIERS, {"input_tokens": 200001, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="batch"),
    per_request("variant x tier: flex below the threshold", VARIANT_TIERS, {"input_tokens": 199999, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="flex"),
    per_request("variant x tier: flex at the threshold", VARIANT_TIERS, {"input_tokens": 200000, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="flex"),
    per_request("variant x tier: flex above the threshold", VARIANT_TIERS, {"input_tokens": 200001, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="flex"),
    per_request("variant x tier: priority below the threshold", VARIANT_TIERS, {"input_tokens": 199999, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="priority"),
    per_request("variant x tier: priority at the threshold", VARIANT_TIERS, {"input_tokens": 200000, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="priority"),
    per_request("variant x tier: priority above the threshold", VARIANT_TIERS, {"input_tokens": 200001, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="priority"),
    per_request("window x tier: own tier price and multiplier above", VARIANT_TIERS, {"input_tokens": 200001, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, at="2026-03-01T23:00"),
    per_request("window x tier: flat price below", VARIANT_TIERS, {"input_tokens": 199999, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, at="2026-03-01T23:00"),
    per_request("window then batch x tier above", VARIANT_TIERS, {"input_tokens": 200001, "cache_read_tokens": 150000, "output_tokens": 1000, "searches": 10}, variant="batch", at="2026-03-01T23:00"),
    # variants
    per_request("standard variant named", VARIANTS, {"input_tokens": 1000, "output_tokens": 1000, "requests": 1}, variant="standard"),
    per_request("batch multiplier", VARIANTS, {"input_tokens": 1000, "cache_read_tokens": 500, "output_tokens": 1000, "requests": 1}, variant="batch"),
    per_request("priority explicit prices, unlisted unknown", VARIANTS, {"input_tokens": 1000, "output_tokens": 1000, "requests": 1}, variant="priority"),
    per_request("priority explicit prices only", VARIANTS, {"input_tokens": 1000, "output_tokens": 1000}, variant="priority"),
    per_request("flex multiplier and explicit output", VARIANTS, {"input_tokens": 1000, "cache_read_tokens": 200, "output_tokens": 1000}, variant="flex"),
    per_request("per-request fee listed only by a variant", VARIANT_FEE, {"input_tokens": 1000, "requests": 1}, variant="priority"),
    per_request("per-request fee of a variant not charged on standard", VARIANT_FEE, {"input_tokens": 1000, "requests": 1}),
    per_request("embedding batch explicit", EMBED, {"input_tokens": 5000}, variant="batch"),
    # time windows (UTC)
    per_request("window: a date has no time of day", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-01"),
    per_request("window: before the off-peak start", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-01T16:29"),
    per_request("window: off-peak starts inclusive", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-01T16:30"),
    per_request("window: off-peak across midnight", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-01T23:59"),
    per_request("window: off-peak after midnight", WINDOWS, {"input_tokens": 1000, "cache_read_tokens": 400}, at="2026-03-02T00:15"),
    per_request("window: off-peak end exclusive", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-02T00:30"),
    per_request("window: time zone converted to UTC", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-02T01:00+01:00"),
    per_request("window: explicit input, output unknown", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-01T07:00"),
    per_request("window: explicit input only needed", WINDOWS, {"input_tokens": 1000}, at="2026-03-01T07:00"),
    per_request("window then batch multiplier", WINDOWS, {"input_tokens": 1000, "output_tokens": 1000}, variant="batch", at="2026-03-01T20:00"),
    # windows on some days of the week (2026-03-02 is a Monday, 2026-03-07 a Saturday)
    per_request("weekday window: Monday peak hour", OFF_PEAK, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-02T02:00"),
    per_request("weekday window: Monday off-peak hour", OFF_PEAK, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-02T04:00"),
    per_request("weekday window: ends at midnight", OFF_PEAK, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-02T23:59"),
    per_request("weekday window: Saturday all day", OFF_PEAK, {"input_tokens": 1000, "output_tokens": 1000}, at="2026-03-07T02:00"),
    per_request("weekday window: weekday from another time zone", OFF_PEAK, {"input_tokens": 1000}, at="2026-03-07T01:00+02:00"),
    # dated prices
    per_request("dated: the block in force on a later day", DATED, {"input_tokens": 1000, "output_tokens": 1000}),
    per_request("dated: on the effective day", DATED, {"input_tokens": 1000, "output_tokens": 1000}, at="2025-06-01"),
    per_request("dated: the day before", DATED, {"input_tokens": 1000, "output_tokens": 1000}, at="2025-05-31"),
    per_request("dated: earliest block without effective", DATED, {"input_tokens": 1000, "output_tokens": 1000}, at="2020-01-01"),
    per_request("dated: before every block is unknown", DATED_ALL, {"input_tokens": 1000, "output_tokens": 1000}, at="2024-12-31"),
    per_request("dated: datetime picks the block by its UTC day", DATED, {"input_tokens": 1000}, at="2025-06-01T00:30+02:00"),
    # unknown and free
    per_request("free prices are zero, not unknown", FREE, {"input_tokens": 1000, "cache_read_tokens": 500, "output_tokens": 1000}),
    per_request("half known keeps the known subtotal", HALF_KNOWN, {"input_tokens": 1000, "output_tokens": 1000}),
    per_request("half known, only the known price needed", HALF_KNOWN, {"input_tokens": 1000}),
    per_request("no pricing at all", UNPRICED, {"input_tokens": 1000, "requests": 1}),
    per_request("no pricing, zero usage", UNPRICED, {}),
    # monthly bills of workloads
    monthly("chatbot with cache hits", TEXT, {"input_tokens": 1500, "output_tokens": 350}, "2000", cache_hit_rate="0.5"),
    monthly("cache hit rate ignored without cache prices", NO_CACHE, {"input_tokens": 1500, "output_tokens": 350}, "2000", cache_hit_rate="0.5"),
    monthly("fractional cache reads", TEXT, {"input_tokens": 1235, "output_tokens": 7}, "3", cache_hit_rate="0.3", days="31"),
    monthly("half batch", VARIANTS, {"input_tokens": 8000, "output_tokens": 500}, "1000", batch_share="0.5"),
    monthly("all batch", VARIANTS, {"input_tokens": 600, "output_tokens": 20}, "50000", cache_hit_rate="0.3", batch_share="1"),
    monthly("batch share without a batch variant", TEXT, {"input_tokens": 600, "output_tokens": 20}, "50000", batch_share="1"),
    monthly("explicit variant ignores batch share", VARIANTS, {"input_tokens": 600, "output_tokens": 20}, "100", batch_share="0.5", variant="priority"),
    monthly("month of small requests never reaches the tier", TIERED, {"input_tokens": 1000, "output_tokens": 100}, "100000"),
    monthly("month of large requests uses the tier", TIERED, {"input_tokens": 250000, "output_tokens": 100}, "10", cache_hit_rate="0.5"),
    monthly("monthly unknown stays unknown", HALF_KNOWN, {"input_tokens": 1000, "output_tokens": 10}, "100"),
    monthly("monthly images", IMAGES, {"images_out": 1, "image_size": "1024x1024", "image_quality": "standard"}, "300", batch_share="0.25"),
    monthly("monthly batch part unknown", BATCH_PARTIAL, {"input_tokens": 500, "output_tokens": 100}, "20000", batch_share="0.5"),
    monthly("embedding half through batch", EMBED, {"input_tokens": 500}, "20000", batch_share="0.5"),
    monthly("transcription seconds", MEDIA, {"input_seconds": 300}, "200", days="30"),
    monthly("monthly per-request fees", MEDIA, {"input_tokens": 100, "output_tokens": 50}, "1000"),
    monthly("time windows: traffic spread evenly over the week", WINDOWS, {"input_tokens": 1000, "output_tokens": 200}, "1000", cache_hit_rate="0.5"),
    monthly("time windows by weekday: spread evenly", OFF_PEAK, {"input_tokens": 1500, "output_tokens": 350}, "2000", cache_hit_rate="0.5"),
    monthly("time windows by weekday: busy office hours", OFF_PEAK, {"input_tokens": 1500, "output_tokens": 350}, "2000", cache_hit_rate="0.5",
            busy_hours={"start": "01:00", "end": "10:00", "days": ["mon", "tue", "wed", "thu", "fri"], "share": "0.9"}),
    monthly("time windows by weekday: busy hours across midnight", OFF_PEAK, {"input_tokens": 1500, "output_tokens": 350}, "2000",
            busy_hours={"start": "22:00", "end": "02:00", "share": "0.5"}),
    monthly("time windows with half batch", OFF_PEAK, {"input_tokens": 8000, "output_tokens": 500}, "1000", batch_share="0.5"),
    monthly("time windows: a datetime prices every request at its moment", OFF_PEAK, {"input_tokens": 1000, "output_tokens": 100}, "100",
            at="2026-03-02T02:00"),
    monthly("time windows: a window leaves a price unknown", WINDOWS, {"input_tokens": 1000, "output_tokens": 200}, "10"),
    monthly("dated monthly", DATED, {"input_tokens": 1000, "output_tokens": 1000}, "10", at="2025-03-01"),
]


def exported(spec: ModelSpec) -> dict[str, Any]:
    dump = spec.model_dump(mode="json")
    return {k: dump[k] for k in ("id", "name", "provider", "kind", "pricing", "price_history")}


def expected(case: dict[str, Any]) -> dict[str, Any]:
    options = case["options"]
    at = None if options["at"] is None else parse_at(options["at"])
    try:
        if "workload" in options:
            workload = Workload.model_validate(options["workload"])
            cost = workload_cost(case["spec"], workload, at=at, variant=options["variant"],
                                 days_per_month=Decimal(options["days_per_month"]))
            return workload_json(cost)
        return estimate_json(estimate(case["spec"], usage_from_json(case["usage"]), at=at, variant=options["variant"]))
    except UsageError:
        return {"error": "UsageError"}


def main() -> None:
    vectors = []
    for case in CASES:
        vectors.append({
            "name": case["name"],
            "model": exported(case["spec"]),
            "usage": case["usage"],
            "options": case["options"],
            "expected": expected(case),
        })
    names = [v["name"] for v in vectors]
    assert len(names) == len(set(names)), "case names must be unique"
    OUT.write_text(json.dumps({"cases": vectors}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(vectors)} cases to {OUT}")


if __name__ == "__main__":
    main()
