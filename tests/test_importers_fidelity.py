"""The whole committed LiteLLM snapshot against the upstream map it was made from: for every
upstream entry that became a spec, every price and limit the importer maps reads back from the
committed YAML (through the catalog's own reader and schema) as exactly the upstream number
scaled to our unit. Nothing of a kept entry is lost unless the report says so, nothing is
changed, and no price appears that the entry does not state.

    "gpt-5": {"input_cost_per_token": 1.25e-06, "max_input_tokens": 272000, ...}
    -> data/imported/litellm/models/openai/gpt-5.yaml: pricing.input 1.25, limits.max_input 272000
"""

from __future__ import annotations

import gzip
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog.importers.image_sizes import looks_sized
from catalog.importers.litellm import (
    ADD_ON_KEYS,
    COMPONENTS,
    ISO_WEEKDAYS,
    KINDS,
    PER_SECOND_KEYS,
    TEXT_KINDS,
    TIER_STARTS_AT_THRESHOLD,
    parse_price_key,
)
from catalog.schema import ModelSpec
from catalog.yamlfile import read_yaml

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "data" / "imported" / "litellm"
MANIFEST = json.loads((SNAPSHOT / "import.json").read_text(encoding="utf-8"))
UPSTREAM = REPO / "data" / "upstream" / f"litellm-{MANIFEST['version']}.json.gz"


@pytest.fixture(scope="module")
def upstream() -> dict[str, Any]:
    return json.loads(gzip.decompress(UPSTREAM.read_bytes()), parse_float=Decimal)


@pytest.fixture(scope="module")
def specs() -> list[ModelSpec]:
    """Every committed spec, read the way the catalog reads it."""
    return [ModelSpec.model_validate(read_yaml(path)) for path in sorted(SNAPSHOT.glob("models/*/*.yaml"))]


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _threshold(provider: str, above: int) -> int:
    return above - 1 if provider in TIER_STARTS_AT_THRESHOLD else above


def stated_prices(spec: ModelSpec, raw: dict[str, Any]) -> dict[str, tuple[Decimal, str]]:
    """Path -> (price per 1M tokens or per the unit, upstream key) of every price the entry
    states, by the key grammar of the map: `input_cost_per_token_above_200k_tokens_batches` ->
    `variants.batch.tiers.200000.input`."""
    out: dict[str, tuple[Decimal, str]] = {}
    for key, value in raw.items():
        if key in ADD_ON_KEYS or not _number(value):
            continue
        parsed = parse_price_key(key)
        if isinstance(parsed, str):
            continue
        component, above, variant = parsed
        base = key.split("_above_")[0] if above else key
        for suffix in ("_batches", "_priority", "_flex"):
            base = base.removesuffix(suffix)
        if base in PER_SECOND_KEYS and KINDS[raw["mode"]] in TEXT_KINDS:
            continue  # reserved capacity, reported as unmapped
        if key == "input_cost_per_image" and raw.get("mode") == "image_generation" and not any(
                k in raw for k in ("output_cost_per_image", "output_cost_per_pixel", "output_cost_per_image_token",
                                   "output_cost_per_token")):
            component = "output_per_image"
        path = component if above is None else f"tiers.{_threshold(spec.provider, above)}.{component}"
        if variant is not None:
            path = f"variants.{variant}.{path}"
        out[path] = (value * COMPONENTS[base][1], key)
    for tier in raw.get("tiered_pricing") or ():
        if not isinstance(tier, dict) or not isinstance(tier.get("range"), list):
            continue
        start = tier["range"][0]
        for key, value in tier.items():
            if key in COMPONENTS and _number(value) and _number(start) and start == int(start) and start >= 0:
                name = COMPONENTS[key][0]
                path = name if start == 0 else f"tiers.{_threshold(spec.provider, int(start))}.{name}"
                out.setdefault(path, (value * COMPONENTS[key][1], f"tiered_pricing.{key}"))
    if _number(raw.get("input_cost_per_token_cache_hit")):
        out.setdefault("cache_read", (raw["input_cost_per_token_cache_hit"] * 1_000_000, "input_cost_per_token_cache_hit"))
    search = raw.get("search_context_cost_per_query")
    if isinstance(search, dict) and _number(search.get("search_context_size_medium")):
        out["web_search"] = (search["search_context_size_medium"] * 1000, "search_context_cost_per_query")
    off_peak = raw.get("off_peak_pricing")
    if isinstance(off_peak, dict) and "weekday_timezone" not in off_peak:
        for index, window in enumerate(spec.pricing.windows if spec.pricing else ()):
            for key, value in off_peak.items():
                if key in COMPONENTS and _number(value):
                    out[f"windows.{index}.{COMPONENTS[key][0]}"] = (value * COMPONENTS[key][1], f"off_peak_pricing.{key}")
    return out


