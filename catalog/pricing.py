"""The cost engine: a request's usage times a model's prices gives an itemised cost.

Prices are resolved once per model, date, variant and time of day into a `PriceTable`; each
request then picks its context tier from its whole prompt and prices every non-zero quantity.
A needed price that is unknown makes the total unknown (None) and is listed, with the subtotal
of what is known kept apart:

    >>> table = compile_prices(spec)                      # pricing: {output_per_image: 0.039}
    >>> estimate_request(table, Usage(images_out=1000)).total
    Decimal('39.000')
    >>> estimate_request(table, Usage(input_tokens=1000, images_out=1000)).total is None
    True

Conventions (the JavaScript twin, templates/static/js/pricing.mjs, follows the same ones):

- Counts are inclusive, as providers report them. `input_tokens` includes cache reads and
  cache writes; the uncached remainder is priced at `input`, and a negative remainder is a
  `UsageError`. `input_audio_tokens` likewise includes `cache_read_audio_tokens`.
  `output_tokens` includes `reasoning_tokens`; when the model prices reasoning apart they are
  priced at `reasoning` and the rest at `output`, otherwise all output is priced at `output`.
- Audio, image and video token counts are their own quantities, not part of `input_tokens` or
  `output_tokens`; they do count toward the prompt size that decides the context tier.
- A context tier is decided per request: the highest tier whose `above` is below the whole
  prompt applies to every token of each kind it lists; unlisted kinds keep the base price.
- The standard price of a component is the block's, replaced by the tier's, then by the time
  window's in force (window prices replace, its multiplier scales the rest). A variant (batch,
  priority, flex) then applies to that standard price the same way. A window or variant that
  neither lists a price nor has a multiplier leaves that price unknown.
- Within a context tier, for each component the tier lists, a window or variant gives its own
  tier price (its `tiers` entry with the same `above`) if it lists one, else the tier price
  times its multiplier, else unknown: its flat price is a below-the-tier price and never
  replaces a tier's. Components the tier does not list follow the rule above.
- A per-request fee is a surcharge: when neither the block, its tiers, nor the window or
  variant in force lists a `per_request` price, none is charged (the way an absent `reasoning`
  price means reasoning is billed as output). Every other absent
  price is unknown, and an estimate that needs it has no total.
- The prices are the block in force on the UTC day of `at` (greatest `effective` on or before
  it); without `at`, the block in force today (UTC), never one announced for a later day. Only
  a datetime `at` has a time of day and a weekday, so only it selects a time window: the first
  listed that covers that UTC moment (a window may be limited to some days of the week).
- Generated images are priced at the best matching `output_images` entry (exact size beats
  `any`, exact quality beats an entry without quality), else at `output_per_image`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, NamedTuple

from catalog.lifecycle import today  # re-exported: the day an estimate without `at` prices
from catalog.money import format_bill, format_count, format_price
from catalog.schema import ContextTier, ModelSpec, PriceSet, PricingBlock, TimeWindow
from catalog.units import Unit, price_units

UNITS: dict[str, Unit] = price_units()
"""Every price component and its unit, read from the schema's field annotations."""
COMPONENTS: tuple[str, ...] = tuple(UNITS)
"""Price components in the schema's order, which is also the order of an estimate's lines."""
UNIT_KEYS: dict[str, str] = {component: unit.key for component, unit in UNITS.items()}
ZERO = Decimal(0)
EARLIEST = dt.date.min


class UsageError(ValueError):
    """A usage that cannot be real: negative counts, or cached tokens exceeding the prompt."""


class EstimateError(ValueError):
    """An estimate that cannot be asked: an unknown variant name, a malformed date."""


