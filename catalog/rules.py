"""Rules: checks that compare fields of a spec, or specs with each other, each with an id.

The schema checks one value at a time; a rule checks what only makes sense together, such
as a max output that exceeds the context window, or an alias that is another model's id.
Each rule is one small function registered under its id, yielding the offending field and a
message; `catalog.load` turns that into a finding with the file and line of the field:

    @model_rule("limits.output-within-context")
    def output_within_context(model, context):
        if model.limits.max_output > model.limits.context_window:
            yield ("limits", "max_output"), "max_output 65536 exceeds context_window 32768"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from catalog.findings import Severity
from catalog.layers import FieldPath
from catalog.money import format_price
from catalog.schema import ContextTier, ModelSpec, PriceSet, PricingBlock, ProviderSpec
from catalog.units import PER_1M_TOKENS, price_units

UNIT_SLIP_CEILING = Decimal(1000)
"""USD per 1M tokens above which a price is probably per 1k tokens or per token, scaled wrong."""
TINY_TOKEN_PRICE = Decimal("0.001")
"""USD per 1M tokens below which a non-zero price is probably a per-token price left unscaled."""

TOKEN_PRICE_FIELDS = tuple(name for name, unit in price_units().items() if unit == PER_1M_TOKENS)
ALL_PRICE_FIELDS = tuple(price_units())


@dataclass(frozen=True)
class RuleContext:
    """What rules may look at besides the spec itself."""

    today: date
    stale_days: int
    models: Mapping[str, ModelSpec]
    providers: Mapping[str, ProviderSpec]
    duplicate_files: tuple[tuple[str, Path, Path], ...] = ()
    """(id, first file, second file) when one layer holds two files for one id."""
    declared_models: frozenset[str] = frozenset()
    """Ids with a spec file, valid or not: a reference to an invalid spec is reported once,
    at that spec, not again at every reference."""
    declared_providers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Violation:
    """A rule's verdict on one field of one spec; the loader adds file and line."""

    rule: str
    severity: Severity
    spec_id: str
    path: FieldPath
    message: str
    subject: Literal["model", "provider"] = "model"
    file: Path | None = None
    """Set when the problem is a file rather than a field (two files for one id)."""


ModelCheck = Callable[[ModelSpec, RuleContext], Iterator[tuple[FieldPath, str]]]
CatalogCheck = Callable[[RuleContext], Iterator[Violation]]


@dataclass(frozen=True)
class Rule:
    """A registered check: its id (shown in every message), severity, and function."""

    id: str
    severity: Severity
    check: Callable[..., Iterator[object]]


MODEL_RULES: list[Rule] = []
CATALOG_RULES: list[Rule] = []


def model_rule(rule_id: str, severity: Severity = "error") -> Callable[[ModelCheck], ModelCheck]:
    """Register a check of one model; it yields (field path, message) per problem."""

    def register(check: ModelCheck) -> ModelCheck:
        MODEL_RULES.append(Rule(rule_id, severity, check))
        return check

    return register


def catalog_rule(rule_id: str, severity: Severity = "error") -> Callable[[CatalogCheck], CatalogCheck]:
    """Register a check across specs; it yields whole `Violation`s."""

    def register(check: CatalogCheck) -> CatalogCheck:
        CATALOG_RULES.append(Rule(rule_id, severity, check))
        return check

    return register


def check_catalog(context: RuleContext) -> list[Violation]:
    """Run every rule over every model, then the rules across specs."""
    violations: list[Violation] = []
    for model_id, model in context.models.items():
        for rule in MODEL_RULES:
            for path, message in rule.check(model, context):
                violations.append(Violation(rule.id, rule.severity, model_id, path, message))
    for rule in CATALOG_RULES:
        violations.extend(rule.check(context))  # type: ignore[arg-type]
    return violations


def rule_ids() -> list[str]:
    """Every registered rule id (the documentation lists them)."""
    return [rule.id for rule in (*MODEL_RULES, *CATALOG_RULES)]


