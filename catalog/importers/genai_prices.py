"""genai-prices' data (pydantic/genai-prices) to model specs, from its published JSON shape.

The JSON is a list of providers, each with models whose `prices` are one price set or a list
of dated ones; a price is a number per million tokens (`_mtok`), per thousand (`_kcount`),
or `{base, tiers: [{start, price}]}`, a cliff above `start` input tokens:

    [{"id": "anthropic", "pricing_urls": ["https://www.anthropic.com/pricing#api"],
      "models": [{"id": "claude-opus-4-6", "match": {"equals": "claude-opus-4-6"},
                  "prices": {"input_mtok": {"base": 5, "tiers": [{"start": 200000, "price": 10}]},
                             "output_mtok": 25}}]}]
    -> anthropic/claude-opus-4-6: input 5, output 25, tiers [{above: 200000, input: 10}]

Offline, without a file, the installed `genai-prices` package's own data is exported to that
shape (`python -m catalog.importers.genai_prices OUT.json` writes it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.util
import json
import sys
import types
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.common import (
    parse_json,
    BadPrice,
    Dataset,
    ImportResult,
    ImportSourceError,
    ProviderDirectory,
    Tally,
    as_list,
    as_mapping,
    as_text,
    display_name,
    exact,
    first_http_url,
    freeze,
    own_tiers,
    prune,
    short_repr,
    slug,
    tidy,
    tier_start,
    validated_model,
)
from catalog.importers.kinds import DEFAULT_KIND
from catalog.schema import ModelSpec, ProviderSpec
from catalog.units import price_units

NAME = "genai-prices"
UPSTREAM = "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/data.json"
STATES_KIND = False
"""A kind is derived from the modalities and names (catalog.importers.kinds)."""

# Price key -> (our component, divisor from upstream's unit to ours).
COMPONENTS: dict[str, tuple[str, int]] = {
    "input_mtok": ("input", 1),
    "output_mtok": ("output", 1),
    "cache_read_mtok": ("cache_read", 1),
    # genai-prices' plain cache write is the 5-minute cache of the providers that have two.
    "cache_write_mtok": ("cache_write_5m", 1),
    "cache_write_5m_mtok": ("cache_write_5m", 1),
    "cache_write_1h_mtok": ("cache_write_1h", 1),
    "output_reasoning_mtok": ("reasoning", 1),
    "input_audio_mtok": ("input_audio", 1),
    "output_audio_mtok": ("output_audio", 1),
    "cache_audio_read_mtok": ("cache_read_audio", 1),
    "input_image_mtok": ("input_image", 1),
    "output_image_mtok": ("output_image", 1),
    "input_video_mtok": ("input_video", 1),
    "web_searches_kcount": ("web_search", 1),
    "requests_kcount": ("per_request", 1000),
    "input_mchars": ("input_characters", 1),
    "input_document_kpages": ("per_page", 1000),
}
# Fields that describe a model or a provider rather than price it, and why they are left out.
MODEL_NOT_IMPORTED = {
    "description": "free-text description",
    "price_comments": "free-text notes on the prices",
}
PROVIDER_NOT_IMPORTED = {
    "name": "display name; curated provider specs name providers",
    "api_pattern": "genai-prices' request matching",
    "model_match": "genai-prices' request matching",
    "provider_match": "genai-prices' request matching",
    "fallback_model_providers": "genai-prices' request matching",
    "description": "free-text description",
    "price_comments": "free-text notes on the prices",
}
VARIANTS = {("processing", "batch"): "batch", ("service_tier", "flex"): "flex", ("service_tier", "priority"): "priority"}


def default_location() -> tuple[str, bytes]:
    """The installed package's data, exported to the JSON shape (no network needed)."""
    spec = importlib.util.find_spec("genai_prices")
    if spec is None or not spec.submodule_search_locations:
        raise ImportSourceError(
            "genai-prices is not installed: give a PATH or URL to its data.json "
            f"({UPSTREAM}), or `pip install 'model-catalog[genai-prices]'`"
        )
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    return f"{package_dir} (installed package)", json.dumps(export_package(package_dir)).encode()


