"""Peers: where a model stands among the models of its kind, metric by metric.

A model's peers are the canonical models of the same kind, each counted once through one
representative offering (`catalog.identity.representatives`: the maker's own, else a curated
one), so that gpt-4o sold by 28 resellers and regions is one peer, not 28. For each metric only
peers with a known value count (n, the model's own canonical model included). rank = 1 + peers
strictly better, tied models share the best rank, and the model is in the top k% with
k = ceil(100 * rank / n); nothing is claimed on fewer than 5 peers.

Rarity is the share of peers advertising a capability among the peers that document it (the
flag set, true or false): in imported data an absent flag is unknown, and counting it as "no"
would make "Streaming: only 12% of chat models" describe gaps in the data rather than the models.
A rarity claim also needs enough documenting peers: at least 5, and at least a third of the
group. A capability count is known only for a spec that documents every capability:

    chat models with output price  [0.4, 0.6, 0.6, 10, 15]
    a model at 0.6                 rank 2 (0.4 is cheaper), n 5, top 40%

`catalog.claims` turns these standings into strengths and caveats.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from catalog.identity import representatives
from catalog.pricing import block_at
from catalog.schema import Capabilities, ModelSpec, PriceSet, PricingBlock
from catalog.units import price_units

MIN_PEERS = 5
"""No percentile or rarity claim is made on fewer peers with a known value."""
STRENGTH_TOP_PERCENT = 25
"""A metric is a strength in the top 25% of peers (k <= 25)."""
WEAKNESS_TOP_PERCENT = 75
"""A metric is a caveat from k >= 75 on, where a low standing matters."""
RARE_SHARE = Decimal("0.25")
"""A capability advertised by at most a quarter of peers is rare (a strength if it has it)."""
COMMON_SHARE = Decimal("0.75")
"""A capability advertised by at least three quarters of peers is expected (a caveat if not)."""
MIN_DOCUMENTED_SHARE = Fraction(1, 3)
"""A rarity or commonness claim needs at least a third of the peer group to document the
capability: a share among a small self-selected minority says little about the kind. Exact,
so 54 of 163 peers (a hair under a third) is not enough, as 0.33 would have it."""

Number = Decimal | int | float

# --- metrics --------------------------------------------------------------------------------

PRICE_UNITS = price_units()
PRICE_COMPONENTS: tuple[str, ...] = tuple(PRICE_UNITS)
"""Every flat price of a pricing block, in schema order; each is a lower-is-better metric."""

PRICE_LABELS: dict[str, str] = {
    "input": "input tokens",
    "output": "output tokens",
    "cache_read": "cached input tokens",
    "cache_write_5m": "tokens written to the 5-minute cache",
    "cache_write_1h": "tokens written to the 1-hour cache",
    "reasoning": "reasoning tokens",
    "input_audio": "audio input tokens",
    "output_audio": "audio output tokens",
    "cache_read_audio": "cached audio input tokens",
    "input_image": "image input tokens",
    "output_image": "image output tokens",
    "input_video": "video input tokens",
    "input_per_image": "input image",
    "output_per_image": "generated image",
    "per_request": "request",
    "input_per_second": "second of input media",
    "output_per_second": "second of generated media",
    "web_search": "web searches",
    "input_characters": "input characters",
    "per_page": "page",
}
"""What each price component is paid for, as a sentence says it."""


def price_phrase(component: str) -> str:
    """`per 1M input tokens`, `per generated image`: the unit's scale from the unit registry."""
    unit = PRICE_UNITS[component]
    scale = "" if unit.per == 1 else unit.label.split()[1] + " "
    return f"per {scale}{PRICE_LABELS[component]}"

