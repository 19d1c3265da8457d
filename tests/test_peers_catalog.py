"""The peers stage on the real bundled catalog, and `catalog show --enriched`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from peer_specs import TODAY

from catalog.cli import main
from catalog.enrich import enrich_catalog
from catalog.load import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SEED = "google/gemini-2.0-flash-exp-image-generation"


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog(today=TODAY)


@pytest.fixture(scope="module")
def enriched(bundled):
    return enrich_catalog(bundled, today=TODAY, with_similar=False)


def test_seed_model_on_the_bundled_catalog(bundled):
    seed = enrich_catalog(bundled, today=TODAY, only={SEED})[SEED]
    assert seed.caveats[0].kind == "deprecated"
    assert "2025-11-14" in seed.caveats[0].sentence
    # Its direct successor retired on 2026-10-02: the advice goes on to the one that answers.
    assert bundled.models["google/gemini-2.5-flash-image"].retires_on <= TODAY
    advice = ("its successor google/gemini-2.5-flash-image has also been retired; "
              "use google/gemini-3.1-flash-image")
    assert seed.caveats[0].sentence.endswith(advice + ".")
    lifecycle = next(e.answer for e in seed.faq if e.question.startswith("Is"))
    assert lifecycle.endswith(advice[0].upper() + advice[1:] + ".")
    token_metrics = {"price.input", "price.output", "blended_price"}
    assert not token_metrics & {s.metric.key for s in seed.metrics}
    assert not token_metrics & {c.metric for c in seed.strengths}
    assert len(seed.similar) == 5 and all(bundled.models[s.id].kind == "image-generation" for s in seed.similar)


def test_no_unknown_price_is_ever_a_strength(bundled, enriched):
    for model_id, model in enriched.items():
        spec = bundled.models[model_id]
        for claim in model.strengths:
            if claim.metric and claim.metric.startswith("price."):
                assert getattr(spec.pricing, claim.metric.removeprefix("price.")) is not None, model_id
            if claim.metric == "blended_price":
                assert spec.pricing.input is not None and spec.pricing.output is not None, model_id


def test_every_deprecated_or_retired_model_says_so(bundled, enriched):
    lifecycle = {"deprecated", "retired"}
    ended = [m for m in bundled.models.values() if m.status in lifecycle]
    assert ended, "the bundled catalog has deprecated models"
    for model in ended:
        assert lifecycle & {c.kind for c in enriched[model.id].caveats}, model.id


def test_warnings_a_reader_needs_reach_the_models_they_are_about(bundled, enriched):
    from catalog.claims import READER_NOTES

    imported = [f for f in bundled.findings if f.severity == "warning" and "imported" in f.file.parts
                and f.rule in READER_NOTES]
    if not imported:
        pytest.skip("no such warnings in the bundled catalog")
    carried = {c.value for m in enriched.values() for c in m.caveats if c.kind == "doubtful-data"}
    assert {f.rule for f in imported} <= carried


def test_no_reader_text_shows_the_wording_of_internal_checks(enriched):
    for model in enriched.values():
        for claim in (*model.strengths, *model.caveats):
            assert "flagged" not in claim.sentence and "(imported" not in claim.sentence, claim.sentence


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Path:
    """The curated providers and models alone: enough peers, fast to load."""
    folder = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "data/providers", folder / "providers")
    shutil.copytree(ROOT / "data/models", folder / "models")
    return folder


def test_show_enriched_json(capsys, curated):
    assert main(["show", SEED, "--enriched", "--json", "--data", str(curated)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == SEED
    assert doc["caveats"][0]["kind"] == "deprecated" and doc["caveats"][0]["value"] == "2025-11-14"
    per_image = next(m for m in doc["metrics"] if m["metric"] == "price.output_per_image")
    assert per_image["value"] == "0.039"
    assert {"metrics", "strengths", "caveats", "rarity", "similar", "faq"} <= set(doc)
    cost = next(e["answer"] for e in doc["faq"] if e["question"].startswith("How much"))
    assert "$0.039 per generated image" in cost and "unknown rather than free" in cost


def test_show_enriched_text(capsys, curated):
    assert main(["show", SEED, "--enriched", "--data", str(curated)]) == 0
    out = capsys.readouterr().out
    section = out.split("  watch out for:\n", 1)[1]
    caveats = re.split(r"\n  (?! )", section, maxsplit=1)[0].splitlines()
    assert caveats[0].strip().startswith("Deprecated on 2025-11-14: new use is discouraged")
    assert "no caveats found" not in "\n".join(caveats)
    assert any("input tokens and output tokens are not published" in line for line in caveats)


# --- one lifecycle, one identity, honest claims: over the whole bundled catalog ---------------


def test_every_view_shows_the_effective_status(bundled, enriched):
    from catalog.cli.browse import describe_model
    from catalog.lifecycle import effective_status, status_text
    from catalog.workloads import find_workload, rank_models

    disagreeing = [m for m in bundled.models.values() if m.status != effective_status(m, TODAY)]
    assert len(disagreeing) > 100, "the bundled catalog has models whose dates moved them on"
    chatbot = find_workload("chatbot")
    ranking = rank_models(bundled.models.values(), chatbot, today=TODAY)
    left_out = {m.id for m, _ in ranking.retired}
    for model in bundled.models.values():
        status = effective_status(model, TODAY)
        view = enriched[model.id]
        kinds = {c.kind for c in view.caveats}
        assert view.status == status, model.id
        assert ("retired" in kinds) == (status == "retired"), model.id
        assert ("deprecated" in kinds) == (status == "deprecated"), model.id
        assert f"status {status_text(model, TODAY)}" in describe_model(model, TODAY)[1], model.id
        assert describe_model(model, TODAY)[1].split("status ")[1].startswith(status), model.id
        answer = next(e.answer for e in view.faq if e.question.startswith("Is "))
        expected = {"retired": "It is retired", "deprecated": "Yes, it was deprecated"}.get(status, ("No", "Not yet"))
        assert answer.startswith(expected), (model.id, answer)
        if model.kind in chatbot.kinds and status == "retired":
            assert model.id in left_out, model.id


def test_no_rarity_claim_among_peers_that_do_not_document_it(enriched):
    for model_id in ("openai/gpt-4o", "openai/gpt-4.1"):
        sentences = " ".join(c.sentence for c in enriched[model_id].strengths)
        assert "Batch API" not in sentences and "Streaming" not in sentences, sentences
    for view in enriched.values():
        for share in view.rarity:
            assert share.n >= 5 and share.n * 3 >= share.group, (view.id, share)


def test_peer_groups_count_each_canonical_model_once(bundled, enriched):
    from catalog.identity import canonical_id

    chat = [m for m in bundled.models.values() if m.kind == "chat"]
    canonical = {canonical_id(m) for m in chat}
    context = next(s for s in enriched["openai/gpt-4o"].metrics if s.metric.key == "context_window")
    assert context.n <= len(canonical) < len(chat) // 2


def test_enriched_model_lists_its_other_offerings_with_prices(enriched):
    view = enriched["openai/gpt-4o"]
    offered = {o.id: o for o in view.offerings}
    assert "azure/gpt-4o" in offered and "openai/gpt-4o" not in offered
    assert dict(offered["azure/gpt-4o"].prices)["input"] is not None
    assert not [o for o in view.offerings if o.status == "retired"]


def test_similar_models_never_list_copies_of_the_model(bundled):
    from catalog.identity import canonical_id

    some = ["openai/gpt-4o", "azure/gpt-4o", "deepinfra/meta-llama-llama-3.3-70b-instruct", "openai/gpt-4.1"]
    views = enrich_catalog(bundled, today=TODAY, only=set(some))
    for model_id in some:
        mine = canonical_id(bundled.models[model_id])
        similar = [s.id for s in views[model_id].similar]
        assert similar, model_id
        assert all(canonical_id(bundled.models[s]) != mine for s in similar), (model_id, similar)


def test_tables_of_some_kinds_enrich_their_models_as_the_tables_of_all_do(bundled):
    """A site rebuild builds only the tables of the kinds it must enrich: since peers, capability
    shares and similar models never cross a kind, each model's enrichment from its own kind's
    tables is the one from every kind's (other offerings and successors still cross kinds)."""
    from collections import Counter

    from catalog.enrich import catalog_enricher

    every = catalog_enricher(bundled, today=TODAY)
    kinds = Counter(m.kind for m in bundled.models.values())
    assert len(kinds) >= 5
    for kind, _ in kinds.most_common()[1:]:  # every kind but the largest, alone
        tables = catalog_enricher(bundled, today=TODAY, kinds={kind})
        assert {bundled.models[m].kind for m in tables.standings} == {kind}  # only its kind ranked
        for model_id, model in bundled.models.items():
            if model.kind == kind:
                assert tables.enrich(model_id) == every.enrich(model_id), model_id
    largest = kinds.most_common(1)[0][0]
    tables = catalog_enricher(bundled, today=TODAY, kinds={largest, "embedding"})
    sample = [m for m, model in bundled.models.items() if model.kind == largest][::7]
    assert sample and all(tables.enrich(m) == every.enrich(m) for m in sample)
