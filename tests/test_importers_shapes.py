"""Wrong-typed upstream fields: each importer drops or skips them and counts them in its
report; no exception escapes but the importer's own error (a source it cannot read)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.importers import ImportSourceError, load_source

DAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shapes") / "data"
    (root / "providers").mkdir(parents=True)
    (root / "providers" / "google.yaml").write_text("id: google\nname: Google\naliases: [gemini]\n")
    return root


def imported(data: Path, tmp_path: Path, source: str, document: Any):
    path = tmp_path / "source.json"
    path.write_text(json.dumps(document))
    return load_source(source, str(path), data, version="1", imported=DAY)[0]


def accounted(report) -> str:
    """Every line of the report that accounts for dropped or unmapped upstream data."""
    return "\n".join(line for line in report.lines() if line.startswith(("skipped", "unmapped", "invalid", "not imported")))


LITELLM_OK = {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06}

LITELLM_CASES = [
    ({"mode": ["chat"]}, "skipped: mode of type list"),
    ({"mode": {"a": 1}}, "skipped: mode of type dict"),
    ({"supported_modalities": 5}, "modalities=5 (not a list)"),
    ({"supported_modalities": "text"}, "modalities='text' (not a list)"),
    ({"supported_output_modalities": [["x"]]}, "unmapped: modality of type list"),
    ({"supports_vision": "yes"}, "unmapped: supports_vision (not true/false)"),
    ({"supports_vision": True, "supports_image_input": False}, "supports_image_input (disagrees with another key for vision"),
    ({"tiered_pricing": [{"range": [0, 1000], "input_cost_per_token": 2e-06}]},
     "tiered_pricing.input_cost_per_token (differs from the entry's own input_cost_per_token"),
    # A tier's start that is no whole token count skips that tier only, listed as dropped.
    *[({"tiered_pricing": [{"range": [bound, 9e9], "input_cost_per_token": 2e-06}]},
       f"tiered_pricing range=[{shown}, 9000000000.0] (invalid tier bound: {why}")
      for bound, shown, why in [(float("inf"), "inf", "not a finite number"), (float("nan"), "nan", "not a finite number"),
                                (-1, "-1", "negative"), ("x", "'x'", "not a number"), (1.5, "1.5", "not a whole token count")]],
    ({"input_cost_per_token": "1e999999"}, "input_cost_per_token='1e999999' (out of range"),
]


@pytest.mark.parametrize("fields, expect", LITELLM_CASES, ids=[str(f) for f, _ in LITELLM_CASES])
def test_litellm_wrong_shapes_are_counted(data, tmp_path, fields, expect):
    result = imported(data, tmp_path, "litellm", {"acme/m": {**LITELLM_OK, **fields}})
    assert expect in accounted(result.report)
    assert "unmapped: modality 't'" not in accounted(result.report)


OPENROUTER_CASES = [
    ({"pricing": 3}, "pricing=3 (not an object)"),
    ({"architecture": 5}, "architecture=5 (not an object)"),
    ({"supported_parameters": 5}, "supported_parameters=5 (not a list)"),
    ({"top_provider": "x"}, "top_provider='x' (not an object)"),
    ({"name": 5}, "name=5 (not a string)"),
    ({"description": "d", "created": 1, "canonical_slug": "a/b-1", "hugging_face_id": "a/b"},
     "not imported: canonical_slug"),
    ({"architecture": {"tokenizer": "GPT", "modality": "text->text"}}, "not imported: architecture.tokenizer"),
    ({"top_provider": {"is_moderated": True}}, "not imported: top_provider.is_moderated"),
    ({"supported_parameters": ["temperature", "tools"]}, "not imported: supported_parameters 'temperature'"),
    ({"surprise": 1}, "unmapped: surprise"),
]


@pytest.mark.parametrize("fields, expect", OPENROUTER_CASES, ids=[str(f) for f, _ in OPENROUTER_CASES])
def test_openrouter_wrong_shapes_and_unmapped_fields_are_counted(data, tmp_path, fields, expect):
    result = imported(data, tmp_path, "openrouter", {"data": [{"id": "a/b", **fields}]})
    assert expect in accounted(result.report)
    assert "folded into output_images" not in "\n".join(result.report.lines())


def genai(model: dict[str, Any], **provider: Any) -> list[dict[str, Any]]:
    return [{"id": "openai", **provider, "models": [{"id": "m1", "prices": {"input_mtok": 1}, **model}]}]


GENAI_CASES = [
    (genai({"prices": [5]}), "prices item 5 (not an object)"),
    (genai({"prices": [{"constraint": {"start_date": "soon"}, "prices": {"input_mtok": 1}}]}), "start_date='soon' (not a date)"),
    (genai({"prices": [{"constraint": {"start_time": "10:00"}, "prices": {"input_mtok": 1}}]}), "a window needs start_time and end_time"),
    (genai({"name": 5}), "name=5 (not a string)"),
    (genai({"price_variants": [{"when": {"processing": ["batch"]}, "prices": {"input_mtok": 1}}]}), "unmapped: price_variants when"),
    ([{"id": "openai", "models": [5, "x"]}], "skipped: model is not an object (2"),
    ([{"id": "openai", "models": {"id": "m1"}}], "models={'id': 'm1'} (not a list)"),
    (genai({"prices": {"cache_write_mtok": 1, "cache_write_5m_mtok": 2, "input_mtok": 1}}),
     "(second price for cache_write_5m, differs; first kept)"),
    (genai({"description": "d", "price_comments": "c"}), "not imported: model.price_comments"),
    (genai({}, name="OpenAI", api_pattern="x", surprise=1), "not imported: provider.api_pattern"),
    (genai({}, surprise=1), "unmapped: provider.surprise"),
    *[(genai({"prices": {"input_mtok": {"base": 1, "tiers": [{"start": bound, "price": 2}]}}}),
       f"input_mtok.tiers start={shown} (invalid tier bound: {why}")
      for bound, shown, why in [(float("inf"), "inf", "not a finite number"), (float("nan"), "nan", "not a finite number"),
                                (-1, "-1", "negative"), ("x", "'x'", "not a number"),
                                (1.5, "Decimal('1.5')", "not a whole token count")]],
]


@pytest.mark.parametrize("document, expect", GENAI_CASES, ids=[str(d)[:70] for d, _ in GENAI_CASES])
def test_genai_prices_wrong_shapes_and_unmapped_fields_are_counted(data, tmp_path, document, expect):
    result = imported(data, tmp_path, "genai-prices", document)
    assert expect in accounted(result.report)
    assert "folded into output_images" not in "\n".join(result.report.lines())


# --- any JSON value in any field -----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**7) | st.floats(allow_nan=True) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
VALID = {
    "litellm": {"acme/m": {**LITELLM_OK, "supported_modalities": ["text"], "supports_vision": True,
                           "tiered_pricing": [{"range": [0, 1000], "input_cost_per_token": 1e-06}]}},
    "openrouter": {"data": [{"id": "a/b", "name": "B", "context_length": 1000, "pricing": {"prompt": "0.000001"},
                             "architecture": {"input_modalities": ["text"]}, "top_provider": {"context_length": 9},
                             "supported_parameters": ["tools"]}]},
    "genai-prices": genai({"prices": [{"prices": {"input_mtok": 1, "output_mtok": {"base": 2, "tiers": [{"start": 9, "price": 3}]}}},
                                      {"constraint": {"start_time": "10:00", "end_time": "12:00"}, "prices": {"input_mtok": 1}}],
                           "price_variants": [{"when": {"processing": "batch"}, "prices": {"input_mtok": 0.5}}],
                           "match": {"equals": "m1"}, "context_window": 100}, pricing_urls=["https://x.test"]),
}


def _entries(source: str, document: Any) -> list[dict[str, Any]]:
    """The objects of a valid document whose fields the property test replaces."""
    if source == "litellm":
        entry = document["acme/m"]
        return [entry, entry["tiered_pricing"][0]]
    if source == "openrouter":
        model = document["data"][0]
        return [model, model["pricing"], model["architecture"], model["top_provider"]]
    model = document[0]["models"][0]
    return [document[0], model, model["prices"][0], model["prices"][1], model["prices"][1]["constraint"],
            model["price_variants"][0]]


@pytest.mark.parametrize("source", sorted(VALID))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.data())
def test_any_json_value_in_any_field_never_escapes_as_an_exception(data, tmp_path, source, choice):
    document = json.loads(json.dumps(VALID[source]))
    objects = _entries(source, document)
    target = choice.draw(st.sampled_from(objects))
    field = choice.draw(st.sampled_from(sorted(target)))
    target[field] = choice.draw(json_values)
    try:
        imported(data, tmp_path, source, document)
    except ImportSourceError:
        pass


@pytest.mark.parametrize("source", sorted(VALID))
@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' + "9" * 5000 + "}"], ids=["nested-too-deep", "too-many-digits"])
def test_json_python_cannot_parse_is_the_importers_error(data, tmp_path, source, text):
    path = tmp_path / "source.json"
    path.write_text(text)
    with pytest.raises(ImportSourceError, match="not JSON"):
        load_source(source, str(path), data, version="1", imported=DAY)
