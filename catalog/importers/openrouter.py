"""OpenRouter's models API (`/api/v1/models`) to model specs, priced as OpenRouter sells them.

Prices are decimal strings in USD per token (per request, per image, per search for the
others); "0" marks a component OpenRouter does not bill, so only the prompt and completion
prices of a model whose id says `:free` are taken as free:

    {"data": [{"id": "openai/gpt-4o", "context_length": 128000,
               "pricing": {"prompt": "0.0000025", "completion": "0.00001", "request": "0"}}]}
    -> openrouter/openai-gpt-4o: input 2.5, output 10 (per_request absent: not billed)
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
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
    freeze,
    prune,
    scaled,
    slug,
    validated_model,
)
from catalog.importers.kinds import DEFAULT_KIND
from catalog.schema import ModelSpec, ProviderSpec
from catalog.units import price_units

NAME = "openrouter"
UPSTREAM = "https://openrouter.ai/api/v1/models"
STATES_KIND = False
"""A kind is derived from the modalities and names (catalog.importers.kinds)."""
PROVIDER = "openrouter"

COMPONENTS: dict[str, tuple[str, int]] = {
    "prompt": ("input", 1_000_000),
    "completion": ("output", 1_000_000),
    "input_cache_read": ("cache_read", 1_000_000),
    "input_cache_write": ("cache_write_5m", 1_000_000),
    "internal_reasoning": ("reasoning", 1_000_000),
    "request": ("per_request", 1),
    "image": ("input_per_image", 1),
    "web_search": ("web_search", 1_000),
}
MODALITIES = {"text": "text", "image": "image", "audio": "audio", "video": "video", "file": "pdf"}
PARAMETER_CAPABILITIES = {
    "tools": "function_calling",
    "tool_choice": "tool_choice",
    "parallel_tool_calls": "parallel_tool_calls",
    "structured_outputs": "structured_output",
    "reasoning": "reasoning",
    "web_search_options": "web_search",
}
INPUT_CAPABILITIES = {"image": "vision", "audio": "audio_input", "video": "video_input", "file": "pdf_input"}


def default_location() -> tuple[str, bytes]:
    raise ImportSourceError(f"give the path of a saved /api/v1/models response, or its URL {UPSTREAM}")


def convert_bytes(raw: bytes, location: str, dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Parse a `/api/v1/models` response read from `location` and map it to specs."""
    data = parse_json(raw, location)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ImportSourceError(f"{location}: expected an object with a 'data' list of models")
    return convert(data["data"], dataset, providers)


