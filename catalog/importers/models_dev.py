"""models.dev's `api.json` to model specs: capability facts, dates, limits and prices.

The JSON is an object of providers, each with its models; every model states `tool_call`,
`reasoning`, `attachment`, `open_weights`, `release_date` and its modalities, so a flag
absent here is a flag models.dev does not know, and a modality not listed is one it says the
model does not take:

    {"openai": {"id": "openai", "name": "OpenAI", "doc": "https://platform.openai.com/docs/models",
      "models": {"gpt-4o": {"id": "gpt-4o", "name": "GPT-4o", "tool_call": true, "reasoning": false,
        "release_date": "2024-05-13", "knowledge": "2023-09", "open_weights": false,
        "modalities": {"input": ["text", "image", "pdf"], "output": ["text"]},
        "limit": {"context": 128000, "output": 16384}, "cost": {"input": 2.5, "output": 10}}}}}
    -> openai/gpt-4o: function_calling true, reasoning false, vision true, released 2024-05-13,
       knowledge_cutoff 2023-09, input 2.5, output 10
"""

from __future__ import annotations

import datetime as dt
import re
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
    exact,
    first_http_url,
    freeze,
    prune,
    short_repr,
    slug,
    tier_start,
    validated_model,
)
from catalog.importers.kinds import DEFAULT_KIND
from catalog.importers.upstream import bundled_snapshot
from catalog.schema import SLUG_PATTERN, ModelSpec, ProviderSpec

NAME = "models-dev"
UPSTREAM = "https://models.dev/api.json"
STATES_KIND = False
"""A kind is derived from the modalities and names (catalog.importers.kinds)."""

# models.dev provider ids -> the ids LiteLLM's snapshot uses for the same provider, so one
# offering from both sources lands in one spec. Reviewed one by one; an id not listed is
# kept as is (a curated alias still wins, see `provider_id`).
PROVIDER_TABLE: dict[str, str] = {
    "amazon-bedrock": "bedrock",
    "google-vertex": "vertex-ai",
    "google-vertex-anthropic": "vertex-ai",
    "togetherai": "together-ai",
    "alibaba": "dashscope",
    "moonshotai": "moonshot",
    "novita-ai": "novita",
    "nvidia": "nvidia-nim",
    "cloudflare-workers-ai": "cloudflare",
    "vercel": "vercel-ai-gateway",
    "friendli": "friendliai",
    "xiaomi": "xiaomi-mimo",
    "llama": "meta-llama",
    "gmicloud": "gmi",
}

# Per 1M tokens upstream and here: no scaling.
COMPONENTS = {
    "input": "input",
    "output": "output",
    "cache_read": "cache_read",
    "cache_write": "cache_write_5m",
    "reasoning": "reasoning",
    "input_audio": "input_audio",
    "output_audio": "output_audio",
}
PRICE_ORDER = tuple(COMPONENTS.values())

MODALITIES = ("text", "image", "audio", "video", "pdf")
# A modality models.dev lists (or leaves out) states the matching capability true (or false).
MODALITY_CAPABILITIES = {
    ("input", "image"): "vision",
    ("input", "audio"): "audio_input",
    ("input", "video"): "video_input",
    ("input", "pdf"): "pdf_input",
    ("output", "image"): "image_output",
    ("output", "audio"): "audio_output",
}
FLAG_CAPABILITIES = {
    "tool_call": "function_calling",
    "reasoning": "reasoning",
    "structured_output": "structured_output",
}
STATUSES = {"deprecated": "deprecated", "beta": "preview", "alpha": "preview"}

# Keys of a model entry that say something the spec has no field for, and why.
NOT_IMPORTED = {
    "attachment": "accepts file attachments; which files is what modalities.input says",
    "temperature": "accepts a temperature parameter; no capability field",
    "last_updated": "day models.dev last saw the model change; no field",
    "interleaved": "how reasoning text is returned by the API",
    "provider": "SDK package and endpoint to call it with",
}
PROVIDER_NOT_IMPORTED = {
    "env": "environment variables of the SDK",
    "npm": "SDK package",
    "api": "API base URL of the SDK",
}
MODEL_KEYS = {
    "id", "name", "family", "release_date", "knowledge", "open_weights", "status", "limit",
    "modalities", "cost", "experimental", *FLAG_CAPABILITIES, *NOT_IMPORTED,
}  # fmt: skip


def default_location() -> tuple[str, bytes]:
    """The snapshot bundled under data/upstream/ (see its README)."""
    return bundled_snapshot(NAME)


