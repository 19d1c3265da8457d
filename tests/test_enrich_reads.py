"""`Enricher.reads`: what enriching a model reads from its kind's tables. A site rebuild compares
it with the previous build's instead of enriching every model of a kind whose specs changed, so
equal reads (and equal specs of the model, of the models it names and of its similar-model
candidates) must mean equal enrichment, on a kind large enough that similar models are chosen
among neighbour windows rather than among every model."""

from __future__ import annotations

import random

from peer_specs import TODAY, spec

from catalog.enrich import enricher
from catalog.schema import ModelSpec
from catalog.similar import EXACT_KIND_SIZE
from catalog.site.incremental import DISPLAY_FIELDS

CAPABILITIES = ("function_calling", "vision", "streaming", "structured_output", "reasoning")


def chat_models(count: int, rnd: random.Random) -> list[ModelSpec]:
    models = []
    for i in range(count):
        provider = f"p{rnd.randrange(150)}"  # small providers and families: most pools are windows
        prices = {"input": rnd.choice([0.05, 0.15, 0.5, 1, 2.5, 3, 5, 15]), "output": rnd.choice([0.2, 0.6, 2, 4, 10, 15])}
        context = rnd.choice([8192, 32768, 128_000, 200_000, 1_000_000])
        fields = {"limits": {"context_window": context, "max_output": min(context, rnd.choice([4096, 8192, 65536]))},
                  "capabilities": {c: rnd.random() < 0.5 for c in CAPABILITIES}}
        if rnd.random() < 0.5:
            fields["family"] = f"family-{rnd.randrange(150)}"
        models.append(spec(f"{provider}/m{i}", pricing=prices, **fields))
    return models


def changed(model: ModelSpec, rnd: random.Random) -> ModelSpec:
    """The model with one ranked fact changed: a price, its context window or a capability."""
    doc = model.model_dump()
    what = rnd.choice(["input", "output", "context", "capability"])
    if what in ("input", "output"):
        doc["pricing"][what] = doc["pricing"][what] * rnd.choice([2, 10]) / rnd.choice([1, 7])
    elif what == "context":
        doc["limits"]["context_window"] = rnd.choice([16384, 64000, 400_000])
        doc["limits"]["max_output"] = min(doc["limits"]["max_output"], 16384)
    else:
        name = rnd.choice(CAPABILITIES)
        doc["capabilities"][name] = not doc["capabilities"][name]
    return ModelSpec.model_validate(doc)


def features(model: ModelSpec) -> str:
    return model.model_dump_json(exclude=set(DISPLAY_FIELDS))


def test_equal_reads_mean_equal_enrichment_after_any_one_change():
    rnd = random.Random(11)
    models = chat_models(2 * EXACT_KIND_SIZE + 100, rnd)
    before = enricher(models, today=TODAY)
    kept = moved = 0
    for _ in range(8):
        index = rnd.randrange(len(models))
        after_models = [*models[:index], changed(models[index], rnd), *models[index + 1:]]
        after = enricher(after_models, today=TODAY)
        touched = models[index].id
        specs_before = {m.id: features(m) for m in models}
        specs_after = {m.id: features(m) for m in after_models}
        for model in models:
            if model.id == touched:
                continue
            then, now = before.enrich(model.id), after.enrich(model.id)
            names = {s.id for s in then.similar} | {o.id for o in then.offerings}
            text_then, candidates_then = before.reads(model.id)
            text_now, candidates_now = after.reads(model.id)
            same = (text_then == text_now and candidates_then == candidates_now and touched not in names
                    and all(specs_before[c] == specs_after[c] for c in candidates_now))
            if same:
                assert now == then, (touched, model.id)
                kept += 1
            elif now != then:
                moved += 1
        models, before = after_models, after
    assert kept > 0 and moved > 0  # both happen: the property is tested, not vacuous