def export_package(package_dir: Path) -> list[dict[str, Any]]:
    """The package's providers as published JSON. Its data module is loaded without the
    package's `__init__`, whose HTTP client dependencies the data does not need."""
    if "genai_prices" not in sys.modules:
        package = types.ModuleType("genai_prices")
        package.__path__ = [str(package_dir)]  # type: ignore[attr-defined]
        sys.modules["genai_prices"] = package
    data = importlib.import_module("genai_prices.data")
    return [_jsonable(provider) for provider in data.providers]


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            if f.name.startswith("_") or not f.init:
                continue
            item = getattr(value, f.name)
            if item is None or item == [] or f.name == "extractors":
                continue
            out[f.name.rstrip("_")] = _jsonable(item)
        return out
    if type(value).__name__ == "ModelPrice":
        return {k: _jsonable(v) for k, v in vars(value).items() if v is not None and not k.startswith("_")}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def convert_bytes(raw: bytes, location: str, dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Parse the JSON read from `location` and map it to specs."""
    data = parse_json(raw, location, exact_numbers=True)  # every digit of a price
    if not isinstance(data, list):
        raise ImportSourceError(f"{location}: expected a JSON list of providers")
    return convert(data, dataset, providers)


def convert(data: list[Any], dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    tally = Tally()
    by_id: dict[str, list[ModelSpec]] = defaultdict(list)
    for provider in data:
        if not isinstance(provider, dict) or not isinstance(provider.get("id"), str):
            tally.skip("provider without an id", str(provider)[:40])
            continue
        provider_id = providers.resolve(provider["id"]) or slug(provider["id"].replace("_", "-"))
        source = first_http_url(provider.get("pricing_urls")) or dataset.upstream
        for field in provider:
            if field not in ("id", "pricing_urls", "models"):
                reason = PROVIDER_NOT_IMPORTED.get(field)
                if reason:
                    tally.not_imported[f"provider.{field} ({reason})"] += 1
                else:
                    tally.unmapped[f"provider.{field}"] += 1
        for model in as_list(provider.get("models"), provider["id"], "models", tally):
            tally.entries += 1
            if not isinstance(model, dict):
                tally.skip("model is not an object", f"{provider['id']}/{str(model)[:40]}")
                continue
            key = f"{provider['id']}/{model.get('id')}"
            raw = _model_spec(provider_id, model, source, key, dataset, tally)
            if raw is None:
                continue
            spec = validated_model(raw, key, tally)
            if spec is not None:
                by_id[spec.id].append(spec)
    models = []
    for model_id, specs in sorted(by_id.items()):
        if len(specs) > 1:
            tally.collisions.append((model_id, specs[0].provenance.upstream_key, tuple(s.provenance.upstream_key for s in specs[1:])))  # type: ignore[union-attr]
        models.append(specs[0])
    provider_ids = sorted({m.provider for m in models} - providers.curated)
    provider_specs = [
        ProviderSpec.model_validate({"id": p, "name": display_name(p)}) for p in provider_ids
    ]
    return ImportResult(tuple(models), tuple(provider_specs), freeze(tally, dataset, len(models), len(provider_specs)))


def _model_spec(
    provider_id: str, model: dict[str, Any], source: str, key: str, dataset: Dataset, tally: Tally
) -> dict[str, Any] | None:
    model_slug = slug(model["id"]) if isinstance(model.get("id"), str) else ""
    if not model_slug:
        tally.skip("model without an id", key)
        return None
    prices, windows = _current_prices(model.get("prices"), dataset.verified, key, tally)
    variants = as_list(model.get("price_variants"), key, "price_variants", tally)
    pricing = _pricing_block(prices, variants, source, key, dataset, tally)
    if pricing is not None and windows:
        block_tiers = {tier["above"]: tier for tier in pricing["tiers"]}
        pricing["windows"] = [_window(w, block_tiers, key, tally) for w in windows]
    for field in model:
        if field in MODEL_NOT_IMPORTED:
            tally.not_imported[f"model.{field} ({MODEL_NOT_IMPORTED[field]})"] += 1
        elif field not in ("id", "match", "name", "context_window", "deprecated", "prices", "price_variants"):
            tally.unmapped[f"model.{field}"] += 1
    name = as_text(model.get("name"), key, "name", tally)
    spec: dict[str, Any] = {
        "id": f"{provider_id}/{model_slug}",
        "name": (name or model["id"])[:120],
        "provider": provider_id,
        "kind": DEFAULT_KIND,  # the dataset states none: the import step derives it (kinds.py)
        "status": "deprecated" if model.get("deprecated") else "active",
        "aliases": sorted(set(_equals(model.get("match"))) - {model["id"]})[:20],
        "limits": {"context_window": model.get("context_window")},
        "pricing": pricing,
        "provenance": {
            "dataset": dataset.name,
            "version": dataset.version,
            "imported": dataset.imported,
            "upstream": dataset.upstream,
            "upstream_key": key,
        },
    }
    return prune(spec)


def _equals(match: Any) -> list[str]:
    """The exact upstream names a match clause accepts: the model's other names."""
    if isinstance(match, dict):
        if isinstance(match.get("equals"), str):
            return [match["equals"]]
        return [name for clause in match.get("or") or () for name in _equals(clause)]
    return []


def _current_prices(
    prices: Any, on: dt.date, key: str, tally: Tally
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The price set in effect on `on` (the latest dated one), and time-of-day windows:
    genai-prices writes a daily window as a price for `start_time`-`end_time` beside the
    unconstrained one, which stays the base. A malformed dated price is dropped and listed."""
    if isinstance(prices, dict):
        return prices, []
    current: dict[str, Any] = {}
    start = dt.date.min
    windows: list[dict[str, Any]] = []
    for conditional in as_list(prices, key, "prices", tally):
        if not isinstance(conditional, dict):
            tally.dropped.append(f"{key}: prices item {conditional!r} (not an object)")
            continue
        constraint = as_mapping(conditional.get("constraint"), key, "prices.constraint", tally)
        set_prices = as_mapping(conditional.get("prices"), key, "prices.prices", tally)
        if "start_time" in constraint or "end_time" in constraint:
            if not (isinstance(constraint.get("start_time"), str) and isinstance(constraint.get("end_time"), str)):
                tally.dropped.append(f"{key}: prices.constraint={constraint!r} (a window needs start_time and end_time)")
                continue
            windows.append({"name": "window", "start": _clock(constraint["start_time"]),
                            "end": _clock(constraint["end_time"]), "prices": set_prices})
            continue
        begins = dt.date.min
        if "start_date" in constraint:
            try:
                begins = dt.date.fromisoformat(str(constraint["start_date"]))
            except ValueError:
                tally.dropped.append(f"{key}: prices.constraint.start_date={constraint['start_date']!r} (not a date)")
                continue
        if start <= begins <= on:
            current, start = set_prices, begins
    return current, windows


def _clock(text: Any) -> str:
    return str(text)[:5]


def _pricing_block(
    prices: dict[str, Any], variants: Any, source: str, key: str, dataset: Dataset, tally: Tally
) -> dict[str, Any] | None:
    base: dict[str, Decimal] = {}
    tiers: dict[int, dict[str, Decimal]] = defaultdict(dict)
    _collect(prices, base, tiers, key, tally)
    units = price_units()
    variant_prices: dict[str, dict[str, Any]] = {}
    for variant in variants:
        if not isinstance(variant, dict):
            tally.dropped.append(f"{key}: price_variants item {variant!r} (not an object)")
            continue
        when = tuple(sorted(as_mapping(variant.get("when"), key, "price_variants.when", tally).items()))
        name = None
        if len(when) == 1 and all(isinstance(part, str) for part in when[0]):
            name = VARIANTS.get(when[0])
        if name is None:
            tally.unmapped[f"price_variants when {dict(when)}"] += 1
            continue
        flat: dict[str, Decimal] = {}
        variant_tiers: dict[int, dict[str, Decimal]] = defaultdict(dict)
        _collect(as_mapping(variant.get("prices"), key, "price_variants.prices", tally), flat, variant_tiers, key, tally)
        own = own_tiers(f"{name} variant", variant_tiers, tiers, units, tally)
        variant_prices[name] = {**{c: flat[c] for c in units if c in flat}, "tiers": own}
    if not (base or tiers or variant_prices):
        return None
    ordered = lambda p: {c: p[c] for c in units if c in p}  # noqa: E731
    return {
        "source": source,
        "verified": dataset.verified,
        **ordered(base),
        "tiers": [{"above": above, **ordered(p)} for above, p in sorted(tiers.items())],
        "variants": {name: p for name, p in sorted(variant_prices.items()) if any(p.values())},
    }


def _window(
    window: dict[str, Any], block_tiers: dict[int, dict[str, Any]], key: str, tally: Tally
) -> dict[str, Any]:
    flat: dict[str, Decimal] = {}
    tiers: dict[int, dict[str, Decimal]] = defaultdict(dict)
    _collect(window["prices"], flat, tiers, key, tally)
    units = price_units()
    own = own_tiers("time-of-day window", tiers, block_tiers, units, tally)
    return {"name": window["name"], "start": window["start"], "end": window["end"],
            **{c: flat[c] for c in units if c in flat}, "tiers": own}


def _collect(
    prices: dict[str, Any], base: dict[str, Decimal], tiers: dict[int, dict[str, Decimal]], key: str, tally: Tally
) -> None:
    for price_key, value in prices.items():
        mapped = COMPONENTS.get(price_key)
        if mapped is None:
            tally.unmapped[price_key] += 1
            continue
        component, divisor = mapped
        try:
            if isinstance(value, dict):
                _put(base, component, tidy(exact(value["base"]) / divisor), price_key, key, tally)
                for tier in value.get("tiers") or ():
                    try:
                        start = tier_start(tier["start"])
                    except BadPrice as error:  # skip this tier only; the base and other tiers stand
                        tally.dropped.append(f"{key}: {price_key}.tiers start={short_repr(tier['start'])} "
                                             f"(invalid tier bound: {error})")
                        continue
                    _put(tiers[start], component, tidy(exact(tier["price"]) / divisor), price_key, key, tally)
            else:
                _put(base, component, tidy(exact(value) / divisor), price_key, key, tally)
        except (BadPrice, KeyError, TypeError, ValueError, AttributeError) as error:
            tally.dropped.append(f"{key}: {price_key}={value!r} ({error})")


def _put(prices: dict[str, Decimal], component: str, amount: Decimal, price_key: str, key: str, tally: Tally) -> None:
    """Set a component once; a second key for it (cache_write_mtok beside cache_write_5m_mtok)
    that disagrees is reported, the first kept."""
    if component in prices and prices[component] != amount:
        tally.unmapped[f"{price_key} (second price for {component}, differs; first kept)"] += 1
        return
    prices.setdefault(component, amount)


if __name__ == "__main__":  # python -m catalog.importers.genai_prices OUT.json [PACKAGE_DIR]
    out = Path(sys.argv[1])
    if len(sys.argv) > 2:
        exported = export_package(Path(sys.argv[2]))
    else:
        exported = json.loads(default_location()[1])
    out.write_text(json.dumps(exported, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(exported)} providers")
