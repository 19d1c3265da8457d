"""`catalog estimate` and `catalog cheapest`: what a request or a month of work costs.

estimate prices one model; cheapest ranks every model that fits a workload by its monthly bill:

    $ catalog estimate openai/gpt-4o-mini --input-tokens 1000 --output-tokens 200
    $ catalog cheapest --workload chatbot --require vision --min-context 128000
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from catalog.cli.browse import lookup_model
from catalog.cli.common import (
    Number,
    UsageError,
    data_option,
    json_option,
    load,
    no_cache_option,
    print_json,
    print_table,
)

DEFAULT_DAYS_PER_MONTH = Decimal("30")
"""The same default as catalog.workloads.DEFAULT_DAYS_PER_MONTH (checked by a test), kept here
so `--help` needs no import of the cost engine."""

_OUTPUT_MEDIA_KINDS = ("image-generation", "image-edit", "video-generation", "speech")
"""Kinds whose `--images` and `--seconds` are generated media; for the others they are input."""


class AtDate(click.ParamType):
    """--at checked as the pricing engine will read it, including its conversion to UTC (a
    time zone can push 9999-12-31 or 0001-01-01 out of the calendar); kept as the text."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from catalog import pricing

        try:
            at = pricing.parse_at(value)
            if isinstance(at, datetime.datetime) and at.tzinfo is not None:
                at.astimezone(datetime.timezone.utc)
        except pricing.EstimateError as error:
            self.fail(str(error), param, ctx)
        except OverflowError:
            self.fail(f"--at {value!r} is outside the calendar once converted to UTC", param, ctx)
        return value


def _days(days: Decimal) -> Decimal:
    from catalog.pricing import UsageError as QuantityError
    from catalog.workloads import check_days_per_month

    try:  # the engine's rule, worded with the flag
        check_days_per_month(days)
    except QuantityError as error:
        raise UsageError(f"--days-per-month: {error}") from None
    return days


def _parse_at(at: str | None) -> Any:
    from catalog import pricing

    return None if at is None else pricing.parse_at(at)


# --- estimate -----------------------------------------------------------------------------

_REQUEST_FLAGS = {
    "input_tokens": "prompt tokens, cached ones included",
    "output_tokens": "output tokens, reasoning ones included",
    "cache_read_tokens": "prompt tokens read from the cache",
    "cache_write_tokens": "prompt tokens written to the 5-minute cache",
    "cache_write_1h_tokens": "prompt tokens written to the 1-hour cache",
    "reasoning_tokens": "output tokens spent reasoning",
    "images": "images generated (image models) or sent (other models)",
    "seconds": "seconds of media generated (speech, video) or sent (others)",
    "searches": "web searches",
}
"""estimate flags that count one request's usage; a --workload describes its own requests."""


def _request_flags(function: Callable[..., Any]) -> Callable[..., Any]:
    for name, what in reversed(_REQUEST_FLAGS.items()):
        function = click.option(f"--{name.replace('_', '-')}", type=Number(), default=0, metavar="N",
                                help=what)(function)
    return function


@click.command()
@data_option
@click.argument("model_id", metavar="MODEL_ID")
@click.option("--workload", metavar="NAME", help="price a preset of data/workloads.yaml per month")
@_request_flags
@click.option("--image-size", metavar="S", help="size of generated images, e.g. 1024x1024")
@click.option("--image-quality", metavar="Q", help="quality of generated images, e.g. hd")
@click.option("--requests", type=Number(minimum=1), metavar="N", help="price N requests of this usage")
@click.option("--variant", type=click.Choice(["standard", "batch", "priority", "flex"]), help="service variant")
@click.option("--at", type=AtDate(), help="prices in force then: YYYY-MM-DD, or YYYY-MM-DDTHH:MM (UTC) for time windows")
@click.option("--days-per-month", type=Number(whole=False), default=DEFAULT_DAYS_PER_MONTH, metavar="D",
              help=f"days in a month of a workload (default {DEFAULT_DAYS_PER_MONTH})")
