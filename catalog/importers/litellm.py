"""LiteLLM's price map to model specs: every key mapped to a price component or reported.

The map is one JSON object, upstream key -> entry, with prices per token (or per image,
second, character...). A key's name says its component, context tier and variant:

    "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat",
        "input_cost_per_token": 1.25e-06, "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "input_cost_per_token_batches": 6.25e-07,
        "input_cost_per_token_above_200k_tokens_batches": 1.25e-06}
    -> google/gemini-2.5-pro: input 1.25, tiers [{above: 200000, input: 2.5}],
       variants {batch: {input: 0.625, tiers [{above: 200000, input: 1.25}]}}

Numbers are read as Decimals from the JSON text, so a price keeps every digit it is written
with. `max_input_tokens` is the most prompt tokens (our `max_input`), not the context window,
which the map does not give.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from catalog.importers.common import (
    parse_json,
    BadPrice,
    Dataset,
    ImportResult,
    ImportSourceError,
    ProviderDirectory,
    Tally,
    display_name,
    first_http_url,
    freeze,
    own_tiers,
    prune,
    scaled,
    short_shown,
    shown,
    slug,
    tier_start,
    validated_model,
)
from catalog.importers.image_sizes import PER_PIXEL_KEYS, looks_sized, other_prices, parse_sized_key, per_image_price
from catalog.schema import ImagePrice, ModelSpec, PricingBlock, ProviderSpec
from catalog.units import PER_1M_TOKENS, price_units

NAME = "litellm"
UPSTREAM = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
STATES_KIND = True
"""Every entry states its `mode`; a `chat` the kind rules contradict is corrected (catalog.importers.kinds)."""

# Upstream base key -> (our component, factor from upstream's unit to ours).
PER_TOKEN = 1_000_000
COMPONENTS: dict[str, tuple[str, int]] = {
    "input_cost_per_token": ("input", PER_TOKEN),
    "output_cost_per_token": ("output", PER_TOKEN),
    "cache_read_input_token_cost": ("cache_read", PER_TOKEN),
    "cache_creation_input_token_cost": ("cache_write_5m", PER_TOKEN),
    "cache_creation_input_token_cost_above_1hr": ("cache_write_1h", PER_TOKEN),
    "output_cost_per_reasoning_token": ("reasoning", PER_TOKEN),
    "input_cost_per_audio_token": ("input_audio", PER_TOKEN),
    "output_cost_per_audio_token": ("output_audio", PER_TOKEN),
    "cache_read_input_audio_token_cost": ("cache_read_audio", PER_TOKEN),
    "input_cost_per_image_token": ("input_image", PER_TOKEN),
    "output_cost_per_image_token": ("output_image", PER_TOKEN),
    "input_cost_per_video_token": ("input_video", PER_TOKEN),
    "input_cost_per_image": ("input_per_image", 1),
    "output_cost_per_image": ("output_per_image", 1),
    "input_cost_per_request": ("per_request", 1),
    # A rerank or search query is one request to the model.
    "input_cost_per_query": ("per_request", 1),
    "input_cost_per_second": ("input_per_second", 1),
    "output_cost_per_second": ("output_per_second", 1),
    # Audio seconds of a chat model's prompt; the only per-second input it has.
    "input_cost_per_audio_per_second": ("input_per_second", 1),
    "input_cost_per_character": ("input_characters", PER_TOKEN),
    "ocr_cost_per_page": ("per_page", 1),
}

VARIANTS = {"batches": "batch", "priority": "priority", "flex": "flex"}
UNSUPPORTED_VARIANTS = ("ultrafast", "balanced", "decisions")
_TIER = re.compile(r"_above_(\d+)k_tokens")

# Providers whose higher context tier starts AT the threshold LiteLLM names (a prompt of
# 200,000 tokens or more), where our tiers apply strictly above `above`: the tier is written
# one token lower. Reviewed by hand against each provider's pricing page; every other
# provider bills "more than N tokens" (Google, Anthropic, OpenAI, Qwen), which is our rule.
TIER_STARTS_AT_THRESHOLD: dict[str, str] = {
    "xai": "https://docs.x.ai/docs/models (prompts of 200K tokens or more cost the higher rate)",
}

# Prices of an add-on (a search, a session), not another way of billing the model itself.
ADD_ON_KEYS = frozenset(
    {
        "search_context_cost_per_query",
        "google_maps_grounding_cost_per_query",
        "code_interpreter_cost_per_session",
        "annotation_cost_per_page",
        "annotation_cost_per_page_batches",
        "citation_cost_per_token",
    }
)

KINDS = {
    "chat": "chat",
    "responses": "chat",
    "completion": "completion",
    "embedding": "embedding",
    "image_generation": "image-generation",
    "image_edit": "image-edit",
    "video_generation": "video-generation",
    "audio_speech": "speech",
    "audio_transcription": "transcription",
    "realtime": "realtime",
    "rerank": "rerank",
    "moderation": "moderation",
    "ocr": "ocr",
    "search": "search",
}

CAPABILITIES = {
    "supports_function_calling": "function_calling",
    "supports_parallel_function_calling": "parallel_tool_calls",
    "supports_tool_choice": "tool_choice",
    "supports_vision": "vision",
    "supports_image_input": "vision",
    "supports_audio_input": "audio_input",
    "supports_audio_output": "audio_output",
    "supports_video_input": "video_input",
    "supports_pdf_input": "pdf_input",
    "supports_native_streaming": "streaming",
    "supports_response_schema": "structured_output",
    "supports_prompt_caching": "prompt_caching",
    "supports_reasoning": "reasoning",
    "supports_web_search": "web_search",
    "supports_system_messages": "system_messages",
    "supports_computer_use": "computer_use",
}

MODALITIES = {"text": "text", "image": "image", "audio": "audio", "video": "video", "pdf": "pdf"}

# `off_peak_pricing.windows[].weekdays`: ISO day numbers, 1 = Monday.
ISO_WEEKDAYS = {1: "mon", 2: "tue", 3: "wed", 4: "thu", 5: "fri", 6: "sat", 7: "sun"}
OFF_PEAK = "off-peak"

# Keys that describe the entry rather than price it, and why they are left out.
NOT_IMPORTED = {
    "rpm": "rate limit of LiteLLM's default deployment, not the provider's",
    "tpm": "rate limit of LiteLLM's default deployment, not the provider's",
    "max_tokens": "legacy alias of max_output_tokens",
    "metadata": "free-text notes",
    "comment": "free-text notes",
    "supported_endpoints": "LiteLLM routing",
    "supported_regions": "LiteLLM routing",
    "provider_specific_entry": "LiteLLM routing",
    "use_openai_responses_path": "LiteLLM routing",
    "token_count_model": "LiteLLM token counting",
    "token_count_framing": "LiteLLM token counting",
    "token_count_tokenizer": "LiteLLM token counting",
    "web_search_billing_unit": "billing detail of search_context_cost_per_query",
    "search_free_requests": "free quota, no per-request field",
}

# LiteLLM provider names that are routes of one provider, or odd spellings.
PROVIDER_TABLE = {
    "bedrock_converse": "bedrock",
    "bedrock_mantle": "bedrock",
    "azure_text": "azure",
    "cohere_chat": "cohere",
    "text-completion-openai": "openai",
    "text-completion-codestral": "codestral",
    "text-completion-inception": "inception",
    "fireworks_ai-embedding-models": "fireworks-ai",
}
# LiteLLM provider names of a second endpoint that a provider prices apart: where an entry of
# it and the provider's own entry become one id but differ in price, the route's entry keeps
# an id of its own, `<model>-<suffix>` (Bedrock's OpenAI-compatible "mantle" endpoint bills
# cache writes 10% above the Converse API).
PRICED_ROUTES = {"bedrock_mantle": "mantle"}
# Local runtimes: a 0.0 there is what the source means, no fee per token. Not SageMaker (a
# deployment billed per instance-hour, which a 0 per token does not describe), and not the
# hosted `-cloud` models Ollama serves from its own servers: their 0.0 is a placeholder.
SELF_HOSTED = frozenset({"ollama", "lemonade", "llamafile", "lm_studio"})
_HOSTED_ON_A_LOCAL_RUNTIME = re.compile(r"[-:]cloud$")

# Kinds whose per-second keys price reserved capacity (Bedrock provisioned throughput: per
# model-unit second of a 1- or 6-month commitment), not seconds of media in or out.
TEXT_KINDS = frozenset({"chat", "completion", "embedding"})
PER_SECOND_KEYS = ("input_cost_per_second", "output_cost_per_second")


@dataclass(frozen=True)
class Entry:
    """One upstream entry on its way to a spec."""

    key: str
    provider: str
    model: str
    raw: dict[str, Any]


def default_location() -> tuple[str, bytes]:
    raise ImportSourceError(
        "give the path or URL of LiteLLM's model_prices_and_context_window.json "
        f"(published at {UPSTREAM}; an offline copy ships in the litellm wheel)"
    )


def convert_bytes(raw: bytes, location: str, dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Parse the price map read from `location` and map it to specs."""
    data = parse_json(raw, location, exact_numbers=True)  # every digit of a price
    if not isinstance(data, dict):
        raise ImportSourceError(f"{location}: expected a JSON object of model entries")
    return convert(data, dataset, providers)


