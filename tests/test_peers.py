"""Percentiles, rarity, strengths and caveats on hand-built peer sets."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from peer_specs import TODAY, image_peers, seed_model, spec

from catalog.claims import caveats, strengths
from catalog.enrich import STALE_AFTER_DAYS, enrich, findings_by_model, to_json
from catalog.findings import Finding
from catalog.load import DEFAULT_STALE_DAYS
from catalog.peers import BLENDED_PRICE, CAPABILITIES, capability_shares, peer_standings, top_percent


def standing(standings, model_id, metric_key):
    found = [s for s in standings[model_id] if s.metric.key == metric_key]
    return found[0] if found else None


def chat_with_context(*contexts):
    return [spec(f"acme/m{i}", limits={"context_window": c}) for i, c in enumerate(contexts)]


# --- the percentile definition ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "n", "k"),
    [(1, 5, 20), (2, 5, 40), (5, 5, 100), (1, 3, 34), (3, 7, 43), (29, 100, 29), (57, 100, 57),
     (1, 4553, 1), (4553, 4553, 100), (7, 700, 1)],
)
def test_top_percent_is_the_exact_ceiling(rank, n, k):
    # 29/100*100 is 28.999999999999996 in floats; the integer ceiling has no such surprise.
    assert top_percent(rank, n) == k


def test_ties_share_the_best_rank():
    models = chat_with_context(1000, 2000, 2000, 2000, 4000)
    standings = peer_standings(models)
    tied = [standing(standings, f"acme/m{i}", "context_window") for i in (1, 2, 3)]
    assert {(s.rank, s.top_percent) for s in tied} == {(2, 40)}
    assert standing(standings, "acme/m4", "context_window").rank == 1
    assert standing(standings, "acme/m0", "context_window").rank == 5


def test_four_peers_make_no_claim_five_do():
    four = peer_standings(chat_with_context(1000, 2000, 3000, 128_000))
    best_of_four = standing(four, "acme/m3", "context_window")
    assert (best_of_four.n, best_of_four.rank, best_of_four.top_percent) == (4, None, None)

    five = peer_standings(chat_with_context(1000, 2000, 3000, 4000, 128_000))
    best_of_five = standing(five, "acme/m4", "context_window")
    assert (best_of_five.n, best_of_five.rank, best_of_five.top_percent) == (5, 1, 20)


def test_unknown_values_are_not_peers():
    models = [spec(f"acme/m{i}", pricing={"input": str(i + 1)}) for i in range(4)]
    models += [spec("acme/unpriced", pricing={}), spec("acme/no-pricing")]
    standings = peer_standings(models)
    assert standing(standings, "acme/m0", "price.input").n == 4
    assert standing(standings, "acme/m0", "price.input").top_percent is None
    assert standing(standings, "acme/unpriced", "price.input") is None
    assert standing(standings, "acme/no-pricing", "price.input") is None


def test_lower_is_better_for_prices_and_zero_is_the_best_price():
    models = [spec(f"acme/m{i}", pricing={"output": p}) for i, p in enumerate(["0", "1", "2", "3", "4"])]
    standings = peer_standings(models)
    assert standing(standings, "acme/m0", "price.output").rank == 1
    assert standing(standings, "acme/m4", "price.output").rank == 5
    free = strengths(models[0], standings["acme/m0"], capability_shares(models)["chat"])
    assert [c.sentence for c in free] == ["$0.00 per 1M output tokens (free), top 20% of chat models (n=5)."]


def every_flag(**advertised: bool) -> dict[str, bool]:
    """Capabilities of a spec that documents every one: the given ones, the rest false."""
    return {c: advertised.get(c, False) for c in CAPABILITIES}


def test_higher_is_better_for_context_benchmarks_and_capability_count():
    models = [
        spec(f"acme/m{i}", limits={"context_window": 1000 * (i + 1)},
             capabilities=every_flag(streaming=True, vision=i >= 2, reasoning=i >= 4),
             benchmarks=[{"name": "MMLU", "score": 50 + i, "date": "2025-01-01",
                          "source": "https://example.com/mmlu"}])
        for i in range(5)
    ]
    standings = peer_standings(models)
    for key in ("context_window", "capability_count", "benchmark.MMLU"):
        assert standing(standings, "acme/m4", key).rank == 1, key
    assert standing(standings, "acme/m0", "capability_count").value == 1


def test_latency_from_smoke_results_is_lower_is_better():
    models = [spec(f"acme/m{i}") for i in range(6)]
    latency = {f"acme/m{i}": 0.5 * (i + 1) for i in range(5)}  # m5 was never measured
    standings = peer_standings(models, latency)
    assert standing(standings, "acme/m0", "latency").rank == 1
    assert standing(standings, "acme/m4", "latency").top_percent == 100
    assert standing(standings, "acme/m5", "latency") is None


def test_peers_are_models_of_the_same_kind():
    models = chat_with_context(1000, 2000, 3000, 4000, 5000)
    models.append(spec("acme/embed", "embedding", limits={"context_window": 8000}))
    standings = peer_standings(models)
    assert standing(standings, "acme/embed", "context_window").n == 1
    assert standing(standings, "acme/m4", "context_window").rank == 1


def test_blended_price_needs_both_prices():
    models = [spec(f"acme/m{i}", pricing={"input": "1", "output": "5"}) for i in range(5)]
    models.append(spec("acme/half", pricing={"input": "1"}))
    standings = peer_standings(models)
    assert standing(standings, "acme/m0", "blended_price").value == Decimal(2)
    assert standing(standings, "acme/m0", "blended_price").n == 5
    assert standing(standings, "acme/half", "blended_price") is None


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate model id 'acme/m0'"):
        peer_standings([spec("acme/m0"), spec("acme/m0")])


# --- rarity ----------------------------------------------------------------------------------


def test_rarity_counts_only_peers_that_document_the_capability():
    # vision: true for 3, false for 9, absent (unknown) for 8 of 20 image models
    models = [spec(f"acme/img-{i}", "image-generation",
                   capabilities={"image_output": True,
                                 "vision": True if i < 3 else (False if i % 2 else None)})
              for i in range(20)]
    share = capability_shares(models)["image-generation"]["vision"]
    assert (share.advertisers, share.n, share.group, share.percent) == (3, 12, 20, 25)
    assert share.sentence == ("Vision input: only 25% of the image-generation models that document it "
                              "advertise it (n=12 of 20).")
    enriched = enrich(models, today=TODAY, with_similar=False)
    rare = [c for c in enriched["acme/img-0"].strengths if c.kind == "rare-capability"]
    assert [(c.capability, c.top_percent, c.peer_count) for c in rare] == [("vision", 25, 12)]
    assert not [c for c in enriched["acme/img-9"].strengths if c.kind == "rare-capability"]


def test_no_rarity_claim_when_too_few_peers_document_the_capability():
    # 6 of 20 document vision (at least 5, but under a third of the group): nothing is claimed.
    models = [spec(f"acme/img-{i}", "image-generation",
                   capabilities={"image_output": True, "vision": (i == 0) if i < 6 else None})
              for i in range(20)]
    share = capability_shares(models)["image-generation"]["vision"]
    assert (share.n, share.group, share.well_documented, share.is_rare) == (6, 20, False, False)
    enriched = enrich(models, today=TODAY, with_similar=False)
    assert [r.capability for r in enriched["acme/img-0"].rarity] == ["image_output"]
    assert not [c for c in enriched["acme/img-0"].strengths if c.kind == "rare-capability"]


def test_copies_of_one_model_are_one_peer():
    # Five resellers of one model with streaming, four other models without: among canonical
    # models streaming is rare (1 of 5), though 5 of 9 offerings have it.
    copies = [spec(f"host{i}/llama", capabilities={"streaming": True}, base_model="llama") for i in range(5)]
    others = [spec(f"acme/m{i}", capabilities={"streaming": False}) for i in range(4)]
    shares = capability_shares(copies + others)["chat"]["streaming"]
    assert (shares.advertisers, shares.n, shares.group) == (1, 5, 5)
    standings = peer_standings(copies + others + [spec("acme/big", limits={"context_window": 9000})])
    assert standing(standings, "acme/big", "context_window").n == 1  # no copy has a context


def test_no_rarity_claim_on_fewer_than_five_models():
    models = [spec(f"acme/img-{i}", "image-generation", capabilities={"vision": i == 0}) for i in range(4)]
    enriched = enrich(models, today=TODAY, with_similar=False)
    assert enriched["acme/img-0"].rarity == ()
    assert enriched["acme/img-0"].strengths == ()


# --- strengths -------------------------------------------------------------------------------


def test_strength_sentence_names_value_percentile_kind_and_n():
    models = [spec(f"acme/img-{i}", "image-generation", limits={"max_output": 1000 + i})
              for i in range(56)]
    models.append(spec("acme/big", "image-generation", limits={"max_output": 32768}))
    enriched = enrich(models, today=TODAY, with_similar=False)
    claim = next(c for c in enriched["acme/big"].strengths if c.metric == "max_output")
    assert claim.sentence == "32,768-token max output, top 2% of image-generation models (n=57)."
    assert (claim.kind, claim.value, claim.top_percent, claim.peer_count) == ("top-metric", 32768, 2, 57)


def test_a_top_rank_every_peer_shares_is_no_strength():
    models = chat_with_context(8000, 8000, 8000, 8000, 8000)
    standings = peer_standings(models)
    assert standing(standings, "acme/m0", "context_window").top_percent == 20  # the definition
    assert strengths(models[0], standings["acme/m0"], capability_shares(models)["chat"]) == ()


def test_seed_model_unknown_token_prices_are_never_a_strength():
    models = [seed_model(), *image_peers()]
    enriched = enrich(models, today=TODAY)["google/gemini-2.0-flash-exp-image-generation"]
    metrics = {s.metric.key for s in enriched.metrics}
    assert "price.input" not in metrics and "price.output" not in metrics
    assert not [c for c in enriched.strengths if c.metric and c.metric.startswith("price.")
                and c.metric != "price.output_per_image"]
    # Its per-image price is the cheapest: a real strength. Vision is rare among these peers.
    kinds = {(c.kind, c.metric or c.capability) for c in enriched.strengths}
    assert ("top-metric", "price.output_per_image") in kinds
    assert ("rare-capability", "vision") in kinds


def test_seed_model_lists_its_deprecation_first():
    models = [seed_model(), *image_peers()]
    enriched = enrich(models, today=TODAY)["google/gemini-2.0-flash-exp-image-generation"]
    assert enriched.caveats[0].kind == "deprecated"
    assert enriched.caveats[0].value == dt.date(2025, 11, 14)
    assert "2025-11-14" in enriched.caveats[0].sentence


# --- caveats ---------------------------------------------------------------------------------


def caveat_kinds(model, peers=(), **kwargs):
    models = [model, *peers]
    standings = peer_standings(models)
    shares = capability_shares(models)[model.kind]
    return caveats(model, standings[model.id], shares, today=TODAY,
                   stale_after_days=kwargs.get("stale_after_days", STALE_AFTER_DAYS),
                   findings=kwargs.get("findings", ()))


def test_deprecated_retired_retiring_and_preview():
    deprecated = spec("acme/old", status="deprecated", deprecated_on="2025-11-14",
                      retires_on="2027-01-01", successor="acme/new", pricing={"input": "1", "output": "2"})
    [claim] = caveat_kinds(deprecated)
    assert claim.sentence == ("Deprecated on 2025-11-14, retires on 2027-01-01: new use is discouraged; "
                              "use acme/new instead.")
    retired = spec("acme/gone", status="retired", retires_on="2026-01-01", pricing={"input": "1", "output": "2"})
    assert caveat_kinds(retired)[0].sentence == "Retired on 2026-01-01: it no longer answers requests."
    # A past deprecation date counts even when the status was not updated.
    stale_status = spec("acme/late", deprecated_on="2026-01-01", pricing={"input": "1", "output": "2"})
    assert caveat_kinds(stale_status)[0].kind == "deprecated"
    retiring = spec("acme/soon", retires_on="2026-12-01", pricing={"input": "1", "output": "2"})
    assert caveat_kinds(retiring)[0].sentence == "Retires on 2026-12-01, in 10 days."
    preview = spec("acme/beta", status="preview", pricing={"input": "1", "output": "2"})
    assert [c.kind for c in caveat_kinds(preview)] == ["preview"]


def test_stale_verification_uses_the_rule_threshold():
    assert STALE_AFTER_DAYS == DEFAULT_STALE_DAYS == 180
    old = spec("acme/m", pricing={"input": "1", "output": "2"}, verified=dt.date(2025, 1, 3))
    [claim] = caveat_kinds(old)
    assert claim.sentence == "Prices last verified 2025-01-03, 687 days ago."
    assert claim.value == dt.date(2025, 1, 3)
    at_threshold = spec("acme/m", pricing={"input": "1", "output": "2"},
                        verified=TODAY - dt.timedelta(days=180))
    assert caveat_kinds(at_threshold) == ()
    assert caveat_kinds(at_threshold, stale_after_days=179)[0].kind == "stale-pricing"


def test_unknown_prices_that_the_kind_needs():
    chat = spec("acme/chat", pricing={"input": "1"})
    [claim] = caveat_kinds(chat)
    assert (claim.kind, claim.value) == ("unknown-price", ("output",))
    assert "output tokens" in claim.sentence and "$0" not in claim.sentence
    unpriced = spec("acme/none", "embedding")
    assert caveat_kinds(unpriced)[0].sentence == "No prices are published: its cost is unknown."
    image = spec("acme/img", "image-generation", pricing={"input": "5"})
    assert caveat_kinds(image)[0].value == ("output_per_image", "output_image")
    assert caveat_kinds(image)[0].sentence == (
        "Its price for generated image or image output tokens is not published, so a cost estimate "
        "that needs it cannot be made.")
    # Priced per image by size and quality, the prompt said to be free: nothing is unknown.
    sized = spec("acme/img", "image-generation", pricing={
        "input": "0", "output_images": [{"size": "1024x1024", "quality": "standard", "price": "0.04"}]})
    assert caveat_kinds(sized) == ()
    # A prompted kind whose prompt price is absent: unknown, not free.
    [prompt] = caveat_kinds(spec("acme/img", "image-generation", pricing={"output_per_image": "0.04"}))
    assert prompt.value == ("input",)
    transcription = spec("acme/stt", "transcription", pricing={"input_per_second": "0.0001"})
    assert caveat_kinds(transcription) == ()
    tts = spec("acme/tts", "speech", modalities={"input": ["text"], "output": ["audio"]},
               pricing={"input_characters": "15"})
    assert caveat_kinds(tts) == ()
    # The seed bills prompt and text-answer tokens, which its spec leaves unknown.
    seed = caveat_kinds(seed_model(), image_peers())
    assert seed[0].kind == "deprecated"
    [unknown] = [c for c in seed if c.kind == "unknown-price"]
    assert unknown.value == ("input", "output")
    assert unknown.sentence == ("Its prices for input tokens and output tokens are not published, so a "
                                "cost estimate that needs them cannot be made.")


def test_caveats_and_faq_agree_on_unknown_prices():
    from catalog.faq import faq_entries
    dalle = spec("openai/dall-e-3", "image-generation", modalities={"input": ["text"], "output": ["image"]},
                 pricing={"input": "0", "output_images": [
                     {"size": "1024x1024", "quality": "standard", "price": "0.04"}]})
    for model in (seed_model(), dalle, spec("acme/half", pricing={"input": "3"})):
        unknown = [c.value for c in caveat_kinds(model) if c.kind == "unknown-price"]
        cost = next(e.answer for e in faq_entries(model, today=TODAY) if e.question.startswith("How much"))
        assert ("not published" in cost) == bool(unknown), model.id
    assert not [c for c in caveat_kinds(dalle) if c.kind == "unknown-price"]


def test_a_capability_most_peers_have_and_it_lacks():
    peers = [spec(f"acme/m{i}", capabilities={"streaming": True, "function_calling": True}) for i in range(5)]
    lacking = spec("acme/plain", capabilities={"function_calling": False}, pricing={"input": "1", "output": "1"})
    claims = {c.capability: c for c in caveat_kinds(lacking, peers) if c.kind == "missing-capability"}
    # Streaming is absent (unknown) on acme/plain: no caveat, an unknown is not a lack.
    assert "streaming" not in claims
    assert claims["function_calling"].sentence == ("Function calling not supported, though 83% of the chat "
                                                  "models that document it advertise it (n=6 of 6).")
    assert claims["function_calling"].value is False


def test_bottom_quarter_where_it_matters():
    models = [spec(f"acme/m{i}", limits={"context_window": 100_000 * (i + 1)},
                   pricing={"input": str(i + 1), "output": str(4 * (i + 1))}) for i in range(7)]
    models.append(spec("acme/costly", limits={"context_window": 4096}, pricing={"input": "50", "output": "200"}))
    claims = [c for c in caveat_kinds(models[-1], models[:-1]) if c.kind == "weak-metric"]
    assert [c.metric for c in claims] == [BLENDED_PRICE.key, "context_window"]
    assert claims[0].sentence == ("$87.50 per 1M tokens blended (3 input : 1 output), among the priciest "
                                  "13% of chat models (n=8).")
    assert claims[1].sentence == "4,096-token context window, among the smallest 13% of chat models (n=8)."
    assert all(c.top_percent == 100 and c.peer_count == 8 for c in claims)
    # Capability count is not a weakness worth a caveat; the lacking capability says it.
    assert not [c for c in claims if c.metric == "capability_count"]


def test_rule_warnings_from_import_are_caveats():
    files = {"acme/m": (Path("data/imported/litellm/models/acme/m.yaml"), Path("data/models/acme/m.yaml")),
             "acme/other": (Path("data/imported/litellm/models/acme/other.yaml"),)}
    warning = Finding(Path("data/imported/litellm/models/acme/m.yaml"), 7, 3, "warning",
                      "limits.output-within-context", "max_output 8192 exceeds context_window 4096 "
                      "(imported; flagged)")
    stale = Finding(Path("data/models/acme/m.yaml"), 4, 3, "warning", "pricing.stale", "prices verified ...")
    by_model = findings_by_model([warning, stale], files)
    assert by_model == {"acme/m": [warning, stale]}
    model = spec("acme/m", pricing={"input": "1", "output": "1"})
    enriched = enrich([model], today=TODAY, findings=by_model)["acme/m"]
    # The stale rule is said once, by our own stale caveat; the doubt about the limits is told
    # in a reader's words, never in the check's.
    assert [(c.kind, c.value) for c in enriched.caveats] == [("doubtful-data", "limits.output-within-context")]
    assert enriched.caveats[0].sentence.startswith("Its published limits disagree")
    assert "check" not in enriched.caveats[0].sentence.split(":")[0] and "flagged" not in enriched.caveats[0].sentence


def test_warnings_about_data_tidiness_are_not_caveats():
    files = {"acme/m": (Path("data/imported/litellm/models/acme/m.yaml"),)}
    tidy = [Finding(Path("data/imported/litellm/models/acme/m.yaml"), 7, 3, "warning", rule, "x (imported; flagged)")
            for rule in ("pricing.source-is-dataset", "capabilities.media-needs-modality",
                         "lifecycle.retired-but-listed")]
    model = spec("acme/m", pricing={"input": "1", "output": "1"})
    enriched = enrich([model], today=TODAY, findings=findings_by_model(tidy, files))["acme/m"]
    assert not [c for c in enriched.caveats if c.kind == "doubtful-data"]


def test_json_form_keeps_decimals_as_strings():
    models = [seed_model(), *image_peers()]
    enriched = enrich(models, today=TODAY)["google/gemini-2.0-flash-exp-image-generation"]
    data = json.loads(json.dumps(to_json(enriched)))
    per_image = next(m for m in data["metrics"] if m["metric"] == "price.output_per_image")
    assert per_image["value"] == "0.039"
    assert per_image["rank"] == 1 and per_image["n"] == 7 and per_image["top_percent"] == 15
    assert data["caveats"][0]["kind"] == "deprecated" and data["caveats"][0]["value"] == "2025-11-14"
    assert {"kind", "metric", "capability", "value", "top_percent", "peer_count", "sentence"} <= set(
        data["strengths"][0])
    assert len(data["similar"]) == 5 and data["faq"]


# --- successors ------------------------------------------------------------------------------


def test_a_retired_successor_is_skipped_for_the_first_that_still_answers():
    from peer_specs import successor_chain

    from catalog.claims import successor_advice
    seed, retired, live = successor_chain()
    by_id = {m.id: m for m in (seed, retired, live)}
    enriched = enrich([seed, retired, live], today=TODAY)[seed.id]
    assert enriched.caveats[0].sentence == (
        "Deprecated on 2025-11-14: new use is discouraged; its successor google/gemini-2.5-flash-image "
        "has also been retired; use google/gemini-3.1-flash-image.")
    # A live direct successor, or one the catalog does not know, is recommended as it is.
    assert successor_advice(seed, {}, TODAY) == "use google/gemini-2.5-flash-image instead"
    assert successor_advice(retired, by_id, TODAY) == "use google/gemini-3.1-flash-image instead"
    # Before 2026-10-02 the direct successor still answered.
    assert successor_advice(seed, by_id, dt.date(2026, 9, 1)) == "use google/gemini-2.5-flash-image instead"


def test_a_successor_cycle_of_retired_models_ends():
    from catalog.claims import successor_advice
    a = spec("acme/a", status="retired", successor="acme/b")
    b = spec("acme/b", status="retired", successor="acme/c")
    c = spec("acme/c", status="retired", successor="acme/b")
    assert successor_advice(a, {m.id: m for m in (a, b, c)}, TODAY) == (
        "its successor acme/b has also been retired, and no successor that still answers is listed")


def test_capability_count_needs_every_capability_documented():
    documented = [spec(f"acme/m{i}", capabilities=every_flag(streaming=i < 4, vision=i == 0)) for i in range(5)]
    partial = [spec(f"bolt/m{i}", capabilities={"streaming": True}) for i in range(20)]
    models = documented + partial
    standings = peer_standings(models)
    assert standing(standings, "bolt/m0", "capability_count") is None  # the rest is unknown
    count = standing(standings, "acme/m0", "capability_count")
    assert (count.value, count.n, count.rank) == (2, 5, 1)
    shares = capability_shares(models)["chat"]
    assert (shares["streaming"].advertisers, shares["streaming"].n) == (24, 25)
    # vision is documented by 5 of 25 peers: too few (under a third) for a rarity claim
    assert (shares["vision"].advertisers, shares["vision"].n, shares["vision"].is_rare) == (1, 5, False)
    enriched = enrich(models, today=TODAY, with_similar=False)
    assert not [c for c in enriched["acme/m0"].strengths if c.kind == "rare-capability"]
    sentences = [c.sentence for c in enriched["acme/m0"].strengths]
    assert "2 capabilities advertised, top 20% of chat models (n=5)." in sentences


def test_one_capability_is_singular():
    from catalog.claims import format_value
    from catalog.peers import CAPABILITY_COUNT
    assert format_value(CAPABILITY_COUNT, 1) == "1 capability advertised"
    assert format_value(CAPABILITY_COUNT, 3) == "3 capabilities advertised"


def test_a_kind_where_no_model_documents_capabilities_makes_no_capability_claim():
    models = [spec(f"acme/m{i}", "embedding") for i in range(6)]
    share = capability_shares(models)["embedding"]["streaming"]
    assert (share.n, share.percent, share.is_rare, share.is_common) == (0, 0, False, False)
    assert all(not m.strengths for m in enrich(models, today=TODAY, with_similar=False).values())


def test_prices_are_those_in_force_today_not_a_change_announced_for_later():
    from catalog.faq import faq_entries
    source = "https://example.com/pricing"
    announced = spec("acme/cut", pricing={"input": "0.1", "output": "0.1", "effective": "2027-01-01"},
                     price_history=[{"source": source, "verified": TODAY, "input": "9", "output": "9"}])
    peers = [spec(f"acme/m{i}", pricing={"input": str(i + 1), "output": str(i + 1)}) for i in range(5)]
    standings = peer_standings([announced, *peers], today=TODAY)
    assert standing(standings, "acme/cut", "price.input").value == Decimal(9)
    assert standing(standings, "acme/cut", "price.input").rank == 6
    cost = next(e.answer for e in faq_entries(announced, today=TODAY) if e.question.startswith("How much"))
    assert cost.startswith("It costs $9.00 per 1M input tokens")
    enriched = enrich([announced, *peers], today=TODAY)["acme/cut"]
    assert not [c for c in enriched.strengths if c.metric and "price" in c.metric]
    # From the effective date on, the new prices are the ones that count.
    later = peer_standings([announced, *peers], today=dt.date(2027, 1, 2))
    assert standing(later, "acme/cut", "price.input").rank == 1


def test_a_free_model_is_free_once_among_its_strengths():
    models = [spec("acme/free", pricing={"input": "0", "output": "0"})]
    models += [spec(f"acme/m{i}", pricing={"input": str(i + 1), "output": str(i + 2)}) for i in range(7)]
    enriched = enrich(models, today=TODAY, with_similar=False)["acme/free"]
    free = [c.sentence for c in enriched.strengths if "free" in c.sentence.lower()]
    assert free == ["Free input and output tokens, top 13% of chat models (n=8)."]


def test_a_low_standing_reads_as_bottom_not_top_96_percent():
    from catalog.enrich import describe_enriched
    models = chat_with_context(*range(1000, 26000, 1000))
    text = "\n".join(describe_enriched(enrich(models, today=TODAY, with_similar=False)["acme/m0"]))
    assert "1,000-token context window (rank 25 of 25, bottom 4%)" in text
    assert "top 100%" not in text


def test_an_offering_is_not_ranked_against_its_own_model():
    # azure's copy costs more than the maker's; among the other models it is still the cheapest.
    maker = spec("maker/m", pricing={"input": "1", "output": "1"}, base_model="m")
    copy = spec("azure/m", pricing={"input": "2", "output": "2"}, base_model="m")
    others = [spec(f"acme/o{i}", pricing={"input": str(3 + i), "output": str(3 + i)}) for i in range(4)]
    standings = peer_standings([maker, copy, *others], first_party={"maker"})
    placed = standing(standings, "azure/m", "price.input")
    assert (placed.n, placed.rank, placed.worse_count) == (5, 1, 4)
    assert standing(standings, "maker/m", "price.input").rank == 1


def test_share_thresholds_are_exact_at_their_boundaries():
    """A third of the group, a quarter and three quarters of the documenting peers, compared
    exactly: 54 of 163 peers is a hair under a third (0.33 would let it through), 55 is over."""
    from catalog.peers import CapabilityShare

    def share(advertisers: int, n: int, group: int) -> CapabilityShare:
        return CapabilityShare("chat", "vision", advertisers, n, group)

    assert not share(10, 54, 163).well_documented and share(10, 55, 163).well_documented
    assert share(1, 5, 15).well_documented and not share(1, 5, 16).well_documented  # exactly a third
    assert not share(1, 4, 4).well_documented  # fewer than 5 peers
    assert share(5, 20, 20).is_rare and not share(6, 20, 20).is_rare  # at most a quarter
    assert share(15, 20, 20).is_common and not share(14, 20, 20).is_common  # at least three quarters
    assert not share(0, 54, 163).is_rare  # too few documenting peers to say
