"""Finding, listing, comparing and pricing models from the command line: lookup in any case
and by short id, list filters and sorts, compare, workloads from flags, validate for pull
requests. Each through the library function and the command."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog.cli import cli
from catalog.listing import ModelRow, model_rows
from catalog.lookup import AmbiguousName, first_party, resolve
from catalog.schema import ModelSpec
from tests.conftest import TODAY, model_yaml

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = (ROOT / "data" / "workloads.yaml").read_text()


def spec(model_id: str, *, name: str = "Alpha", base: str | None = None, extra: str = "",
         context: int = 128000, inputs: str = "[text]", caps: str = "", prices: str = "  input: 2.5\n  output: 10\n",
         kind: str = "chat") -> str:
    text = (f"id: {model_id}\nname: {name}\nprovider: {model_id.split('/')[0]}\nkind: {kind}\n"
            + (f"base_model: {base}\n" if base else "")
            + f"modalities:\n  input: {inputs}\n  output: [text]\n"
            + f"limits:\n  context_window: {context}\n  max_output: 4096\n"
            + (f"capabilities:\n{caps}" if caps else "")
            + f"pricing:\n  source: https://{model_id.split('/')[0]}.example/pricing\n  verified: 2026-11-01\n{prices}")
    return text + extra


def provider(pid: str) -> str:
    return f"id: {pid}\nname: {pid.title()}\nhomepage: https://{pid}.example\n"


def invoke(*argv: str):
    return CliRunner().invoke(cli, list(argv))


@pytest.fixture
def offerings(data_tree):
    """One model sold by its maker (curated) and two resellers (imported), linked by base_model."""
    return data_tree({
        "providers/openai.yaml": provider("openai"),
        "providers/azure.yaml": provider("azure"),
        "models/openai/gpt-4o-mini.yaml": spec("openai/gpt-4o-mini", name="GPT-4o mini", base="gpt-4o-mini",
                                               extra="aliases: [gpt-4o-mini-latest]\n"),
        "imported/dataset/providers/azure.yaml": provider("azure"),
        "imported/dataset/providers/openai.yaml": provider("openai"),
        "imported/dataset/models/azure/gpt-4o-mini.yaml": spec("azure/gpt-4o-mini", name="GPT-4o mini",
                                                               base="gpt-4o-mini"),
        "imported/dataset/models/openai/gpt-4o-mini.yaml": spec("openai/gpt-4o-mini", name="GPT-4o mini",
                                                                base="gpt-4o-mini"),
        "models/acme/alpha.yaml": model_yaml(),
        "models/acme/beta.yaml": spec("acme/beta", name="Beta", context=200000, inputs="[text, image]",
                                      caps="  vision: true\n", prices="  input: 0.5\n  output: 1\n"),
        "models/acme/gamma.yaml": spec("acme/gamma", name="Gamma", context=32000, inputs="[text, image]",
                                       caps="  vision: true\n", prices="  input: 0.1\n  output: 0.2\n"),
        "models/acme/old.yaml": spec("acme/old", name="Old", context=256000, inputs="[text, image]",
                                     caps="  vision: true\n", prices="  input: 0.05\n  output: 0.1\n",
                                     extra="retires_on: 2026-01-01\n"),
        "workloads.yaml": WORKLOADS,
    })


# --- finding a model ------------------------------------------------------------------------


def _rows(*specs: tuple[str, str | None, bool]) -> list[ModelRow]:
    models = [ModelSpec.model_validate({"id": i, "name": i.split("/")[1].upper(), "provider": i.split("/")[0],
                                        "kind": "chat", **({"base_model": b} if b else {})}) for i, b, _ in specs]
    return list(model_rows(models, TODAY, {i for i, _, curated in specs if curated}))


def test_resolve_ids_names_and_short_ids_in_any_case():
    rows = _rows(("openai/gpt-4o", "gpt-4o", True), ("azure/gpt-4o", "gpt-4o", False), ("acme/solo", None, False))
    assert resolve(rows, "OpenAI/GPT-4o").id == "openai/gpt-4o"
    assert resolve(rows, "SOLO") == resolve(rows, "acme/solo")
    found = resolve(rows, "gpt-4o")
    assert found.id == "openai/gpt-4o" and found.others == ("azure/gpt-4o",)
    assert resolve(rows, "nothing") is None


def test_a_short_id_without_a_first_party_offering_is_ambiguous():
    rows = _rows(("azure/gpt-4o", "gpt-4o", False), ("github/gpt-4o", "gpt-4o", False))
    with pytest.raises(AmbiguousName, match="names 2 models: azure/gpt-4o, github/gpt-4o"):
        resolve(rows, "gpt-4o")
    # Two different canonical models are never resolved to one of them.
    rows = _rows(("openai/x", None, True), ("azure/x", None, False))
    assert first_party(rows) is None


def test_show_finds_the_makers_offering_and_names_the_others(offerings):
    result = invoke("show", "GPT-4o-Mini", "--data", str(offerings))
    assert result.exit_code == 0 and result.output.startswith("openai/gpt-4o-mini: GPT-4o mini")
    assert "note: GPT-4o-Mini is openai/gpt-4o-mini; also offered as azure/gpt-4o-mini" in result.stderr
    assert invoke("show", "gpt-4o-mini-latest", "--data", str(offerings)).output.startswith("openai/gpt-4o-mini")
    assert invoke("estimate", "AZURE/GPT-4O-MINI", "--input-tokens", "1", "--data", str(offerings)).exit_code == 0


def test_did_you_mean_for_providers_kinds_capabilities_and_statuses(offerings):
    for argv, message in ((["--provider", "OpenAI"], "unknown provider 'OpenAI'; did you mean openai?"),
                          (["--kind", "chatt"], "unknown kind 'chatt'; did you mean chat?"),
                          (["--capability", "visoin"], "unknown capability 'visoin'; did you mean vision?"),
                          (["--status", "Active"], "unknown status 'Active'; did you mean active?")):
        result = invoke("list", *argv, "--data", str(offerings))
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    result = invoke("cheapest", "--workload", "chatbot", "--kind", "embeddings", "--data", str(offerings))
    assert result.exit_code == 2 and "did you mean embedding?" in result.stderr


# --- list -----------------------------------------------------------------------------------


def test_the_cheapest_current_model_with_vision_and_128k_context_is_one_command(offerings):
    argv = ["list", "--capability", "vision", "--min-context", "128000", "--status", "active", "--sort", "price",
            "--limit", "1", "--data", str(offerings)]
    result = invoke(*argv)
    # gamma is cheaper but has 32k of context; old is cheapest but retired
    assert result.exit_code == 0 and result.stdout.splitlines()[1].startswith("acme/beta")
    assert result.stdout.splitlines()[-1] == "1 model"
    proc = subprocess.run([sys.executable, "-m", "catalog.cli", *argv, "--json"], capture_output=True,
                          text=True, check=False, timeout=120)
    (entry,) = json.loads(proc.stdout)
    assert entry["id"] == "acme/beta" and entry["capabilities"] == ["vision"]
    assert entry["modalities"] == {"input": ["text", "image"], "output": ["text"]}
    assert (entry["input"], entry["output"], entry["blended"]) == ("0.5", "1", "0.625")


def test_list_filters_on_modality_prices_provider_and_status(offerings):
    def ids(*argv: str) -> list[str]:
        result = invoke("list", *argv, "--json", "--data", str(offerings))
        assert result.exit_code == 0, result.output
        return [entry["id"] for entry in json.loads(result.stdout)]

    assert ids("--input", "image") == ["acme/beta", "acme/gamma", "acme/old"]
    assert ids("--max-input-price", "0.5", "--max-output-price", "0.5") == ["acme/gamma", "acme/old"]
    assert ids("--provider", "azure") == ["azure/gpt-4o-mini"]
    assert ids("--status", "retired") == ["acme/old"]
    assert ids("--sort", "context", "--limit", "2") == ["acme/old", "acme/beta"]
    assert ids("--sort", "input-price", "--reverse", "--limit", "1") == ["acme/alpha"]


# --- compare --------------------------------------------------------------------------------


def test_compare_puts_facts_prices_status_standing_and_cost_side_by_side(offerings):
    result = invoke("compare", "acme/alpha", "acme/beta", "acme/old", "--workload", "chatbot",
                    "--data", str(offerings))
    assert result.exit_code == 0, result.output
    rows = {line.split("  ")[0]: line for line in result.output.splitlines()}
    assert rows["context window"].split()[2:] == ["128,000", "tokens", "200,000", "tokens", "256,000", "tokens"]
    assert "$2.50" in rows["input (per 1M tokens)"] and "$0.50" in rows["input (per 1M tokens)"]
    assert "retired" in next(line for key, line in rows.items() if key.startswith("status on"))
    assert "vision" in rows and "not advertised" in rows["vision"]
    assert any("among peers" in key for key in rows)
    monthly = rows["chatbot per month"]
    assert monthly.count("$") == 3


def test_compare_json_and_a_workload_from_flags(offerings):
    result = invoke("compare", "acme/alpha", "acme/beta", "--requests-per-day", "1000", "--input-tokens", "1000",
                    "--json", "--data", str(offerings))
    doc = json.loads(result.stdout)
    alpha, beta = doc["models"]
    # 1000 requests a day x 30.4 days x 1000 tokens at $2.50 and $0.50 per 1M
    assert D(alpha["workload"]["total"]) == D("76") and D(beta["workload"]["total"]) == D("15.2")
    assert alpha["prices"]["input"] == "2.5" and alpha["units"]["input"] == "per_1m_tokens"


def test_compare_refuses_one_model_twice_and_usage_without_a_month(offerings):
    assert "at least two" in invoke("compare", "acme/alpha", "--data", str(offerings)).stderr
    assert "named twice" in invoke("compare", "acme/alpha", "ACME/ALPHA", "--data", str(offerings)).stderr
    result = invoke("compare", "acme/alpha", "acme/beta", "--input-tokens", "5", "--data", str(offerings))
    assert result.exit_code == 2 and "--requests-per-day" in result.stderr


# --- workloads from flags -------------------------------------------------------------------


def test_a_monthly_bill_from_flags(offerings):
    result = invoke("estimate", "acme/alpha", "--requests-per-day", "2000", "--input-tokens", "3000",
                    "--output-tokens", "500", "--json", "--data", str(offerings))
    doc = json.loads(result.stdout)
    # 2000 x 30.4 = 60,800 requests: 182.4M input tokens at $2.50, 30.4M output at $10
    assert result.exit_code == 0 and D(doc["total"]) == D("456") + D("304")
    text = invoke("estimate", "acme/alpha", "--requests-per-day", "2000", "--input-tokens", "3000",
                  "--output-tokens", "500", "--data", str(offerings)).output
    assert "2,000 requests/day x 30.4 days = 60,800 requests a month" in text and "monthly total: $760.00" in text


def test_the_cache_hit_rate_applies_to_models_that_cache_prompts(offerings, data_tree):
    cached = spec("acme/cacher", prices="  input: 2\n  output: 10\n  cache_read: 0.5\n")
    (offerings / "models/acme/cacher.yaml").write_text(cached)
    result = invoke("estimate", "acme/cacher", "--requests-per-day", "100", "--input-tokens", "1000",
                    "--cache-hit-rate", "0.5", "--days-per-month", "30", "--json", "--data", str(offerings))
    # 3000 requests x 1000 tokens: half at $2, half read from the cache at $0.50
    assert D(json.loads(result.stdout)["total"]) == D("3") + D("0.75")


def test_cheapest_ranks_a_workload_from_flags(offerings):
    result = invoke("cheapest", "--requests-per-day", "100", "--input-tokens", "1000", "--json",
                    "--data", str(offerings))
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["workload"] == "custom"
    assert [r["model"] for r in doc["priced"]][:2] == ["acme/gamma", "acme/beta"]
    assert "acme/old" in [r["model"] for r in doc["retired"]]


@pytest.mark.parametrize("argv, message", [
    (["estimate", "acme/alpha"], "no usage to price"),
    (["estimate", "acme/alpha", "--image-size", "1024x1024"], "no usage to price"),
    (["estimate", "acme/alpha", "--requests-per-day", "5"], "no usage to price"),
    (["estimate", "acme/alpha", "--requests-per-day", "5", "--input-tokens", "5", "--requests", "2"],
     "--requests prices N requests"),
    (["estimate", "acme/alpha", "--requests-per-day", "0", "--input-tokens", "5"], "requests_per_day"),
    (["estimate", "acme/alpha", "--requests-per-day", "5", "--cache-read-tokens", "5", "--input-tokens", "9"],
     "--cache-hit-rate"),
    (["estimate", "acme/alpha", "--workload", "image-generation"],
     "workload image-generation is meant for image-generation models, and acme/alpha is of kind chat; "
     "for chat models try agent-with-tools"),
    (["cheapest", "--input-tokens", "5"], "give --workload NAME, or --requests-per-day N"),
    (["cheapest", "--requests-per-day", "5"], "no usage to price"),
])
def test_workload_flags_that_cannot_be_priced_are_usage_errors(offerings, argv, message):
    result = invoke(*argv, "--data", str(offerings))
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_a_presets_image_size_and_quality_can_be_set(data_tree):
    painter = ("id: acme/painter\nname: Painter\nprovider: acme\nkind: image-generation\n"
               "pricing:\n  source: https://acme.example/pricing\n  verified: 2026-11-01\n  input: 5\n"
               "  output_images:\n    - {size: 1024x1024, quality: low, price: 0.01}\n"
               "    - {size: 1024x1024, quality: high, price: 0.17}\n"
               "    - {size: 1536x1024, quality: high, price: 0.25}\n")
    data = data_tree({"models/acme/painter.yaml": painter, "workloads.yaml": WORKLOADS})

    def per_image(*flags: str) -> str:
        result = invoke("estimate", "acme/painter", "--workload", "image-generation", *flags, "--json",
                        "--data", str(data))
        assert result.exit_code == 0, result.stderr
        (line,) = [x for x in json.loads(result.stdout)["per_request"]["lines"] if x["component"] == "output_per_image"]
        return line["unit_price"]

    assert per_image("--image-quality", "high") == "0.17"
    assert per_image("--image-quality", "high", "--image-size", "1536x1024") == "0.25"
    assert per_image("--image-quality", "low") == "0.01"


# --- validate for a pull request -------------------------------------------------------------


@pytest.fixture
def noisy(data_tree):
    """One curated error, and 14 imported warnings and 12 curated warnings."""
    files = {"models/acme/broken.yaml": model_yaml("acme/broken", extra="bogus: 1\n")}
    for i in range(12):
        files[f"models/acme/w{i:02}.yaml"] = model_yaml(f"acme/w{i:02}", extra="  cache_read: 3\n")
    for i in range(14):
        files[f"imported/ds/models/acme/i{i:02}.yaml"] = model_yaml(f"acme/i{i:02}", extra="  cache_read: 3\n")
    return data_tree(files)


def test_github_annotations_put_errors_and_curated_files_first_and_stop_where_github_does(noisy):
    result = invoke("validate", "--format", "github", "--data", str(noisy))
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith("::error ") and "broken.yaml" in lines[0]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) == 10 and all("/imported/" not in line for line in warnings)
    assert lines[-2] == ("::notice title=catalog validate::16 more warnings not annotated (GitHub shows 10 errors "
                         "and 10 warnings per step); `catalog validate` lists every finding")


def test_validate_scopes_severity_and_counts_per_rule(noisy):
    result = invoke("validate", "--only", "imported", "--data", str(noisy))
    assert result.exit_code == 0  # the error is in a curated file
    assert "  pricing.cache-read-above-input: 14 warnings" in result.output and "broken" not in result.output
    result = invoke("validate", "--only", "curated", "--severity", "error", "--format", "json", "--data", str(noisy))
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and (doc["errors"], doc["warnings"]) == (1, 0)
    assert doc["rules"] == {"schema.unknown-key": {"error": 1}}


def test_show_and_list_say_the_status_in_force_today_not_the_raw_field(offerings):
    result = invoke("show", "acme/old", "--data", str(offerings))
    assert "status retired on 2026-01-01" in result.stdout
    (entry,) = json.loads(invoke("list", "--status", "retired", "--json", "--data", str(offerings)).stdout)
    assert entry["id"] == "acme/old" and entry["status"] == "retired"


def test_an_unknown_name_in_any_case_suggests_near_ids(offerings):
    result = invoke("show", "ACME/Gamm", "--data", str(offerings))
    assert result.exit_code == 2 and "unknown model 'ACME/Gamm'; did you mean acme/gamma" in result.stderr


def test_a_model_with_only_a_maximum_input_shows_it_as_such_and_never_an_invented_window(data_tree):
    only_input = model_yaml("acme/inputonly").replace("  context_window: 128000\n", "  max_input: 272000\n")
    both = model_yaml("acme/both").replace("  context_window: 128000\n", "  context_window: 400000\n  max_input: 272000\n")
    data = data_tree({"models/acme/inputonly.yaml": only_input, "models/acme/both.yaml": both,
                      "models/acme/alpha.yaml": model_yaml()})
    shown = invoke("show", "acme/inputonly", "--data", str(data)).stdout.splitlines()[2]
    assert shown == "  max input 272,000 tokens, max output 16,384 tokens"
    assert invoke("show", "acme/both", "--data", str(data)).stdout.splitlines()[2] == (
        "  context 400,000 tokens, max input 272,000 tokens, max output 16,384 tokens")
    listed = invoke("list", "--sort", "context", "--data", str(data)).stdout.splitlines()
    assert [line.split()[0] for line in listed[1:4]] == ["acme/both", "acme/inputonly", "acme/alpha"]
    assert "272,000 input" in listed[2]
    # a model that takes 272,000 prompt tokens has at least that much context; 300,000 it may not
    filtered = json.loads(invoke("list", "--min-context", "200000", "--json", "--data", str(data)).stdout)
    assert {(r["id"], r["context_window"], r["max_input"]) for r in filtered} == {
        ("acme/both", 400000, 272000), ("acme/inputonly", None, 272000)}
    compared = invoke("compare", "acme/inputonly", "acme/both", "--data", str(data)).stdout
    assert any(line.split()[:2] == ["context", "window"] and line.split()[2:] == ["unknown", "400,000", "tokens"]
               for line in compared.splitlines())
    assert any(line.split()[:2] == ["max", "input"] for line in compared.splitlines())


def test_a_lookup_note_names_a_few_other_offerings_and_counts_the_rest(offerings):
    for i in range(10):
        path = offerings / f"imported/dataset/models/azure/gpt-4o-mini-r{i}.yaml"
        path.write_text(spec(f"azure/gpt-4o-mini-r{i}", name="GPT-4o mini", base="gpt-4o-mini"))
    note = invoke("show", "gpt-4o-mini", "--data", str(offerings)).stderr.strip()
    named = note.split("also offered as ", 1)[1].split(" ... ", 1)[0].split(", ")
    assert len(named) == 8 and named[0] == "azure/gpt-4o-mini"
    assert note.endswith(" ... and 3 more; `catalog show --enriched openai/gpt-4o-mini` lists them with prices")
    enriched = invoke("show", "--enriched", "openai/gpt-4o-mini", "--data", str(offerings)).stdout
    assert all(f"azure/gpt-4o-mini-r{i}:" in enriched for i in range(10))


def test_cheapest_gives_a_model_without_any_price_one_short_reason(data_tree):
    unpriced = model_yaml("acme/noprice").split("pricing:")[0]
    half = model_yaml("acme/half").replace("  output: 10\n", "")
    data = data_tree({"models/acme/noprice.yaml": unpriced, "models/acme/half.yaml": half,
                      "models/acme/alpha.yaml": model_yaml(), "workloads.yaml": WORKLOADS})
    result = invoke("cheapest", "--workload", "chatbot", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "  acme/noprice: no prices published\n" in result.stdout
    assert "  acme/half: missing output: USD per 1M tokens unknown (not published)\n" in result.stdout
    doc = json.loads(invoke("cheapest", "--workload", "chatbot", "--json", "--data", str(data)).stdout)
    reasons = {e["model"]: (e["no_prices"], len(e["missing"])) for e in doc["unpriced"]}
    assert reasons["acme/noprice"][0] == "no prices published" and reasons["acme/noprice"][1] >= 2
    assert reasons["acme/half"] == (None, 1)
