"""The canonical-id normaliser, its reviewed overrides, and a curated spec replacing an imported
one it names as an alias."""

from __future__ import annotations

import json
from decimal import Decimal
import textwrap
from pathlib import Path

import pytest

from catalog.importers.canonical import (
    Overrides,
    canonical_model,
    identity_summary,
    load_overrides,
)
from catalog.load import find_model, load_catalog
from catalog.schema import ModelSpec
from catalog.yamlfile import SpecFileError

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = load_overrides(REPO / "data")


@pytest.mark.parametrize(("offering", "key", "expected"), [
    ("openai/gpt-4o", "gpt-4o", "gpt-4o"),
    ("openai/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o"),
    ("azure/eu-gpt-4o-2024-08-06", "azure/eu/gpt-4o-2024-08-06", "gpt-4o"),
    ("azure/global-standard-gpt-4o-2024-11-20", "azure/global-standard/gpt-4o-2024-11-20", "gpt-4o"),
    ("vercel-ai-gateway/openai-gpt-4o", "vercel_ai_gateway/openai/gpt-4o", "gpt-4o"),
    ("gradient-ai/openai-gpt-4o", "gradient_ai/openai-gpt-4o", "gpt-4o"),
    ("openai/gpt-4-0613", "gpt-4-0613", "gpt-4"),
    ("vertex-ai/claude-3-5-sonnet-20240620", "vertex_ai/claude-3-5-sonnet@20240620", "claude-3-5-sonnet"),
    ("bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1-0",
     "us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet"),
    ("replicate/anthropic-claude-3.5-sonnet", "replicate/anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("heroku/claude-3-5-sonnet-latest", "heroku/claude-3-5-sonnet-latest", "claude-3-5-sonnet"),
    ("bedrock/us.meta.llama3-3-70b-instruct-v1-0", "us.meta.llama3-3-70b-instruct-v1:0", "llama-3.3-70b-instruct"),
    ("deepinfra/meta-llama-llama-3.3-70b-instruct", "deepinfra/meta-llama/Llama-3.3-70B-Instruct",
     "llama-3.3-70b-instruct"),
    ("fireworks-ai/accounts-fireworks-models-llama-v3p3-70b-instruct",
     "fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct", "llama-3.3-70b-instruct"),
    ("ovhcloud/meta-llama-3_3-70b-instruct", "ovhcloud/Meta-Llama-3_3-70B-Instruct", "llama-3.3-70b-instruct"),
    ("databricks/databricks-meta-llama-3-3-70b-instruct", "databricks/databricks-meta-llama-3-3-70b-instruct",
     "llama-3.3-70b-instruct"),
    ("vertex-ai/meta-llama-3.3-70b-instruct-maas", "vertex_ai/meta/llama-3.3-70b-instruct-maas",
     "llama-3.3-70b-instruct"),
    ("gradient-ai/llama3.3-70b-instruct", "gradient_ai/llama3.3-70b-instruct", "llama-3.3-70b-instruct"),
    ("google/gemini-2.0-flash-001", "gemini/gemini-2.0-flash-001", "gemini-2.0-flash"),
    ("bedrock/deepseek.v3.2", "deepseek.v3.2", "deepseek-v3.2"),
])
def test_rules_link_snapshots_regions_and_resellers(offering: str, key: str, expected: str) -> None:
    assert canonical_model(offering, key, OVERRIDES) == expected


@pytest.mark.parametrize(("offering", "key", "not_expected"), [
    # a fine-tune, quantisations, speed and size variants, versions that are other models
    ("openai/ft-gpt-4o-2024-08-06", "ft:gpt-4o-2024-08-06", "gpt-4o"),
    ("openai/gpt-4o-mini", "gpt-4o-mini", "gpt-4o"),
    ("lambda-ai/llama3.3-70b-instruct-fp8", "lambda_ai/llama3.3-70b-instruct-fp8", "llama-3.3-70b-instruct"),
    ("together-ai/meta-llama-llama-3.3-70b-instruct-turbo",
     "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama-3.3-70b-instruct"),
    ("lemonade/gpt-oss-20b-mxfp4-gguf", "lemonade/gpt-oss-20b-mxfp4-GGUF", "gpt-oss-20b"),
    ("bedrock/anthropic.claude-v2-1", "anthropic.claude-v2:1", "claude-v2"),
    ("vertex-ai/text-embedding-004", "vertex_ai/text-embedding-004", "text-embedding"),
    ("bedrock/amazon.titan-embed-text-v2-0", "amazon.titan-embed-text-v2:0", "titan-embed-text-v1"),
    ("lambda-ai/deepseek-llama3.3-70b", "lambda_ai/deepseek-llama3.3-70b", "llama-3.3-70b-instruct"),
])
def test_rules_never_merge_different_models(offering: str, key: str, not_expected: str) -> None:
    assert canonical_model(offering, key, OVERRIDES) != not_expected


def test_generic_names_stay_with_their_provider_unless_reviewed() -> None:
    assert canonical_model("tavily/search", "tavily/search", OVERRIDES) == "tavily-search"
    assert canonical_model("duckduckgo/search", "duckduckgo/search", OVERRIDES) == "duckduckgo-search"
    # listed in data/canonical.yaml with its reason
    assert canonical_model("azure/mistral-large-latest", "azure/mistral-large-latest", OVERRIDES) == "mistral-large"
    assert canonical_model("azure/mistral-large-latest", "azure/mistral-large-latest", Overrides()) \
        == "azure-mistral-large"


def test_overrides_by_name_and_by_offering() -> None:
    assert canonical_model("cerebras/llama-3.3-70b", "cerebras/llama-3.3-70b", OVERRIDES) == "llama-3.3-70b-instruct"
    assert canonical_model("cerebras/llama-3.3-70b", "cerebras/llama-3.3-70b", Overrides()) == "llama-3.3-70b"
    pinned = Overrides(offerings={"acme/odd-name": "gpt-4o"})
    assert canonical_model("acme/odd-name", "acme/odd-name", pinned) == "gpt-4o"


def test_overrides_file_is_validated_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "canonical.yaml").write_text(
        "models:\n  - {name: llama-3.3-70b, base_model: llama-3.3-70b-instruct}\n")
    with pytest.raises(SpecFileError) as error:
        load_overrides(tmp_path)
    assert "canonical.yaml:2" in str(error.value) and "reason" in str(error.value)
    assert load_overrides(tmp_path / "missing") == Overrides()