@json_option
@no_cache_option
def estimate(data: Path | None, model_id: str, workload: str | None, image_size: str | None,
             image_quality: str | None, requests: int | None, variant: str | None, at: str | None,
             days_per_month: Decimal, as_json: bool, no_cache: bool, **counts: int) -> int:
    """What a request, or a workload, costs on a model (MODEL_ID: provider/model, or an alias)."""
    from catalog import pricing
    from catalog.workloads import find_workload, workload_cost, workload_json

    if workload:
        flags = {**{name: counts[name] for name in _REQUEST_FLAGS}, "image_size": image_size,
                 "image_quality": image_quality, "requests": requests}
        given = [f"--{name.replace('_', '-')}" for name, value in flags.items() if value not in (0, None)]
        if given:
            raise UsageError(f"--workload {workload} sets the usage itself; drop {', '.join(given)} "
                             "or drop --workload to price one request")
    elif days_per_month != DEFAULT_DAYS_PER_MONTH:
        raise UsageError("--days-per-month only applies with --workload")
    catalog = load(data, no_cache=no_cache)
    model = lookup_model(catalog, model_id)
    when = _parse_at(at)
    if workload:
        preset = find_workload(workload, data)
        doc = workload_json(workload_cost(model, preset, when, variant, _days(days_per_month)))
    else:
        generated = model.kind in _OUTPUT_MEDIA_KINDS
        usage = pricing.Usage(
            input_tokens=counts["input_tokens"], output_tokens=counts["output_tokens"],
            cache_read_tokens=counts["cache_read_tokens"], cache_write_5m_tokens=counts["cache_write_tokens"],
            cache_write_1h_tokens=counts["cache_write_1h_tokens"], reasoning_tokens=counts["reasoning_tokens"],
            images_out=counts["images"] if generated else 0, images_in=0 if generated else counts["images"],
            output_seconds=counts["seconds"] if generated else 0, input_seconds=0 if generated else counts["seconds"],
            image_size=image_size, image_quality=image_quality, searches=counts["searches"], requests=1,
        )
        one = pricing.estimate(model, usage, when, variant)
        doc = pricing.estimate_json(one) if requests is None else pricing.repeated_json(one, requests)
    if as_json:
        print_json(doc)
    else:
        print("\n".join(pricing.describe_estimate(doc)))
    return 0


# --- cheapest -----------------------------------------------------------------------------


@click.command()
@data_option
@click.option("--workload", required=True, metavar="NAME", help="a preset of data/workloads.yaml")
@click.option("--kind", metavar="K", help="models of this kind (default: the workload's kinds)")
@click.option("--require", default="", metavar="CAPABILITY,...",
              help="capabilities the model must advertise, e.g. function_calling,vision")
@click.option("--min-context", type=Number(), metavar="N", help="at least N tokens of context")
@click.option("--top", type=Number(minimum=1), default=10, metavar="N", help="show the N cheapest (default 10)")
@click.option("--at", type=AtDate(), help="prices in force then (YYYY-MM-DD)")
@click.option("--days-per-month", type=Number(whole=False), default=DEFAULT_DAYS_PER_MONTH, metavar="D",
              help=f"days in a month (default {DEFAULT_DAYS_PER_MONTH})")
@json_option
@no_cache_option
def cheapest(data: Path | None, workload: str, kind: str | None, require: str, min_context: int | None,
             top: int, at: str | None, days_per_month: Decimal, as_json: bool, no_cache: bool) -> int:
    """Rank the models that fit a workload by monthly cost."""
    from catalog.schema import Capabilities, Kind
    from catalog.workloads import find_workload, rank_models, ranking_json

    required = [c.strip() for c in require.split(",") if c.strip()]
    unknown_caps = [c for c in required if c not in Capabilities.model_fields]
    if unknown_caps:
        raise UsageError(f"--require: unknown capability {', '.join(unknown_caps)} "
                         f"(known: {', '.join(Capabilities.model_fields)})")
    kinds = typing.get_args(Kind)
    if kind is not None and kind not in kinds:
        raise UsageError(f"unknown kind '{kind}'; kinds: {', '.join(kinds)}")
    catalog = load(data, no_cache=no_cache)
    when = _parse_at(at)
    preset = find_workload(workload, data)
    ranking = rank_models(catalog.models.values(), preset, kind, required, min_context, when, _days(days_per_month))
    doc = ranking_json(ranking, top)
    if as_json:
        print_json(doc)
        return 0
    print(f"cheapest for {preset.name}: {preset.description}")
    rows: list[tuple[str, ...]] = [("rank", "model", "per month", "per request")]
    rows += [(str(r["rank"]), r["model"] + " (deprecated)" * r["deprecated"], f"${r['monthly_total']}",
              f"${r['per_request_total']}") for r in doc["priced"]]
    print_table(rows, indent="  ", right_aligned=(0, 2, 3))
    if doc["priced_count"] > len(doc["priced"]):
        print(f"  ... {doc['priced_count'] - len(doc['priced'])} more priced models (--top N shows more)")
    if not doc["priced"]:
        print("  no model that fits has all the prices this workload needs")
    _print_apart(f"cannot be priced ({len(doc['unpriced'])}): unknown is not $0", doc["unpriced"], top,
                 lambda entry: f"missing {', '.join(m['reason'] for m in entry['missing'])}")
    _print_apart(f"left out, no longer answering on {doc['day']} ({len(doc['retired'])}):", doc["retired"],
                 top, lambda entry: entry["reason"])
    return 0


def _print_apart(title: str, entries: list[dict[str, Any]], top: int,
                 why: Callable[[dict[str, Any]], str]) -> None:
    """Models listed apart from a ranking, each with why; the first `top` of them."""
    if not entries:
        return
    print(title)
    for entry in entries[:top]:
        print(f"  {entry['model']}: {why(entry)}")
    if len(entries) > top:
        print(f"  ... and {len(entries) - top} more (--json lists them all)")
