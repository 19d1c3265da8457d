"""LiteLLM importer on a slice of the real price map: mapping, the 0.0 policy, the report,
the snapshot and `catalog import --check`."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.importers import load_source, run_import, write
from catalog.importers.litellm import parse_price_key
from catalog.load import load_catalog
from catalog.pricing import Usage, compile_prices, estimate_request
from catalog.units import PER_1M_TOKENS, price_units

REPO = Path(__file__).parent.parent
UPSTREAM_LITELLM = REPO / "data" / "upstream" / "litellm-1.110.2.json.gz"
FIXTURES = Path(__file__).parent / "fixtures" / "importers"
SLICE = FIXTURES / "litellm-slice.json"
DAY = dt.date(2026, 11, 21)


def make_data_dir(root: Path) -> Path:
    """A data tree with one curated provider that aliases LiteLLM's `gemini`."""
    data = root / "data"
    (data / "providers").mkdir(parents=True)
    (data / "models").mkdir()
    (data / "providers" / "google.yaml").write_text(
        "id: google\nname: Google\naliases: [gemini]\n", encoding="utf-8"
    )
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    data = make_data_dir(tmp_path_factory.mktemp("lit"))
    result = run_import("litellm", str(SLICE), data, version="1.109.1", imported=DAY)
    write(result)
    return data, result


@pytest.fixture(scope="module")
def models(imported):
    return {m.id: m for m in imported[1].result.models}


def test_per_token_prices_become_exact_prices_per_million(models):
    pro = models["google/gemini-2.5-pro"].pricing
    assert pro.input == Decimal("1.25") and pro.output == Decimal("10")
    assert str(pro.cache_read) == "0.125"  # exact, no float noise


def test_seed_image_model_has_per_image_price_and_unknown_token_prices(models):
    seed = models["google/gemini-2.0-flash-exp-image-generation"]
    assert seed.pricing.output_per_image == Decimal("0.039")
    assert seed.pricing.input is None and seed.pricing.output is None
    assert seed.kind == "image-generation"
    assert seed.retires_on == dt.date(2025, 11, 14)


def test_context_tiers_and_variants(models):
    pro = models["google/gemini-2.5-pro"].pricing
    assert [(t.above, t.input, t.output) for t in pro.tiers] == [(200000, Decimal("2.5"), Decimal("15"))]
    assert pro.variants["batch"].input == Decimal("0.625")
    assert pro.variants["priority"].output == Decimal("18")


def test_variant_tier_keys_become_the_variants_own_tiers_at_the_block_threshold(imported, models):
    assert parse_price_key("input_cost_per_token_above_200k_tokens_batches") == ("input", 200000, "batch")
    pro = models["google/gemini-2.5-pro"].pricing
    # gemini/gemini-2.5-pro: *_above_200k_tokens_batches 1.25e-06 / 7.5e-06 / 2.5e-07 per token
    (batch,) = pro.variants["batch"].tiers
    assert (batch.above, batch.input, batch.output, batch.cache_read) == (
        200000, Decimal("1.25"), Decimal("7.5"), Decimal("0.25"))
    (priority,) = pro.variants["priority"].tiers
    assert (priority.above, priority.input, priority.output, priority.cache_read) == (
        200000, Decimal("4.5"), Decimal("27"), Decimal("0.45"))
    assert pro.variants["flex"].tiers == ()  # upstream has no flex prices above 200k
    # azure/gpt-6-astra prices flex only above its 272k tier: the variant is those tier prices.
    flex = models["azure/gpt-6-astra"].pricing.variants["flex"]
    assert flex.input is None and flex.multiplier is None
    assert [(t.above, t.input, t.output, t.cache_read, t.cache_write_5m) for t in flex.tiers] == [
        (272000, Decimal("10"), Decimal("37.5"), Decimal("1"), Decimal("12.5"))]
    unmapped = dict(imported[1].result.report.unmapped)
    assert unmapped["input_cost_per_token_above_272k_tokens_ultrafast (service tier 'ultrafast' has no variant)"] >= 1
    assert not [k for k in unmapped if "_above_" in k and k.rsplit(" (", 1)[0].endswith(("_batches", "_priority", "_flex"))
                and "12hr" not in k]
    catalog = load_catalog(imported[0], today=DAY)
    assert not [f for f in catalog.findings if f.rule == "pricing.tiers-ascending"]