def convert(data: dict[str, Any], dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Map every entry of the price map; collisions merge, everything else is reported."""
    tally = Tally()
    by_id: dict[str, list[tuple[Entry, ModelSpec]]] = defaultdict(list)
    sized: list[str] = []
    alias_entries: dict[str, Any] = {}
    for key in sorted(data):
        tally.entries += 1
        if looks_sized(key):
            sized.append(key)  # a row of a model's image price table, folded below
            continue
        if isinstance(data[key], dict) and "alias_of" in data[key]:
            alias_entries[key] = data[key]["alias_of"]  # another name of an entry, added below
            continue
        entry = _entry(key, data[key], providers, tally)
        if entry is None:
            continue
        spec = validated_model(model_spec(entry, dataset, tally), key, tally)
        if spec is not None:
            by_id[spec.id].append((entry, spec))

    models = [spec for _, found in sorted(by_id.items()) for spec in _merge_collision(found, tally)]
    models = fold_image_sizes(models, {key: data[key] for key in sized}, dataset, providers, tally)
    models = _linked(models, data, alias_entries, tally)
    provider_ids = sorted({m.provider for m in models} - providers.curated)
    provider_specs = [provider_spec(p, dataset) for p in provider_ids]
    return ImportResult(tuple(models), tuple(provider_specs), freeze(tally, dataset, len(models), len(provider_specs)))


# --- identity -----------------------------------------------------------------------------


def provider_id(litellm_provider: str, providers: ProviderDirectory) -> str:
    """Our provider id for a LiteLLM provider name: a curated alias first, then the table,
    then `vertex_ai-*` -> `vertex-ai`, else the name as a slug with '-' for '_'."""
    table = PROVIDER_TABLE.get(litellm_provider)
    family = "vertex_ai" if litellm_provider.startswith("vertex_ai") else None
    curated = providers.resolve(*(n for n in (litellm_provider, table, family) if n))
    if curated:
        return curated
    return slug((table or family or litellm_provider).replace("_", "-"))


def _entry(key: str, raw: Any, providers: ProviderDirectory, tally: Tally) -> Entry | None:
    if not isinstance(raw, dict):
        tally.skip("entry is not an object", key)
        return None
    if key == "sample_spec":
        tally.skip("documentation entry (sample_spec)", key)
        return None
    upstream_provider = raw.get("litellm_provider")
    if not isinstance(upstream_provider, str) or not upstream_provider.strip():
        tally.skip("no litellm_provider", key)
        return None
    mode = raw.get("mode")
    if mode is None:
        tally.skip("no mode (pricing-class placeholder, not a model)", key)
        return None
    if not isinstance(mode, str):
        tally.skip(f"mode of type {type(mode).__name__} is not a model kind", key)
        return None
    if mode not in KINDS:
        tally.skip(f"mode {mode!r} is not a model kind", key)
        return None
    provider = provider_id(upstream_provider, providers)
    model = slug(_model_part(key, upstream_provider, provider, providers))
    if not provider or not model:
        tally.skip("key has no usable slug", key)
        return None
    return Entry(key, provider, model, raw)


def _model_part(key: str, upstream_provider: str, provider: str, providers: ProviderDirectory) -> str:
    """The key without its provider prefix: `vertex_ai/claude-3@2024` -> `claude-3@2024`."""
    head, sep, rest = key.partition("/")
    if sep and (head == upstream_provider or provider_id(head, providers) == provider):
        return rest
    return key


def _merge_collision(found: list[tuple[Entry, ModelSpec]], tally: Tally) -> list[ModelSpec]:
    """Several upstream keys, one id. An entry of a separately priced route (`PRICED_ROUTES`)
    whose prices differ from the provider's own entry keeps its own id (`<model>-mantle`); the
    rest merge into one spec (`_merge_group`)."""
    if len(found) == 1:
        return [found[0][1]]
    by_route: dict[str, list[tuple[Entry, ModelSpec]]] = defaultdict(list)
    for item in found:
        by_route[PRICED_ROUTES.get(item[0].raw.get("litellm_provider", ""), "")].append(item)
    if "" not in by_route or len(by_route) == 1:
        return [_merge_group(found, tally)]
    merged = by_route.pop("")
    apart: list[ModelSpec] = []
    for suffix, items in sorted(by_route.items()):
        if not _price_differences(_merge_group(merged, Tally()), _merge_group(items, Tally())):
            merged += items
            continue
        spec = _merge_group(items, tally)
        apart.append(ModelSpec.model_validate({**spec.model_dump(), "id": f"{spec.id}-{suffix}"}))
        tally.notes["entry of a separately priced route kept under its own id (its prices differ)"] += 1
    return [_merge_group(merged, tally), *apart]


def _merge_group(found: list[tuple[Entry, ModelSpec]], tally: Tally) -> ModelSpec:
    """Keep the entry that says most (then the key whose prefix names the provider, then the
    shortest key); the other keys become aliases, and any price of theirs that the kept entry
    does not state alike is listed in the report with both values, never dropped silently."""
    if len(found) == 1:
        return found[0][1]

    def rank(item: tuple[Entry, ModelSpec]) -> tuple[int, int, int, str]:
        entry, _ = item
        prefixed = entry.key.startswith(entry.raw.get("litellm_provider", "") + "/")
        return (-len(entry.raw), 0 if prefixed else 1, len(entry.key), entry.key)

    ordered = sorted(found, key=rank)
    kept_entry, kept = ordered[0]
    others = tuple(e.key for e, _ in ordered[1:])
    tally.collisions.append((kept.id, kept_entry.key, others))
    for entry, spec in ordered[1:]:
        differences = _price_differences(kept, spec)
        if differences:
            listed = "; ".join(f"{path} {ours} vs {theirs}" for path, ours, theirs in differences[:4])
            more = f"; and {len(differences) - 4} more" if len(differences) > 4 else ""
            tally.price_conflicts.append(f"{kept.id}: kept {kept_entry.key}, alias {entry.key} prices otherwise: "
                                         f"{listed}{more}")
    return kept.model_copy(update={"aliases": tuple(sorted(set(kept.aliases) | set(others)))})


def _price_differences(kept: ModelSpec, other: ModelSpec) -> list[tuple[str, str, str]]:
    """(path, kept value, other value) of every price `other` states that `kept` does not state
    alike ("unknown" where kept has none)."""
    ours, theirs = _price_values(kept), _price_values(other)
    return [(path, str(ours.get(path, "unknown")), str(value))
            for path, value in sorted(theirs.items()) if ours.get(path) != value]


def _price_values(spec: ModelSpec) -> dict[str, Decimal]:
    """Every price of a spec's block by a path that names it (`tiers.200000.input`)."""
    out: dict[str, Decimal] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Decimal):
            out[prefix] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                name = item.get("above", item.get("size", index)) if isinstance(item, dict) else index
                if isinstance(item, dict) and item.get("quality"):
                    name = f"{name}.{item['quality']}"
                if isinstance(item, dict) and "start" in item:
                    name = f"{item['start']}-{item['end']}.{','.join(item.get('days', ()))}"
                walk(f"{prefix}.{name}", item)

    if spec.pricing is not None:
        walk("", spec.pricing.model_dump(exclude_defaults=True))
    return out