def convert(models: list[Any], dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    tally = Tally()
    provider = providers.resolve(PROVIDER) or PROVIDER
    by_id: dict[str, list[ModelSpec]] = defaultdict(list)
    for model in models:
        tally.entries += 1
        key = model.get("id") if isinstance(model, dict) else None
        if not isinstance(key, str) or not slug(key):
            tally.skip("model without an id", str(model)[:40])
            continue
        spec = validated_model(model_spec(provider, model, dataset, tally), key, tally)
        if spec is not None:
            by_id[spec.id].append(spec)
    kept = []
    for model_id, specs in sorted(by_id.items()):
        if len(specs) > 1:
            others = tuple(s.provenance.upstream_key for s in specs[1:])  # type: ignore[union-attr]
            tally.collisions.append((model_id, specs[0].provenance.upstream_key, others))  # type: ignore[union-attr]
        kept.append(specs[0])
    provider_specs = [] if provider in providers.curated else [
        ProviderSpec.model_validate({"id": provider, "name": "OpenRouter", "homepage": "https://openrouter.ai"})
    ]
    return ImportResult(tuple(kept), tuple(provider_specs), freeze(tally, dataset, len(kept), len(provider_specs)))


def model_spec(provider: str, model: dict[str, Any], dataset: Dataset, tally: Tally) -> dict[str, Any]:
    key = model["id"]
    architecture = as_mapping(model.get("architecture"), key, "architecture", tally)
    input_names = _names(architecture.get("input_modalities"), key, "architecture.input_modalities", tally)
    output_names = _names(architecture.get("output_modalities"), key, "architecture.output_modalities", tally)
    inputs = [MODALITIES[m] for m in input_names if m in MODALITIES]
    outputs = [MODALITIES[m] for m in output_names if m in MODALITIES]
    for m in [*input_names, *output_names]:
        if m not in MODALITIES:
            tally.unmapped[f"modality {m!r}"] += 1
    parameters = _names(model.get("supported_parameters"), key, "supported_parameters", tally)
    capabilities = {c: True for p, c in PARAMETER_CAPABILITIES.items() if p in parameters}
    capabilities.update({c: True for m, c in INPUT_CAPABILITIES.items() if m in input_names})
    for parameter in parameters:
        if parameter not in PARAMETER_CAPABILITIES:
            tally.not_imported[f"supported_parameters {parameter!r} (a request parameter, not a capability)"] += 1
    if "image" in outputs:
        capabilities["image_output"] = True
    top = as_mapping(model.get("top_provider"), key, "top_provider", tally)
    pricing = _pricing(key, as_mapping(model.get("pricing"), key, "pricing", tally), dataset, tally)
    _account_for_other_keys(model, architecture, top, tally)
    name = as_text(model.get("name"), key, "name", tally)
    return prune(
        {
            "id": f"{provider}/{slug(key)}",
            "name": (name or key)[:120],
            "provider": provider,
            "kind": DEFAULT_KIND,  # derived from the modalities by the import step (kinds.py)
            "aliases": [key],
            "limits": {"context_window": model.get("context_length") or top.get("context_length"),
                       "max_output": top.get("max_completion_tokens")},
            "modalities": {"input": list(dict.fromkeys(inputs)), "output": list(dict.fromkeys(outputs))},
            "capabilities": capabilities,
            "pricing": pricing,
            "provenance": {"dataset": dataset.name, "version": dataset.version, "imported": dataset.imported,
                           "upstream": dataset.upstream, "upstream_key": key},
        }
    )


def _names(value: Any, key: str, where: str, tally: Tally) -> list[str]:
    """A list of names; a non-list is dropped, a non-string item is counted as unmapped."""
    names = []
    for item in as_list(value, key, where, tally):
        if isinstance(item, str):
            names.append(item)
        else:
            tally.unmapped[f"{where} item of type {type(item).__name__}"] += 1
    return names


# Fields of a model that describe it or OpenRouter's routing, and why they are left out.
NOT_IMPORTED = {
    "description": "free-text description",
    "created": "when OpenRouter listed the model",
    "canonical_slug": "OpenRouter's permanent slug; the id is kept as alias",
    "hugging_face_id": "weights repository, not a price or limit",
    "per_request_limits": "OpenRouter account limits",
    "default_parameters": "OpenRouter's default sampling parameters",
    "architecture.tokenizer": "tokenizer family",
    "architecture.modality": "summary of input_modalities and output_modalities",
    "architecture.instruct_type": "prompt template family",
    "top_provider.is_moderated": "moderation by the serving provider",
}
MAPPED = {"id", "name", "context_length", "architecture", "pricing", "top_provider", "supported_parameters"}
MAPPED_ARCHITECTURE = {"input_modalities", "output_modalities"}
MAPPED_TOP = {"context_length", "max_completion_tokens"}


def _account_for_other_keys(model: dict[str, Any], architecture: dict[str, Any], top: dict[str, Any], tally: Tally) -> None:
    """Every field neither mapped above nor a price is counted: not imported (why) or unmapped."""
    others = [k for k in model if k not in MAPPED]
    others += [f"architecture.{k}" for k in architecture if k not in MAPPED_ARCHITECTURE]
    others += [f"top_provider.{k}" for k in top if k not in MAPPED_TOP]
    for name in others:
        if name in NOT_IMPORTED:
            tally.not_imported[f"{name} ({NOT_IMPORTED[name]})"] += 1
        else:
            tally.unmapped[name] += 1


def _pricing(key: str, prices: dict[str, Any], dataset: Dataset, tally: Tally) -> dict[str, Any] | None:
    found: dict[str, Decimal] = {}
    free = key.endswith(":free")
    for name, value in prices.items():
        if name not in COMPONENTS:
            tally.unmapped[f"pricing.{name}"] += 1
            continue
        component, factor = COMPONENTS[name]
        try:
            amount = scaled(value, factor)
        except BadPrice as error:
            # "-1" marks a router whose price depends on the model it picks.
            tally.dropped.append(f"{key}: pricing.{name}={value!r} ({error})")
            continue
        if amount == 0:
            if free and component in ("input", "output"):
                tally.zero_free["0 prompt/completion price of a ':free' model"] += 1
            else:
                tally.zero_unknown[f"'0' {name}: not billed separately or not published"] += 1
                continue
        found[component] = amount
    if not found:
        return None
    return {"source": dataset.upstream, "verified": dataset.verified,
            **{c: found[c] for c in price_units() if c in found}}


__all__ = ["NAME", "UPSTREAM", "convert", "convert_bytes", "default_location", "display_name"]
