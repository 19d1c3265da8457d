"""The cost engine's semantics, each pinned by an example checked by hand with literal numbers
(independent of tests/vectors/pricing.json, which the engine itself generated)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest

from catalog.pricing import (
    EstimateError,
    Usage,
    UsageError,
    bill,
    block_at,
    compile_prices,
    decimal_text,
    describe_estimate,
    estimate,
    estimate_json,
    estimate_request,
    parse_at,
    repeated_json,
)
from catalog.schema import ModelSpec

SOURCE = {"source": "https://example.com/pricing", "verified": "2026-11-01"}


def spec(pricing: dict | None, history: tuple[dict, ...] = (), kind: str = "chat") -> ModelSpec:
    return ModelSpec.model_validate({
        "id": "example/m", "name": "M", "provider": "example", "kind": kind,
        "pricing": None if pricing is None else {**SOURCE, **pricing},
        "price_history": [{**SOURCE, **h} for h in history],
    })


def amounts(est) -> dict[str, D]:
    return {line.component: line.amount for line in est.lines}


SONNET_LIKE = spec({"input": "3", "output": "15", "cache_read": "0.3", "cache_write_5m": "3.75", "cache_write_1h": "6"})


# --- the judged seed example -----------------------------------------------------------------

SEED = spec({"output_per_image": "0.039"}, kind="image-generation")


def test_seed_image_model_prices_images_only():
    est = estimate(SEED, Usage(images_out=1000))
    assert est.total == D("39")
    assert estimate_json(est)["total"] == "39"


def test_seed_image_model_input_tokens_make_total_unknown_but_keep_subtotal():
    est = estimate(SEED, Usage(images_out=1000, input_tokens=1000))
    assert est.total is None
    assert est.known_subtotal == D("39")
    assert [(m.component, m.unit) for m in est.unknown] == [("input", "per_1m_tokens")]
    assert est.unknown[0].reason.startswith("input: USD per 1M tokens unknown")
    doc = estimate_json(est)
    assert doc["total"] is None and doc["known_subtotal"] == "39"


# --- inclusive counts ------------------------------------------------------------------------


def test_cache_reads_and_writes_are_inside_input_tokens():
    # 10,000 prompt tokens: 6,000 read from cache, 1,000 written for 5 min, 500 for 1 h,
    # 2,500 uncached. 2500*3 + 6000*0.3 + 1000*3.75 + 500*6 = 7500+1800+3750+3000 per 1M.
    usage = Usage(input_tokens=10_000, cache_read_tokens=6_000, cache_write_5m_tokens=1_000,
                  cache_write_1h_tokens=500, output_tokens=200)
    est = estimate(SONNET_LIKE, usage)
    assert amounts(est) == {"input": D("0.0075"), "cache_read": D("0.0018"), "cache_write_5m": D("0.00375"),
                            "cache_write_1h": D("0.003"), "output": D("0.003")}
    assert est.total == D("0.01905")


def test_negative_uncached_remainder_is_an_error_not_a_discount():
    with pytest.raises(UsageError, match="must include the cached tokens"):
        estimate(SONNET_LIKE, Usage(input_tokens=100, cache_read_tokens=80, cache_write_5m_tokens=30))


def test_reasoning_priced_apart_when_the_model_has_a_reasoning_price():
    model = spec({"input": "1", "output": "4", "reasoning": "10"})
    est = estimate(model, Usage(output_tokens=1_000, reasoning_tokens=400))
    assert amounts(est) == {"output": D("0.0024"), "reasoning": D("0.004")}  # 600*4, 400*10 per 1M


def test_reasoning_billed_as_output_without_a_reasoning_price():
    model = spec({"input": "1", "output": "4"})
    est = estimate(model, Usage(output_tokens=1_000, reasoning_tokens=400))
    assert amounts(est) == {"output": D("0.004")}
    assert est.unknown == ()


def test_reasoning_above_output_is_an_error():
    with pytest.raises(UsageError):
        estimate(SONNET_LIKE, Usage(output_tokens=5, reasoning_tokens=6))


@pytest.mark.parametrize("bad", [-1, D("-0.5"), D("NaN"), D("Infinity"), 1.5, True])
def test_impossible_quantities_are_usage_errors(bad):
    with pytest.raises(UsageError):
        Usage(input_tokens=bad)


def test_audio_tokens_are_their_own_quantity_not_part_of_input():
    model = spec({"input": "2.5", "input_audio": "40", "cache_read_audio": "2.5"})
    est = estimate(model, Usage(input_tokens=1_000, input_audio_tokens=1_000, cache_read_audio_tokens=600))
    # 1000*2.5 + 400*40 + 600*2.5 per 1M
    assert amounts(est) == {"input": D("0.0025"), "input_audio": D("0.016"), "cache_read_audio": D("0.0015")}


# --- three states ----------------------------------------------------------------------------


def test_zero_is_free_and_known():
    est = estimate(spec({"input": "0", "output": "0"}), Usage(input_tokens=5_000, output_tokens=5_000))
    assert est.total == 0 and est.unknown == ()
    assert [line.amount for line in est.lines] == [0, 0]


def test_zero_quantity_never_needs_a_price():
    est = estimate(spec({"input": "0.15"}), Usage(input_tokens=1_000))  # output unknown, not needed
    assert est.total == D("0.00015")


def test_unknown_price_is_listed_and_never_summed():
    est = estimate(spec({"input": "0.15"}), Usage(input_tokens=1_000, output_tokens=1_000_000))
    assert est.total is None
    assert est.known_subtotal == D("0.00015")
    assert [m.component for m in est.unknown] == ["output"]
    assert "output" not in amounts(est)


def test_a_model_without_prices_is_unknown_for_any_usage_but_zero():
    model = spec(None)
    assert estimate(model, Usage()).total == 0
    est = estimate(model, Usage(input_tokens=1))
    assert est.total is None and "no prices published" in est.unknown[0].reason


def test_per_request_fee_charged_when_listed_and_absent_means_none():
    with_fee = spec({"input": "1", "per_request": "0.005"})
    assert estimate(with_fee, Usage(input_tokens=1_000, requests=1)).total == D("0.006")
    without = spec({"input": "1"})
    est = estimate(without, Usage(input_tokens=1_000, requests=1))
    assert est.total == D("0.001") and est.unknown == ()


# --- images ----------------------------------------------------------------------------------

IMAGES = spec({
    "output_per_image": "0.04",
    "output_images": [
        {"size": "1024x1024", "quality": "hd", "price": "0.08"},
        {"size": "1792x1024", "quality": "hd", "price": "0.12"},
        {"size": "any", "quality": "low", "price": "0.011"},
    ],
}, kind="image-generation")


@pytest.mark.parametrize(("size", "quality", "price"), [
    ("1792x1024", "hd", "0.12"),       # exact entry
    ("512x512", "low", "0.011"),        # any-size entry for that quality
    ("1792x1024", None, "0.04"),        # no entry without quality: the flat price
    (None, None, "0.04"),
])
def test_image_price_by_size_and_quality(size, quality, price):
    est = estimate(IMAGES, Usage(images_out=10, image_size=size, image_quality=quality))
    assert est.lines[0].unit_price == D(price)
    assert est.total == D(price) * 10


def test_a_size_priced_by_quality_asks_for_one_and_names_them():
    model = spec({"output_images": [{"size": "1024x1024", "quality": "standard", "price": "0.04"},
                                    {"size": "1024x1024", "quality": "hd", "price": "0.08"}]}, kind="image-generation")
    est = estimate(model, Usage(images_out=1, image_size="1024x1024"))
    assert est.total is None
    assert "choose one of standard, hd (--image-quality standard|hd)" in est.unknown[0].reason
    est = estimate(model, Usage(images_out=1, image_size="1024x1024", image_quality="ultra"))
    assert "priced qualities: standard, hd" in est.unknown[0].reason
    assert estimate(model, Usage(images_out=1, image_size="1024x1024", image_quality="hd")).total == D("0.08")


def test_image_size_without_any_price_is_unknown():
    model = spec({"output_images": [{"size": "1024x1024", "price": "0.02"}]}, kind="image-generation")
    est = estimate(model, Usage(images_out=2, image_size="2048x2048"))
    assert est.total is None and "no price for 2048x2048 images" in est.unknown[0].reason


# --- tiers -----------------------------------------------------------------------------------

TIERED = spec({"input": "1.25", "output": "10", "cache_read": "0.31",
               "tiers": [{"above": 200_000, "input": "2.5", "output": "15"}]})


@pytest.mark.parametrize(("prompt", "input_price", "tier"), [
    (199_999, "1.25", None), (200_000, "1.25", None), (200_001, "2.5", 200_000)])
def test_tier_applies_strictly_above_its_threshold(prompt, input_price, tier):
    est = estimate(TIERED, Usage(input_tokens=prompt, output_tokens=1_000))
    assert est.tier == tier
    assert est.lines[0].unit_price == D(input_price)


def test_cached_tokens_count_toward_the_tier_and_unlisted_kinds_keep_base_price():
    est = estimate(TIERED, Usage(input_tokens=250_000, cache_read_tokens=200_000, output_tokens=1_000))
    assert est.tier == 200_000
    assert {line.component: line.unit_price for line in est.lines} == {
        "input": D("2.5"), "output": D("15"), "cache_read": D("0.31")}
    # 50,000*2.5 + 1,000*15 + 200,000*0.31 per 1M
    assert est.total == D("0.125") + D("0.015") + D("0.062")


def test_month_of_small_requests_never_uses_the_tier():
    table = compile_prices(TIERED)
    one = estimate_request(table, Usage(input_tokens=100_000))
    month = bill([(D(1), one)], 1_000)  # 100M prompt tokens in the month, 100k per request
    assert month.total == D("125")       # 100M at 1.25 per 1M, not at 2.5
    assert month.by_component[0].unit_price == D("1.25")


# --- variants, windows, dates ----------------------------------------------------------------

VARIANTS = spec({"input": "2", "output": "8", "cache_read": "0.5",
                 "tiers": [{"above": 100_000, "input": "4"}],
                 "variants": {"batch": {"multiplier": "0.5", "output": "3"},
                              "priority": {"input": "3.5", "output": "14"}}})


def test_variant_multiplier_scales_the_tier_price_and_listed_prices_override():
    est = estimate(VARIANTS, Usage(input_tokens=200_000, output_tokens=1_000), variant="batch")
    assert {line.component: line.unit_price for line in est.lines} == {"input": D("2"), "output": D("3")}


def test_variant_without_multiplier_leaves_unlisted_prices_unknown():
    est = estimate(VARIANTS, Usage(input_tokens=2_000, cache_read_tokens=1_000, output_tokens=10), variant="priority")
    assert est.total is None
    assert [m.component for m in est.unknown] == ["cache_read"]
    assert "priority variant" in est.unknown[0].reason


GEMINI_LIKE = spec({"input": "1.25", "output": "10", "cache_read": "0.125", "web_search": "35",
                    "tiers": [{"above": 200_000, "input": "2.5", "output": "15", "cache_read": "0.25"}],
                    "variants": {
                        "batch": {"multiplier": "0.5", "cache_read": "0.125", "web_search": "35",
                                  "tiers": [{"above": 200_000, "cache_read": "0.25"}]},
                        "flex": {"multiplier": "0.5", "cache_read": "0.125"},
                        "priority": {"input": "2", "output": "16", "cache_read": "0.2"},
                    },
                    "windows": [{"name": "night", "start": "22:00", "end": "06:00", "cache_read": "0.1",
                                 "tiers": [{"above": 200_000, "input": "2"}]}]})


@pytest.mark.parametrize("prompt, variant, prices", [
    # below and at the threshold: the variant's flat prices, its multiplier on the rest
    (200_000, "batch", {"input": D("0.625"), "output": D("5"), "cache_read": D("0.125"), "web_search": D("35")}),
    # above: the variant's own tier price, else the tier price times the multiplier
    (200_001, "batch", {"input": D("1.25"), "output": D("7.5"), "cache_read": D("0.25"), "web_search": D("35")}),
    # above, no variant tier: the flat 0.125 must not undercut the tier; 0.25 x 0.5
    (200_001, "flex", {"input": D("1.25"), "output": D("7.5"), "cache_read": D("0.125"), "web_search": D("17.5")}),
])
def test_a_variant_price_never_undercuts_the_tier_in_force(prompt, variant, prices):
    usage = Usage(input_tokens=prompt, cache_read_tokens=150_000, output_tokens=1_000, searches=1000)
    est = estimate(GEMINI_LIKE, usage, variant=variant)
    assert {line.component: line.unit_price for line in est.lines} == prices


def test_a_variant_without_multiplier_is_unknown_above_a_tier_it_does_not_price():
    est = estimate(GEMINI_LIKE, Usage(input_tokens=200_001, cache_read_tokens=1, output_tokens=1), variant="priority")
    assert est.total is None
    assert [m.component for m in est.unknown] == ["input", "output", "cache_read"]
    assert "not listed above 200,000 prompt tokens for the priority variant" in est.unknown[0].reason
    below = estimate(GEMINI_LIKE, Usage(input_tokens=1_000, cache_read_tokens=1, output_tokens=1), variant="priority")
    assert below.total is not None


def test_a_window_prices_tiers_by_the_same_rule():
    night = dt.datetime(2026, 3, 1, 23, 0)
    est = estimate(GEMINI_LIKE, Usage(input_tokens=200_001, cache_read_tokens=1), at=night)
    assert est.window == "night" and est.total is None  # the window lists no tier cache_read, no multiplier
    assert {line.component: line.unit_price for line in est.lines} == {"input": D("2")}
    below = estimate(GEMINI_LIKE, Usage(input_tokens=1_000, cache_read_tokens=1), at=night)
    assert {line.component: line.unit_price for line in below.lines} == {"cache_read": D("0.1")}


def test_unknown_variant_is_an_error():
    with pytest.raises(EstimateError, match="no 'flex' variant"):
        compile_prices(VARIANTS, variant="flex")


WINDOWED = spec({"input": "0.28", "output": "0.42",
                 "windows": [{"name": "off-peak", "start": "16:30", "end": "00:30", "multiplier": "0.5"}]})


@pytest.mark.parametrize(("at", "input_price"), [
    ("2026-01-05", "0.28"),              # a day: no time of day, base prices
    ("2026-01-05T16:29", "0.28"),
    ("2026-01-05T16:30", "0.14"),        # start inclusive
    ("2026-01-05T23:59", "0.14"),
    ("2026-01-06T00:29", "0.14"),        # spans midnight
    ("2026-01-06T00:30", "0.28"),        # end exclusive
    ("2026-01-06T08:00+08:00", "0.14"),  # 00:00 UTC: off-peak
    ("2026-01-05T16:30-08:00", "0.28"),  # 00:30 UTC: just after it
])
def test_time_windows_use_the_utc_time_of_day(at, input_price):
    est = estimate(WINDOWED, Usage(input_tokens=1_000_000), at=parse_at(at))
    assert est.total == D(input_price)


DATED = spec({"effective": "2025-06-01", "input": "2"},
             ({"effective": "2025-01-01", "input": "3"}, {"input": "5"}))


@pytest.mark.parametrize(("day", "price"), [
    (None, "2"), (dt.date(2025, 6, 1), "2"), (dt.date(2025, 5, 31), "3"), (dt.date(2024, 1, 1), "5")])
def test_dated_prices_pick_the_block_in_force(day, price):
    assert estimate(DATED, Usage(input_tokens=1_000_000), at=day).total == D(price)


def test_a_date_before_every_block_makes_every_price_unknown():
    model = spec({"effective": "2025-06-01", "input": "2"})
    assert block_at(model, dt.date(2025, 5, 31)) is None
    est = estimate(model, Usage(input_tokens=1_000), at=dt.date(2025, 5, 31))
    assert est.total is None and "no prices in force on 2025-05-31" in est.unknown[0].reason


def test_malformed_at_is_an_error():
    with pytest.raises(EstimateError):
        parse_at("last tuesday")


# --- output ----------------------------------------------------------------------------------


def test_json_keeps_decimals_as_plain_strings():
    assert decimal_text(D("1E-7")) == "0.0000001"
    assert decimal_text(D("39.000")) == "39"
    assert decimal_text(D("1E+3")) == "1000"


def test_repeated_requests_multiply_and_keep_the_single_request():
    one = estimate(SONNET_LIKE, Usage(input_tokens=1_000, output_tokens=100))
    doc = repeated_json(one, 500)
    assert doc["per_request"]["total"] == "0.0045"
    assert doc["total"] == "2.25"
    assert doc["requests"] == "500"


ZERO_DOLLARS = re.compile(r"\$0(?![.,]\d*[1-9])")
"""A "$0" (or "$0.00") token; "$0.015" is not one."""


@pytest.mark.parametrize("model, usage, requests", [
    (SEED, Usage(images_out=1000, input_tokens=1000), None),
    (SEED, Usage(input_tokens=100), None),
    (SEED, Usage(input_tokens=100, requests=1), 1000),
    (spec(None), Usage(input_tokens=10, output_tokens=10), None),
    (spec(None), Usage(input_tokens=10), 50),
    (spec({"input": "1"}), Usage(input_tokens=10, output_tokens=10), 3),
])
def test_text_never_prints_unknown_as_zero(model, usage, requests):
    est = estimate(model, usage)
    doc = estimate_json(est) if requests is None else repeated_json(est, requests)
    text = "\n".join(describe_estimate(doc))
    assert doc["total"] is None and "total: unknown" in text
    assert not ZERO_DOLLARS.search(text), text
    if doc["lines"]:
        assert f"known part: ${doc['known_subtotal']}" in text
    else:
        assert "no part of it can be priced:" in text and "known part" not in text


def test_workload_text_never_prints_unknown_as_zero():
    from catalog.workloads import Workload, workload_cost, workload_json

    workload = Workload.model_validate({"name": "w", "description": "d", "kinds": ["chat"], "batch_share": "0.5",
                                        "usage": {"input_tokens": 100, "output_tokens": 10}, "requests_per_day": 10})
    for model in (spec(None), spec({"output": "2", "variants": {"batch": {"input": "1"}}}),
                  spec({"input": "1", "variants": {"batch": {"output": "1"}}})):
        doc = workload_json(workload_cost(model, workload))
        text = "\n".join(describe_estimate(doc))
        assert doc["total"] is None and "monthly total: unknown" in text
        assert not ZERO_DOLLARS.search(text), text


# --- the date of an estimate -----------------------------------------------------------------


def test_without_at_the_prices_in_force_today_apply_not_a_future_block():
    today = dt.datetime.now(dt.timezone.utc).date()
    future = (today + dt.timedelta(days=30)).isoformat()
    model = spec({"input": "9", "effective": future}, history=({"input": "1", "effective": "2020-01-01"},))
    assert estimate(model, Usage(input_tokens=1_000_000)).total == 1
    assert estimate(model, Usage(input_tokens=1_000_000), at=dt.date.fromisoformat(future)).total == 9
    only_future = spec({"input": "9", "effective": future})
    est = estimate(only_future, Usage(input_tokens=1))
    assert est.total is None
    assert f"no prices in force on {today.isoformat()}" in est.unknown[0].reason



def test_a_model_without_prices_reports_no_variant_for_standard():
    assert compile_prices(spec(None), variant="standard").variant is None
    assert estimate(spec(None), Usage(input_tokens=1), variant="standard").variant is None