def _linked(models: list[ModelSpec], data: dict[str, Any], alias_entries: dict[str, Any], tally: Tally) -> list[ModelSpec]:
    """Links between entries, once every entry has its id: `alias_of` adds the alias entry's
    key to the aliases of the model it names, `successor_model` becomes `successor`."""
    by_key: dict[str, str] = {}
    for model in models:
        for key in (*model.aliases, model.provenance.upstream_key if model.provenance else None):
            if key is not None:
                by_key.setdefault(key, model.id)
    extra: dict[str, set[str]] = defaultdict(set)
    for key, target in sorted(alias_entries.items()):
        target_id = by_key.get(target) if isinstance(target, str) else None
        if target_id is None:
            tally.skip("alias_of names no imported entry", key)
            continue
        extra[target_id].add(key)
        tally.notes["alias_of entry added to the aliases of the model it names"] += 1
    linked = []
    for model in models:
        update: dict[str, Any] = {}
        if model.id in extra:
            update["aliases"] = tuple(sorted(set(model.aliases) | extra[model.id]))
        raw = data.get(model.provenance.upstream_key) if model.provenance else None
        successor = raw.get("successor_model") if isinstance(raw, dict) else None
        if successor is not None:
            successor_id = by_key.get(successor) if isinstance(successor, str) else None
            if successor_id is None:
                tally.unmapped["successor_model (names no imported entry)"] += 1
            elif successor_id != model.id:
                update["successor"] = successor_id
                tally.notes["successor_model mapped to successor"] += 1
        linked.append(model.model_copy(update=update) if update else model)
    return linked