PRICE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "chat": (("input",), ("output",)),
    "completion": (("input",), ("output",)),
    "realtime": (("input", "input_audio"), ("output", "output_audio")),
    "embedding": (("input",),),
    "image-generation": (("output_per_image", "output_image"),),
    "image-edit": (("output_per_image", "output_image"),),
    "video-generation": (("output_per_second", "per_request"),),
    "speech": (("input_characters", "output_audio", "output_per_second"),),
    "transcription": (("input_per_second", "input_audio"),),
    "rerank": (("per_request", "input"),),
    "moderation": (("input", "per_request"),),
    "ocr": (("per_page", "input"),),
    "search": (("per_request", "web_search"),),
}
"""The prices an estimate of the kind cannot do without. Each entry is a set of alternatives:
one known price of the set is enough (an image model priced per image or per image token)."""

PROMPTED_KINDS: dict[str, tuple[str, ...]] = {
    "image-generation": ("input",),
    "image-edit": ("input",),
    "video-generation": ("input",),
    "speech": ("input_characters", "input"),
}
"""Generation kinds that take a text prompt, and the prices that bill it. Providers such as
Google bill prompt tokens even where the output is priced per image, so the prompt's price is
needed too; a model whose provider really does not bill the prompt says `input: 0`."""
_TEXT_OUTPUT_KINDS = frozenset(("chat", "completion", "realtime"))


@dataclass(frozen=True, slots=True)
class BilledPrices:
    """The prices a model is billed by (each a set of alternatives, one known price of a set
    being enough) and the sets of which no price is known."""

    needs: tuple[tuple[str, ...], ...]
    unknown: tuple[tuple[str, ...], ...]

    @property
    def unknown_components(self) -> tuple[str, ...]:
        return tuple(c for alternatives in self.unknown for c in alternatives)


def billed_prices(model: ModelSpec, block: PriceSet | None) -> BilledPrices:
    """Which prices `model` is billed by, and which of them `block` leaves unknown.

    The kind's needs (PRICE_NEEDS); for a generation kind that takes a text prompt, the prompt's
    price; and when such a model also answers in text (Gemini's image models), output tokens.
    The one rule behind the unknown-price caveat and the FAQ's cost answer:

        image-generation, text in and out, priced per image only
        -> needs (per image), (input), (output); unknown (input), (output)
    """
    needs = list(PRICE_NEEDS.get(model.kind, ()))
    prompt = PROMPTED_KINDS.get(model.kind)
    inputs, outputs = model.modalities.input, model.modalities.output
    if prompt is not None and ("text" in inputs or not inputs):
        needs.append(prompt)
        if "text" in outputs and model.kind not in _TEXT_OUTPUT_KINDS:
            needs.append(("output",))
    unknown = []
    for alternatives in needs:
        if block is not None and any(getattr(block, c) is not None for c in alternatives):
            continue
        if block is not None and "output_per_image" in alternatives and getattr(block, "output_images", ()):
            continue  # priced per image by size and quality
        unknown.append(alternatives)
    return BilledPrices(tuple(needs), tuple(unknown))

CAPABILITY_LABELS: dict[str, str] = {
    "function_calling": "Function calling",
    "parallel_tool_calls": "Parallel tool calls",
    "tool_choice": "Tool choice",
    "vision": "Vision input",
    "audio_input": "Audio input",
    "audio_output": "Audio output",
    "video_input": "Video input",
    "pdf_input": "PDF input",
    "image_output": "Image output",
    "streaming": "Streaming",
    "structured_output": "Structured output",
    "prompt_caching": "Prompt caching",
    "reasoning": "Reasoning",
    "web_search": "Web search",
    "system_messages": "System messages",
    "computer_use": "Computer use",
    "fine_tuning": "Fine-tuning",
    "batch_api": "Batch API",
}
CAPABILITIES: tuple[str, ...] = tuple(Capabilities.model_fields)
assert set(CAPABILITIES) == set(CAPABILITY_LABELS), "every capability needs a label"
assert set(PRICE_COMPONENTS) == set(PRICE_LABELS), "every price component needs a label"


