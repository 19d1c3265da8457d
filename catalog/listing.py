"""The list of models: one small row per model, and the filters and sorts `catalog list` offers.

A row holds what listing, filtering, sorting and finding a model need (limits, modalities,
capabilities, today's prices, effective status), so those never touch the full specs:

    rows = model_rows(catalog.models.values(), day)
    filter_rows(rows, Filters(capabilities=("vision",), min_context=128_000, statuses=("active",)))
    sort_rows(rows, "price")[0]      # the cheapest current model with vision and 128k context
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from catalog.schema import ModelSpec


class ModelRow(NamedTuple):
    """One model as lists show it, on one day. Prices are USD per 1M tokens; None is unknown."""

    id: str
    name: str
    provider: str
    kind: str
    status: str
    """The effective status on the day (catalog.lifecycle), not only what the spec says."""
    context_window: int | None
    max_input: int | None
    prompt_room: int | None
    """The window, else the maximum input (schema.Limits.prompt_room): what context filters and sorts compare."""
    max_output: int | None
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    capabilities: tuple[str, ...]
    """The capabilities the spec advertises (true), in schema order."""
    input_price: Decimal | None
    output_price: Decimal | None
    blended_price: Decimal | None
    """3 input : 1 output per 1M tokens (catalog.peers.blended_price), what `--sort price` orders by."""
    price: str
    """The one-line price summary (catalog.claims.price_summary)."""
    aliases: tuple[str, ...]
    canonical: str
    """The canonical model this offering sells (catalog.identity.canonical_id)."""
    curated: bool
    """Whether a curated spec (not only an imported one) describes it."""


def model_row(model: ModelSpec, day: dt.date, curated: bool = False) -> ModelRow:
    from catalog.claims import price_summary
    from catalog.identity import canonical_id
    from catalog.lifecycle import effective_status
    from catalog.peers import blended_price
    from catalog.pricing import block_at

    prices = block_at(model, day)  # a price announced for later is not today's
    caps = model.capabilities
    return ModelRow(
        id=model.id,
        name=model.name,
        provider=model.provider,
        kind=model.kind,
        status=effective_status(model, day),
        context_window=model.limits.context_window,
        max_input=model.limits.max_input,
        prompt_room=model.limits.prompt_room,
        max_output=model.limits.max_output,
        inputs=tuple(model.modalities.input),
        outputs=tuple(model.modalities.output),
        capabilities=tuple(name for name in type(caps).model_fields if getattr(caps, name) is True),
        input_price=None if prices is None else prices.input,
        output_price=None if prices is None else prices.output,
        blended_price=blended_price(prices),
        price=price_summary(model, day),
        aliases=tuple(model.aliases),
        canonical=canonical_id(model),
        curated=curated,
    )


def model_rows(models: Iterable[ModelSpec], day: dt.date, curated: Container[str] = ()) -> tuple[ModelRow, ...]:
    """The rows of `models` on `day`; `curated` holds the ids that have a curated spec."""
    return tuple(model_row(model, day, model.id in curated) for model in models)


def curated_ids(sources: Mapping[str, Sequence[Path]], data_dir: Path) -> frozenset[str]:
    """The model ids with at least one spec file outside data/imported/."""
    imported = data_dir / "imported"
    return frozenset(spec_id for spec_id, files in sources.items()
                     if any(not file.is_relative_to(imported) for file in files))


@dataclass(frozen=True)
class Filters:
    """What a row must have to be listed; an empty filter lets every row through. A row whose
    value is unknown never passes a filter on that value (unknown is not 0, nor infinite)."""

    kind: str | None = None
    provider: str | None = None
    capabilities: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    min_context: int | None = None
    max_input_price: Decimal | None = None
    max_output_price: Decimal | None = None
    statuses: tuple[str, ...] = ()


def context_cell(context_window: int | None, max_input: int | None) -> str:
    """The context a list or a comparison shows: the window when published, else the maximum
    input marked as such (`272,000 input`), never an invented window; "unknown" otherwise."""
    from catalog.money import format_count

    if context_window is None and max_input is not None:
        return f"{format_count(max_input)} input"
    return format_count(context_window)


def passes(row: ModelRow, filters: Filters) -> bool:
    return ((filters.kind is None or row.kind == filters.kind)
            and (filters.provider is None or row.provider == filters.provider)
            and all(c in row.capabilities for c in filters.capabilities)
            and all(m in row.inputs for m in filters.inputs)
            and all(m in row.outputs for m in filters.outputs)
            and (filters.min_context is None or (row.prompt_room or 0) >= filters.min_context)
            and _at_most(row.input_price, filters.max_input_price)
            and _at_most(row.output_price, filters.max_output_price)
            and (not filters.statuses or row.status in filters.statuses))


def _at_most(value: Decimal | None, limit: Decimal | None) -> bool:
    return limit is None or (value is not None and value <= limit)


def filter_rows(rows: Iterable[ModelRow], filters: Filters) -> list[ModelRow]:
    if filters == Filters():  # nothing asked: every row, without testing each
        return list(rows)
    return [row for row in rows if passes(row, filters)]


SORT_KEYS = ("id", "name", "provider", "context", "max-output", "input-price", "output-price", "price")
"""What `list --sort` accepts: `price` is the blended 3:1 price; limits sort largest first."""


def sort_rows(rows: Sequence[ModelRow], key: str, *, reverse: bool = False) -> list[ModelRow]:
    """Rows in the order of `key`; unknown values go last whichever the direction, ties by id."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")
    field = {"context": "prompt_room", "max-output": "max_output", "input-price": "input_price",
             "output-price": "output_price", "price": "blended_price"}.get(key, key)
    largest_first = key in ("context", "max-output")
    known = [row for row in rows if getattr(row, field) is not None]
    unknown = [row for row in rows if getattr(row, field) is None]
    known.sort(key=lambda row: row.id)
    known.sort(key=lambda row: getattr(row, field), reverse=largest_first != reverse)
    return known + sorted(unknown, key=lambda row: row.id)


def row_json(row: ModelRow) -> dict[str, object]:
    """A row for `list --json`: prices as exact decimal strings, null where unknown."""
    def price(value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")

    return {
        "id": row.id,
        "name": row.name,
        "provider": row.provider,
        "kind": row.kind,
        "status": row.status,
        "context_window": row.context_window,
        "max_input": row.max_input,
        "max_output": row.max_output,
        "modalities": {"input": list(row.inputs), "output": list(row.outputs)},
        "capabilities": list(row.capabilities),
        "input": price(row.input_price),
        "output": price(row.output_price),
        "blended": price(row.blended_price),
        "price": row.price,
        "canonical": row.canonical,
    }