# --- the spec -----------------------------------------------------------------------------


def model_spec(entry: Entry, dataset: Dataset, tally: Tally) -> dict[str, Any]:
    """The raw spec of one entry, in the schema's field order; validated by the caller."""
    raw = entry.raw
    spec: dict[str, Any] = {
        "id": f"{entry.provider}/{entry.model}",
        "name": _name(entry.key, raw.get("litellm_provider", "")),
        "provider": entry.provider,
        "kind": KINDS[raw["mode"]],
    }
    # LiteLLM's deprecation_date is the day the provider shuts the model down (OpenAI's
    # "shutdown date", Google's "discontinuation date"), which is our retires_on. A date
    # that has passed is kept as is; the rules flag it, the status is not rewritten here.
    retires = _date(raw.get("deprecation_date"))
    if raw.get("deprecation_date") is not None and retires is None:
        tally.dropped.append(f"{entry.key}: deprecation_date={shown(raw['deprecation_date'])} (not a date)")
    if retires is not None:
        spec["retires_on"] = retires
        if retires <= dataset.verified:
            tally.notes["deprecation_date (retires_on) already passed: flagged, status left as is"] += 1
    # The successor is an upstream key, resolved to our id once every entry is mapped.
    lifecycle_source = first_http_url(raw.get("deprecation_source"))
    if raw.get("deprecation_source") is not None and lifecycle_source is None:
        tally.dropped.append(f"{entry.key}: deprecation_source={short_shown(raw['deprecation_source'])} (not an http(s) URL)")
    if lifecycle_source is not None:
        spec["lifecycle_source"] = lifecycle_source
    # max_input_tokens is the prompt limit (gpt-5: 272,000 in and 128,000 out of a 400,000
    # window); the map states no context window, so none is written.
    spec["limits"] = {
        "max_input": raw.get("max_input_tokens"),
        "max_output": raw.get("max_output_tokens"),
        "prompt_cache_min": raw.get("prompt_cache_min_tokens"),
        "embedding_dimensions": raw.get("output_vector_size"),
    }
    spec["modalities"] = {
        "input": _modalities(raw.get("supported_modalities"), entry.key, tally),
        "output": _modalities(raw.get("supported_output_modalities"), entry.key, tally),
    }
    spec["capabilities"] = _capabilities(raw, spec["modalities"]["output"], tally)
    pricing = _pricing(entry, dataset, tally)
    if pricing is not None:
        spec["pricing"] = pricing
    spec["provenance"] = {
        "dataset": dataset.name,
        "version": dataset.version,
        "imported": dataset.imported,
        "upstream": dataset.upstream,
        "upstream_key": entry.key,
    }
    _account_for_other_keys(raw, tally)
    return prune(spec)


def _name(key: str, upstream_provider: str) -> str:
    head, sep, rest = key.partition("/")
    name = rest if sep and head == upstream_provider else key
    return name[:120]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _modalities(values: Any, key: str, tally: Tally) -> list[str]:
    out: list[str] = []
    if values is not None and not isinstance(values, list):  # a bare "text" is not ["text"]
        tally.dropped.append(f"{key}: modalities={shown(values)} (not a list)")
        return out
    for value in values or ():
        if not isinstance(value, str):
            tally.unmapped[f"modality of type {type(value).__name__}"] += 1
        elif value in MODALITIES:
            if MODALITIES[value] not in out:
                out.append(MODALITIES[value])
        else:
            tally.unmapped[f"modality {value!r}"] += 1
    return out


def _capabilities(raw: dict[str, Any], output_modalities: list[str], tally: Tally) -> dict[str, bool]:
    caps: dict[str, bool] = {}
    for key, capability in CAPABILITIES.items():
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, bool):
            tally.unmapped[f"{key} (not true/false)"] += 1
        elif capability not in caps:
            caps[capability] = value
        elif caps[capability] != value:
            # supports_vision and supports_image_input disagreeing: the first is kept.
            tally.unmapped[f"{key} (disagrees with another key for {capability}; first kept)"] += 1
    if "image" in output_modalities:
        caps["image_output"] = True
    return caps


