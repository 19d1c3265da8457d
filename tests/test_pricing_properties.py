"""Properties of the cost engine over generated prices and usages (hypothesis).

Monotonicity is stated on the quantities a request really consumes: one more cache-read token
is one more prompt token that is read from cache (input_tokens and cache_read_tokens both grow,
since counts are inclusive), one more reasoning token is one more output token spent thinking.
With context tiers, cost is monotone within a tier: crossing a threshold is a cliff by design,
so those examples compare requests on the same side of every threshold; where no tier price is
below the price it replaces, the cliff only goes up and cost is monotone across thresholds too.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.pricing import COMPONENTS, Usage, bill, compile_prices, estimate_request
from catalog.schema import ModelSpec

SETTINGS = settings(max_examples=60, deadline=None)
_AMOUNTS = st.decimals(min_value=D("0.001"), max_value=D("100"), places=3).map(str)
PRICES = st.one_of(st.none(), st.just("0"), _AMOUNTS)
KNOWN_PRICES = st.one_of(st.just("0"), _AMOUNTS)  # drawn, not filtered: filtering tripped Hypothesis' health check
SOURCE = {"source": "https://example.com/pricing", "verified": "2026-11-01"}


@st.composite
def models(draw, tiered: bool = True) -> ModelSpec:
    pricing = {c: draw(PRICES) for c in COMPONENTS}
    pricing = {c: p for c, p in pricing.items() if p is not None}
    if tiered and draw(st.booleans()):
        pricing["tiers"] = [{"above": draw(st.integers(1_000, 100_000)),
                             **{c: draw(KNOWN_PRICES) for c in ("input", "output", "cache_read")}}]
    return ModelSpec.model_validate({"id": "example/m", "name": "M", "provider": "example", "kind": "chat",
                                     "pricing": {**SOURCE, **pricing}})


COUNTS = st.integers(0, 50_000)
SMALL_COUNTS = st.integers(0, 300)
"""Small requests, below the usual thresholds, so that growing one quantity crosses a tier."""


@st.composite
def usages(draw, counts: st.SearchStrategy[int] = COUNTS) -> Usage:
    cache_read, write_5m, write_1h, uncached = (draw(counts) for _ in range(4))
    reasoning, visible = draw(counts), draw(counts)
    cached_audio, uncached_audio = draw(counts), draw(counts)
    return Usage(
        input_tokens=uncached + cache_read + write_5m + write_1h, cache_read_tokens=cache_read,
        cache_write_5m_tokens=write_5m, cache_write_1h_tokens=write_1h,
        output_tokens=visible + reasoning, reasoning_tokens=reasoning,
        input_audio_tokens=uncached_audio + cached_audio, cache_read_audio_tokens=cached_audio,
        output_audio_tokens=draw(counts), input_image_tokens=draw(counts), output_image_tokens=draw(counts),
        input_video_tokens=draw(counts), images_in=draw(st.integers(0, 20)), images_out=draw(st.integers(0, 20)),
        input_seconds=draw(st.integers(0, 600)), output_seconds=draw(st.integers(0, 600)),
        searches=draw(st.integers(0, 20)), input_characters=draw(counts), pages=draw(st.integers(0, 50)),
        requests=draw(st.integers(0, 1)),
    )


def grow(usage: Usage, quantity: str, k: int) -> Usage:
    """`usage` with k more units of one consumed quantity, inclusive counts kept consistent."""
    values = {name: getattr(usage, name) for name in Usage.__slots__}
    values[quantity] += k
    if quantity in ("cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens"):
        values["input_tokens"] += k
    if quantity == "reasoning_tokens":
        values["output_tokens"] += k
    if quantity == "cache_read_audio_tokens":
        values["input_audio_tokens"] += k
    return Usage(**values)


GROWABLE = [n for n in Usage.__slots__ if n not in ("image_size", "image_quality")]
PROMPT_QUANTITIES = ["input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
                     "input_audio_tokens", "cache_read_audio_tokens", "input_image_tokens", "input_video_tokens"]


@SETTINGS
@given(models(), usages(), st.sampled_from(GROWABLE), st.integers(1, 200_000))
def test_cost_is_monotone_in_each_quantity_within_a_tier(model, usage, quantity, k):
    table = compile_prices(model)
    before = estimate_request(table, usage)
    after = estimate_request(table, grow(usage, quantity, k))
    if before.tier != after.tier:
        return  # crossing a threshold is a cliff by design; monotone within a tier only
    assert after.known_subtotal >= before.known_subtotal
    if before.total is not None and after.total is not None:
        assert after.total >= before.total
    if before.total is None:
        assert after.total is None  # more usage never makes a missing price unneeded


@st.composite
def models_with_rising_tiers(draw) -> ModelSpec:
    """Tiers that never discount: every tier price is at least the base price it replaces."""
    known = KNOWN_PRICES
    pricing = {c: p for c, p in ((c, draw(PRICES)) for c in COMPONENTS) if p is not None}
    pricing.update({c: draw(known) for c in ("input", "output", "cache_read")})
    tiers, floor = [], {c: D(pricing[c]) for c in ("input", "output", "cache_read")}
    for above in sorted(draw(st.sets(st.integers(1_000, 150_000), min_size=1, max_size=3))):
        floor = {c: price * D(draw(st.sampled_from(["1", "1.5", "2"]))) for c, price in floor.items()}
        tiers.append({"above": above, **{c: str(price) for c, price in floor.items()}})
    return ModelSpec.model_validate({"id": "example/m", "name": "M", "provider": "example", "kind": "chat",
                                     "pricing": {**SOURCE, **pricing, "tiers": tiers}})


@SETTINGS
@given(models_with_rising_tiers(), usages(SMALL_COUNTS), st.sampled_from(PROMPT_QUANTITIES), st.integers(1, 200_000))
def test_cost_is_monotone_across_thresholds_when_tiers_never_discount(model, usage, quantity, k):
    # The cliff only ever goes up here, so crossing it must not make a request cheaper. Only
    # prompt quantities move a request across a threshold; the others are checked above.
    table = compile_prices(model)
    before = estimate_request(table, usage)
    after = estimate_request(table, grow(usage, quantity, k))
    assert after.known_subtotal >= before.known_subtotal
    if before.total is not None and after.total is not None:
        assert after.total >= before.total


@SETTINGS
@given(models())
def test_zero_usage_costs_zero(model):
    est = estimate_request(compile_prices(model), Usage())
    assert est.total == 0 and est.lines == () and est.unknown == ()


@SETTINGS
@given(models(tiered=False), usages(), st.sampled_from([c for c in COMPONENTS if c not in ("per_request", "reasoning")]))
def test_a_needed_unknown_price_makes_the_total_unknown_whatever_else_is_used(model, usage, missing):
    # (an absent reasoning price or per-request fee is a billing convention, not an unknown)
    pricing = model.pricing.model_copy(update={missing: None})
    model = model.model_copy(update={"pricing": pricing})
    need = {"input": "input_tokens", "output": "output_tokens", "cache_read": "cache_read_tokens",
            "cache_write_5m": "cache_write_5m_tokens", "cache_write_1h": "cache_write_1h_tokens",
            "input_audio": "input_audio_tokens",
            "output_audio": "output_audio_tokens", "cache_read_audio": "cache_read_audio_tokens",
            "input_image": "input_image_tokens", "output_image": "output_image_tokens",
            "input_video": "input_video_tokens", "input_per_image": "images_in", "output_per_image": "images_out",
            "input_per_second": "input_seconds", "output_per_second": "output_seconds", "web_search": "searches",
            "input_characters": "input_characters", "per_page": "pages"}[missing]
    usage = grow(usage, need, 1)
    if missing == "input":  # make sure some prompt tokens stay uncached
        usage = grow(usage, "input_tokens", 1)
    if missing == "output":
        usage = grow(usage, "output_tokens", 1)
    if missing == "input_audio":
        usage = grow(usage, "input_audio_tokens", 1)
    est = estimate_request(compile_prices(model), usage)
    assert est.total is None
    assert missing in [m.component for m in est.unknown]
    assert missing not in [line.component for line in est.lines]
    assert est.known_subtotal == sum((line.amount for line in est.lines), D(0))


@SETTINGS
@given(st.integers(1_000, 200_000), st.integers(1, 10_000), st.integers(2, 100_000), st.data())
def test_a_tier_applies_by_request_not_by_month(above, below_by, requests, data):
    model = ModelSpec.model_validate({
        "id": "example/m", "name": "M", "provider": "example", "kind": "chat",
        "pricing": {**SOURCE, "input": "1.25", "output": "10", "tiers": [{"above": above, "input": "2.5", "output": "15"}]}})
    prompt = max(0, above - below_by)
    output = data.draw(st.integers(0, 5_000))
    one = estimate_request(compile_prices(model), Usage(input_tokens=prompt, output_tokens=output))
    month = bill([(D(1), one)], requests)
    assert one.tier is None
    # the month's prompt tokens are far above the threshold, yet every request is priced at base
    assert month.total == (D(prompt) * D("1.25") + D(output) * D(10)) / D(1_000_000) * requests
    assert all(line.unit_price in (D("1.25"), D(10)) for line in month.by_component)