def test_batch_estimate_above_the_tier_is_known_and_uses_the_batch_tier_prices(models):
    pro = models["google/gemini-2.5-pro"]
    usage = Usage(input_tokens=200_001, cache_read_tokens=100_000, output_tokens=1_000)
    estimate = estimate_request(compile_prices(pro, at=DAY, variant="batch"), usage)
    # 100,001 uncached x $1.25/1M + 100,000 cached x $0.25/1M + 1,000 out x $7.5/1M
    assert estimate.total == Decimal("0.12500125") + Decimal("0.025") + Decimal("0.0075")
    assert estimate.total == Decimal("0.15750125")
    # Below the tier the flat batch prices apply; flex above the tier has no price of its own.
    below = estimate_request(compile_prices(pro, at=DAY, variant="batch"), Usage(input_tokens=100_000))
    assert below.total == Decimal("0.0625")
    assert estimate_request(compile_prices(pro, at=DAY, variant="flex"), usage).total is None
    astra = compile_prices(models["azure/gpt-6-astra"], at=DAY, variant="flex")
    assert estimate_request(astra, Usage(input_tokens=300_000)).total == Decimal("3")
    assert estimate_request(astra, Usage(input_tokens=1_000)).total is None


def test_variant_tier_without_a_block_tier_is_reported_not_written(tmp_path):
    models, report = _import_map(tmp_path, {
        "acme/tiered": {"litellm_provider": "openai", "mode": "chat",
                        "input_cost_per_token": 1e-06, "input_cost_per_token_above_200k_tokens": 2e-06,
                        "input_cost_per_token_batches": 5e-07,
                        "input_cost_per_token_above_200k_tokens_batches": 1e-06,
                        "output_cost_per_token_above_200k_tokens_batches": 4e-06,
                        "input_cost_per_token_above_128k_tokens_priority": 3e-06},
    })
    pricing = models["openai/acme-tiered"].pricing
    assert [(t.above, t.input, t.output) for t in pricing.variants["batch"].tiers] == [(200000, Decimal("1"), None)]
    assert "priority" not in pricing.variants
    unmapped = dict(report.unmapped)
    assert unmapped["priority variant prices above 128,000 prompt tokens (the block has no tier there)"] == 1
    assert unmapped["batch variant output above 200,000 prompt tokens (the block's tier does not price it)"] == 1


def test_tiered_pricing_list_maps_to_base_and_tier(models):
    qwen = models["dashscope/qwen-flash"].pricing
    assert qwen.input == Decimal("0.05") and qwen.output == Decimal("0.4")
    assert [(t.above, t.input) for t in qwen.tiers] == [(256000, Decimal("0.25"))]


def test_zero_token_price_beside_per_unit_price_is_unknown(models):
    rerank = models["bedrock/amazon.rerank-v1-0"]
    assert rerank.kind == "rerank"
    assert rerank.pricing.per_request == Decimal("0.001")
    assert rerank.pricing.input is None and rerank.pricing.output is None
    online = models["perplexity/pplx-70b-online"].pricing
    assert online.input is None and online.per_request == Decimal("0.005") and online.output == Decimal("2.8")


def test_zero_cache_write_beside_priced_input_is_unknown(models):
    deepseek = models["deepseek/deepseek-chat"].pricing
    assert deepseek.cache_write_5m is None
    assert deepseek.cache_read == Decimal("0.028")


def test_all_zero_self_hosted_entry_stays_free_and_others_become_unknown(imported, models):
    ollama = [m for m in models.values() if m.provider == "ollama"]
    assert ollama and all(m.pricing is not None and m.pricing.input == 0 for m in ollama)
    report = imported[1].result.report
    assert dict(report.zero_unknown)["every price 0, source does not say free"] > 0


