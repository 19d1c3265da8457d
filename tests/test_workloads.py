"""Workload presets: the bundled file validates, bad files name file and line, and a monthly
bill is per-request cost x requests per day x days, with cache hits and batch share applied
per request and unknown kept unknown. Numbers are checked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from catalog.pricing import Usage, compile_prices, estimate_request
from catalog.schema import ModelSpec
from catalog.workloads import (
    BUNDLED,
    DEFAULT_DAYS_PER_MONTH,
    Workload,
    WorkloadError,
    find_workload,
    load_workloads,
    rank_models,
    ranking_json,
    request_usage,
    workload_cost,
    workload_json,
)

SOURCE = {"source": "https://example.com/pricing", "verified": "2026-11-01"}


def spec(slug: str, pricing: dict | None, kind: str = "chat", **extra) -> ModelSpec:
    return ModelSpec.model_validate({"id": f"example/{slug}", "name": slug, "provider": "example", "kind": kind,
                                     "pricing": None if pricing is None else {**SOURCE, **pricing}, **extra})


def workload(**overrides) -> Workload:
    base = {"name": "w", "description": "test", "kinds": ["chat"],
            "usage": {"input_tokens": 2_000, "output_tokens": 500}, "requests_per_day": 1_000}
    return Workload.model_validate({**base, **overrides})


CACHING = spec("caching", {"input": "1", "output": "4", "cache_read": "0.1",
                           "variants": {"batch": {"multiplier": "0.5"}}})
NO_CACHE = spec("no-cache", {"input": "1", "output": "4"})


# --- the bundled presets ---------------------------------------------------------------------


def test_bundled_presets_cover_the_required_workloads():
    presets = load_workloads(BUNDLED)
    assert {"chatbot", "rag-long-context", "summarisation", "agent-with-tools", "batch-classification",
            "image-generation", "embedding-an-index", "transcription"} <= set(presets)
    assert presets["batch-classification"].batch_share == 1
    assert presets["embedding-an-index"].kinds == ("embedding",)
    assert presets["transcription"].usage.input_seconds > 0
    assert presets["batch-classification"].busy_hours.share == 1  # overnight, as it says
    assert presets["chatbot"].busy_hours is None  # spread evenly


def test_find_workload_names_the_known_ones_when_missing():
    with pytest.raises(WorkloadError, match="no workload 'chatbott'.*chatbot"):
        find_workload("chatbott")


@pytest.mark.parametrize(("text", "where", "what"), [
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {input_tokns: 3}\n"
     "    requests_per_day: 5\n", ":5:", "input_tokns"),
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {}\n"
     "    requests_per_day: 5\n    cache_hit_rate: 1.5\n", ":7:", "cache_hit_rate"),
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {}\n    requests_per_day: 0\n",
     ":6:", "requests_per_day"),
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {output_tokens: 1, reasoning_tokens: 2}\n"
     "    requests_per_day: 1\n", ":5:", "reasoning_tokens"),
    ("workloads:\n  - name: a\n    description: x\n    description: y\n", ":4:", "duplicate key"),
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {}\n    requests_per_day: 1\n"
     "  - name: a\n    description: x\n    kinds: [chat]\n    usage: {}\n    requests_per_day: 1\n", ":7:11:", "used twice"),
    ("workloads:\n  - name: a\n    description: x\n    kinds: [chat]\n    usage: {input_tokns: 5}\n"
     "    requests_per_day: 1\n", ":5:13:", "unknown key 'input_tokns' in workloads[0].usage; did you mean 'input_tokens'?"),
    ("- just a list\n", ":1:", "mapping"),
])
def test_a_bad_workloads_file_names_file_and_line(tmp_path: Path, text: str, where: str, what: str):
    path = tmp_path / "workloads.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkloadError) as err:
        load_workloads(path)
    message = str(err.value)
    assert f"{path}{where}" in message
    assert what in message
    assert "Value error" not in message and "Traceback" not in message  # worded for a person


# --- monthly bills ---------------------------------------------------------------------------


def test_monthly_bill_is_per_request_cost_times_requests_per_day_times_days():
    cost = workload_cost(NO_CACHE, workload())
    # per request: 2000*1 + 500*4 per 1M = 0.004; x 1000/day x 30.4 days
    assert cost.per_request.total == D("0.004")
    assert cost.monthly.requests == D("30400")
    assert cost.monthly.total == D("121.6")
    assert [(line.component, line.quantity, line.amount) for line in cost.monthly.by_component] == [
        ("input", D("60800000"), D("60.8")), ("output", D("15200000"), D("60.8"))]
    assert DEFAULT_DAYS_PER_MONTH == D("30.4")


def test_days_per_month_is_configurable():
    assert workload_cost(NO_CACHE, workload(), days_per_month=D(30)).monthly.total == D("120")


def test_cache_hit_rate_reads_that_share_of_the_prompt_from_cache_on_caching_models():
    w = workload(cache_hit_rate="0.75")
    usage = request_usage(w, compile_prices(CACHING))
    assert (usage.input_tokens, usage.cache_read_tokens) == (2_000, D("1500.00"))
    # 500*1 + 1500*0.1 + 500*4 per 1M = 0.00265
    assert workload_cost(CACHING, w).per_request.total == D("0.00265")
    # a model that lists no cache-read price reads the whole prompt uncached
    assert request_usage(w, compile_prices(NO_CACHE)).cache_read_tokens == 0
    assert workload_cost(NO_CACHE, w).per_request.total == D("0.004")


def test_batch_share_is_a_weighted_sum_of_standard_and_batch_requests():
    cost = workload_cost(CACHING, workload(batch_share="0.25"))
    assert cost.per_request.total == D("0.004")
    assert cost.per_request_batch.total == D("0.002")
    # 30,400 requests: 75% at 0.004 and 25% at 0.002
    assert cost.monthly.total == D("30400") * (D("0.75") * D("0.004") + D("0.25") * D("0.002"))
    assert cost.batch_share == D("0.25")


def test_batch_share_falls_back_to_standard_without_a_batch_variant():
    cost = workload_cost(NO_CACHE, workload(batch_share=1))
    assert cost.per_request_batch is None and cost.batch_share == 0
    assert cost.monthly.total == D("121.6")


def test_unknown_stays_unknown_at_every_level():
    model = spec("half", {"input": "1"})
    cost = workload_cost(model, workload())
    assert cost.per_request.total is None
    assert cost.monthly.total is None
    assert cost.monthly.known_subtotal == D("60.8")
    assert [m.component for m in cost.monthly.unknown] == ["output"]
    doc = workload_json(cost)
    assert doc["total"] is None and doc["monthly"]["total"] is None
    assert doc["per_request"]["total"] is None
    assert doc["unknown"][0]["component"] == "output"


def test_a_monthly_bill_decides_the_tier_per_request():
    tiered = spec("tiered", {"input": "1", "output": "4", "tiers": [{"above": 100_000, "input": "2"}]})
    small = workload(requests_per_day=100_000)  # 6 billion prompt tokens a month, 2,000 per request
    assert workload_cost(tiered, small).monthly.by_component[0].unit_price == D("1")
    large = workload(usage={"input_tokens": 150_000})
    assert workload_cost(tiered, large).monthly.by_component[0].unit_price == D("2")


# --- ranking ---------------------------------------------------------------------------------


def test_ranking_orders_priced_models_and_lists_the_unpriceable_apart():
    cheap = spec("cheap", {"input": "0.1", "output": "0.4"})
    dear = spec("dear", {"input": "3", "output": "15"})
    unknown = spec("unknown", {"input": "0.05"})
    embedder = spec("embedder", {"input": "0.02"}, kind="embedding")
    ranking = rank_models([dear, unknown, embedder, cheap], workload())
    assert [m.id for m, _ in ranking.priced] == ["example/cheap", "example/dear"]
    assert [m.id for m, _ in ranking.unpriced] == ["example/unknown"]
    doc = ranking_json(ranking, top=1)
    assert [r["model"] for r in doc["priced"]] == ["example/cheap"]
    assert doc["priced_count"] == 2
    assert doc["unpriced"][0]["missing"][0]["component"] == "output"


def test_ranking_leaves_out_retired_models_and_flags_deprecated_ones():
    day = dt.date(2026, 11, 21)
    prices = {"input": "0.01", "output": "0.01"}
    gone = spec("gone", prices, status="retired")
    sunset = spec("sunset", prices, retires_on="2026-11-21")
    later = spec("later", prices, retires_on="2026-11-22", deprecated_on="2026-06-01")
    old = spec("old", {"input": "0.02", "output": "0.02"}, status="deprecated")
    live = spec("live", {"input": "1", "output": "1"})
    ranking = rank_models([gone, sunset, later, old, live], workload(), today=day)
    assert [m.id for m, _ in ranking.priced] == ["example/later", "example/old", "example/live"]
    assert [(m.id, why) for m, why in ranking.retired] == [
        ("example/gone", "status retired"), ("example/sunset", "retired on 2026-11-21")]
    doc = ranking_json(ranking)
    assert [(r["model"], r["deprecated"]) for r in doc["priced"]] == [
        ("example/later", True), ("example/old", True), ("example/live", False)]
    assert [r["model"] for r in doc["retired"]] == ["example/gone", "example/sunset"]
    # a day before the sunset, it still answers
    assert "example/sunset" in [m.id for m, _ in rank_models([sunset], workload(), today=dt.date(2026, 11, 20)).priced]


def test_the_image_preset_has_a_prompt_so_an_unknown_prompt_price_is_not_free():
    preset = find_workload("image-generation")
    assert preset.usage.input_tokens > 0
    unknown_prompt = spec("unknown-prompt", {"output_per_image": "0.04"}, kind="image-generation")
    free_prompt = spec("free-prompt", {"input": "0", "output_per_image": "0.05"}, kind="image-generation")
    ranking = rank_models([unknown_prompt, free_prompt], preset)
    assert [m.id for m, _ in ranking.priced] == ["example/free-prompt"]
    assert [m.id for m, _ in ranking.unpriced] == ["example/unknown-prompt"]
    assert ranking.unpriced[0][1].monthly.unknown[0].component == "input"


def test_ranking_filters_by_kind_capability_and_context():
    tools = spec("tools", {"input": "1", "output": "1"}, capabilities={"function_calling": True},
                 limits={"context_window": 200_000})
    small = spec("small", {"input": "0.5", "output": "0.5"}, capabilities={"function_calling": True},
                 limits={"context_window": 8_000})
    silent = spec("silent", {"input": "0.1", "output": "0.1"}, limits={"context_window": 1_000_000})
    ids = lambda r: [m.id for m, _ in r.priced]  # noqa: E731
    models = [tools, small, silent]
    assert ids(rank_models(models, workload(), require=["function_calling"])) == ["example/small", "example/tools"]
    assert ids(rank_models(models, workload(), min_context=100_000)) == ["example/silent", "example/tools"]
    assert ids(rank_models(models, workload(), kind="embedding")) == []


def test_estimate_request_matches_workload_per_request():
    w = workload(usage={"input_tokens": 1_234, "output_tokens": 56, "reasoning_tokens": 6})
    table = compile_prices(NO_CACHE)
    assert workload_cost(NO_CACHE, w).per_request == estimate_request(
        table, Usage(input_tokens=1_234, output_tokens=56, reasoning_tokens=6, requests=1))


# --- time-of-day prices in a monthly bill ------------------------------------------------------

WEEKDAYS_ONLY = ["mon", "tue", "wed", "thu", "fri"]
# DeepSeek-like off-peak hours: half price from 10:00 to midnight on weekdays and all weekend.
OFF_PEAK = spec("off-peak", {
    "input": "2", "output": "8",
    "windows": [
        {"name": "off-peak", "start": "10:00", "end": "00:00", "days": WEEKDAYS_ONLY, "input": "1", "output": "4"},
        {"name": "off-peak", "start": "00:00", "end": "00:00", "days": ["sat", "sun"], "input": "1", "output": "4"},
    ],
})


def test_traffic_spread_evenly_over_the_week_weighs_each_window_by_its_hours():
    from catalog.workloads import traffic_by_window

    shares = traffic_by_window(OFF_PEAK.pricing.windows, None)
    assert [s for s, _ in shares] == [D(50) / 168, D(70) / 168, D(48) / 168]  # peak, weekday evenings, weekend
    assert sum(s for s, _ in shares) == pytest.approx(1)
    assert [m for _, m in shares][0] == ("00:00", "mon")


def test_a_model_with_off_peak_hours_gets_its_blended_monthly_bill():
    # 2,000 input + 500 output tokens: $0.008 at peak, $0.004 off peak; 50 of 168 hours are peak.
    cost = workload_cost(OFF_PEAK, workload(), at=dt.date(2026, 11, 21), days_per_month=D(30))
    expected = (D("0.008") * 50 / 168 + D("0.004") * 118 / 168) * 30_000
    assert cost.monthly.total == pytest.approx(expected, rel=D("1e-20"))
    assert cost.per_request.total == D("0.008")  # one request with no time of day: base prices
    doc = workload_json(cost)
    # the weekday evenings and the weekend cost the same: one part
    assert [(p["window"], p["share"], p["total"]) for p in doc["parts"]] == [
        (None, str(D(50) / 168), "0.008"), ("off-peak", str(D(70) / 168 + D(48) / 168), "0.004")]


def test_busy_hours_move_traffic_into_the_hours_they_name():
    office = workload(busy_hours={"start": "02:00", "end": "10:00", "days": WEEKDAYS_ONLY, "share": "1"})
    cost = workload_cost(OFF_PEAK, office, at=dt.date(2026, 11, 21), days_per_month=D(30))
    assert cost.monthly.total == D("0.008") * 30_000  # every request at peak prices
    night = workload(busy_hours={"start": "20:00", "end": "23:00", "share": "0.5"})
    cost = workload_cost(OFF_PEAK, night, at=dt.date(2026, 11, 21), days_per_month=D(30))
    # half the requests in off-peak evenings; the other half spread over the 147 other hours, 50 of them peak
    expected = (D("0.004") / 2 + (D("0.008") * 50 / 147 + D("0.004") * 97 / 147) / 2) * 30_000
    assert cost.monthly.total == pytest.approx(expected, rel=D("1e-20"))


def test_a_datetime_prices_every_request_of_the_month_at_that_moment():
    saturday = dt.datetime(2026, 11, 21, 3, 0)
    cost = workload_cost(OFF_PEAK, workload(), at=saturday, days_per_month=D(30))
    assert cost.monthly.total == D("0.004") * 30_000


def test_cheapest_ranks_on_the_blended_bill():
    # Peak $0.007 a request, below OFF_PEAK's $0.008, but never cheaper off peak: the blended
    # bill of OFF_PEAK ($0.0052 on average) wins.
    flat = spec("flat", {"input": "1.5", "output": "8"})
    ranking = rank_models([flat, OFF_PEAK], workload(), at=dt.date(2026, 11, 21))
    assert [m.id for m, _ in ranking.priced] == ["example/off-peak", "example/flat"]


def test_busy_hours_must_have_a_length():
    with pytest.raises(ValueError, match="different times"):
        workload(busy_hours={"start": "08:00", "end": "08:00", "share": "0.5"})


def test_a_minimum_context_uses_the_published_input_limit_where_no_window_is_published():
    from catalog.workloads import fits

    only_input = spec("only-input", {"input": "1"}, limits={"max_input": 272_000, "max_output": 128_000})
    assert fits(only_input, ["chat"], min_context=200_000)
    assert not fits(only_input, ["chat"], min_context=300_000)
    assert not fits(spec("no-limits", {"input": "1"}), ["chat"], min_context=1)


def test_the_bill_text_names_each_time_window_and_its_share():
    from catalog.pricing import describe_estimate

    doc = workload_json(workload_cost(OFF_PEAK, workload(), at=dt.date(2026, 11, 21), days_per_month=D(30)))
    text = "\n".join(describe_estimate(doc))
    assert "per request, standard (0.2976 of requests): $0.008" in text
    assert "per request, standard off-peak (0.7024 of requests): $0.004" in text
    assert "standard $2.00, standard off-peak $1.00 per 1M tokens" in text
def test_ranking_gives_one_row_per_canonical_model_at_its_cheapest_offering():
    def offering(provider: str, name: str, price: str, base: str | None) -> ModelSpec:
        return ModelSpec.model_validate({"id": f"{provider}/{name}", "name": name, "provider": provider,
                                         "kind": "chat", "base_model": base,
                                         "pricing": {**SOURCE, "input": price, "output": price}})
    models = [offering("maker", "llama", "1", "llama"), offering("host-a", "meta-llama", "0.5", "llama"),
              offering("host-b", "llama-turbo", "0.2", "llama-turbo"),
              offering("host-c", "llama-us", "0.7", "llama"), offering("maker", "other", "0.6", None)]
    ranking = rank_models(models, workload())
    assert [m.id for m, _ in ranking.priced] == ["host-b/llama-turbo", "host-a/meta-llama", "maker/other"]
    assert ranking.other_offerings == {"host-b/llama-turbo": 0, "host-a/meta-llama": 2, "maker/other": 0}
    doc = ranking_json(ranking)
    assert [(r["canonical"], r["other_offerings"]) for r in doc["priced"]] == [
        ("llama-turbo", 0), ("llama", 2), ("maker/other", 0)]


def test_local_runtimes_are_left_out_unless_asked():
    local = ModelSpec.model_validate({"id": "ollama/llama3", "name": "llama3", "provider": "ollama", "kind": "chat",
                                      "pricing": {**SOURCE, "input": "0", "output": "0"}})
    hosted = spec("hosted", {"input": "1", "output": "1"})
    ranking = rank_models([local, hosted], workload(), local_providers={"ollama"})
    assert [m.id for m, _ in ranking.priced] == ["example/hosted"] and ranking.local_left_out == 1
    assert ranking_json(ranking)["local_runtime_offerings_left_out"] == 1
    asked = rank_models([local, hosted], workload(), local_providers={"ollama"}, include_local=True)
    assert [m.id for m, _ in asked.priced] == ["ollama/llama3", "example/hosted"]


def test_bundled_local_runtime_providers_are_marked():
    from catalog.identity import local_runtimes
    from catalog.load import load_catalog

    catalog = load_catalog()
    assert {"ollama", "lemonade"} <= local_runtimes(catalog.providers.values())
    assert "openai" not in local_runtimes(catalog.providers.values())