@dataclass(frozen=True, slots=True)
class Usage:
    """What one request consumed. Token counts are inclusive (see the module docstring);
    `requests` counts per-request fees (1 for one request), so `Usage()` is zero usage."""

    input_tokens: int | Decimal = 0
    cache_read_tokens: int | Decimal = 0
    cache_write_5m_tokens: int | Decimal = 0
    cache_write_1h_tokens: int | Decimal = 0
    output_tokens: int | Decimal = 0
    reasoning_tokens: int | Decimal = 0
    input_audio_tokens: int | Decimal = 0
    cache_read_audio_tokens: int | Decimal = 0
    output_audio_tokens: int | Decimal = 0
    input_image_tokens: int | Decimal = 0
    output_image_tokens: int | Decimal = 0
    input_video_tokens: int | Decimal = 0
    images_in: int | Decimal = 0
    images_out: int | Decimal = 0
    image_size: str | None = None
    image_quality: str | None = None
    input_seconds: int | Decimal = 0
    output_seconds: int | Decimal = 0
    searches: int | Decimal = 0
    input_characters: int | Decimal = 0
    pages: int | Decimal = 0
    requests: int | Decimal = 0

    def __post_init__(self) -> None:
        for name in QUANTITIES:
            value = getattr(self, name)
            if value.__class__ is int and 0 <= value <= MAX_QUANTITY:  # the common case, checked first
                continue
            check_quantity(name, value)

    @property
    def prompt_tokens(self) -> int | Decimal:
        """The whole prompt that decides the context tier, cached tokens included."""
        return self.input_tokens + self.input_audio_tokens + self.input_image_tokens + self.input_video_tokens


QUANTITIES: tuple[str, ...] = tuple(f.name for f in fields(Usage) if f.name not in ("image_size", "image_quality"))

MAX_QUANTITY = 10**15
"""Most units of any kind in one request, and most requests in one bill: far above any real
usage, yet small enough that no cost can overflow a Decimal or take long. The command line's
numeric flags stop at the same ceiling."""
MIN_QUANTITY_EXPONENT = -30
"""Finest fraction of a unit a quantity may hold (a cache-hit share of a token count is
fractional; 1e-999999 is not a quantity, and would print a million digits)."""


def check_quantity(name: str, value: object) -> None:
    """Raise `UsageError` unless `value` is a number of units the engine can price: an int or a
    finite Decimal, from 0 to `MAX_QUANTITY`, no finer than 1e-30."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise UsageError(f"{name} must be a number of units, got {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite():  # NaN, sNaN, Infinity: compared, sNaN would raise
            raise UsageError(f"{name} must be a finite number, got {value}")
        if value and value.as_tuple().exponent < MIN_QUANTITY_EXPONENT:  # type: ignore[operator]
            raise UsageError(f"{name} must not be finer than 1e{MIN_QUANTITY_EXPONENT}, got about 1e{value.adjusted()}")
    if value < 0:
        raise UsageError(f"{name} must be zero or more, got {value}")
    if value > MAX_QUANTITY:
        raise UsageError(f"{name} must be at most {MAX_QUANTITY:,}, got {_brief(value)}")


def _brief(value: int | Decimal) -> str:
    """A number for a message: huge ones in scientific notation, never a million digits."""
    exponent = Decimal(value).adjusted()  # no arithmetic: 1e999999999 overflows any operation
    return f"a number of {exponent + 1:,} digits" if exponent >= 15 else str(value)


class Line(NamedTuple):
    """One priced component: `quantity` units at `unit_price` per `unit` cost `amount`."""

    component: str
    quantity: int | Decimal
    unit: str
    unit_price: Decimal | None
    """None only on a bill's line whose parts charged different prices."""
    amount: Decimal


class Missing(NamedTuple):
    """A component the usage needs whose price is unknown, and why."""

    component: str
    quantity: int | Decimal
    unit: str
    reason: str


@dataclass(frozen=True, slots=True)
class Estimate:
    """The itemised cost of one request (or of many, once scaled). `total` is None when any
    needed price is unknown; `known_subtotal` then sums only the lines that are priced."""

    model: str
    at: dt.date | dt.datetime | None
    variant: str | None
    window: str | None
    tier: int | None
    lines: tuple[Line, ...]
    unknown: tuple[Missing, ...]
    known_subtotal: Decimal
    total: Decimal | None


# --- compiling a model's prices -------------------------------------------------------------


class ImageRate(NamedTuple):
    size: str
    quality: str | None
    price: Decimal | None


