"""Similar models: same kind, family first, then provider, nearest features, ties by id."""

from __future__ import annotations

from peer_specs import spec

from catalog.similar import SimilarityIndex, similar_models


def chat(model_id, context, price, family=None, **fields):
    return spec(model_id, family=family, limits={"context_window": context},
                pricing={"input": price, "output": price}, **fields)


def test_family_ranks_above_provider_and_provider_above_the_rest():
    models = [
        chat("google/flash", 1_000_000, "0.1", "gemini-2.0"),
        chat("google/flash-lite", 1_000_000, "0.075", "gemini-2.0"),
        chat("vertex/flash", 8_000, "30", "gemini-2.0"),  # far on features, but same family
        chat("google/pro", 2_000_000, "1.25", "gemini-2.5"),
        chat("acme/twin", 1_000_000, "0.1"),  # nearest on features, other provider and family
        chat("acme/other", 1_000_000, "0.2"),
        spec("google/embed", "embedding", family="gemini-2.0"),
    ]
    similar = SimilarityIndex(models).nearest("google/flash")
    assert [(s.id, s.relation) for s in similar] == [
        ("google/flash-lite", "family"),
        ("vertex/flash", "family"),
        ("google/pro", "provider"),
        ("acme/twin", "kind"),
        ("acme/other", "kind"),
    ]
    assert similar[0].reason == "same family (gemini-2.0), similar price and context"
    assert similar[1].reason == "same family (gemini-2.0)"
    assert similar[2].reason == "same provider, similar context"
    assert similar[3].reason == "similar price and context"


def test_ties_are_broken_by_id_and_only_five_are_kept():
    models = [chat(f"acme/m{i}", 8192, "1") for i in (7, 3, 9, 1, 5, 2, 8)]
    similar = SimilarityIndex(models).nearest("acme/m5")
    assert [s.id for s in similar] == ["acme/m1", "acme/m2", "acme/m3", "acme/m7", "acme/m8"]
    assert len({s.distance for s in similar}) == 1  # all tied


def test_nearest_on_features_within_a_group():
    models = [chat("acme/base", 128_000, "1"), chat("acme/near", 100_000, "1.2"),
              chat("acme/far", 4_000, "60"), chat("acme/mid", 32_000, "3")]
    assert [s.id for s in similar_models(models)["acme/base"]] == ["acme/near", "acme/mid", "acme/far"]


def test_capabilities_and_modalities_count():
    base = dict(limits={"context_window": 8192})
    models = [
        spec("acme/a", capabilities={"vision": True, "function_calling": True},
             modalities={"input": ["text", "image"]}, **base),
        spec("acme/b", capabilities={"vision": True, "function_calling": True},
             modalities={"input": ["text", "image"]}, **base),
        spec("acme/c", capabilities={"reasoning": True}, modalities={"input": ["text"]}, **base),
    ]
    similar = similar_models(models)["acme/a"]
    assert [s.id for s in similar] == ["acme/b", "acme/c"]
    assert similar[0].reason == "same provider, similar context and capabilities"
    assert similar[0].distance < similar[1].distance


def exact_nearest(models, model_id, count=5):
    """The definition, by brute force: every other model of the kind, by (tier, distance, id)."""
    from catalog.similar import distance, profile
    me = profile(next(m for m in models if m.id == model_id))
    ranked = []
    for m in models:
        p = profile(m)
        if p.id == me.id or p.kind != me.kind:
            continue
        tier = 0 if me.family is not None and p.family == me.family else (1 if p.provider == me.provider else 2)
        ranked.append((tier, distance(me, p), p.id))
    return [r[2] for r in sorted(ranked)[:count]]


def random_chat(count, seed, providers, families):
    import random
    rnd = random.Random(seed)
    return [chat(f"p{rnd.randrange(providers)}/m{i}", rnd.choice([4096, 32768, 128_000, 1_000_000]),
                 str(rnd.choice([0, 0.1, 0.5, 3, 15])),
                 rnd.choice([None, *(f"f{j}" for j in range(families))]),
                 capabilities={"vision": rnd.random() < 0.3, "reasoning": rnd.random() < 0.5})
            for i in range(count)]


def test_small_kinds_get_the_exact_nearest_family_first_then_provider():
    models = random_chat(120, seed=3, providers=6, families=8)
    index = SimilarityIndex(models)
    for model in models:
        assert [s.id for s in index.nearest(model.id)] == exact_nearest(models, model.id), model.id


