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
