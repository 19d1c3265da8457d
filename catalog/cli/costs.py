"""`catalog estimate` and `catalog cheapest`: what a request or a month of work costs.

estimate prices one model; cheapest ranks every model that fits a workload by its monthly bill:

    $ catalog estimate openai/gpt-4o-mini --input-tokens 1000 --output-tokens 200
    $ catalog cheapest --workload chatbot --require vision --min-context 128000
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from catalog.cli.browse import lookup_model
from catalog.cli.common import (
    Number,
    UsageError,
    data_option,
    json_option,
    load_with_rows,
    no_cache_option,
    print_json,
    print_table,
    unknown_text,
)
from catalog.money import format_bill

if TYPE_CHECKING:
    from catalog.schema import ModelSpec
    from catalog.workloads import Workload

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


def days(given: Decimal | None) -> Decimal:
    """--days-per-month, or the workloads' default month when it is not given."""
    from catalog.pricing import UsageError as QuantityError
    from catalog.workloads import DEFAULT_DAYS_PER_MONTH, check_days_per_month

    if given is None:
        return DEFAULT_DAYS_PER_MONTH
    try:  # the engine's rule, worded with the flag
        check_days_per_month(given)
    except QuantityError as error:
        raise UsageError(f"--days-per-month: {error}") from None
    return given


def parse_at(at: str | None) -> Any:
    from catalog import pricing

    return None if at is None else pricing.parse_at(at)


# --- usage from flags ----------------------------------------------------------------------

_REQUEST_FLAGS = {
    "input_tokens": "prompt tokens, cached ones included",
    "output_tokens": "output tokens, reasoning ones included",
    "cache_read_tokens": "prompt tokens read from the cache (one request; a month uses --cache-hit-rate)",
    "cache_write_tokens": "prompt tokens written to the 5-minute cache",
    "cache_write_1h_tokens": "prompt tokens written to the 1-hour cache",
    "reasoning_tokens": "output tokens spent reasoning",
    "images": "images generated (image models) or sent (other models)",
    "seconds": "seconds of media generated (speech, video) or sent (others)",
    "searches": "web searches",
}
"""Flags that count one request's usage; a --workload describes its own requests."""


