"""`catalog list` and `catalog show`: the models of the catalog, and one model in full.

Both read the validated catalog and print text, or JSON with --json:

    $ catalog show openai/gpt-4o-mini
    openai/gpt-4o-mini: GPT-4o mini
      provider openai, kind chat, status active
"""

from __future__ import annotations

import datetime

import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalog.cli.common import (
    InvalidDataError,
    Number,
    UsageError,
    data_option,
    display_path,
    json_option,
    load_with_rows,
    no_cache_option,
    note_errors,
    print_json,
    print_table,
    unknown_text,
    where,
)
from catalog.listing import SORT_KEYS, context_cell
from catalog.money import format_count, format_price

if TYPE_CHECKING:
    from catalog.cache import Loaded
    from catalog.dataset import Catalog
    from catalog.schema import ModelSpec


OTHERS_NAMED = 8
"""Other offerings a lookup note names before counting the rest: a short line on stderr, where
a popular model has thirty resellers; `show --enriched` lists them all with their prices."""


def _others_text(model_id: str, others: Sequence[str]) -> str:
    if len(others) <= OTHERS_NAMED:
        return ", ".join(others)
    return (f"{', '.join(others[:OTHERS_NAMED])} ... and {len(others) - OTHERS_NAMED} more; "
            f"`catalog show --enriched {model_id}` lists them with prices")


def lookup_model(loaded: Loaded, name: str) -> ModelSpec:
    """The model a person means by `name` (catalog.lookup: id, alias, name or short id, any
    case); an unknown name is a usage error suggesting near ids, a model whose spec has errors
    is invalid data naming the first one. Notes errors elsewhere, and other offerings."""
    from catalog.lookup import AmbiguousName, Resolved, resolve

    catalog = loaded.catalog
    name = catalog.replaced.get(name.strip().lower(), name)  # an imported id a curated spec replaced
    try:
        # An exact id needs no rows: a cold command then skips making them.
        found = Resolved(name) if name in catalog.models else resolve(loaded.rows, name)
    except AmbiguousName as error:
        raise UsageError(str(error)) from None
    if found is not None:
        note_errors(loaded)
        if found.others:
            print(f"note: {name} is {found.id}; also offered as {_others_text(found.id, found.others)}", file=sys.stderr)
        return catalog.models[found.id]
    from catalog.load import model_errors, near_ids  # the loader only when the name is not found

    errors = model_errors(catalog, name)
    if errors:
        first = errors[0]
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        raise InvalidDataError(f"{name} has errors ({where(first)} [{first.rule}] {first.message}{more}); "
                               "run `catalog validate`")
    near = near_ids(catalog, name.strip().lower())  # ids are lower case
    hint = f"; did you mean {', '.join(near)}?" if near else "; `catalog list` shows every id"
    raise UsageError(f"unknown model '{name}'{hint}")


# --- list ---------------------------------------------------------------------------------


@click.command("list")
@data_option
@click.option("--kind", metavar="K", help="only models of this kind (chat, embedding, ...)")
@click.option("--provider", metavar="P", help="only models of this provider")
@click.option("--capability", "capabilities", multiple=True, metavar="C",
              help="only models advertising it (vision, function_calling, ...); repeatable")
@click.option("--input", "inputs", multiple=True, metavar="M", help="only models taking this modality in; repeatable")
@click.option("--output", "outputs", multiple=True, metavar="M", help="only models giving this modality out; repeatable")
@click.option("--min-context", type=Number(), metavar="N", help="at least N tokens of context (the window, else the maximum input)")
@click.option("--max-input-price", type=Number(whole=False), metavar="USD",
              help="at most this per 1M input tokens (unknown prices are left out)")
@click.option("--max-output-price", type=Number(whole=False), metavar="USD",
              help="at most this per 1M output tokens (unknown prices are left out)")
@click.option("--status", "statuses", multiple=True, metavar="S",
              help="only models with this status today (preview, active, deprecated, retired); repeatable")
@click.option("--sort", "sort_key", type=click.Choice(SORT_KEYS), default="id", show_default=True,
              help="order: price is the 3:1 input:output blend per 1M tokens; limits sort largest first")
