"""`catalog list` and `catalog show`: the models of the catalog, and one model in full.

Both read the validated catalog and print text, or JSON with --json:

    $ catalog show openai/gpt-4o-mini
    openai/gpt-4o-mini: GPT-4o mini
      provider openai, kind chat, status active
"""

from __future__ import annotations

import datetime
import difflib
import json
import typing
from pathlib import Path

import click

from catalog.cli.common import (
    InvalidDataError,
    UsageError,
    data_option,
    display_path,
    json_option,
    load,
    no_cache_option,
    note_errors,
    print_json,
    print_table,
    where,
)
from catalog.load import Catalog
from catalog.schema import Kind, ModelSpec


def lookup_model(catalog: Catalog, name: str) -> ModelSpec:
    """The model with this id or alias; an unknown name is a usage error suggesting near ids, a
    model whose spec has errors is invalid data naming the first one. Notes errors elsewhere."""
    from catalog.load import find_model, model_errors, near_ids

    model = find_model(catalog, name)
    if model is not None:
        note_errors(catalog)
        return model
    errors = model_errors(catalog, name)
    if errors:
        first = errors[0]
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        raise InvalidDataError(f"{name} has errors ({where(first)} [{first.rule}] {first.message}{more}); "
                               "run `catalog validate`")
    near = near_ids(catalog, name)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `catalog list` shows every id"
    raise UsageError(f"unknown model '{name}'{hint}")


# --- list ---------------------------------------------------------------------------------


@click.command("list")
@data_option
@click.option("--kind", metavar="K", help="only models of this kind (chat, embedding, ...)")
@click.option("--provider", metavar="P", help="only models of this provider")
@json_option
@no_cache_option
def list_models(data: Path | None, kind: str | None, provider: str | None, as_json: bool, no_cache: bool) -> int:
    """List models."""
    from catalog import pricing
    from catalog.claims import price_summary

    kinds = typing.get_args(Kind)
    if kind is not None and kind not in kinds:
        raise UsageError(f"unknown kind '{kind}'; kinds: {', '.join(kinds)}")
    catalog = load(data, no_cache=no_cache)
    if provider is not None and provider not in catalog.providers:
        near = difflib.get_close_matches(provider, list(catalog.providers), n=5)
        hint = f"did you mean {', '.join(near)}?" if near else f"providers: {', '.join(catalog.providers)}"
        raise UsageError(f"unknown provider '{provider}'; {hint}")
    note_errors(catalog)
    models = [m for m in catalog.models.values()
              if (kind is None or m.kind == kind) and (provider is None or m.provider == provider)]
    today = pricing.today()
    if as_json:
        print_json([_list_entry(m, today) for m in models])
        return 0
    rows = [(m.id, m.kind, m.status, _tokens(m.limits.context_window), price_summary(m, today))
            for m in models]
    print_table([("id", "kind", "status", "context", "price"), *rows], right_aligned=(3,))
    print(f"{len(models)} model{'s' * (len(models) != 1)}")
    return 0


def _list_entry(model: ModelSpec, today: datetime.date) -> dict[str, object]:
    from catalog import pricing
    from catalog.claims import price_summary

    prices = pricing.block_at(model, today)  # a price announced for later is not today's
    return {
        "id": model.id,
        "name": model.name,
        "provider": model.provider,
        "kind": model.kind,
        "status": model.status,
        "context_window": model.limits.context_window,
        "max_output": model.limits.max_output,
        # Decimal as a string keeps it exact; null is unknown, never 0.
        "input": None if prices is None or prices.input is None else format(prices.input, "f"),
        "output": None if prices is None or prices.output is None else format(prices.output, "f"),
        "price": price_summary(model, today),
    }