@dataclass(frozen=True, slots=True)
class PriceLevel:
    """Resolved prices for requests below the first tier, or within one tier."""

    prices: dict[str, Decimal | None]
    """Quoted price per component, None when unknown."""
    rates: dict[str, Decimal | None]
    """Price per single unit (the quoted price divided by the unit's `per`)."""
    reasons: dict[str, str]
    """Why a price is unknown, per component that is."""
    images: tuple[ImageRate, ...]
    """Per-image prices by size and quality; `price` None when unknown under this variant."""


@dataclass(frozen=True, slots=True)
class PriceTable:
    """A model's prices compiled for one date, variant and time of day: the hot path of an
    estimate only looks things up here."""

    model: str
    at: dt.date | dt.datetime | None
    variant: str | None
    window: str | None
    base: PriceLevel
    tiers: tuple[tuple[int, PriceLevel], ...]
    """(above, prices) by descending threshold, so the first match is the highest tier."""
    reasoning_apart: bool
    charges_per_request: bool
    caches_prompts: bool
    """Whether the standard prices list a cache-read price (workloads read from cache only then)."""
    variants_offered: tuple[str, ...]


def block_at(model: ModelSpec, at: dt.date | dt.datetime | None) -> PricingBlock | None:
    """The pricing block in force on `at`: the greatest `effective` on or before it, a block
    without `effective` counting as the earliest. Without `at`, the block in force today (UTC),
    so prices announced for a later day are not taken as today's."""
    day = today() if at is None else _utc_day(at)
    best: PricingBlock | None = None
    best_day = EARLIEST
    for block in (model.pricing, *model.price_history):
        if block is None:
            continue
        effective = block.effective or EARLIEST
        if effective <= day and (best is None or effective > best_day):
            best, best_day = block, effective
    return best


def _utc(at: dt.datetime) -> dt.datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to it."""
    return at if at.tzinfo is None else at.astimezone(dt.timezone.utc)


def _utc_day(at: dt.date | dt.datetime) -> dt.date:
    return _utc(at).date() if isinstance(at, dt.datetime) else at


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names of `TimeWindow.days`, Monday first (`datetime.weekday()` order)."""


class Moment(NamedTuple):
    """A UTC time of day and the day of the week it falls on: what selects a time window."""

    clock: str
    """`HH:MM`."""
    day: str
    """`mon` ... `sun`."""


def _time_of_day(at: dt.date | dt.datetime | None) -> Moment | None:
    """The UTC clock time and weekday when `at` is a datetime; a plain day has no time of day."""
    if not isinstance(at, dt.datetime):
        return None
    at = _utc(at)
    return Moment(f"{at.hour:02d}:{at.minute:02d}", WEEKDAYS[at.weekday()])


def window_covers(window: TimeWindow, moment: Moment) -> bool:
    """Whether `window` is in force at `moment`: on one of its days (every day when it lists
    none), from `start` inclusive to `end` exclusive; spanning midnight when `end` is earlier
    than `start`, and the whole day when they are equal."""
    if window.days and moment.day not in window.days:
        return False
    clock = moment.clock
    if window.start < window.end:
        return window.start <= clock < window.end
    if window.start > window.end:
        return clock >= window.start or clock < window.end
    return True


def window_index(windows: tuple[TimeWindow, ...], moment: Moment | None) -> int | None:
    """The index of the first of `windows` in force at `moment`, if any."""
    if moment is None:
        return None
    return next((i for i, w in enumerate(windows) if window_covers(w, moment)), None)


def window_in_force(block: PricingBlock, moment: Moment | None) -> TimeWindow | None:
    """The first of the block's time windows in force at `moment`, if any."""
    index = window_index(block.windows, moment)
    return None if index is None else block.windows[index]


Resolved = dict[str, tuple[Decimal | None, str | None]]