def usage_flags(function: Callable[..., Any]) -> Callable[..., Any]:
    """The flags of one request's usage and of a month of them, shared by estimate and cheapest."""
    options = [click.option(f"--{name.replace('_', '-')}", type=Number(), default=0, metavar="N", help=what)
               for name, what in _REQUEST_FLAGS.items()]
    options += [
        click.option("--image-size", metavar="S", help="size of generated images, e.g. 1024x1024 (also with --workload)"),
        click.option("--image-quality", metavar="Q", help="quality of generated images, e.g. hd (also with --workload)"),
        click.option("--requests-per-day", type=Number(whole=False), metavar="N",
                     help="price a month of this usage (or change a --workload's rate)"),
        click.option("--cache-hit-rate", type=Number(whole=False, maximum=1), metavar="X",
                     help="share of each prompt read from the prompt cache over a month, 0 to 1"),
        click.option("--batch-share", type=Number(whole=False, maximum=1), metavar="X",
                     help="share of a month's requests sent through the batch service, 0 to 1"),
        click.option("--days-per-month", type=Number(whole=False), metavar="D",
                     help="days in a month (default 30.4)"),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _flag_names(values: dict[str, Any]) -> list[str]:
    return [f"--{name.replace('_', '-')}" for name, value in values.items() if value not in (0, None)]


@dataclass(frozen=True)
class UsageFlags:
    """The usage flags as given: one request's counts, image settings and month settings."""

    counts: dict[str, int]
    image: dict[str, str | None]
    requests_per_day: Decimal | None
    cache_hit_rate: Decimal | None
    batch_share: Decimal | None
    days_per_month: Decimal | None

    @classmethod
    def of(cls, options: dict[str, Any]) -> UsageFlags:
        return cls({name: options.pop(name) for name in _REQUEST_FLAGS},
                   {name: options.pop(name) for name in ("image_size", "image_quality")},
                   options.pop("requests_per_day"), options.pop("cache_hit_rate"), options.pop("batch_share"),
                   options.pop("days_per_month"))

    def given(self) -> list[str]:
        """The usage flags given, as typed."""
        return _flag_names({**self.counts, **self.image, **self.month})

    @property
    def month(self) -> dict[str, Any]:
        return {"requests_per_day": self.requests_per_day, "cache_hit_rate": self.cache_hit_rate,
                "batch_share": self.batch_share}

    def workload(self, name: str | None, kind: str, data: Path | None, model: ModelSpec | None = None) -> Workload:
        """The month to price: the preset `name` adjusted by the flags, or one made of them."""
        from catalog.workloads import (
            adjust_workload,
            custom_workload,
            find_workload,
            kind_mismatch,
            load_workloads,
            usage_fields,
            workloads_file,
        )

        if name is not None:
            given = _flag_names(self.counts)
            if given:
                raise UsageError(f"--workload {name} sets the usage itself; drop {', '.join(given)} "
                                 "or drop --workload to describe the usage with flags")
            preset = find_workload(name, data)
            if model is not None:
                mismatch = kind_mismatch(preset, model, load_workloads(workloads_file(data)).values())
                if mismatch:
                    raise UsageError(mismatch)
            image = {key: value for key, value in self.image.items() if value is not None}
            return _checked(adjust_workload, preset, image, **self.month)
        if self.counts["cache_read_tokens"]:
            raise UsageError("--cache-read-tokens counts one request; over a month give --cache-hit-rate")
        if not _flag_names(self.counts):
            raise UsageError("no usage to price: give counts such as --input-tokens and --output-tokens")
        return _checked(custom_workload, kind, usage_fields(kind, {**self.counts, **self.image}),
                        self.requests_per_day, self.cache_hit_rate or Decimal(0), self.batch_share or Decimal(0))


def _checked(make: Callable[..., Workload], *args: Any, **kwargs: Any) -> Workload:
    """A workload made from flags; one that cannot be real is a usage error saying why."""
    try:
        return make(*args, **kwargs)
    except ValueError as error:
        raise UsageError(f"the usage given cannot be priced: {error}") from None


# --- estimate -----------------------------------------------------------------------------


@click.command()
@data_option
@click.argument("model_id", metavar="MODEL_ID")
@click.option("--workload", metavar="NAME", help="price a preset of data/workloads.yaml per month")
@usage_flags
@click.option("--requests", type=Number(minimum=1), metavar="N", help="price N requests of this usage")
@click.option("--variant", type=click.Choice(["standard", "batch", "priority", "flex"]), help="service variant")
@click.option("--at", type=AtDate(), help="prices in force then: YYYY-MM-DD, or YYYY-MM-DDTHH:MM (UTC) for time windows")
@json_option
@no_cache_option
def estimate(data: Path | None, model_id: str, workload: str | None, requests: int | None, variant: str | None,
             at: str | None, as_json: bool, no_cache: bool, **options: Any) -> int:
    """What a request, N requests or a month costs on a model (MODEL_ID: an id, alias or name).

    \b
    One request: catalog estimate openai/gpt-4o-mini --input-tokens 3000 --output-tokens 500
    A month of them: add --requests-per-day 2000 [--cache-hit-rate 0.5], or give --workload NAME
    """
    from catalog import pricing
    from catalog.claims import with_lifecycle_warning
    from catalog.workloads import usage_fields, workload_cost, workload_json

    flags = UsageFlags.of(options)
    monthly = workload is not None or flags.requests_per_day is not None
    if monthly and requests is not None:
        raise UsageError("--requests prices N requests, and --workload or --requests-per-day a month; drop one")
    if not monthly:
        month_only = _flag_names({"cache_hit_rate": flags.cache_hit_rate, "batch_share": flags.batch_share,
                                  "days_per_month": flags.days_per_month})
        if month_only:
            raise UsageError(f"{', '.join(month_only)} only applies to a month: add --requests-per-day N "
                             "or --workload NAME")
        if not _flag_names(flags.counts):
            raise UsageError("no usage to price: give counts such as --input-tokens 1000 --output-tokens 200, "
                             "a month with --requests-per-day, or --workload NAME")
    loaded = load_with_rows(data, no_cache=no_cache)
    model = lookup_model(loaded, model_id)
    when = parse_at(at)
    if monthly:
        month = flags.workload(workload, model.kind, data, model)
        doc = workload_json(workload_cost(model, month, when, variant, days(flags.days_per_month)))
    else:
        usage = pricing.Usage(**usage_fields(model.kind, {**flags.counts, **flags.image}), requests=1)
        one = pricing.estimate(model, usage, when, variant)
        doc = pricing.estimate_json(one) if requests is None else pricing.repeated_json(one, requests)
    day = pricing.today() if when is None else (when.date() if isinstance(when, datetime.datetime) else when)
    doc = with_lifecycle_warning(doc, model, day, loaded.catalog.models)
    if doc["lifecycle_warning"]:
        click.echo(f"warning: {model.id}: {doc['lifecycle_warning']['message']}", err=True)
    if as_json:
        print_json(doc)
    else:
        print("\n".join(pricing.describe_estimate(doc)))
    return 0


# --- cheapest -----------------------------------------------------------------------------


@click.command()
@data_option
@click.option("--workload", metavar="NAME", help="a preset of data/workloads.yaml (or describe one with the usage flags)")
@usage_flags
@click.option("--kind", metavar="K", help="models of this kind (default: the workload's kinds; chat for flags)")
@click.option("--require", default="", metavar="CAPABILITY,...",
              help="capabilities the model must advertise, e.g. function_calling,vision")
@click.option("--min-context", type=Number(), metavar="N", help="at least N tokens of context (the window, else the maximum input)")
@click.option("--top", type=Number(minimum=1), default=10, metavar="N", help="show the N cheapest (default 10)")
@click.option("--at", type=AtDate(), help="prices in force then (YYYY-MM-DD)")
@click.option("--include-local", is_flag=True,
              help="also rank local runtimes (Ollama, Lemonade: $0, you bring the hardware)")
@json_option
@no_cache_option
def cheapest(data: Path | None, workload: str | None, kind: str | None, require: str, min_context: int | None,
             top: int, at: str | None, include_local: bool, as_json: bool, no_cache: bool, **options: Any) -> int:
    """Rank the models that fit a workload by monthly cost.

    \b
    A preset: catalog cheapest --workload chatbot --require vision --min-context 128000
    Your own: catalog cheapest --requests-per-day 2000 --input-tokens 3000 --output-tokens 500
    """
    from catalog.schema import Capabilities, Kind
    from catalog.identity import local_runtimes
    from catalog.workloads import rank_models, ranking_json

    flags = UsageFlags.of(options)
    required = [c.strip() for c in require.split(",") if c.strip()]
    unknown_caps = [c for c in required if c not in Capabilities.model_fields]
    if unknown_caps:
        raise UsageError(f"--require: unknown capability {', '.join(unknown_caps)} "
                         f"(known: {', '.join(Capabilities.model_fields)})")
    kinds = typing.get_args(Kind)
    if kind is not None and kind not in kinds:
        raise UsageError(unknown_text("kind", kind, kinds))
    if workload is None and flags.requests_per_day is None:
        raise UsageError("cheapest ranks monthly bills: give --workload NAME, or --requests-per-day N "
                         "with the usage of one request (--input-tokens, --output-tokens, ...)")
    month = flags.workload(workload, kind or "chat", data)
    loaded = load_with_rows(data, no_cache=no_cache)
    catalog = loaded.catalog
    when = parse_at(at)
    ranking = rank_models(catalog.models.values(), month, kind, required, min_context, when, days(flags.days_per_month),
                          local_providers=local_runtimes(catalog.providers.values()), include_local=include_local)
    doc = ranking_json(ranking, top)
    if as_json:
        print_json(doc)
        return 0
    print(f"cheapest for {month.name}: {month.description}")
    rows: list[tuple[str, ...]] = [("rank", "model", "per month", "per request")]
    rows += [(str(r["rank"]), r["model"] + " (deprecated)" * r["deprecated"]
              + (f" (+{r['other_offerings']} more offerings)" if r["other_offerings"] else ""),
              format_bill(Decimal(r["monthly_total"])), _bill_text(r["per_request_total"])) for r in doc["priced"]]
    print_table(rows, indent="  ", right_aligned=(0, 2, 3))
    if doc["priced_count"] > len(doc["priced"]):
        print(f"  ... {doc['priced_count'] - len(doc['priced'])} more priced models (--top N shows more)")
    if not doc["priced"]:
        print("  no model that fits has all the prices this workload needs")
    if doc["local_runtime_offerings_left_out"]:
        print(f"  {doc['local_runtime_offerings_left_out']} local-runtime offerings left out (--include-local ranks them)")
    _print_apart(f"cannot be priced ({len(doc['unpriced'])}): unknown is not $0", doc["unpriced"], top,
                 lambda entry: entry["no_prices"] or f"missing {', '.join(m['reason'] for m in entry['missing'])}")
    _print_apart(f"left out, no longer answering on {doc['day']} ({len(doc['retired'])}):", doc["retired"],
                 top, lambda entry: entry["reason"])
    return 0


def _bill_text(amount: str | None) -> str:
    return format_bill(None if amount is None else Decimal(amount))


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