def test_identity_summary_counts_links() -> None:
    def spec(model_id: str, base: str | None) -> ModelSpec:
        return ModelSpec(id=model_id, name=model_id, provider=model_id.split("/")[0], kind="chat", base_model=base)

    summary = identity_summary([spec("a/x", "x"), spec("b/x", "x"), spec("c/y", "y"), spec("d/z", None)])
    assert summary == {"offerings": 4, "linked": 2, "canonical_models": 3,
                       "top_groups": [{"base_model": "x", "offerings": 2}]}


def test_bundled_snapshot_is_linked_and_counted() -> None:
    manifest = json.loads((REPO / "data/imported/litellm/import.json").read_text())
    counts = manifest["canonical_models"]
    assert counts["offerings"] == manifest["models_written"]
    assert counts["canonical_models"] < counts["offerings"] - 1000
    catalog = load_catalog(REPO / "data")
    gpt_4o = {m.id for m in catalog.models.values() if m.base_model == "gpt-4o"}
    assert {"openai/gpt-4o", "azure/gpt-4o", "azure/eu-gpt-4o"} <= gpt_4o
    assert "openai/gpt-4o-mini" not in gpt_4o


# --- a curated alias replaces the imported spec of that id ------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_curated_alias_replaces_the_imported_spec(tmp_path: Path) -> None:
    _write(tmp_path / "providers/acme.yaml", "id: acme\nname: Acme\n")
    for name, price in (("fast", 1), ("fast-1", 1)):
        _write(tmp_path / f"imported/src/models/acme/{name}.yaml", f"""\
            id: acme/{name}
            name: {name}
            provider: acme
            kind: chat
            pricing: {{source: https://acme.example, verified: 2026-11-01, input: {price}, output: 2}}
            """)
    _write(tmp_path / "models/acme/fast-1.yaml", """\
        id: acme/fast-1
        name: Fast 1
        provider: acme
        kind: chat
        aliases: [fast]
        pricing: {source: https://acme.example, verified: 2026-11-01, input: 0.2, output: 1.5}
        """)
    catalog = load_catalog(tmp_path)
    assert "acme/fast" not in catalog.models
    assert dict(catalog.replaced) == {"acme/fast": "acme/fast-1"}
    assert find_model(catalog, "acme/fast").id == "acme/fast-1"
    assert not [f for f in catalog.findings if f.severity == "error"]


def test_grok_code_fast_is_priced_by_the_curated_spec() -> None:
    catalog = load_catalog(REPO / "data")
    assert "xai/grok-code-fast" not in catalog.models
    model = find_model(catalog, "xai/grok-code-fast")
    assert model.id == "xai/grok-code-fast-1"
    assert model.pricing.input == Decimal("0.2")