def _replace(prices: Resolved, layer: PriceSet, multiplier: Decimal | None, label: str,
             tier: ContextTier | None = None) -> Resolved:
    """Listed prices replace; the multiplier scales the rest; with neither, unknown. Within
    `tier`, a component the tier lists takes the layer's own tier price, else the multiplier,
    never the layer's flat price."""
    out: Resolved = {}
    own = None
    if tier is not None:
        own = next((t for t in layer.tiers if t.above == tier.above), None)  # type: ignore[attr-defined]
    for component, (price, reason) in prices.items():
        listed = None if own is None else getattr(own, component)
        tiered = tier is not None and getattr(tier, component) is not None
        if listed is None and not tiered:
            listed = getattr(layer, component)
        if listed is not None:
            out[component] = (listed, None)
        elif multiplier is not None:
            out[component] = (None if price is None else price * multiplier, reason)
        elif tiered:
            out[component] = (None, f"not listed above {tier.above:,} prompt tokens for the {label}, "  # type: ignore[union-attr]
                                    "which has no multiplier")
        else:
            out[component] = (None, f"not listed for the {label}, which has no multiplier")
    return out


def _replace_images(images: tuple[ImageRate, ...], layer: PriceSet, multiplier: Decimal | None) -> tuple[ImageRate, ...]:
    if layer.output_per_image is not None:  # a listed per-image price covers every size
        return ()
    return tuple(
        ImageRate(i.size, i.quality, None if i.price is None or multiplier is None else i.price * multiplier)
        for i in images
    )


def _level(block: PricingBlock, tier: ContextTier | None, window, variant_prices, variant: str | None) -> PriceLevel:
    prices: Resolved = {}
    for component in COMPONENTS:
        price = getattr(block, component)
        if tier is not None and getattr(tier, component) is not None:
            price = getattr(tier, component)
        prices[component] = (price, None if price is not None else "not published")
    images = tuple(ImageRate(i.size, i.quality, i.price) for i in block.output_images)
    if tier is not None and tier.output_per_image is not None:
        images = ()
    if window is not None:
        prices = _replace(prices, window, window.multiplier, f"{window.name} window", tier)
        images = _replace_images(images, window, window.multiplier)
    if variant_prices is not None:
        prices = _replace(prices, variant_prices, variant_prices.multiplier, f"{variant} variant", tier)
        images = _replace_images(images, variant_prices, variant_prices.multiplier)
    quoted = {c: p for c, (p, _) in prices.items()}
    rates = {c: (None if p is None else p / UNITS[c].per) for c, p in quoted.items()}
    reasons = {c: r for c, (p, r) in prices.items() if p is None and r is not None}
    return PriceLevel(quoted, rates, reasons, images)


def compile_prices(
    model: ModelSpec,
    at: dt.date | dt.datetime | None = None,
    variant: str | None = None,
    moment: Moment | None = None,
) -> PriceTable:
    """Resolve a model's prices for a date (and time of day) and a variant, once. `moment`
    prices a time of day and weekday that `at` does not say (a monthly bill prices each time
    window's share of the traffic); without it, a datetime `at` gives the time of day."""
    block = block_at(model, at)
    if block is None:
        reason = no_prices_reason(model, at) or "no prices"
        unknown = PriceLevel(
            dict.fromkeys(COMPONENTS), dict.fromkeys(COMPONENTS), dict.fromkeys(COMPONENTS, reason), ()
        )
        # "standard" is no variant, here as on the priced path (and in the JS twin)
        std = None if variant == "standard" else variant
        return PriceTable(model.id, at, std, None, unknown, (), False, True, False, ())
    variant_prices = None
    if variant is not None and variant != "standard":
        variant_prices = block.variants.get(variant)  # type: ignore[call-overload]
        if variant_prices is None:
            offered = ", ".join(sorted(block.variants)) or "none"
            raise EstimateError(f"{model.id} has no {variant!r} variant (offered: {offered})")
    window = window_in_force(block, moment or _time_of_day(at))
    base = _level(block, None, window, variant_prices, variant)
    tiers = tuple(
        (tier.above, _level(block, tier, window, variant_prices, variant))
        for tier in sorted(block.tiers, key=lambda t: t.above, reverse=True)
    )
    return PriceTable(
        model=model.id,
        at=at,
        variant=None if variant == "standard" else variant,
        window=None if window is None else window.name,
        base=base,
        tiers=tiers,
        reasoning_apart=block.reasoning is not None or any(t.reasoning is not None for t in block.tiers),
        charges_per_request=block.per_request is not None or any(t.per_request is not None for t in block.tiers),
        caches_prompts=block.cache_read is not None,
        variants_offered=tuple(sorted(block.variants)),
    )