def test_no_zero_price_the_source_lacks(models):
    """Every 0 we write is a 0.0 in the source, and the source bills no other unit then."""
    source = json.loads(SLICE.read_text())
    units = price_units()
    for model in models.values():
        if model.pricing is None:
            continue
        raw = source[model.provenance.upstream_key]
        zeros = [n for n, u in units.items() if getattr(model.pricing, n) == 0]
        if not zeros:
            continue
        upstream_zeros = [k for k, v in raw.items() if "cost" in k and v == 0]
        assert upstream_zeros, model.id
        per_unit = [k for k, v in raw.items() if "cost" in k and "token" not in k
                    and isinstance(v, (int, float)) and v > 0 and "search" not in k and "grounding" not in k]
        if any(units[n] is PER_1M_TOKENS for n in zeros):
            assert not per_unit, (model.id, per_unit)


def test_provider_aliases_ids_and_collisions(imported, models):
    assert "google/gemini-2.5-flash" not in models or models["google/gemini-2.5-flash"].provider == "google"
    assert "vertex-ai/claude-3-5-sonnet-20240620" in models
    # Bedrock's Converse and mantle entries become one id but bill cache writes 10% apart:
    # each keeps an id of its own, with its own price.
    converse = models["bedrock/anthropic.claude-haiku-5-5"]
    mantle = models["bedrock/anthropic.claude-haiku-5-5-mantle"]
    assert converse.provenance.upstream_key == "anthropic.claude-haiku-5-5"
    assert mantle.provenance.upstream_key == "bedrock_mantle/anthropic.claude-haiku-5-5"
    assert mantle.pricing.cache_write_5m == converse.pricing.cache_write_5m * Decimal("1.1")
    assert "separately priced route" in " ".join(n for n, _ in imported[1].result.report.notes)


def test_entries_merged_into_one_id_with_other_prices_report_both_values(tmp_path):
    data = make_data_dir(tmp_path)
    source = tmp_path / "map.json"
    source.write_text(json.dumps({
        "acme/m": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06,
                   "output_cost_per_token": 2e-06, "max_output_tokens": 10},
        "m": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1.1e-06},
    }))
    result, _ = load_source("litellm", str(source), data, imported=DAY)
    (model,) = result.models
    assert model.pricing.input == Decimal("1") and model.aliases == ("m",)
    assert result.report.price_conflicts == ("acme/m: kept acme/m, alias m prices otherwise: input 1 vs 1.1",)
    assert any("input 1 vs 1.1" in line for line in result.report.lines())


def test_modes_map_to_kinds_and_non_models_are_skipped_with_reasons(imported, models):
    kinds = {m.kind for m in models.values()}
    assert {"chat", "embedding", "image-generation", "speech", "transcription", "rerank", "ocr"} <= kinds
    skipped = {reason for reason, _, _ in imported[1].result.report.skipped}
    assert "documentation entry (sample_spec)" in skipped
    assert "mode 'guardrail' is not a model kind" in skipped
    assert "no mode (pricing-class placeholder, not a model)" in skipped


def test_every_unmapped_key_is_reported_with_counts(imported):
    report = imported[1].result.report
    unmapped = dict(report.unmapped)
    assert unmapped["input_dbu_cost_per_token"] >= 1
    assert any(k.startswith("off_peak_pricing") for k in unmapped)
    assert any(line.startswith("unmapped: input_dbu_cost_per_token (") for line in report.lines())
    source = json.loads(SLICE.read_text())
    mentioned = " ".join(report.lines(examples=10_000))
    mapped_or_known = {"litellm_provider", "mode", "source", "deprecation_date", "deprecation_source",
                       "successor_model", "off_peak_pricing", "max_input_tokens",
                       "max_output_tokens", "prompt_cache_min_tokens", "output_vector_size",
                       "supported_modalities", "supported_output_modalities"}
    imported_keys = {m.provenance.upstream_key for m in imported[1].result.models}
    imported_keys |= {alias for m in imported[1].result.models for alias in m.aliases}
    for key in {k for name, entry in source.items() if name in imported_keys for k in entry}:
        if key in mapped_or_known or key.startswith("supports_"):
            continue
        if parse_price_key(key) and not isinstance(parse_price_key(key), str):
            continue
        assert key in mentioned or key in ("search_context_cost_per_query", "input_cost_per_token_cache_hit",
                                            "tiered_pricing"), key