def _tokens(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


# --- show ---------------------------------------------------------------------------------


@click.command()
@data_option
@click.argument("model_id", metavar="MODEL_ID")
@json_option
@click.option("--enriched", is_flag=True,
              help="show where it stands among its peers: strengths, caveats, similar, FAQ")
@click.option("--explain", is_flag=True, help="list every field with its value and the file it came from")
@no_cache_option
def show(data: Path | None, model_id: str, as_json: bool, enriched: bool, explain: bool, no_cache: bool) -> int:
    """Show one model (MODEL_ID: provider/model, or an alias)."""
    if explain and enriched:
        raise UsageError("--explain and --enriched exclude each other: one shows where each value "
                         "came from, the other where the model stands among its peers")
    catalog = load(data, no_cache=no_cache)
    model = lookup_model(catalog, model_id)
    if explain:
        from catalog.layers import explain as explain_fields

        explained = explain_fields(catalog, model.id)
        if as_json:
            print_json([{"field": path, "value": value, "file": display_path(file)}
                        for path, value, file in explained])
            return 0
        for path, value, file in explained:
            print(f"{path}: {json.dumps(value, ensure_ascii=False)}  <- {display_path(file)}")
        return 0
    if enriched:
        return _show_enriched(catalog, model, as_json=as_json)
    if as_json:
        print_json(model.model_dump(mode="json"))
    else:
        print("\n".join(describe_model(model)))
    return 0


def _show_enriched(catalog: Catalog, model: ModelSpec, *, as_json: bool) -> int:
    from catalog import pricing
    from catalog.enrich import describe_enriched, enrich_catalog, to_json

    enriched = enrich_catalog(catalog, today=pricing.today(), only={model.id})[model.id]
    if as_json:
        print_json(to_json(enriched))
    else:
        print("\n".join(describe_enriched(enriched)))
    return 0


_ALWAYS_SHOWN = ("input", "output")
"""Prices shown even when absent, so an unpublished price reads "unknown", never $0."""


def describe_model(model: ModelSpec) -> list[str]:
    """The facts of one model as lines of text; absent values say "unknown" or "not advertised"."""
    lines = [f"{model.id}: {model.name}"]
    status = model.status
    if model.deprecated_on:
        status += f", deprecated on {model.deprecated_on}"
    if model.retires_on:
        status += f", retires on {model.retires_on}"
    if model.successor:
        status += f", successor {model.successor}"
    lines.append(f"  provider {model.provider}, kind {model.kind}, status {status}")
    limits = model.limits
    lines.append(f"  context {_tokens(limits.context_window)} tokens, "
                 f"max output {_tokens(limits.max_output)} tokens")
    if model.modalities.input or model.modalities.output:
        lines.append(f"  in: {', '.join(model.modalities.input) or 'unknown'}; "
                     f"out: {', '.join(model.modalities.output) or 'unknown'}")
    caps = model.capabilities.model_dump()
    advertised = [name for name, value in caps.items() if value is True]
    denied = [name for name, value in caps.items() if value is False]
    lines.append(f"  capabilities: {', '.join(advertised) or 'none advertised'}")
    if denied:
        lines.append(f"  not supported: {', '.join(denied)}")
    lines.extend(_describe_pricing(model))
    if model.api is not None:
        lines.append(f"  api: {model.api.protocol}, gateway model {model.api.gateway_model}")
    return lines


def _describe_pricing(model: ModelSpec) -> list[str]:
    from catalog.units import price_units

    pricing = model.pricing
    if pricing is None:
        return ["  pricing: unknown (no prices published)"]
    lines = [f"  pricing (verified {pricing.verified}, {pricing.source}):"]
    for name, unit in price_units().items():
        value = getattr(pricing, name)
        if value is None and name not in _ALWAYS_SHOWN:
            continue
        shown = "unknown" if value is None else f"${value:f} {unit.label}"
        lines.append(f"    {name:<18} {shown}")
    for image in pricing.output_images:
        quality = f" {image.quality}" if image.quality else ""
        lines.append(f"    image {image.size}{quality:<10} ${image.price:f} per image")
    for tier in pricing.tiers:
        listed = ", ".join(f"{n} ${getattr(tier, n):f}" for n in price_units() if getattr(tier, n) is not None)
        lines.append(f"    prompts above {tier.above:,} tokens: {listed}")
    for name, variant in pricing.variants.items():
        parts = [f"x{variant.multiplier:f}"] if variant.multiplier is not None else []
        parts += [f"{n} ${getattr(variant, n):f}" for n in price_units() if getattr(variant, n) is not None]
        lines.append(f"    {name}: {', '.join(parts)}")
    return lines