def no_prices_reason(model: ModelSpec, at: dt.date | dt.datetime | None = None) -> str | None:
    """Why a model has no price at all on `at` (today without it): none published, or none in
    force yet; None when a pricing block is in force. One short reason stands for every
    component, where listing each one as unknown would say the same thing many times."""
    if block_at(model, at) is not None:
        return None
    if model.pricing is None:
        return "no prices published"
    return f"no prices in force on {today().isoformat() if at is None else _day(at)}"


def _day(at: dt.date | dt.datetime) -> str:
    return _utc_day(at).isoformat()


# --- pricing one request --------------------------------------------------------------------


def metered_quantities(usage: Usage, reasoning_apart: bool) -> list[tuple[str, int | Decimal]]:
    """Split inclusive counts into the quantity of each price component, zeros left out."""
    uncached = usage.input_tokens - usage.cache_read_tokens - usage.cache_write_5m_tokens - usage.cache_write_1h_tokens
    if uncached < 0:
        raise UsageError(
            f"cache reads and writes ({usage.input_tokens - uncached}) exceed input_tokens ({usage.input_tokens}); "
            "input_tokens must include the cached tokens"
        )
    if usage.reasoning_tokens > usage.output_tokens:
        raise UsageError(
            f"reasoning_tokens ({usage.reasoning_tokens}) exceed output_tokens ({usage.output_tokens}); "
            "output_tokens must include the reasoning tokens"
        )
    uncached_audio = usage.input_audio_tokens - usage.cache_read_audio_tokens
    if uncached_audio < 0:
        raise UsageError(
            f"cache_read_audio_tokens ({usage.cache_read_audio_tokens}) exceed input_audio_tokens "
            f"({usage.input_audio_tokens}); input_audio_tokens must include them"
        )
    reasoning = usage.reasoning_tokens if reasoning_apart else 0
    # The hot path of every estimate: only non-zero quantities are appended, in schema order.
    out: list[tuple[str, int | Decimal]] = []
    add = out.append
    if uncached:
        add(("input", uncached))
    if usage.output_tokens - reasoning:
        add(("output", usage.output_tokens - reasoning))
    for component, quantity in (
        ("cache_read", usage.cache_read_tokens),
        ("cache_write_5m", usage.cache_write_5m_tokens),
        ("cache_write_1h", usage.cache_write_1h_tokens),
        ("reasoning", reasoning),
        ("input_audio", uncached_audio),
    ):
        if quantity:
            add((component, quantity))
    for component, field in _PLAIN_QUANTITIES:
        quantity = getattr(usage, field)
        if quantity:
            add((component, quantity))
    return out


_PLAIN_QUANTITIES: tuple[tuple[str, str], ...] = (
    ("output_audio", "output_audio_tokens"),
    ("cache_read_audio", "cache_read_audio_tokens"),
    ("input_image", "input_image_tokens"),
    ("output_image", "output_image_tokens"),
    ("input_video", "input_video_tokens"),
    ("input_per_image", "images_in"),
    ("output_per_image", "images_out"),
    ("per_request", "requests"),
    ("input_per_second", "input_seconds"),
    ("output_per_second", "output_seconds"),
    ("web_search", "searches"),
    ("input_characters", "input_characters"),
    ("per_page", "pages"),
)
"""Price components whose quantity is one usage field as is (no inclusive split)."""


def image_price(level: PriceLevel, size: str | None, quality: str | None) -> tuple[Decimal | None, str]:
    """The per-image price for `size` and `quality`, or None and the reason it is unknown."""
    best: ImageRate | None = None
    best_score = -1
    for entry in level.images:
        if entry.size == size and size is not None:
            score = 2
        elif entry.size == "any":
            score = 0
        else:
            continue
        if quality is not None and entry.quality == quality:
            score += 1
        elif entry.quality is not None:
            continue
        if score > best_score:
            best, best_score = entry, score
    if best is not None:
        if best.price is None:
            return None, level.reasons.get("output_per_image") or "not listed for this variant"
        return best.price, ""
    flat = level.prices["output_per_image"]
    if flat is not None:
        return flat, ""
    if level.images:
        wanted = " ".join(x for x in (size, quality) if x) or "unspecified size"
        qualities = list(dict.fromkeys(i.quality for i in level.images if i.quality and i.size in (size, "any")))
        if qualities and quality is None:
            return None, (f"no price for {wanted} images without a quality: choose one of {', '.join(qualities)} "
                          f"(--image-quality {'|'.join(qualities)})")
        if qualities:
            return None, f"no price for {wanted} images; priced qualities: {', '.join(qualities)}"
        return None, f"no price for {wanted} images"
    return None, level.reasons.get("output_per_image", "not published")