# --- walking the prices of a model --------------------------------------------------------


def pricing_blocks(model: ModelSpec) -> Iterator[tuple[FieldPath, PricingBlock]]:
    """The current pricing block and every historical one, with their paths."""
    if model.pricing is not None:
        yield ("pricing",), model.pricing
    for index, block in enumerate(model.price_history):
        yield ("price_history", index), block


def price_sets(model: ModelSpec) -> Iterator[tuple[FieldPath, PriceSet, PricingBlock]]:
    """Every set of flat prices (base, tiers, variants, windows) and the block it belongs to."""
    for path, block in pricing_blocks(model):
        yield path, block, block
        for index, tier in enumerate(block.tiers):
            yield (*path, "tiers", index), tier, block
        for name, variant in block.variants.items():
            yield (*path, "variants", name), variant, block
            for index, tier in enumerate(variant.tiers):
                yield (*path, "variants", name, "tiers", index), tier, block
        for index, window in enumerate(block.windows):
            yield (*path, "windows", index), window, block
            for tier_index, tier in enumerate(window.tiers):
                yield (*path, "windows", index, "tiers", tier_index), tier, block


def _set_prices(prices: PriceSet, names: tuple[str, ...] = ALL_PRICE_FIELDS) -> Iterator[tuple[str, Decimal]]:
    for name in names:
        value = getattr(prices, name)
        if value is not None:
            yield name, value


# --- limits -------------------------------------------------------------------------------