def convert_bytes(raw: bytes, location: str, dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Parse an `api.json` read from `location` and map it to specs."""
    data = parse_json(raw, location)
    if not isinstance(data, dict) or not all(isinstance(p, dict) and "models" in p for p in data.values()):
        raise ImportSourceError(f"{location}: expected an object of providers, each with 'models'")
    if dataset.snapshot is None:
        dataset = _dated(dataset, data)
    return convert(data, dataset, providers)


def _dated(dataset: Dataset, data: dict[str, Any]) -> Dataset:
    """The dataset carries no date of its own; its newest `last_updated` is the day its
    facts are as of, so an import is dated by the data, not by the day it ran."""
    days = [m.get("last_updated") for p in data.values() for m in (p.get("models") or {}).values() if isinstance(m, dict)]
    parsed = [d for d in (_day(x) for x in days) if d is not None]
    if not parsed:
        return dataset
    newest = max(parsed)
    return Dataset(dataset.name, dataset.version, dataset.upstream, newest, newest)


def convert(data: dict[str, Any], dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Map every model of every provider; an id met twice keeps the first and is reported."""
    tally = Tally()
    models: dict[str, ModelSpec] = {}
    names: dict[str, dict[str, Any]] = {}
    for upstream_provider in sorted(data):
        entry = data[upstream_provider]
        provider = provider_id(upstream_provider, providers)
        for key in sorted(set(entry) - {"id", "name", "doc", "models"}):
            reason = PROVIDER_NOT_IMPORTED.get(key)
            if reason:
                tally.not_imported[f"provider {key} ({reason})"] += 1
            else:
                tally.unmapped[f"provider {key}"] += 1
        models_of = as_mapping(entry.get("models"), upstream_provider, "models", tally)
        for model_key in sorted(models_of):
            tally.entries += 1
            key = f"{upstream_provider}/{model_key}"
            raw = models_of[model_key]
            if not isinstance(raw, dict):
                tally.skip("entry is not an object", key)
                continue
            model = slug(str(raw.get("id") or model_key))
            if not model:
                tally.skip("id has no usable slug", key)
                continue
            spec = validated_model(model_spec(key, provider, model, raw, dataset, tally), key, tally)
            if spec is None:
                continue
            kept = models.get(spec.id)
            if kept is not None:  # two upstream providers mapped to one (google-vertex and -anthropic)
                tally.collisions.append((spec.id, kept.provenance.upstream_key, (key,)))  # type: ignore[union-attr]
                models[spec.id] = kept.model_copy(update={"aliases": (*kept.aliases, key)})
                continue
            models[spec.id] = spec
            names.setdefault(provider, entry)
    provider_specs = [provider_spec(p, names[p], dataset, tally) for p in sorted(set(names) - providers.curated)]
    result_models = tuple(models[i] for i in sorted(models))
    return ImportResult(result_models, tuple(provider_specs), freeze(tally, dataset, len(result_models), len(provider_specs)))


def provider_id(upstream_provider: str, providers: ProviderDirectory) -> str:
    """A curated provider id or alias first, then the reviewed table, else the id itself."""
    table = PROVIDER_TABLE.get(upstream_provider)
    return providers.resolve(*(n for n in (upstream_provider, table) if n)) or slug(table or upstream_provider)


# --- the spec -----------------------------------------------------------------------------


def model_spec(key: str, provider: str, model: str, raw: dict[str, Any], dataset: Dataset, tally: Tally) -> dict[str, Any]:
    """The raw spec of one entry, in the schema's field order; validated by the caller."""
    modalities = _modalities(raw.get("modalities"), key, tally)
    spec: dict[str, Any] = {
        "id": f"{provider}/{model}",
        "name": (as_text(raw.get("name"), key, "name", tally) or model)[:120],
        "provider": provider,
        "family": _family(raw.get("family"), key, tally),
        "kind": DEFAULT_KIND,  # models.dev states none: the import step derives it (kinds.py)
        "status": _status(raw.get("status"), key, tally),
        "released": _date_field(raw, "release_date", key, tally),
        "knowledge_cutoff": _month_or_day(raw.get("knowledge"), key, tally),
        "open_weights": _flag(raw, "open_weights", key, tally),
        "limits": _limits(raw.get("limit"), key, tally),
        "modalities": modalities,
        "capabilities": _capabilities(raw, modalities, key, tally),
        "pricing": _pricing(raw, key, dataset, tally),
        "provenance": {
            "dataset": dataset.name,
            "version": dataset.version,
            "imported": dataset.imported,
            "upstream": dataset.upstream,
            "upstream_key": key,
        },
    }
    if raw.get("id") is not None and str(raw.get("id")) != key.split("/", 1)[1]:
        tally.notes["entry id differs from its key (the id is used)"] += 1
    for name in sorted(raw):
        if name in NOT_IMPORTED:
            tally.not_imported[f"{name} ({NOT_IMPORTED[name]})"] += 1
        elif name not in MODEL_KEYS:
            tally.unmapped[name] += 1
    return prune(spec)


def _family(value: Any, key: str, tally: Tally) -> str | None:
    text = as_text(value, key, "family", tally)
    if text is None:
        return None
    if re.fullmatch(SLUG_PATTERN, text):
        return text
    tally.dropped.append(f"{key}: family={text!r} (not a slug)")
    return None


def _status(value: Any, key: str, tally: Tally) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value in STATUSES:
        return STATUSES[value]
    tally.dropped.append(f"{key}: status={short_repr(value)} (not a known status)")
    return None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _date_field(raw: dict[str, Any], name: str, key: str, tally: Tally) -> dt.date | None:
    value = raw.get(name)
    if value is None:
        return None
    day = _day(value)
    if day is None:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
            # `released` is a day; writing the 1st of the month would invent one.
            tally.not_imported[f"{name} of a month only (released is a day)"] += 1
        else:
            tally.dropped.append(f"{key}: {name}={short_repr(value)} (not a date)")
    return day


def _month_or_day(value: Any, key: str, tally: Tally) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?", value):
        return value
    tally.dropped.append(f"{key}: knowledge={short_repr(value)} (not YYYY-MM or YYYY-MM-DD)")
    return None


def _flag(raw: dict[str, Any], name: str, key: str, tally: Tally) -> bool | None:
    value = raw.get(name)
    if value is None or isinstance(value, bool):
        return value
    tally.dropped.append(f"{key}: {name}={short_repr(value)} (not true/false)")
    return None


def _limits(value: Any, key: str, tally: Tally) -> dict[str, Any]:
    limit = as_mapping(value, key, "limit", tally)
    out: dict[str, Any] = {}
    for upstream, ours in (("context", "context_window"), ("input", "max_input"), ("output", "max_output")):
        amount = limit.get(upstream)
        if amount is None:
            continue
        if amount == 0 and not isinstance(amount, bool):
            tally.zero_unknown[f"limit.{upstream} 0 (not published)"] += 1
            continue
        out[ours] = amount  # a bad value is dropped (and listed) by validation
    for upstream in sorted(set(limit) - {"context", "input", "output"}):
        tally.unmapped[f"limit.{upstream}"] += 1
    return out


def _modalities(value: Any, key: str, tally: Tally) -> dict[str, list[str]]:
    given = as_mapping(value, key, "modalities", tally)
    out: dict[str, list[str]] = {}
    for side in ("input", "output"):
        names: list[str] = []
        for item in as_list(given.get(side), key, f"modalities.{side}", tally):
            if item in MODALITIES:
                if item not in names:
                    names.append(item)
            else:
                tally.unmapped[f"modalities.{side} {short_repr(item)}"] += 1
        out[side] = names
    return out


def _capabilities(raw: dict[str, Any], modalities: dict[str, list[str]], key: str, tally: Tally) -> dict[str, bool]:
    caps: dict[str, bool] = {}
    for upstream, ours in FLAG_CAPABILITIES.items():
        value = _flag(raw, upstream, key, tally)
        if value is not None:
            caps[ours] = value
    stated = raw.get("modalities")
    for (side, modality), capability in MODALITY_CAPABILITIES.items():
        if isinstance(stated, dict) and isinstance(stated.get(side), list):
            caps[capability] = modality in modalities[side]
    return caps


# --- prices -------------------------------------------------------------------------------


def _pricing(raw: dict[str, Any], key: str, dataset: Dataset, tally: Tally) -> dict[str, Any] | None:
    cost = as_mapping(raw.get("cost"), key, "cost", tally)
    if not cost:
        return None
    base = _prices(cost, key, "cost", tally)
    tiers = _tiers(cost, base, key, tally)
    variants = _variants(raw.get("experimental"), key, tally)
    for name in sorted(set(cost) - set(COMPONENTS) - {"tiers", "context_over_200k"}):
        tally.unmapped[f"cost.{name}"] += 1
    zero_policy(base, tiers, tally)
    if not (base or tiers or variants):
        return None
    return {
        "source": UPSTREAM,
        "verified": dataset.verified,
        **base,
        "tiers": [{"above": above, **prices} for above, prices in sorted(tiers.items()) if prices],
        "variants": variants,
    }


def _prices(cost: dict[str, Any], key: str, where: str, tally: Tally) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for upstream, ours in COMPONENTS.items():
        if upstream not in cost:
            continue
        try:
            out[ours] = exact(cost[upstream])
        except BadPrice as error:
            tally.dropped.append(f"{key}: {where}.{upstream}={short_repr(cost[upstream])} ({error})")
    return out


def _tiers(cost: dict[str, Any], base: dict[str, Decimal], key: str, tally: Tally) -> dict[int, dict[str, Decimal]]:
    """`tiers: [{..., tier: {type: context, size: 200000}}]`, and `context_over_200k`, the
    older spelling of the tier above 200k that models.dev keeps beside it."""
    tiers: dict[int, dict[str, Decimal]] = {}
    for index, tier in enumerate(as_list(cost.get("tiers"), key, "cost.tiers", tally)):
        where = f"cost.tiers[{index}]"
        shape = tier.get("tier") if isinstance(tier, dict) else None
        if not isinstance(shape, dict) or shape.get("type") != "context":
            tally.unmapped[f"cost.tiers of type {short_repr(shape.get('type') if isinstance(shape, dict) else shape)}"] += 1
            continue
        try:
            above = tier_start(shape.get("size"))
        except BadPrice as error:
            tally.dropped.append(f"{key}: {where}.tier.size={short_repr(shape.get('size'))} ({error})")
            continue
        if above == 0:
            tally.dropped.append(f"{key}: {where}.tier.size=0 (a tier above 0 tokens is the base price)")
            continue
        tiers[above] = _prices(tier, key, where, tally)
        for name in sorted(set(tier) - set(COMPONENTS) - {"tier"}):
            tally.unmapped[f"cost.tiers.{name}"] += 1
    over = cost.get("context_over_200k")
    if over is not None:
        prices = _prices(as_mapping(over, key, "cost.context_over_200k", tally), key, "cost.context_over_200k", tally)
        if 200_000 not in tiers:
            tiers[200_000] = prices
            tally.notes["context_over_200k mapped to a tier above 200,000"] += 1
        elif tiers[200_000] == prices:
            tally.notes["context_over_200k repeats the tier above 200,000"] += 1
        else:
            tally.unmapped["context_over_200k (differs from the tier above 200,000; the tier kept)"] += 1
    return tiers


def _variants(value: Any, key: str, tally: Tally) -> dict[str, Any]:
    """`experimental.modes.fast` sent with `service_tier: priority` is the priority variant;
    a fast mode of another kind (Anthropic's `speed: fast`) has no variant here."""
    experimental = as_mapping(value, key, "experimental", tally)
    variants: dict[str, Any] = {}
    for name in sorted(set(experimental) - {"modes"}):
        tally.unmapped[f"experimental.{name}"] += 1
    for mode, spec in sorted(as_mapping(experimental.get("modes"), key, "experimental.modes", tally).items()):
        body = ((spec.get("provider") or {}).get("body") or {}) if isinstance(spec, dict) else {}
        if isinstance(body, dict) and body.get("service_tier") == "priority" and isinstance(spec.get("cost"), dict):
            prices = _prices(spec["cost"], key, f"experimental.modes.{mode}.cost", tally)
            if prices:
                variants["priority"] = prices
                tally.notes[f"experimental mode {mode!r} with service_tier priority: the priority variant"] += 1
        else:
            tally.not_imported[f"experimental mode {mode!r} (not a service tier the spec has)"] += 1
    return variants


def zero_policy(base: dict[str, Decimal], tiers: dict[int, dict[str, Decimal]], tally: Tally, *, says_free: bool = False) -> None:
    """The one reading of models.dev's 0: every price 0 is a model it lists without a price
    (free previews, subscriptions, placeholders), so unknown; a 0 cache write beside a priced
    input means no separate write is billed, so its price is unknown too; other 0s are free.
    `says_free`: the prices were read from the provider's own page, where 0 means free."""
    groups = [base, *tiers.values()]
    if not any(amount != 0 for group in groups for amount in group.values()):
        if says_free:
            tally.zero_free["every price 0 on the provider's own page"] += sum(len(g) for g in groups)
            return
        for group in groups:
            for component in list(group):
                del group[component]
                tally.zero_unknown["every price 0: listed without a price"] += 1
        return
    for group in groups:
        for component in [c for c, amount in group.items() if amount == 0]:
            if component.startswith("cache_write") and group.get("input"):
                del group[component]
                tally.zero_unknown["0 cache write beside a priced input"] += 1
            else:
                tally.zero_free["0 beside other non-zero prices"] += 1


# --- providers ----------------------------------------------------------------------------


def provider_spec(provider: str, entry: dict[str, Any], dataset: Dataset, tally: Tally) -> ProviderSpec:
    """A provider no curated file describes, named and linked as models.dev does."""
    name = entry.get("name") if isinstance(entry.get("name"), str) and entry.get("name").strip() else display_name(provider)
    data: dict[str, Any] = {
        "id": provider,
        "name": name[:120],
        "docs": first_http_url(entry.get("doc")),
        "provenance": {
            "dataset": dataset.name,
            "version": dataset.version,
            "imported": dataset.imported,
            "upstream": dataset.upstream,
            "upstream_key": str(entry.get("id") or provider),
        },
    }
    return ProviderSpec.model_validate(prune(data))
