"""Properties of the percentiles and similar models, checked on random peer sets."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from peer_specs import TODAY, spec

from catalog.enrich import enrich
from catalog.peers import CAPABILITIES, peer_standings

KINDS = ("chat", "embedding", "image-generation")
CAPS = ("vision", "streaming", "function_calling", "reasoning")


@st.composite
def peer_sets(draw):
    """Up to 14 models over three kinds, with many ties and unknown values."""
    count = draw(st.integers(min_value=1, max_value=14))
    models = []
    for i in range(count):
        context = draw(st.none() | st.sampled_from([1024, 4096, 4096, 32768, 128000]))
        price = draw(st.none() | st.sampled_from(["0", "0.5", "0.5", "3", "15"]))
        output = draw(st.none() | st.sampled_from(["0", "2", "2", "60"]))
        caps = {c: draw(st.sampled_from([True, False, None])) for c in CAPS}
        if draw(st.booleans()):  # a spec that documents every capability has a capability count
            caps = {c: bool(caps.get(c)) for c in CAPABILITIES}
        pricing = {k: v for k, v in (("input", price), ("output", output)) if v is not None}
        models.append(spec(
            f"{draw(st.sampled_from(['acme', 'bolt']))}-{i}/m{i}",
            draw(st.sampled_from(KINDS)),
            family=draw(st.none() | st.sampled_from(["fam-a", "fam-b"])),
            limits={"context_window": context} if context else {},
            capabilities=caps,
            pricing=pricing,
        ))
    return models


def by_key(standings):
    return {(model_id, s.metric.key): s for model_id, placed in standings.items() for s in placed}


@settings(max_examples=60, deadline=None)
@given(peer_sets(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(models, rnd):
    shuffled = list(models)
    rnd.shuffle(shuffled)
    assert by_key(peer_standings(models)) == by_key(peer_standings(shuffled))
    assert enrich(models, today=TODAY) == enrich(shuffled, today=TODAY)


def expected_values(model):
    """Each metric's value read straight from the spec, by the definition (not by the code under test)."""
    values = {}
    if model.limits.context_window is not None:
        values["context_window"] = model.limits.context_window
    prices = model.pricing
    if prices is not None:
        for name in ("input", "output"):
            if getattr(prices, name) is not None:
                values[f"price.{name}"] = getattr(prices, name)
        if prices.input is not None and prices.output is not None:
            values["blended_price"] = (3 * prices.input + prices.output) / 4
    flags = [getattr(model.capabilities, c) for c in CAPABILITIES]
    if all(f is not None for f in flags):
        values["capability_count"] = sum(f is True for f in flags)
    return values


@settings(max_examples=60, deadline=None)
@given(peer_sets())
def test_ranks_match_the_definition(models):
    """rank = 1 + peers of the kind with a known, strictly better value; k = ceil(100 rank / n)."""
    higher_is_better = {"context_window": True, "capability_count": True,
                        "price.input": False, "price.output": False, "blended_price": False}
    expected = {m.id: expected_values(m) for m in models}
    standings = by_key(peer_standings(models))
    assert set(standings) == {(m, key) for m, values in expected.items() for key in values}
    for model in models:
        for key, value in expected[model.id].items():
            s = standings[(model.id, key)]
            known = [expected[o.id][key] for o in models if o.kind == model.kind and key in expected[o.id]]
            better = sum(1 for v in known if (v > value if higher_is_better[key] else v < value))
            assert s.value == value and s.n == len(known)
            if len(known) < 5:
                assert s.rank is None and s.top_percent is None
                continue
            assert s.rank == 1 + better
            assert 1 <= s.rank <= s.n
            assert s.top_percent == math.ceil(Fraction(100 * s.rank, s.n))
            assert 1 <= s.top_percent <= 100


@settings(max_examples=60, deadline=None)
@given(peer_sets())
def test_tied_models_get_the_same_percentile(models):
    kind_of = {m.id: m.kind for m in models}
    seen = {}
    for (model_id, key), s in by_key(peer_standings(models)).items():
        group = (kind_of[model_id], key, s.value)
        assert seen.setdefault(group, (s.rank, s.top_percent)) == (s.rank, s.top_percent)


@settings(max_examples=40, deadline=None)
@given(peer_sets())
def test_similar_models_are_same_kind_family_first_and_never_itself(models):
    enriched = enrich(models, today=TODAY)
    by_id = {m.id: m for m in models}
    for model in models:
        similar = enriched[model.id].similar
        same_kind = [m for m in models if m.kind == model.kind and m.id != model.id]
        assert len(similar) == min(5, len(same_kind))
        assert all(by_id[s.id].kind == model.kind and s.id != model.id for s in similar)
        tiers = [{"family": 0, "provider": 1, "kind": 2}[s.relation] for s in similar]
        assert tiers == sorted(tiers)
        if model.family is not None:
            family = [m for m in same_kind if m.family == model.family]
            assert tiers.count(0) == min(5, len(family))


def test_a_shuffled_large_set_gives_the_same_enrichment():
    rnd = random.Random(7)
    models = [
        spec(f"p{i % 4}/m{i}", KINDS[i % 3], limits={"context_window": rnd.choice([4096, 8192, 128000])},
             capabilities={"vision": rnd.random() < 0.2, "streaming": rnd.random() < 0.9},
             pricing={"input": str(rnd.choice([0, 1, 2, 3])), "output": str(rnd.choice([1, 4, 8]))})
        for i in range(60)
    ]
    shuffled = models[::-1]
    assert enrich(models, today=TODAY) == enrich(shuffled, today=TODAY)