@dataclass(frozen=True, slots=True)
class Metric:
    """A quantity models of a kind are ranked on."""

    key: str
    """Stable id in JSON: `context_window`, `price.input`, `benchmark.MMLU`."""
    label: str
    """What it is, in a sentence."""
    higher_is_better: bool
    weakness_matters: bool
    """Whether a bottom-25% standing is worth a caveat (a high price, a small context)."""

    def __hash__(self) -> int:
        # Metrics key every table of standings: hashing the key alone (hashed once, as every
        # str is) instead of all four fields took a tenth of the time to build the tables.
        return hash(self.key)


CONTEXT_WINDOW = Metric("context_window", "context window", True, True)
MAX_OUTPUT = Metric("max_output", "max output", True, True)
BLENDED_PRICE = Metric("blended_price", "blended price (3 input : 1 output)", False, True)
CAPABILITY_COUNT = Metric("capability_count", "capabilities advertised", True, False)
LATENCY = Metric("latency", "measured latency", False, True)
PRICE_METRICS: dict[str, Metric] = {
    c: Metric(f"price.{c}", f"price {price_phrase(c)}", False, False) for c in PRICE_COMPONENTS
}
_BENCHMARK_METRICS: dict[str, Metric] = {}


def benchmark_metric(name: str, unit: str) -> Metric:
    """The metric of one benchmark; results in different units are different metrics."""
    key = f"benchmark.{name}" if unit == "percent" else f"benchmark.{name} ({unit})"
    metric = _BENCHMARK_METRICS.get(key)
    if metric is None:
        metric = _BENCHMARK_METRICS[key] = Metric(key, f"{name} score", True, False)
    return metric


def prices_in_force(model: ModelSpec, today: dt.date | None) -> PricingBlock | None:
    """The pricing block in force on `today` (a block whose `effective` date is still ahead
    is not yet a price anyone pays); without a date, the spec's current block."""
    return block_at(model, today)


def blended_price(prices: PriceSet | None) -> Decimal | None:
    """USD per 1M tokens of a 3:1 input:output mix; unknown unless both prices are known."""
    if prices is None or prices.input is None or prices.output is None:
        return None
    return (3 * prices.input + prices.output) / 4


def documents_capabilities(model: ModelSpec) -> bool:
    """Whether the spec sets every capability flag, true or false: only then is a count of
    what it advertises comparable with another's (an absent flag is unknown, not "no")."""
    caps = model.capabilities
    return all(getattr(caps, name) is not None for name in CAPABILITIES)


def capability_count(model: ModelSpec) -> int | None:
    """How many capabilities the model advertises (true). Unknown (None) unless the spec
    documents every capability."""
    if not documents_capabilities(model):
        return None
    caps = model.capabilities
    return sum(1 for name in CAPABILITIES if getattr(caps, name) is True)


def metric_values(model: ModelSpec, latency: Number | None = None,
                  today: dt.date | None = None) -> dict[Metric, Number]:
    """Every known metric value of one model, prices as in force on `today`. Unknown values
    are left out, never zero."""
    values: dict[Metric, Number] = {}
    limits = model.limits
    if limits.context_window is not None:
        values[CONTEXT_WINDOW] = limits.context_window
    if limits.max_output is not None:
        values[MAX_OUTPUT] = limits.max_output
    pricing = prices_in_force(model, today)
    if pricing is not None:
        for component in PRICE_COMPONENTS:
            price = getattr(pricing, component)
            if price is not None:
                values[PRICE_METRICS[component]] = price
        blended = blended_price(pricing)
        if blended is not None:
            values[BLENDED_PRICE] = blended
    count = capability_count(model)
    if count is not None:
        values[CAPABILITY_COUNT] = count
    latest: dict[Metric, tuple[dt.date, float]] = {}
    for result in model.benchmarks:
        metric = benchmark_metric(result.name, result.unit)
        if metric not in latest or result.date > latest[metric][0]:
            latest[metric] = (result.date, result.score)
    for metric, (_, score) in latest.items():
        values[metric] = score
    if latency is not None and math.isfinite(latency) and latency >= 0:
        values[LATENCY] = latency
    return values