def test_unit_slip_is_imported_and_flagged_not_fixed(imported):
    data, result = imported
    jais = next(m for m in result.result.models if m.provenance.upstream_key == "azure_ai/jais-30b-chat")
    assert jais.pricing.output == Decimal("9710")
    assert not jais.pricing.high_price_intended
    catalog = load_catalog(data, today=DAY)
    flagged = [f for f in catalog.findings if "jais-30b-chat" in str(f.file)]
    assert any(f.rule == "pricing.unit-slip" and f.severity == "warning" for f in flagged)
    assert not [f for f in catalog.findings if f.severity == "error"]


def test_snapshot_files_are_lean_commented_and_deterministic(imported, tmp_path):
    data, first = imported
    path = data / "imported" / "litellm" / "models" / "google" / "gemini-2.5-pro.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../../../schemas/model.schema.json\n")
    assert "catalog import litellm" in text.splitlines()[1]
    assert "{}" not in text and "[]" not in text and "null" not in text
    again = run_import("litellm", str(SLICE), data, version="1.109.1", imported=DAY)
    assert again.files == first.files


def test_check_passes_on_fresh_snapshot_and_fails_on_any_drift(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    args = ["import", "litellm", str(SLICE), "--data", str(data), "--dataset-version", "1.109.1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "models written:" in out and "unmapped: input_dbu_cost_per_token" in out
    assert main([*args, "--check"]) == 0
    root = data / "imported" / "litellm"
    target = root / "models" / "google" / "gemini-2.5-pro.yaml"
    target.write_text(target.read_text().replace("input: 1.25", "input: 1.5"))
    (root / "models" / "google" / "stale-model.yaml").write_text("id: google/stale-model\n")
    capsys.readouterr()
    assert main([*args, "--check"]) == 1
    out = capsys.readouterr().out
    assert "changed: models/google/gemini-2.5-pro.yaml" in out
    assert "stale: models/google/stale-model.yaml" in out
    # Re-import removes the stale file and restores the snapshot.
    assert main(args) == 0
    assert not (root / "models" / "google" / "stale-model.yaml").exists()
    assert main([*args, "--check"]) == 0


def test_report_file_and_bad_source(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    report = tmp_path / "report.json"
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--report", str(report)]) == 0
    summary = json.loads(report.read_text())
    assert summary["models_written"] > 200 and summary["verified_is"] == "import date"
    assert summary["rule_findings"]["pricing.unit-slip"] >= 1
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    assert main(["import", "litellm", str(bad), "--data", str(data)]) == 1
    assert "not JSON" in capsys.readouterr().err
    assert main(["import", "litellm", str(tmp_path / "missing.json"), "--data", str(data)]) == 1


def test_invalid_upstream_values_are_dropped_and_listed(tmp_path):
    data = make_data_dir(tmp_path)
    source = tmp_path / "map.json"
    source.write_text(json.dumps({
        "acme/negative": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": -1e-06,
                          "output_cost_per_token": 2e-06, "max_output_tokens": 0},
        "acme/text-price": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": "cheap"},
    }))
    result, _ = load_source("litellm", str(source), data, imported=DAY)
    negative = next(m for m in result.models if m.id == "acme/negative")
    assert negative.pricing.input is None and negative.pricing.output == Decimal("2")
    assert negative.limits.max_output is None
    dropped = " ".join(result.report.dropped)
    assert "input_cost_per_token=-0.000001" in dropped and "'cheap'" in dropped and "max_output=0" in dropped


def test_committed_snapshot_has_no_zero_the_source_lacks():
    """Over the shipped catalog: a 0 token price never sits beside a non-zero per-unit price,
    and every 0 is a 0.0 in the committed upstream LiteLLM map it was imported from."""
    root = REPO / "data" / "imported" / "litellm"
    import yaml

    source = json.loads(gzip.decompress(UPSTREAM_LITELLM.read_bytes()))
    token_fields = {n for n, u in price_units().items() if u is PER_1M_TOKENS}
    files = sorted(root.glob("models/*/*.yaml"))
    assert len(files) >= 4000
    for path in files:
        spec = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        pricing = spec.get("pricing") or {}
        flat = {k: v for k, v in pricing.items() if k in price_units()}
        zero_tokens = [k for k, v in flat.items() if v == 0 and k in token_fields]
        if zero_tokens:
            assert not [k for k, v in flat.items() if k not in token_fields and v], path
        if any(v == 0 for v in flat.values()):
            raw = source[spec["provenance"]["upstream_key"]]
            assert any("cost" in k and v == 0 for k, v in raw.items()), path


def test_cli_show_explain_names_the_file_of_each_value(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    assert main(["import", "litellm", str(SLICE), "--data", str(data)]) == 0
    curated = data / "models" / "google"
    curated.mkdir(parents=True)
    shutil.copy(data / "imported" / "litellm" / "models" / "google" / "gemini-2.5-pro.yaml", tmp_path / "x")
    (curated / "gemini-2.5-pro.yaml").write_text(
        "id: google/gemini-2.5-pro\nname: Gemini 2.5 Pro\nprovider: google\nkind: chat\n"
        "limits:\n  max_output: 32768\n"
    )
    capsys.readouterr()
    assert main(["show", "google/gemini-2.5-pro", "--data", str(data), "--explain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    by_path = {line.split(":", 1)[0]: line for line in lines}
    assert by_path["limits.max_output"].endswith("models/google/gemini-2.5-pro.yaml (curated)")
    assert "imported" not in by_path["limits.max_output"] and "32768" in by_path["limits.max_output"]
    assert "imported/litellm/models/google/gemini-2.5-pro.yaml (litellm sha256:" in by_path["limits.max_input"]
    assert "imported/litellm" in by_path["pricing.input"] and "1.25" in by_path["pricing.input"]
    assert "Gemini 2.5 Pro" in by_path["name"] and "imported" not in by_path["name"]


def test_committed_snapshot_is_what_the_importer_makes_of_the_committed_upstream_map(capsys):
    """The shipped catalog is regenerable: importing the committed upstream file reproduces
    data/imported/litellm byte for byte (curated provider aliases included)."""
    assert main(["import", "litellm", str(UPSTREAM_LITELLM), "--data", str(REPO / "data"), "--check"]) == 0
    assert "matches" in capsys.readouterr().out


def _import_map(tmp_path: Path, entries: dict) -> dict:
    source = tmp_path / "map.json"
    source.write_text(json.dumps(entries))
    result, _ = load_source("litellm", str(source), make_data_dir(tmp_path), imported=DAY)
    return {m.id: m for m in result.models}, result.report


def test_hosted_cloud_models_of_a_local_runtime_are_not_free(tmp_path):
    zero = {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "mode": "chat"}
    models, _ = _import_map(tmp_path, {
        "ollama/deepseek-v3.1:671b-cloud": {**zero, "litellm_provider": "ollama"},
        "ollama/llama3": {**zero, "litellm_provider": "ollama"},
        "sagemaker/meta-textgeneration-llama-2-7b": {**zero, "litellm_provider": "sagemaker"},
    })
    assert models["ollama/llama3"].pricing.input == 0
    assert models["ollama/deepseek-v3.1-671b-cloud"].pricing is None
    assert models["sagemaker/meta-textgeneration-llama-2-7b"].pricing is None


def test_per_second_price_of_a_chat_entry_is_reserved_capacity_not_media(tmp_path):
    models, report = _import_map(tmp_path, {
        "bedrock/*/1-month-commitment/cohere.command-text-v14": {
            "litellm_provider": "bedrock", "mode": "chat", "input_cost_per_second": 0.011, "output_cost_per_second": 0.02},
        "openai/whisper-1": {"litellm_provider": "openai", "mode": "audio_transcription", "input_cost_per_second": 0.0001},
    })
    assert models["bedrock/1-month-commitment-cohere.command-text-v14"].pricing is None
    assert models["openai/whisper-1"].pricing.input_per_second == Decimal("0.0001")
    unmapped = dict(report.unmapped)
    assert any(k.startswith("input_cost_per_second (on a chat entry: per model-unit second") for k in unmapped)
    assert any(k.startswith("output_cost_per_second (on a chat entry") for k in unmapped)


def test_input_cost_per_image_of_an_image_generator_without_output_price_is_the_generated_image(tmp_path):
    models, _ = _import_map(tmp_path, {
        "xai/grok-imagine-image-2.0": {"litellm_provider": "xai", "mode": "image_generation", "input_cost_per_image": 0.06},
        "acme/editor": {"litellm_provider": "acme", "mode": "image_generation", "input_cost_per_image": 0.01,
                        "output_cost_per_image": 0.04},
    })
    grok = models["xai/grok-imagine-image-2.0"].pricing
    assert grok.output_per_image == Decimal("0.06") and grok.input_per_image is None
    editor = models["acme/editor"].pricing
    assert editor.input_per_image == Decimal("0.01") and editor.output_per_image == Decimal("0.04")


# --- every upstream rule break listed ------------------------------------------------------


def test_import_json_lists_every_rule_break_the_loader_flags(imported):
    """The snapshot's manifest names each flagged case, sorted by rule then model, and the
    list is exactly what the loader warns about on the imported files."""
    data, result = imported
    manifest = json.loads((data / "imported" / "litellm" / "import.json").read_text())
    breaks = manifest["rule_breaks"]
    assert breaks == sorted(breaks, key=lambda b: (b["rule"], b["model"], b["field"], b["message"]))
    assert {"rule": "pricing.unit-slip", "model": "azure-ai/jais-30b-chat", "file": "models/azure-ai/jais-30b-chat.yaml",
            "field": "pricing.output"}.items() <= next(
        b for b in breaks if b["rule"] == "pricing.unit-slip" and b["field"] == "pricing.output"
        and b["model"] == "azure-ai/jais-30b-chat").items()
    assert manifest["rule_findings"] == dict(Counter(b["rule"] for b in breaks))
    for b in breaks:
        assert (data / "imported" / "litellm" / b["file"]).is_file()
    root = (data / "imported" / "litellm").resolve()
    warned = {
        (f.rule, Path(f.file).resolve().relative_to(root).as_posix())
        for f in load_catalog(data, today=DAY).findings
        if Path(f.file).resolve().is_relative_to(root)
    }
    assert warned == {(b["rule"], b["file"]) for b in breaks}
    # One compact line per case.
    text = (data / "imported" / "litellm" / "import.json").read_text()
    assert sum(line.lstrip().startswith('{"rule": ') for line in text.splitlines()) == len(breaks)


def test_text_report_shows_counts_examples_and_where_the_full_list_is(tmp_path, capsys):
    data = make_data_dir(tmp_path)
    report = tmp_path / "report.json"
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    breaks = json.loads(report.read_text())["rule_breaks"]
    counts = Counter(b["rule"] for b in breaks)
    rule, count = counts.most_common(1)[0]
    assert count > 3
    assert f"flagged [{rule}]: {count} findings" in out
    first = next(b for b in breaks if b["rule"] == rule)
    assert f"  {first['model']} {first['field']}: {first['message']}" in out
    assert f"  ... and {count - 3} more" in out
    assert f"every rule break ({len(breaks)}) is listed under rule_breaks" in out


# --- what the 1.110 map adds, and what the provider bills ------------------------------------


def test_max_input_tokens_is_the_prompt_limit_and_no_context_window_is_invented(models):
    gpt5 = models["openai/gpt-5"]
    assert (gpt5.limits.max_input, gpt5.limits.max_output) == (272_000, 128_000)
    assert all(m.limits.context_window is None for m in models.values())


def test_lifecycle_dates_carry_their_source_and_successor(models):
    gpt4o = models["openai/gpt-4o"]
    assert gpt4o.retires_on == dt.date(2027, 1, 14)
    assert str(gpt4o.lifecycle_source) == "https://developers.openai.com/api/docs/deprecations"
    assert gpt4o.successor == "openai/gpt-6-luna"
    assert models["openai/gpt-5"].successor == "openai/gpt-5.6-sol"


def test_alias_of_entries_become_aliases_of_their_target(imported, models):
    assert "claude-sonnet-latest" in models["anthropic/claude-sonnet-5-5"].aliases
    skipped = {reason for reason, _, _ in imported[1].result.report.skipped}
    assert "no litellm_provider" not in skipped or all(
        "claude-sonnet-latest" not in keys for reason, _, keys in imported[1].result.report.skipped)


def test_xai_tiers_start_at_their_threshold_as_xai_bills_them(models):
    """xAI bills a prompt of 200,000 tokens or more at the higher rate; our tiers apply above
    `above`, so the threshold is 199,999 and a prompt of exactly 200,000 pays the tier rate."""
    from catalog.pricing import Usage, estimate

    grok = models["xai/grok-4.20-multi-agent-beta-0309"]
    assert [t.above for t in grok.pricing.tiers] == [199_999]
    at_threshold = estimate(grok, Usage(input_tokens=200_000), dt.date(2026, 11, 21))
    assert at_threshold.tier == 199_999
    gemini = models["google/gemini-2.5-pro"]
    assert [t.above for t in gemini.pricing.tiers] == [200_000]  # Google bills "more than 200k"


def test_off_peak_hours_become_windows_priced_at_the_off_peak_rate(imported, models):
    from catalog.pricing import Usage, estimate

    flash = models["deepseek/deepseek-v4-flash"]
    spans = [(w.start, w.end, w.days) for w in flash.pricing.windows]
    weekdays = ("mon", "tue", "wed", "thu", "fri")
    assert spans == [("00:00", "01:00", weekdays), ("04:00", "06:00", weekdays), ("10:00", "00:00", weekdays),
                     ("00:00", "00:00", ("sat", "sun"))]
    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    peak = estimate(flash, usage, dt.datetime(2026, 11, 23, 2, 0))  # a Monday, 02:00 UTC
    off_peak = estimate(flash, usage, dt.datetime(2026, 11, 23, 12, 0))
    saturday = estimate(flash, usage, dt.datetime(2026, 11, 21, 2, 0))
    assert (peak.total, off_peak.total, saturday.total) == (Decimal("1.5"), Decimal("0.75"), Decimal("0.75"))
    assert off_peak.window == "off-peak"
    # Weekdays judged in Shanghai time while the hours are UTC: reported, not guessed.
    assert not models["tencent/deepseek-v4.1-flash"].pricing.windows
    assert any("time zone" in key for key, _ in imported[1].result.report.unmapped)


def test_the_documented_import_is_dated_by_the_release_and_rewrites_no_byte(tmp_path, capsys):
    """With `--snapshot-date`, every date written is the dataset's release day, never the day
    the import runs: importing the same file again changes no file."""
    data = make_data_dir(tmp_path)
    args = ["import", "litellm", str(SLICE), "--data", str(data), "--dataset-version", "1.110.2",
            "--snapshot-date", "2026-11-20"]
    assert main(args) == 0
    root = data / "imported" / "litellm"
    first = {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    run_day = dt.date.today().isoformat()
    assert run_day != "2026-11-20" and not [p for p, text in first.items() if run_day.encode() in text]
    assert main(args) == 0
    assert {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} == first
    manifest = json.loads((root / "import.json").read_text())
    assert (manifest["imported"], manifest["verified"]) == ("2026-11-20", "2026-11-20")
    assert "imported: 2026-11-20" in (root / "models" / "openai" / "gpt-5.yaml").read_text()