def _level_for(table: PriceTable, prompt: int | Decimal) -> tuple[int | None, PriceLevel]:
    for above, level in table.tiers:
        if prompt > above:
            return above, level
    return None, table.base


def estimate_request(table: PriceTable, usage: Usage) -> Estimate:
    """The itemised cost of one request with `usage` at the prices of `table`."""
    tier, level = _level_for(table, usage.prompt_tokens)
    lines: list[Line] = []
    unknown: list[Missing] = []
    known = ZERO
    prices, rates = level.prices, level.rates
    for component, quantity in metered_quantities(usage, table.reasoning_apart):
        if component == "output_per_image":
            price, reason = image_price(level, usage.image_size, usage.image_quality)
            rate = None if price is None else price / UNITS[component].per
        else:
            price = prices[component]
            rate = rates[component]
        if price is None:
            if component == "per_request" and not table.charges_per_request:
                continue
            if component != "output_per_image":
                reason = level.reasons.get(component, "not published")
            unit = UNITS[component]
            unknown.append(Missing(component, quantity, unit.key, f"{component}: USD {unit.label} unknown ({reason})"))
            continue
        amount = rate * quantity
        known += amount
        lines.append(Line(component, quantity, UNIT_KEYS[component], price, amount))
    return Estimate(
        model=table.model,
        at=table.at,
        variant=table.variant,
        window=table.window,
        tier=tier,
        lines=tuple(lines),
        unknown=tuple(unknown),
        known_subtotal=known,
        total=None if unknown else known,
    )


def estimate(
    model: ModelSpec,
    usage: Usage,
    at: dt.date | dt.datetime | None = None,
    variant: str | None = None,
) -> Estimate:
    """One request's cost on `model`; compile once with `compile_prices` when pricing many."""
    return estimate_request(compile_prices(model, at, variant), usage)


# --- many requests --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bill:
    """The cost of `requests` requests, a `share` of them priced by each per-request estimate
    (standard and batch, for a workload that sends part of its traffic through batch).
    Tiers stay decided per request: a bill only multiplies per-request costs."""

    model: str
    requests: Decimal
    parts: tuple[tuple[Decimal, Estimate], ...]
    by_component: tuple[Line, ...]
    """Per component: total quantity, unit, the unit price when every part charged the same
    (None when standard and batch differ), and the amount."""
    unknown: tuple[Missing, ...]
    known_subtotal: Decimal
    total: Decimal | None


def bill(parts: list[tuple[Decimal, Estimate]], requests: Decimal | int) -> Bill:
    """`requests` x the share-weighted sum of per-request estimates; parts of share 0 are
    left out, and any needed unknown price leaves the bill's total unknown."""
    check_quantity("requests", requests)
    count = Decimal(requests)
    kept = tuple((Decimal(share), est) for share, est in parts if share)
    quantities: dict[str, Decimal] = {}
    amounts: dict[str, Decimal] = {}
    quoted: dict[str, set[Decimal]] = {}
    missing: dict[str, Missing] = {}
    known = ZERO
    for share, est in kept:
        weight = share * count
        for line in est.lines:
            quantities[line.component] = quantities.get(line.component, ZERO) + line.quantity * weight
            amounts[line.component] = amounts.get(line.component, ZERO) + line.amount * weight
            quoted.setdefault(line.component, set()).add(line.unit_price)
        for gap in est.unknown:
            prior = missing.get(gap.component)
            quantity = gap.quantity * weight + (prior.quantity if prior else ZERO)
            missing[gap.component] = Missing(gap.component, quantity, gap.unit, prior.reason if prior else gap.reason)
        known += est.known_subtotal * weight
    # A component's unit price is shown only when every part charged the same: an average of
    # standard and batch prices is a price nobody charges.
    lines = tuple(
        Line(c, quantities[c], UNITS[c].key, next(iter(quoted[c])) if len(quoted[c]) == 1 else None, amounts[c])
        for c in COMPONENTS if c in amounts
    )
    model = kept[0][1].model if kept else (parts[0][1].model if parts else "")
    unknown = tuple(missing[c] for c in COMPONENTS if c in missing)
    return Bill(model, count, kept, lines, unknown, known, None if unknown else known)