@click.option("--reverse", is_flag=True, help="reverse the order (unknown values stay last)")
@click.option("--limit", type=Number(minimum=1), metavar="N", help="show the first N")
@json_option
@no_cache_option
def list_models(data: Path | None, kind: str | None, provider: str | None, capabilities: tuple[str, ...],
                inputs: tuple[str, ...], outputs: tuple[str, ...], min_context: int | None,
                max_input_price: Decimal | None, max_output_price: Decimal | None, statuses: tuple[str, ...],
                sort_key: str, reverse: bool, limit: int | None, as_json: bool, no_cache: bool) -> int:
    """List models, filtered and sorted.

    \b
    The cheapest current model with vision and 128k context:
    catalog list --capability vision --min-context 128000 --status active --sort price --limit 1
    """
    from catalog.listing import Filters, filter_rows, row_json, sort_rows

    if kind or statuses or inputs or outputs or capabilities:  # the schema only for words to check
        import typing

        from catalog.schema import Capabilities, Kind, Modality, Status

        _check_words("kind", (kind,) if kind else (), typing.get_args(Kind))
        _check_words("status", statuses, typing.get_args(Status))
        _check_words("modality", (*inputs, *outputs), typing.get_args(Modality))
        _check_words("capability", capabilities, tuple(Capabilities.model_fields))
    loaded = load_with_rows(data, no_cache=no_cache)
    catalog = loaded.catalog
    if provider is not None and provider not in catalog.providers:
        raise UsageError(unknown_text("provider", provider, list(catalog.providers)))
    note_errors(loaded)
    filters = Filters(kind=kind, provider=provider, capabilities=capabilities, inputs=inputs, outputs=outputs,
                      min_context=min_context, max_input_price=max_input_price,
                      max_output_price=max_output_price, statuses=statuses)
    rows = sort_rows(filter_rows(loaded.rows, filters), sort_key, reverse=reverse)
    shown = rows[:limit] if limit is not None else rows
    if as_json:
        print_json([row_json(row) for row in shown])
        return 0
    table = [(r.id, r.kind, r.status, context_cell(r.context_window, r.max_input), r.price) for r in shown]
    print_table([("id", "kind", "status", "context", "price"), *table], right_aligned=(3,))
    more = f" (of {format_count(len(rows))})" if len(shown) < len(rows) else ""
    print(f"{format_count(len(shown))} model{'s' * (len(shown) != 1)}{more}")
    return 0


def _check_words(noun: str, given: Sequence[str], known: Sequence[str]) -> None:
    for word in given:
        if word not in known:
            raise UsageError(unknown_text(noun, word, known))


def _tokens(value: int | None) -> str:
    return format_count(value)


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
    loaded = load_with_rows(data, no_cache=no_cache)
    catalog = loaded.catalog
    model = lookup_model(loaded, model_id)
    if explain:
        from catalog.layers import explain as explain_fields

        explained = explain_fields(catalog, model.id)
        origins = catalog.origins[model.id]
        if as_json:
            print_json([{"field": path, "value": value, "file": display_path(file), "source": origins.label(file)}
                        for path, value, file in explained])
            return 0
        for path, value, file in explained:
            print(f"{path}: {json.dumps(value, ensure_ascii=False)}  <- {display_path(file)} ({origins.label(file)})")
        return 0
    if enriched:
        return _show_enriched(catalog, model, as_json=as_json)
    if as_json:
        print_json(model.model_dump(mode="json"))
    else:
        from catalog.lifecycle import today

        print("\n".join(describe_model(model, today())))
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


def describe_model(model: ModelSpec, day: datetime.date) -> list[str]:
    """The facts of one model as lines of text, its status the one in force on `day` (in the
    day's tense); absent values say "unknown" or "not advertised"."""
    from catalog.lifecycle import status_text

    lines = [f"{model.id}: {model.name}"]
    status = status_text(model, day)
    if model.successor:
        status += f", successor {model.successor}"
    lines.append(f"  provider {model.provider}, kind {model.kind}, status {status}")
    limits = model.limits
    sizes = [f"context {_tokens(limits.context_window)} tokens"] if limits.context_window or not limits.max_input else []
    if limits.max_input is not None and limits.max_input != limits.context_window:
        # LiteLLM's max_input_tokens: the prompt's limit, not the window
        sizes.append(f"max input {_tokens(limits.max_input)} tokens")
    sizes.append(f"max output {_tokens(limits.max_output)} tokens")
    lines.append("  " + ", ".join(sizes))
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
        shown = "unknown" if value is None else f"{format_price(value)} {unit.label}"
        lines.append(f"    {name:<18} {shown}")
    for image in pricing.output_images:
        quality = f" {image.quality}" if image.quality else ""
        lines.append(f"    image {image.size}{quality:<10} {format_price(image.price)} per image")
    for tier in pricing.tiers:
        listed = ", ".join(f"{n} {format_price(getattr(tier, n))}" for n in price_units() if getattr(tier, n) is not None)
        lines.append(f"    prompts above {format_count(tier.above)} tokens: {listed}")
    for name, variant in pricing.variants.items():
        parts = [f"x{variant.multiplier:f}"] if variant.multiplier is not None else []
        parts += [f"{n} {format_price(getattr(variant, n))}" for n in price_units() if getattr(variant, n) is not None]
        lines.append(f"    {name}: {', '.join(parts)}")
    return lines