@model_rule("limits.output-within-context")
def output_within_context(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    limits = model.limits
    if limits.max_output and limits.context_window and limits.max_output > limits.context_window:
        yield ("limits", "max_output"), (
            f"max_output {limits.max_output:,} exceeds context_window {limits.context_window:,}; "
            "the output has to fit in the context"
        )


@model_rule("limits.input-within-context")
def input_within_context(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    limits = model.limits
    if limits.max_input and limits.context_window and limits.max_input > limits.context_window:
        yield ("limits", "max_input"), (
            f"max_input {limits.max_input:,} exceeds context_window {limits.context_window:,}"
        )


@model_rule("limits.cache-min-within-context")
def cache_min_within_context(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    limits = model.limits
    if limits.prompt_cache_min and limits.context_window and limits.prompt_cache_min > limits.context_window:
        yield ("limits", "prompt_cache_min"), (
            f"prompt_cache_min {limits.prompt_cache_min:,} exceeds context_window "
            f"{limits.context_window:,}: no prompt could ever be cached"
        )


# --- prices -------------------------------------------------------------------------------


@model_rule("pricing.unit-slip")
def unit_slip(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, prices, block in price_sets(model):
        if block.high_price_intended:
            continue
        for name, value in _set_prices(prices, TOKEN_PRICE_FIELDS):
            if value > UNIT_SLIP_CEILING:
                yield (*path, name), (
                    f"{name} {format_price(value)} per 1M tokens is above the {format_price(UNIT_SLIP_CEILING)} "
                    "ceiling: is it a per-1k or per-token price scaled wrong? Prices here are per "
                    "1M tokens; if it really is the price, set high_price_intended: true"
                )


@model_rule("pricing.tiny-token-price", "warning")
def tiny_token_price(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, prices, _ in price_sets(model):
        for name, value in _set_prices(prices, TOKEN_PRICE_FIELDS):
            if 0 < value < TINY_TOKEN_PRICE:
                yield (*path, name), (
                    f"{name} {format_price(value)} per 1M tokens is below {format_price(TINY_TOKEN_PRICE)}: "
                    "it looks like a per-token price; prices here are per 1M tokens"
                )


def tier_lists(block: PricingBlock, path: FieldPath) -> Iterator[tuple[FieldPath, tuple[ContextTier, ...]]]:
    """The block's tiers and the tiers of its variants and windows, with their paths."""
    yield path, block.tiers
    for name, variant in block.variants.items():
        yield (*path, "variants", name), variant.tiers
    for index, window in enumerate(block.windows):
        yield (*path, "windows", index), window.tiers


@model_rule("pricing.tiers-ascending")
def tiers_ascending(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for block_path, block in pricing_blocks(model):
        thresholds = {tier.above for tier in block.tiers}
        for path, tiers in tier_lists(block, block_path):
            for index in range(1, len(tiers)):
                previous, tier = tiers[index - 1].above, tiers[index].above
                if tier <= previous:
                    yield (*path, "tiers", index, "above"), (
                        f"tier threshold {tier:,} is not above the previous tier's {previous:,}; "
                        "list tiers by strictly ascending `above`"
                    )
            if path == block_path:
                continue
            for index, tier in enumerate(tiers):  # a variant or window prices the block's tiers
                if tier.above not in thresholds:
                    yield (*path, "tiers", index, "above"), (
                        f"tier threshold {tier.above:,} is not a threshold of the block's tiers, "
                        "so it never applies; a variant or window prices the block's tiers"
                    )


@model_rule("pricing.tier-within-context")
def tier_within_context(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    window = model.limits.context_window
    if not window:
        return
    for path, block in pricing_blocks(model):
        for index, tier in enumerate(block.tiers):
            if tier.above >= window:
                yield (*path, "tiers", index, "above"), (
                    f"tier threshold {tier.above:,} is not below context_window {window:,}, "
                    "so no request can reach it"
                )


@model_rule("pricing.tier-empty")
def tier_empty(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        for index, tier in enumerate(block.tiers):
            if next(_set_prices(tier), None) is None:
                yield (*path, "tiers", index), f"tier above {tier.above:,} lists no prices"


@model_rule("pricing.variant-empty")
def variant_empty(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        for name, variant in block.variants.items():
            # A variant priced only above a context tier (its own `tiers`) is not empty.
            if variant.multiplier is None and next(_set_prices(variant), None) is None and not variant.tiers:
                yield (*path, "variants", name), (
                    f"variant '{name}' has neither a multiplier nor prices; give one or remove it"
                )


@model_rule("pricing.window-zero-length")
def window_zero_length(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        for index, window in enumerate(block.windows):
            if window.start == window.end:
                yield (*path, "windows", index, "end"), (
                    f"window '{window.name}' starts and ends at {window.start}: it lasts no time"
                )


@model_rule("pricing.window-empty")
def window_empty(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        for index, window in enumerate(block.windows):
            if window.multiplier is None and next(_set_prices(window), None) is None:
                yield (*path, "windows", index), (
                    f"window '{window.name}' has neither a multiplier nor prices"
                )


@model_rule("pricing.output-images-unique")
def output_images_unique(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        seen: set[tuple[str, str | None]] = set()
        for index, image in enumerate(block.output_images):
            key = (image.size, image.quality)
            if key in seen:
                quality = f", quality {image.quality}" if image.quality else ""
                yield (*path, "output_images", index), (
                    f"a second price for size {image.size}{quality}; each size and quality once"
                )
            seen.add(key)


@model_rule("pricing.verified-not-future")
def verified_not_future(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, block in pricing_blocks(model):
        if block.verified > context.today:
            yield (*path, "verified"), (
                f"verified {block.verified} is in the future (today is {context.today})"
            )


@model_rule("pricing.history-ordered")
def history_ordered(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    history = model.price_history
    if not history:
        return
    if model.pricing is None:
        yield ("price_history",), "price_history without current pricing; move the newest block to pricing"
        return
    if model.pricing.effective is None:
        yield ("pricing",), "the current prices need `effective` (the day they took effect) when price_history is given"
        return
    newer = model.pricing.effective
    for index, block in enumerate(history):
        path: FieldPath = ("price_history", index, "effective")
        if block.effective is None:
            if index != len(history) - 1:
                yield ("price_history", index), (
                    "only the oldest price_history block may leave out `effective`"
                )
            continue
        if block.effective >= newer:
            yield path, (
                f"effective {block.effective} is not before {newer}, the date of the prices after "
                "it; list price_history newest first, one block per date"
            )
        newer = block.effective


@model_rule("pricing.stale", "warning")
def stale(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.pricing is None:
        return
    age = (context.today - model.pricing.verified).days
    if age > context.stale_days:
        yield ("pricing", "verified"), (
            f"prices verified {model.pricing.verified}, {age} days ago (threshold "
            f"{context.stale_days} days); check them against the source and update `verified`"
        )


@model_rule("pricing.cache-read-above-input", "warning")
def cache_read_above_input(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for path, prices, _ in price_sets(model):
        if prices.cache_read is not None and prices.input is not None and prices.cache_read > prices.input:
            yield (*path, "cache_read"), (
                f"cache_read {format_price(prices.cache_read)} costs more than input {format_price(prices.input)}; "
                "a cache hit is normally cheaper"
            )


@model_rule("pricing.source-is-dataset", "warning")
def source_is_dataset(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.pricing is None or model.provenance is None:
        return
    if str(model.pricing.source).rstrip("/") == str(model.provenance.upstream).rstrip("/"):
        yield ("pricing", "source"), (
            f"the pricing source is the {model.provenance.dataset} dataset itself: upstream gave "
            "no page where the provider publishes these prices"
        )


# --- lifecycle ----------------------------------------------------------------------------


@model_rule("lifecycle.deprecated-before-retired")
def deprecated_before_retired(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.deprecated_on and model.retires_on and model.deprecated_on > model.retires_on:
        yield ("retires_on",), (
            f"retires_on {model.retires_on} is before deprecated_on {model.deprecated_on}"
        )


@model_rule("lifecycle.released-first")
def released_first(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.released is None:
        return
    for name in ("deprecated_on", "retires_on"):
        later = getattr(model, name)
        if later is not None and later < model.released:
            yield (name,), f"{name} {later} is before released {model.released}"


@model_rule("lifecycle.status-dates")
def status_dates(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.status == "retired" and model.retires_on is None:
        yield ("status",), "status is retired but retires_on is missing; add the day it stopped answering"
    elif model.status == "retired" and model.retires_on > context.today:
        yield ("status",), f"status is retired but retires_on {model.retires_on} is still to come"
    elif model.status == "deprecated" and model.deprecated_on is None:
        yield ("status",), "status is deprecated but deprecated_on is missing; add the day it was deprecated"


@model_rule("lifecycle.deprecated-but-active", "warning")
def deprecated_but_active(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.status in ("active", "preview") and model.deprecated_on and model.deprecated_on <= context.today:
        yield ("status",), (
            f"deprecated_on {model.deprecated_on} has passed but status is still {model.status}"
        )


@model_rule("lifecycle.retired-but-listed", "warning")
def retired_but_listed(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.status != "retired" and model.retires_on and model.retires_on <= context.today:
        yield ("status",), f"retires_on {model.retires_on} has passed but status is {model.status}"


@model_rule("lifecycle.successor-exists")
def successor_exists(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    if model.successor is None:
        return
    if model.successor == model.id:
        yield ("successor",), "a model cannot be its own successor"
    elif model.successor not in context.models and model.successor not in context.declared_models:
        yield ("successor",), f"successor '{model.successor}' is not a model in the catalog"


# --- capabilities -------------------------------------------------------------------------


@model_rule("capabilities.parallel-needs-tools")
def parallel_needs_tools(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    caps = model.capabilities
    if caps.parallel_tool_calls and caps.function_calling is False:
        yield ("capabilities", "parallel_tool_calls"), (
            "parallel_tool_calls is true while function_calling is false"
        )


@model_rule("capabilities.vision-needs-image-input")
def vision_needs_image_input(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    inputs = model.modalities.input
    # An empty list says nothing about modalities; only a stated list can contradict.
    if model.capabilities.vision and inputs and "image" not in inputs:
        yield ("capabilities", "vision"), (
            f"vision is true but 'image' is not an input modality ({', '.join(inputs)})"
        )


_MEDIA_CAPABILITIES = {
    "audio_input": ("input", "audio"),
    "video_input": ("input", "video"),
    "pdf_input": ("input", "pdf"),
    "audio_output": ("output", "audio"),
    "image_output": ("output", "image"),
}


@model_rule("capabilities.media-needs-modality")
def media_needs_modality(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for capability, (direction, modality) in _MEDIA_CAPABILITIES.items():
        declared = getattr(model.modalities, direction)
        if getattr(model.capabilities, capability) and declared and modality not in declared:
            yield ("capabilities", capability), (
                f"{capability} is true but '{modality}' is not an {direction} modality "
                f"({', '.join(declared)})"
            )


# --- benchmarks ---------------------------------------------------------------------------


@model_rule("benchmarks.date-not-future")
def benchmark_date_not_future(model: ModelSpec, context: RuleContext) -> Iterator[tuple[FieldPath, str]]:
    for index, result in enumerate(model.benchmarks):
        if result.date > context.today:
            yield ("benchmarks", index, "date"), f"benchmark {result.name} is dated {result.date}, in the future"


# --- across specs -------------------------------------------------------------------------


@catalog_rule("catalog.unique-ids")
def unique_ids(context: RuleContext) -> Iterator[Violation]:
    for spec_id, first, second in context.duplicate_files:
        subject: Literal["model", "provider"] = "model" if "/" in spec_id else "provider"
        yield Violation("catalog.unique-ids", "error", spec_id, ("id",),
                        f"a second file for '{spec_id}' (the first is {first.name}); keep one",
                        subject, file=second)


@catalog_rule("catalog.provider-exists")
def provider_exists(context: RuleContext) -> Iterator[Violation]:
    for model_id, model in context.models.items():
        if model.provider not in context.providers and model.provider not in context.declared_providers:
            yield Violation("catalog.provider-exists", "error", model_id, ("provider",),
                            f"provider '{model.provider}' has no spec; add providers/{model.provider}.yaml")


@catalog_rule("catalog.unique-aliases")
def unique_aliases(context: RuleContext) -> Iterator[Violation]:
    owners: dict[str, str] = {}
    for model_id, model in context.models.items():
        for index, alias in enumerate(model.aliases):
            path: FieldPath = ("aliases", index)
            problem = None
            if alias == model_id:
                problem = "repeats the model's own id"
            elif alias in context.models:
                problem = f"is the id of another model, {alias}"
            elif alias in owners:
                other = owners[alias]
                problem = "is listed twice" if other == model_id else f"is also an alias of {other}"
            if problem:
                yield Violation("catalog.unique-aliases", "error", model_id, path, f"alias '{alias}' {problem}")
            owners.setdefault(alias, model_id)


@catalog_rule("catalog.unique-provider-aliases")
def unique_provider_aliases(context: RuleContext) -> Iterator[Violation]:
    owners: dict[str, str] = {}
    for provider_id, provider in context.providers.items():
        for index, alias in enumerate(provider.aliases):
            problem = None
            if alias in context.providers:
                problem = "repeats this provider's id" if alias == provider_id else f"is the id of provider {alias}"
            elif alias in owners:
                problem = f"is also an alias of provider {owners[alias]}"
            if problem:
                yield Violation("catalog.unique-provider-aliases", "error", provider_id, ("aliases", index),
                                f"provider alias '{alias}' {problem}", "provider")
            owners.setdefault(alias, provider_id)


__all__ = [
    "CATALOG_RULES",
    "MODEL_RULES",
    "RuleContext",
    "Violation",
    "check_catalog",
    "price_sets",
    "pricing_blocks",
    "rule_ids",
]