def _account_for_other_keys(raw: dict[str, Any], tally: Tally) -> None:
    """Count every key that is neither a price nor mapped above, so the report lists it."""
    mapped = {
        "litellm_provider", "mode", "source", "deprecation_date", "deprecation_source",
        "successor_model", "max_input_tokens",
        "max_output_tokens", "prompt_cache_min_tokens", "output_vector_size",
        "supported_modalities", "supported_output_modalities", *CAPABILITIES,
    }  # fmt: skip
    for key in raw:
        if key in mapped or _is_price_key(key):
            continue
        if key in NOT_IMPORTED:
            tally.not_imported[f"{key} ({NOT_IMPORTED[key]})"] += 1
        else:
            tally.unmapped[key] += 1


def _is_price_key(key: str) -> bool:
    return "cost" in key or key in ("tiered_pricing", "off_peak_pricing")


# --- prices -------------------------------------------------------------------------------


@dataclass
class _Prices:
    """Components collected from an entry: base, tiers by threshold, variants by name, and
    each variant's own tiers by threshold."""

    base: dict[str, Decimal] = field(default_factory=dict)
    tiers: dict[int, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    variants: dict[str, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    variant_tiers: dict[str, dict[int, dict[str, Decimal]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )

    def group(self, above: int | None, variant: str | None) -> dict[str, Decimal]:
        """Where a price parsed from a key goes (see `parse_price_key`)."""
        if variant is None:
            return self.base if above is None else self.tiers[above]
        return self.variants[variant] if above is None else self.variant_tiers[variant][above]

    def groups(self) -> list[dict[str, Decimal]]:
        tiers_of_variants = [t for by_above in self.variant_tiers.values() for t in by_above.values()]
        return [self.base, *self.tiers.values(), *self.variants.values(), *tiers_of_variants]


def parse_price_key(key: str) -> tuple[str, int | None, str | None] | str:
    """`input_cost_per_token_above_200k_tokens_batches` -> ("input", 200000, "batch"), or
    the reason it cannot be mapped."""
    rest, variant = key, None
    for suffix, name in VARIANTS.items():
        if rest.endswith("_" + suffix):
            rest, variant = rest[: -len(suffix) - 1], name
            break
    else:
        for suffix in UNSUPPORTED_VARIANTS:
            if rest.endswith("_" + suffix):
                return f"service tier {suffix!r} has no variant"
    above = None
    tier = _TIER.search(rest)
    if tier:
        above = int(tier.group(1)) * 1000
        rest = rest[: tier.start()] + rest[tier.end() :]
    if rest not in COMPONENTS:
        return "no matching price component"
    return COMPONENTS[rest][0], above, variant


def billed_threshold(provider: str, above: int | None, tally: Tally) -> int | None:
    """Our `above` for a tier LiteLLM starts at `above` tokens: one lower where the provider
    bills a prompt of exactly that many tokens at the tier rate (`TIER_STARTS_AT_THRESHOLD`)."""
    if above is None or provider not in TIER_STARTS_AT_THRESHOLD:
        return above
    tally.notes["tier threshold lowered by 1: the provider bills a prompt of exactly the threshold at the tier rate"] += 1
    return above - 1


def _pricing(entry: Entry, dataset: Dataset, tally: Tally) -> dict[str, Any] | None:
    raw = entry.raw
    prices = _Prices()
    units = price_units()
    for key in sorted(raw):
        value = raw[key]
        if key in ADD_ON_KEYS or not _is_price_key(key):
            continue
        if key == "search_context_cost_per_query":
            continue
        if key == "tiered_pricing":
            _tiered(entry, value, prices, tally)
            continue
        if key == "off_peak_pricing":
            continue  # mapped to time windows below, once the block's prices are known
        if key == "input_cost_per_token_cache_hit":
            _cache_hit(entry, value, prices, tally)
            continue
        parsed = parse_price_key(key)
        if isinstance(parsed, str):
            tally.unmapped[key if parsed == "no matching price component" else f"{key} ({parsed})"] += 1
            continue
        component, above, variant = parsed
        above = billed_threshold(entry.provider, above, tally)
        if _base_of(key) in PER_SECOND_KEYS and KINDS[raw["mode"]] in TEXT_KINDS:
            tally.unmapped[f"{key} (on a {raw['mode']} entry: per model-unit second of reserved capacity, "
                           "not per second of media)"] += 1
            continue
        if key == "input_cost_per_image" and _generated_image_price(raw):
            # LiteLLM writes the price of a generated image as input_cost_per_image when it has
            # no output key (xAI, and OpenAI's gpt-image size entries, see image_sizes).
            component = "output_per_image"
            tally.notes["input_cost_per_image of an image-generation entry without output price: output_per_image"] += 1
        amount = _amount(entry.key, key, value, COMPONENTS[_base_of(key)][1], tally)
        if amount is None:
            continue
        target = prices.group(above, variant)
        if component in target and target[component] != amount:
            tally.unmapped[f"{key} (second price for {component})"] += 1
            continue
        target[component] = amount
    _web_search(entry, prices, tally)
    _add_ons(raw, tally)
    _apply_zero_policy(entry, prices, units, tally)

    # A variant's tier prices are kept only at the block's tiers; the rest is reported.
    variants: dict[str, dict[str, Any]] = {}
    for name in sorted(set(prices.variants) | set(prices.variant_tiers)):
        tiers = own_tiers(f"{name} variant", prices.variant_tiers.get(name, {}), prices.tiers, units, tally)
        flat = _ordered(prices.variants.get(name, {}), units)
        if flat or tiers:
            variants[name] = {**flat, "tiers": tiers}
    if not (prices.base or prices.tiers or prices.variants):
        return None
    source = first_http_url(raw.get("source"))
    if source is None:
        tally.notes["no upstream source URL: pricing.source is the dataset URL"] += 1
    block: dict[str, Any] = {"source": source or dataset.upstream, "verified": dataset.verified}
    block.update(_ordered(prices.base, units))
    block["tiers"] = [{"above": above, **_ordered(p, units)} for above, p in sorted(prices.tiers.items()) if p]
    block["variants"] = variants
    block["windows"] = _off_peak_windows(entry, prices, units, tally)
    return block


def _off_peak_windows(entry: Entry, prices: _Prices, units: dict[str, Any], tally: Tally) -> list[dict[str, Any]]:
    """`off_peak_pricing: {input_cost_per_token: ..., windows: [{hours_utc: ["00:00-01:00",
    "10:00-00:00"], weekdays: [1, 2, 3, 4, 5]}, {hours_utc: "00:00-00:00", weekdays: [6, 7]}]}`:
    one time window per span of hours, on those ISO weekdays, with the off-peak prices (DeepSeek).
    A price the off-peak block does not list is unknown in its hours, as the schema says."""
    value = entry.raw.get("off_peak_pricing")
    if value is None:
        return []
    if not isinstance(value, dict):
        tally.dropped.append(f"{entry.key}: off_peak_pricing={short_shown(value)} (not an object)")
        return []
    if "weekday_timezone" in value:
        # Weekdays judged in another time zone than the UTC hours: not a UTC window.
        tally.unmapped["off_peak_pricing (weekdays in a time zone other than UTC are not modelled)"] += 1
        return []
    listed: dict[str, Decimal] = {}
    for key, amount in sorted(value.items()):
        if key == "windows":
            continue
        parsed = parse_price_key(key)
        if isinstance(parsed, str) or parsed[1] is not None or parsed[2] is not None:
            tally.unmapped[f"off_peak_pricing.{key}"] += 1
            continue
        price = _amount(entry.key, f"off_peak_pricing.{key}", amount, COMPONENTS[key][1], tally)
        if price is not None:
            listed[parsed[0]] = price
    spans = _off_peak_spans(entry.key, value.get("windows"), tally)
    if not listed or not spans:
        tally.unmapped["off_peak_pricing (no prices or no hours)"] += 1
        return []
    tally.notes["off_peak_pricing mapped to time windows"] += 1
    return [{"name": OFF_PEAK, "start": start, "end": end, "days": days, **_ordered(listed, units)}
            for start, end, days in spans]


_SPAN = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _off_peak_spans(key: str, windows: Any, tally: Tally) -> list[tuple[str, str, list[str]]]:
    """(start, end, days) of each span of off-peak hours; a malformed one drops them all."""
    spans: list[tuple[str, str, list[str]]] = []
    for window in windows if isinstance(windows, list) else [windows]:
        hours = window.get("hours_utc") if isinstance(window, dict) else None
        weekdays = window.get("weekdays", list(ISO_WEEKDAYS)) if isinstance(window, dict) else None
        if isinstance(hours, str):
            hours = [hours]
        days = [ISO_WEEKDAYS.get(d) for d in weekdays] if isinstance(weekdays, list) else [None]
        matches = [_SPAN.match(h.strip()) if isinstance(h, str) else None for h in hours or [None]]
        if None in days or not all(matches):
            tally.dropped.append(f"{key}: off_peak_pricing.windows={short_shown(windows)} (not hours_utc and weekdays)")
            return []
        for m in matches:
            start, end = (f"{int(h) % 24:02d}:{mm}" for h, mm in (m.group(1, 2), m.group(3, 4)))  # 24:00 is 00:00
            spans.append((start, end, sorted(days, key=list(ISO_WEEKDAYS.values()).index)))  # type: ignore[arg-type]
    return spans


def _generated_image_price(raw: dict[str, Any]) -> bool:
    """Whether an entry's input_cost_per_image is the price of the image it generates: an
    image-generation entry with no output price of its own."""
    outputs = ("output_cost_per_image", "output_cost_per_pixel", "output_cost_per_image_token", "output_cost_per_token")
    return raw.get("mode") == "image_generation" and not any(k in raw for k in outputs)


def _base_of(key: str) -> str:
    rest = key
    for suffix in VARIANTS:
        if rest.endswith("_" + suffix):
            rest = rest[: -len(suffix) - 1]
    return _TIER.sub("", rest)


def _amount(model_key: str, key: str, value: Any, factor: int, tally: Tally) -> Decimal | None:
    try:
        return scaled(value, factor)
    except BadPrice as error:
        tally.dropped.append(f"{model_key}: {key}={shown(value)} ({error})")
        return None


def _ordered(prices: dict[str, Decimal], units: dict[str, Any]) -> dict[str, Decimal]:
    """Components in the schema's order, so output is stable."""
    return {name: prices[name] for name in units if name in prices}


def _tiered(entry: Entry, value: Any, prices: _Prices, tally: Tally) -> None:
    """`tiered_pricing: [{range: [0, 256000], ...}, {range: [256000, 1e6], ...}]`: the tier
    starting at 0 is the base price, the others are context tiers above their start."""
    if not isinstance(value, list):
        tally.unmapped["tiered_pricing (not a list)"] += 1
        return
    for tier in value:
        bounds = tier.get("range") if isinstance(tier, dict) else None
        if not (isinstance(bounds, list) and bounds):
            # Search APIs tier the price per query by the number of results asked for.
            what = "by max_results_range" if isinstance(tier, dict) and "max_results_range" in tier else "without a range"
            tally.unmapped[f"tiered_pricing (tiers {what} are not modelled)"] += 1
            return
        try:
            start = tier_start(bounds[0])
        except BadPrice as error:
            tally.dropped.append(f"{entry.key}: tiered_pricing range={short_shown(bounds)} (invalid tier bound: {error})")
            continue
        target = prices.base if start == 0 else prices.tiers[billed_threshold(entry.provider, start, tally)]
        for key, amount in sorted(tier.items()):
            if key == "range":
                continue
            parsed = parse_price_key(key)
            if isinstance(parsed, str) or parsed[1] is not None or parsed[2] is not None:
                tally.unmapped[f"tiered_pricing.{key}"] += 1
                continue
            price = _amount(entry.key, f"tiered_pricing.{key}", amount, COMPONENTS[key][1], tally)
            if price is None:
                continue
            if parsed[0] in target and target[parsed[0]] != price:
                # The tier from 0 restating the base price differently: the flat key is kept.
                tally.unmapped[f"tiered_pricing.{key} (differs from the entry's own {key}; that one kept)"] += 1
                continue
            target.setdefault(parsed[0], price)
    tally.notes["tiered_pricing mapped to context tiers"] += 1


def _cache_hit(entry: Entry, value: Any, prices: _Prices, tally: Tally) -> None:
    """DeepSeek-style duplicate of cache_read_input_token_cost."""
    amount = _amount(entry.key, "input_cost_per_token_cache_hit", value, PER_TOKEN, tally)
    if amount is None:
        return
    other = entry.raw.get("cache_read_input_token_cost")
    if other is None:
        prices.base.setdefault("cache_read", amount)
        tally.notes["input_cost_per_token_cache_hit mapped to cache_read"] += 1
    elif _amount(entry.key, "cache_read_input_token_cost", other, PER_TOKEN, Tally()) == amount:
        tally.notes["input_cost_per_token_cache_hit equals cache_read_input_token_cost"] += 1
    else:
        tally.unmapped["input_cost_per_token_cache_hit (differs from cache_read_input_token_cost)"] += 1


def _web_search(entry: Entry, prices: _Prices, tally: Tally) -> None:
    """`search_context_cost_per_query: {search_context_size_low/medium/high}` per search:
    the medium size is the default, and our unit is per 1,000 searches."""
    value = entry.raw.get("search_context_cost_per_query")
    if value is None:
        return
    if not isinstance(value, dict) or "search_context_size_medium" not in value:
        tally.unmapped["search_context_cost_per_query (no medium size)"] += 1
        return
    amount = _amount(entry.key, "search_context_cost_per_query", value["search_context_size_medium"], 1000, tally)
    if amount is None:
        return
    prices.base["web_search"] = amount
    if len({str(v) for v in value.values()}) > 1:
        tally.notes["search_context_cost_per_query: medium size kept, low/high differ"] += 1


def _add_ons(raw: dict[str, Any], tally: Tally) -> None:
    for key in sorted(ADD_ON_KEYS - {"search_context_cost_per_query"}):
        if key in raw:
            tally.unmapped[key] += 1


# --- the 0.0 policy: unknown is not free --------------------------------------------------


def _apply_zero_policy(entry: Entry, prices: _Prices, units: dict[str, Any], tally: Tally) -> None:
    """Decide what each upstream 0.0 means, in one place:

    - a 0 token price beside a non-zero price per image, second, character, pixel, query,
      page or request: the model is billed by that unit, the token price is unknown;
    - every price of the entry 0: free only on self-hosted runtimes or when the key says
      free, else unknown (a placeholder, or usage covered by a subscription);
    - a 0 cache-write price beside a priced input: the provider bills no separate cache
      write, so the price of a cache write is not 0 but unknown here;
    - any other 0 is what the source says: free (an embedding's output tokens).
    """
    raw = entry.raw
    per_unit = _nonzero_per_unit_keys(raw)
    groups = prices.groups()
    all_zero = not per_unit and not any(amount != 0 for group in groups for amount in group.values())
    local = entry.provider in SELF_HOSTED or raw.get("litellm_provider") in SELF_HOSTED
    says_free = (local and not _HOSTED_ON_A_LOCAL_RUNTIME.search(entry.key)) or "free" in entry.key.lower()
    base_input = prices.base.get("input")
    for group in groups:
        for component in [c for c, amount in group.items() if amount == 0]:
            is_token = units[component] is PER_1M_TOKENS
            if is_token and per_unit:
                reason = "0 token price beside a per-unit price"
            elif all_zero:
                if says_free:
                    tally.zero_free["every price 0 on a self-hosted or free-labelled model"] += 1
                    continue
                reason = "every price 0, source does not say free"
            elif component.startswith("cache_write") and base_input:
                reason = "0 cache write beside a priced input"
            else:
                tally.zero_free["0 beside other non-zero prices"] += 1
                continue
            del group[component]
            tally.zero_unknown[reason] += 1


def _nonzero_per_unit_keys(raw: dict[str, Any]) -> list[str]:
    """Keys billing the model by a unit other than tokens, with a price above 0."""
    found = []
    for key, value in raw.items():
        if "cost" not in key or key in ADD_ON_KEYS or "token" in key:
            continue
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value > 0:
            found.append(key)
    return found


# --- size-and-quality entries -------------------------------------------------------------


def fold_image_sizes(
    models: list[ModelSpec], sized: dict[str, Any], dataset: Dataset, providers: ProviderDirectory, tally: Tally
) -> list[ModelSpec]:
    """Fold each size entry (`azure/hd/1024-x-1792/dall-e-3`) into its base model's
    `output_images`; a base the map lacks is made from its first size entry. A key that
    cannot be folded is listed in the report, never turned into a model."""
    by_id = {m.id: m for m in models}
    rows: dict[str, dict[tuple[str, str], ImagePrice]] = defaultdict(dict)
    first: dict[str, Entry] = {}
    for key in sorted(sized):
        raw = sized[key]
        upstream_provider = raw.get("litellm_provider") if isinstance(raw, dict) else None
        parsed = parse_sized_key(key, upstream_provider or "")
        if isinstance(parsed, str):
            tally.not_folded.append(f"{key} ({parsed})")
            continue
        scratch = Tally()
        base = _entry(parsed.base_key, raw, providers, scratch)
        if base is None:
            tally.not_folded.append(f"{key} ({next(iter(scratch.skipped), 'not a model entry')})")
            continue
        found = per_image_price(raw, parsed.width, parsed.height)
        if isinstance(found, str):
            tally.not_folded.append(f"{key} ({found})")
            continue
        price, price_key = found
        model_id = f"{base.provider}/{base.model}"
        slot = (parsed.size, parsed.quality or "")
        if slot in rows[model_id]:
            if rows[model_id][slot].price != price:
                tally.not_folded.append(f"{key} (second price for {model_id} {parsed.size} {parsed.quality or ''})")
            else:
                tally.notes["size entry repeats a folded price (same model, size, quality)"] += 1
            continue
        try:
            row = ImagePrice(size=parsed.size, quality=parsed.quality, price=price)
        except ValidationError as error:
            tally.not_folded.append(f"{key} ({error.errors()[0]['msg']})")
            continue
        rows[model_id][slot] = row
        first.setdefault(model_id, Entry(key, base.provider, base.model, raw))
        tally.folded.append((key, model_id))
        tally.notes[f"output_images price from {price_key}"] += 1
        for other in other_prices(raw, price_key):
            if other in PER_PIXEL_KEYS:  # the same price per pixel: the per-image one is kept
                tally.notes[f"{other} beside the per-image price of a size entry (per-image kept)"] += 1
            else:
                tally.unmapped[f"{other} (beside the per-image price of a size entry)"] += 1
    for model_id, images in sorted(rows.items()):
        model = by_id.get(model_id) or _base_from_size_entry(first[model_id], dataset, tally)
        if model is None:
            tally.not_folded.extend(k for k, m in tally.folded if m == model_id)
            tally.folded = [(k, m) for k, m in tally.folded if m != model_id]
            continue
        by_id[model_id] = _with_images(model, images, first[model_id], dataset)
    return [by_id[i] for i in sorted(by_id)]


def _base_from_size_entry(entry: Entry, dataset: Dataset, tally: Tally) -> ModelSpec | None:
    """A base model the map lacks, from its first size entry without its prices: named after
    the base (`dall-e-3`), its provenance the size entry's key, where it came from."""
    base_key = parse_sized_key(entry.key, entry.raw.get("litellm_provider", ""))
    assert not isinstance(base_key, str)  # parsed once already
    unpriced = {k: v for k, v in entry.raw.items() if not _is_price_key(k)}
    spec = model_spec(Entry(base_key.base_key, entry.provider, entry.model, unpriced), dataset, tally)
    spec["provenance"]["upstream_key"] = entry.key
    tally.notes["base model made from its first size entry (the map has no entry of its own)"] += 1
    return validated_model(spec, entry.key, tally)


def _with_images(model: ModelSpec, images: dict[tuple[str, str], ImagePrice], entry: Entry, dataset: Dataset) -> ModelSpec:
    """The model with its folded image prices, sorted by size then quality (none first)."""
    ordered = tuple(images[slot] for slot in sorted(images, key=_image_order))
    if model.pricing is None:
        source = first_http_url(entry.raw.get("source")) or dataset.upstream
        pricing = PricingBlock.model_validate({"source": source, "verified": dataset.verified, "output_images": ordered})
    else:
        pricing = model.pricing.model_copy(update={"output_images": ordered})
    return model.model_copy(update={"pricing": pricing})


def _image_order(slot: tuple[str, str]) -> tuple[int, int, int, str]:
    """By width, height, then quality; `any` (the fallback size) last."""
    if slot[0] == "any":
        return (1, 0, 0, slot[1])
    width, height = (int(n) for n in slot[0].split("x"))
    return (0, width, height, slot[1])


# --- providers ----------------------------------------------------------------------------


def provider_spec(provider: str, dataset: Dataset) -> ProviderSpec:
    """A minimal provider spec for a provider no curated file describes."""
    return ProviderSpec.model_validate(
        {
            "id": provider,
            "name": display_name(provider),
            "provenance": {
                "dataset": dataset.name,
                "version": dataset.version,
                "imported": dataset.imported,
                "upstream": dataset.upstream,
                "upstream_key": provider,
            },
        }
    )