# --- JSON -----------------------------------------------------------------------------------


def decimal_text(value: Decimal | int) -> str:
    """A decimal as plain digits, no exponent and no trailing zeros ("39", "0.00015")."""
    d = Decimal(value).normalize()
    return format(d, "f")


def _when(at: dt.date | dt.datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def lines_json(lines: tuple[Line, ...]) -> list[dict[str, Any]]:
    return [
        {
            "component": line.component,
            "quantity": decimal_text(line.quantity),
            "unit": line.unit,
            "unit_price": None if line.unit_price is None else decimal_text(line.unit_price),
            "amount": decimal_text(line.amount),
        }
        for line in lines
    ]


def unknown_json(unknown: tuple[Missing, ...]) -> list[dict[str, Any]]:
    return [
        {"component": m.component, "quantity": decimal_text(m.quantity), "unit": m.unit, "reason": m.reason}
        for m in unknown
    ]


def estimate_json(est: Estimate) -> dict[str, Any]:
    """The result shape shared by the CLI, the JSON API and the test vectors."""
    return {
        "model": est.model,
        "currency": "USD",
        "at": _when(est.at),
        "variant": est.variant,
        "window": est.window,
        "tier": est.tier,
        "total": None if est.total is None else decimal_text(est.total),
        "known_subtotal": decimal_text(est.known_subtotal),
        "unknown": unknown_json(est.unknown),
        "lines": lines_json(est.lines),
    }


def bill_json(b: Bill) -> dict[str, Any]:
    return {
        "requests": decimal_text(b.requests),
        "total": None if b.total is None else decimal_text(b.total),
        "known_subtotal": decimal_text(b.known_subtotal),
        "unknown": unknown_json(b.unknown),
        "by_component": lines_json(b.by_component),
    }


def parse_at(text: str) -> dt.date | dt.datetime:
    """`2026-01-31` (a day: base prices) or `2026-01-31T22:30[Z|+01:00]` (time windows apply)."""
    try:
        if "T" in text or " " in text.strip():
            return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise EstimateError(f"--at {text!r} is not a date (YYYY-MM-DD) or a datetime (YYYY-MM-DDTHH:MM, UTC)") from None


# --- text -----------------------------------------------------------------------------------


def money_text(value: str | None) -> str:
    """A JSON amount as the CLI prints it (catalog.money.format_bill); unknown is "unknown", never $0."""
    return format_bill(None if value is None else Decimal(value))


def _price_text(value: str | None) -> str:
    """A JSON unit price as the CLI prints it (catalog.money.format_price)."""
    return format_price(None if value is None else Decimal(value))


def _count_text(value: str) -> str:
    return format_count(Decimal(value))


def _context(doc: dict[str, Any], with_variant: bool = True) -> list[str]:
    context = [doc.get("variant") or "standard"] if with_variant else []
    if doc.get("window"):
        context.append(f"{doc['window']} window")
    if doc.get("tier") is not None:
        context.append(f"prompt above {doc['tier']:,} tokens")
    if doc.get("at"):
        context.append(f"prices in force at {doc['at']}")
    return context


def _unit_prices(doc: dict[str, Any], component: str) -> str:
    """The unit price of a component, or each part's when a workload mixes standard and batch."""
    unit = UNITS[component].label
    parts = doc.get("parts") or []
    if len(parts) < 2:
        line = next((x for x in doc["lines"] if x["component"] == component), None)
        return f"{_price_text(line['unit_price'])} {unit}" if line and line["unit_price"] is not None else f"unknown {unit}"
    quoted = []
    for part in parts:
        price = part.get("unit_prices", {}).get(component)
        label = f"{_part_label(part)} " + ("unknown" if price is None else _price_text(price))
        if label not in quoted:
            quoted.append(label)
    return f"{', '.join(quoted)} {unit}"


def _part_label(part: dict[str, Any]) -> str:
    """`standard`, `batch`, `standard off-peak`: a part of a workload's traffic."""
    return part["variant"] + (f" {part['window']}" if part.get("window") else "")


def _missing(doc: dict[str, Any]) -> list[str]:
    """What an unknown total lacks; "known part" only when something is known."""
    reasons = [f"    {gap['reason']}" for gap in doc["unknown"]]
    if not doc["lines"]:
        return ["  no part of it can be priced:", *reasons]
    return [f"  known part: {money_text(doc['known_subtotal'])}, without:", *reasons]


def describe_estimate(doc: dict[str, Any]) -> list[str]:
    """An estimate's JSON (or a workload's) as a readable table: one line per component, the
    total, and for an unknown total what is missing beside the known subtotal (never a $0
    beside an unknown). A workload shows each part's per-request cost (standard and batch,
    with their shares), the average per request and the month."""
    workload = "monthly" in doc
    if workload:
        m = doc["monthly"]
        context = ", ".join(_context(doc, with_variant=doc.get("variant") is not None))
        title = (f"{doc['model']}{f' ({context})' if context else ''}: workload {doc['workload']}, "
                 f"{_count_text(m['requests_per_day'])} requests/day x {m['days']} days = "
                 f"{_count_text(m['requests'])} requests a month")
    else:
        title = f"{doc['model']} ({', '.join(_context(doc))})"
        if "requests" in doc:
            title += f": {_count_text(doc['requests'])} requests"
    out = [title]
    if workload:
        for part in doc["parts"]:
            # a time window's share of a week is a long fraction: four places are enough to read
            rounded = decimal_text(Decimal(part["share"]).quantize(Decimal("0.0001")))
            share = f" ({rounded} of requests)" if len(doc["parts"]) > 1 else ""
            out.append(f"  per request, {_part_label(part)}{share}: {money_text(part['total'])}")
        if len(doc["parts"]) > 1:
            out.append(f"  average per request: {money_text(doc['monthly']['average_per_request'])}")
        out.append("  this month, by component:")
    rows = [("component", "quantity", "unit price", "amount")]
    for line in doc["lines"]:
        rows.append((line["component"], _count_text(line["quantity"]), _unit_prices(doc, line["component"]),
                     money_text(line["amount"])))
    for gap in doc["unknown"]:
        rows.append((gap["component"], _count_text(gap["quantity"]), f"unknown {UNITS[gap['component']].label}", "unknown"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    out += ["  " + "  ".join(c.rjust(w) if i in (1, 3) else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]
    out.append(f"  {'monthly total' if workload else 'total'}: {money_text(doc['total'])}")
    if doc["total"] is None:
        out += _missing(doc)
    if "per_request" in doc and not workload:
        out.append(f"  per request: {money_text(doc['per_request']['total'])}")
    return out


def repeated_json(est: Estimate, requests: Decimal | int) -> dict[str, Any]:
    """`requests` requests of the same usage: the estimate shape for all of them, with the
    single request kept under `per_request`."""
    one = estimate_json(est)
    many = bill_json(bill([(Decimal(1), est)], requests))
    return {
        **one,
        "requests": many["requests"],
        "total": many["total"],
        "known_subtotal": many["known_subtotal"],
        "unknown": many["unknown"],
        "lines": many["by_component"],
        "per_request": one,
    }


def usage_from_json(data: dict[str, Any]) -> Usage:
    """A `Usage` from JSON, where quantities may be strings to keep fractional counts exact."""
    text_fields = ("image_size", "image_quality")
    try:
        return Usage(**{k: v if k in text_fields or not isinstance(v, str) else Decimal(v) for k, v in data.items()})
    except TypeError as err:  # an unknown key
        raise UsageError(str(err)) from None
    except ArithmeticError:
        raise UsageError(f"quantities must be numbers: {data}") from None