def test_a_large_kind_of_single_model_providers_is_searched_near_its_neighbours():
    from catalog.similar import EXACT_KIND_SIZE, distance, profile
    models = random_chat(1200, seed=5, providers=100_000, families=0)
    assert len(models) > EXACT_KIND_SIZE
    profiles = {m.id: profile(m) for m in models}
    index = SimilarityIndex(models)
    exact_hits = 0
    for model in models[:60]:
        found = index.nearest(model.id)
        assert len(found) == 5 and model.id not in {s.id for s in found}
        exact = exact_nearest(models, model.id)
        best = distance(profiles[model.id], profiles[exact[0]])
        exact_hits += found[0].distance == best
    # The approximation: neighbours in context and price order hold the nearest almost always.
    assert exact_hits >= 57


def test_a_provider_selling_hundreds_of_a_kind_is_searched_near_its_neighbours():
    """A provider with more models of a kind than EXACT_KIND_SIZE is searched like a large kind:
    each model measured against its neighbours in context and price order within the
    provider, not against all of them (whose cost grows with the square of the catalog). The
    nearest of the provider is still found almost always, and never a model of another
    provider while its own has closer ones."""
    import random

    from catalog.similar import EXACT_KIND_SIZE, WINDOW, distance, profile
    rnd = random.Random(7)
    # Varied enough that hardly two models share every feature (a provider of many copies of
    # one profile is cheap to search whole).
    models = [chat(f"p{i % 2}/m{i}", rnd.randrange(4_000, 2_000_000), f"{rnd.uniform(0.01, 30):.2f}",
                   capabilities={"vision": rnd.random() < 0.3, "reasoning": rnd.random() < 0.5})
              for i in range(1000)]
    profiles = {m.id: profile(m) for m in models}
    index = SimilarityIndex(models)
    assert min(len(index._by_provider[("chat", p)]) for p in ("p0", "p1")) > EXACT_KIND_SIZE
    measured = []
    original = index._rank

    def rank(me, wanted):
        found = original(me, wanted)
        measured.append(len(list(index._pool(me, wanted))))
        return found

    index._rank = rank
    exact_hits = 0
    for model in models[:60]:
        found = index.nearest(model.id)
        assert len(found) == 5 and model.id not in {s.id for s in found}
        assert all(s.relation == "provider" for s in found)
        exact = exact_nearest(models, model.id)
        exact_hits += found[0].distance == distance(profiles[model.id], profiles[exact[0]])
    assert exact_hits >= 57
    assert max(measured) <= 4 * WINDOW < EXACT_KIND_SIZE  # the windows, not the whole provider


def test_retired_models_and_dated_twins_are_not_listed():
    models = [
        chat("openai/gpt-image-1.5", 8192, "5"),
        chat("openai/gpt-image-1.5-2025-12-16", 8192, "5"),
        chat("openai/gpt-image-2", 8192, "5"),
        chat("openai/gpt-image-2-20260301", 8192, "5"),
        chat("openai/gpt-image-2-0301", 8192, "5"),
        chat("openai/old", 8192, "5", status="retired"),
        chat("openai/ending", 8192, "5", retires_on="2026-10-01"),
        chat("openai/gpt-4-0613x", 8192, "5"),
    ]
    import datetime as dt
    index = SimilarityIndex(models, dt.date(2026, 11, 21))
    assert [s.id for s in index.nearest("openai/gpt-image-1.5")] == ["openai/gpt-4-0613x", "openai/gpt-image-2"]
    # A dated snapshot's page lists neither itself nor its undated twin.
    assert [s.id for s in index.nearest("openai/gpt-image-1.5-2025-12-16")] == [
        "openai/gpt-4-0613x", "openai/gpt-image-2"]
    # A retired model's own page still gets live similar models.
    assert [s.id for s in index.nearest("openai/old")] == [
        "openai/gpt-4-0613x", "openai/gpt-image-1.5", "openai/gpt-image-2"]


def test_copies_of_the_same_canonical_model_are_never_similar():
    copies = [chat(f"host{i}/llama-70b", 128_000, 0.8, base_model="llama-70b") for i in range(4)]
    copies.append(chat("maker/llama-70b", 128_000, 0.9, base_model="llama-70b"))
    others = [chat(f"other{i}/m", 128_000 * (i + 1), 1 + i) for i in range(6)]
    index = SimilarityIndex(copies + others, first_party={"maker"})
    for model in copies:
        found = [s.id for s in index.nearest(model.id)]
        assert len(found) == 5 and not [f for f in found if "llama" in f], (model.id, found)
    # other models see the canonical model once, through the maker's offering
    found = [s.id for s in index.nearest("other0/m", count=10)]
    assert [f for f in found if "llama" in f] == ["maker/llama-70b"]