# --- percentiles ----------------------------------------------------------------------------


def top_percent(rank: int, n: int) -> int:
    """k in "top k%": ceil(100 * rank / n), in exact integer arithmetic."""
    return -(-100 * rank // n)


def rank_among(value: Number, known_sorted: Sequence[Number], higher_is_better: bool) -> tuple[int, int]:
    """(rank, rank from the bottom) of `value` among the ascending known values, ties sharing
    the best rank at either end. Binary search: O(log n) per model, never a pairwise count."""
    n = len(known_sorted)
    below = bisect_left(known_sorted, value)
    above = n - bisect_right(known_sorted, value)
    better, worse = (above, below) if higher_is_better else (below, above)
    return 1 + better, 1 + worse


@dataclass(frozen=True, slots=True)
class Standing:
    """One model on one metric among its peers. rank and percentiles are None when n < 5."""

    metric: Metric
    value: Number
    n: int
    """Peers of the kind with a known value, the model itself included."""
    rank: int | None
    top_percent: int | None
    bottom_percent: int | None
    """k of "among the worst k%", counted from the other end the same way."""
    worse_count: int
    """Peers strictly worse; a top rank shared by every peer distinguishes nothing."""


def peer_standings(
    models: Iterable[ModelSpec], latency: Mapping[str, Number] | None = None,
    today: dt.date | None = None, first_party: Collection[str] = frozenset(),
    stands_for: Mapping[str, ModelSpec] | None = None,
) -> dict[str, tuple[Standing, ...]]:
    """Each model's standings on every metric it has a known value for, keyed by model id,
    prices as in force on `today`. The peer values are those of one representative offering
    per canonical model (see the module docstring); every offering is placed among them, its
    own canonical model counted once, as itself (a reseller's copy is not ranked against the
    maker's offering of the same model).

    Values are sorted once per kind and metric, then each model is placed by binary search:
    O(n log n) per metric, and the result does not depend on the order of `models`.
    `stands_for` is `representatives(models, first_party, today)` when the caller has it.
    """
    latency = latency or {}
    models = list(models)
    if stands_for is None:
        stands_for = representatives(models, first_party, today)
    values_by_model: dict[str, tuple[str, dict[Metric, Number]]] = {}
    group: dict[tuple[str, Metric], list[Number]] = defaultdict(list)
    for model in models:
        if model.id in values_by_model:
            raise ValueError(f"duplicate model id {model.id!r}")
        values = metric_values(model, latency.get(model.id), today)
        values_by_model[model.id] = (model.kind, values)
        if stands_for[model.id] is not model:
            continue  # another offering of the same model: its canonical model counts once
        for metric, value in values.items():
            group[(model.kind, metric)].append(value)
    for known in group.values():
        known.sort()

    standings: dict[str, tuple[Standing, ...]] = {}
    for model_id, (kind, values) in values_by_model.items():
        placed = []
        represented_by = values_by_model[stands_for[model_id].id][1]
        for metric, value in values.items():
            known = group[(kind, metric)]
            # An offering whose representative leaves this value unknown adds its model here.
            n = len(known) + (metric not in represented_by)
            rank, rank_from_bottom = rank_among(value, known, metric.higher_is_better)
            own = represented_by.get(metric)
            if own is not None and stands_for[model_id].id != model_id and own != value:
                # Its own canonical model, through another offering, is no peer to beat.
                own_is_better = (own > value) == metric.higher_is_better
                rank, rank_from_bottom = (rank - 1, rank_from_bottom) if own_is_better else (rank, rank_from_bottom - 1)
            if n < MIN_PEERS:
                placed.append(Standing(metric, value, n, None, None, None, rank_from_bottom - 1))
            else:
                placed.append(Standing(metric, value, n, rank, top_percent(rank, n),
                                       top_percent(rank_from_bottom, n), rank_from_bottom - 1))
        standings[model_id] = tuple(placed)
    return standings


# --- rarity ---------------------------------------------------------------------------------


_DOCUMENTED_RATIO = MIN_DOCUMENTED_SHARE.as_integer_ratio()
_RARE_RATIO = RARE_SHARE.as_integer_ratio()
_COMMON_RATIO = COMMON_SHARE.as_integer_ratio()


def _compare(count: int, share: tuple[int, int], of: int) -> int:
    """The sign of count - share * of, exactly, in integers: every model's rarity lines ask,
    and Fraction or Decimal arithmetic there was a sixth of the time to enrich a model."""
    numerator, denominator = share
    difference = count * denominator - numerator * of
    return (difference > 0) - (difference < 0)


@dataclass(frozen=True, slots=True)
class CapabilityShare:
    """How many peers of a kind advertise a capability (true), among those that document it
    (true or false); absent is unknown and is not counted either way."""

    kind: str
    capability: str
    advertisers: int
    n: int
    """Peers of the kind that document the capability (explicitly true or false)."""
    group: int = 0
    """Peers of the kind (canonical models), documenting it or not."""

    @property
    def percent(self) -> int:
        """The share rounded half up to a whole percent."""
        if not self.n:
            return 0
        return (200 * self.advertisers + self.n) // (2 * self.n)

    @property
    def percent_text(self) -> str:
        if self.advertisers and self.percent == 0:
            return "fewer than 1%"
        if self.advertisers < self.n and self.percent == 100:
            return "more than 99%"
        return f"{self.percent}%"

    @property
    def well_documented(self) -> bool:
        """Enough peers document the capability for a share of them to say something: at least
        MIN_PEERS, and at least MIN_DOCUMENTED_SHARE of the group."""
        return self.n >= MIN_PEERS and _compare(self.n, _DOCUMENTED_RATIO, self.group) >= 0

    @property
    def is_rare(self) -> bool:
        return self.well_documented and _compare(self.advertisers, _RARE_RATIO, self.n) <= 0

    @property
    def is_common(self) -> bool:
        return self.well_documented and _compare(self.advertisers, _COMMON_RATIO, self.n) >= 0

    @property
    def sentence(self) -> str:
        label = CAPABILITY_LABELS[self.capability]
        only = "only " if self.is_rare and self.percent else ""
        return (f"{label}: {only}{self.percent_text} of the {self.kind} models that document it "
                f"advertise it (n={self.n:,} of {self.group:,}).")


def capability_shares(models: Iterable[ModelSpec], first_party: Collection[str] = frozenset(),
                      today: dt.date | None = None, stands_for: Mapping[str, ModelSpec] | None = None,
                      ) -> dict[str, dict[str, CapabilityShare]]:
    """Per kind, per capability, the share of the kind's canonical models documenting the
    capability that advertise it; each canonical model counted once, by its representative
    (`stands_for`, as `representatives` gives it, when the caller has it)."""
    models = list(models)
    if stands_for is None:
        stands_for = representatives(models, first_party, today)
    groups: dict[str, int] = defaultdict(int)
    documented: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CAPABILITIES, 0))
    advertised: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CAPABILITIES, 0))
    for model in models:
        if stands_for[model.id] is not model:
            continue
        groups[model.kind] += 1
        caps = model.capabilities
        for name in CAPABILITIES:
            flag = getattr(caps, name)
            if flag is not None:
                documented[model.kind][name] += 1
                advertised[model.kind][name] += flag is True
    return {
        kind: {c: CapabilityShare(kind, c, advertised[kind][c], documented[kind][c], size) for c in CAPABILITIES}
        for kind, size in sorted(groups.items())
    }


def rarity_lines(model: ModelSpec, shares: Mapping[str, CapabilityShare]) -> tuple[CapabilityShare, ...]:
    """The share of peers advertising each capability the model advertises, where enough peers
    document it to say (see `CapabilityShare.well_documented`)."""
    caps = model.capabilities
    return tuple(
        shares[c] for c in CAPABILITIES if getattr(caps, c) is True and shares[c].well_documented
    )