def written_prices(spec: ModelSpec) -> dict[str, Decimal]:
    """Path -> price of every price the spec states (per-image size rows left out: they come
    from other entries of the map)."""
    out: dict[str, Decimal] = {}
    if spec.pricing is None:
        return out

    def walk(prefix: str, layer: Any) -> None:
        for name, value in layer.model_dump(exclude_defaults=True).items():
            if isinstance(value, Decimal) and name != "multiplier":
                out[prefix + name] = value
        for tier in getattr(layer, "tiers", ()):
            walk(f"{prefix}tiers.{tier.above}.", tier)

    walk("", spec.pricing)
    for name, variant in spec.pricing.variants.items():
        walk(f"variants.{name}.", variant)
    for index, window in enumerate(spec.pricing.windows):
        walk(f"windows.{index}.", window)
    return {path: value for path, value in out.items() if not path.endswith("above")}


def reported(path: str, key: str, unmapped: dict[str, int]) -> bool:
    """Whether the report accounts for a price the spec does not carry: its key is listed as
    unmapped, or (a variant's price above a threshold) the variant's tier prices are."""
    if any(name == key or name.startswith(key + " (") for name in unmapped):
        return True
    match = re.match(r"variants\.(\w+)\.tiers\.(\d+)\.(\w+)$", path)
    if match:
        variant, above, component = match.groups()
        threshold = f"{int(above):,}"
        return any(name.startswith(f"{variant} variant") and threshold in name for name in unmapped)
    return False


def test_every_kept_entry_reads_back_exactly(upstream, specs):
    unmapped = MANIFEST["unmapped_keys"]
    checked = prices = 0
    lost: list[str] = []
    for spec in specs:
        key = spec.provenance.upstream_key
        if looks_sized(key):
            continue  # a base made from a size entry: its prices are the size rows
        raw = upstream[key]
        stated, written = stated_prices(spec, raw), written_prices(spec)
        for path, value in written.items():  # nothing changed, nothing invented
            assert path in stated, f"{spec.id}: {path}={value} is in no key of {key}"
            assert value == stated[path][0], f"{spec.id}: {path} is {value}, upstream {stated[path]}"
        for path, (value, source_key) in stated.items():  # nothing lost without a line in the report
            if path not in written and value != 0 and not reported(path, source_key, unmapped):
                lost.append(f"{spec.id}: {path}={value} ({key}: {source_key})")
        limits = spec.limits
        for field, upstream_key in (("max_input", "max_input_tokens"), ("max_output", "max_output_tokens"),
                                    ("prompt_cache_min", "prompt_cache_min_tokens"),
                                    ("embedding_dimensions", "output_vector_size")):
            value = raw.get(upstream_key)
            if _number(value) and value > 0:
                assert getattr(limits, field) == value, f"{spec.id}: limits.{field}"
            else:
                assert getattr(limits, field) is None, f"{spec.id}: limits.{field} invented"
        assert limits.context_window is None, f"{spec.id}: the map gives no context window"
        checked += 1
        prices += len(written)
    assert lost == []
    assert checked > 4000 and prices > 15000


def test_off_peak_hours_read_back_as_written_upstream(upstream, specs):
    for spec in specs:
        off_peak = upstream[spec.provenance.upstream_key].get("off_peak_pricing")
        if not isinstance(off_peak, dict) or "weekday_timezone" in off_peak:
            continue
        expected = []
        for window in off_peak["windows"]:
            hours = window["hours_utc"] if isinstance(window["hours_utc"], list) else [window["hours_utc"]]
            for span in hours:
                start, end = span.split("-")
                expected.append((start, end, tuple(ISO_WEEKDAYS[d] for d in window["weekdays"])))
        assert [(w.start, w.end, w.days) for w in spec.pricing.windows] == expected, spec.id


def test_a_price_keeps_every_digit_from_the_json_text_to_the_estimate(tmp_path):
    """2.99999e-06 per token is 2.99999 per 1M tokens in the YAML and in the estimate, never
    2.9999900000000004 (a float round trip), and 17 significant digits survive too."""
    from catalog.importers import run_import, write
    from catalog.load import load_catalog
    from catalog.pricing import Usage, estimate

    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    source = tmp_path / "map.json"
    source.write_text('{"acme/m": {"litellm_provider": "acme", "mode": "chat", '
                      '"input_cost_per_token": 2.99999e-06, "output_cost_per_token": 1.2345678901234567891e-06}}')
    write(run_import("litellm", str(source), data, version="1"))
    text = (data / "imported" / "litellm" / "models" / "acme" / "m.yaml").read_text()
    assert "input: 2.99999\n" in text and "output: 1.2345678901234567891\n" in text
    model = load_catalog(data).models["acme/m"]
    assert model.pricing.input == Decimal("2.99999")
    assert model.pricing.output == Decimal("1.2345678901234567891")
    assert estimate(model, Usage(input_tokens=1_000_000)).total == Decimal("2.99999")
