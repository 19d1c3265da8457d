"""`catalog check`: validate, stale and crosscheck in one run, one summary, one exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog.checks import check
from catalog.cli import cli
from tests.conftest import model_yaml

LITELLM_SLICE = Path(__file__).parent / "fixtures" / "importers" / "litellm-slice.json"


def run(data: Path, *args: str):
    return CliRunner().invoke(cli, ["check", "--data", str(data), *args])


@pytest.fixture
def tree(data_tree):
    return data_tree({"models/acme/alpha.yaml": model_yaml()})


def test_a_clean_tree_passes_every_check(tree):
    result = run(tree, "--days", "100000")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("validate: ok: 1 models, 1 providers: 0 errors")
    assert lines[1].startswith("stale: ok: 0 of 1 curated pricing blocks")
    assert lines[2] == "crosscheck: skipped: no dataset in " + str(tree / "upstream")
    assert lines[-1] == "catalog check: 4 checks, 0 failed"


def test_each_failure_is_named_and_the_exit_code_is_one(tree):
    (tree / "models/acme/alpha.yaml").write_text(model_yaml(extra="contex: 1\n"))
    (tree / "models/acme/beta.yaml").write_text(model_yaml("acme/beta"))
    result = run(tree, "--days", "0")
    assert result.exit_code == 1
    assert "validate: FAILED: 1 models, 1 providers: 1 errors" in result.output
    assert "alpha.yaml:13:1: error [schema.unknown-key]" in result.output
    assert "stale: FAILED: 1 of 1 curated pricing blocks" in result.output
    assert result.output.splitlines()[-1] == "catalog check: 4 checks, 2 failed (validate, stale)"
    as_json = json.loads(run(tree, "--days", "0", "--format", "json").output)
    assert as_json["failed"] is True
    assert [(c["name"], c["ok"]) for c in as_json["checks"]] == [("validate", False), ("stale", False), ("crosscheck", True), ("smoke", True)]
    github = run(tree, "--days", "0", "--format", "github").output
    assert "::error file=" in github and "title=schema.unknown-key::" in github and "title=pricing.stale::" in github


def test_crosscheck_runs_against_each_bundled_dataset(tree):
    (tree / "upstream").mkdir()
    shutil.copy(LITELLM_SLICE, tree / "upstream" / "litellm-0.1.json")
    (tree / "models/acme/alpha.yaml").unlink()
    (tree / "providers/acme.yaml").unlink()
    (tree / "providers/openai.yaml").write_text("id: openai\nname: OpenAI\n")
    upstream = json.loads(LITELLM_SLICE.read_text())["azure/gpt-6-astra"]
    theirs = upstream["input_cost_per_token"] * 1_000_000
    (tree / "models/openai/gpt-6-astra.yaml").parent.mkdir(parents=True)
    # Our input price is three times LiteLLM's; the output agrees.
    (tree / "models/openai/gpt-6-astra.yaml").write_text(
        model_yaml("openai/gpt-6-astra", extra="aliases: [azure/gpt-6-astra]\n")
        .replace("input: 2.5", f"input: {theirs * 3:g}").replace("output: 10", f"output: {upstream['output_cost_per_token'] * 1e6:g}"))
    result = run(tree, "--days", "100000")
    assert result.exit_code == 1, result.output
    assert "crosscheck: FAILED: against litellm-0.1.json:" in result.output
    assert "DIFFER openai/gpt-6-astra input" in result.output
    assert "known_differences:" in result.output  # how to acknowledge it


def test_a_stage_adds_its_check_to_the_list(tree, monkeypatch):
    """A function listed in CHECKS runs with the others, and its failure is named."""
    seen = []

    def gateway_check(context: check.CheckContext) -> check.CheckResult:
        seen.append(context.catalog.data_dir)
        return check.CheckResult("gateway", False, "2 of 3 models answered", "acme/alpha: HTTP 500")

    monkeypatch.setattr(check, "CHECKS", [*check.CHECKS, gateway_check])
    result = run(tree, "--days", "100000")
    assert seen == [tree]
    assert result.exit_code == 1
    assert "gateway: FAILED: 2 of 3 models answered\n  acme/alpha: HTTP 500" in result.output
    assert "smoke: skipped: no smoke results to report" in result.output
    assert result.output.splitlines()[-1] == "catalog check: 5 checks, 1 failed (gateway)"


def test_a_check_that_breaks_fails_alone(tree, monkeypatch):
    def broken_check(context):
        raise RuntimeError("no results folder")

    monkeypatch.setattr(check, "CHECKS", [broken_check, *check.CHECKS])
    result = run(tree, "--days", "100000")
    assert result.exit_code == 1
    assert "broken: FAILED: could not run: RuntimeError: no results folder" in result.output
    assert "validate: ok" in result.output and "stale: ok" in result.output


def test_the_bundled_data_passes():
    done = subprocess.run([sys.executable, "-m", "catalog.cli", "check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "crosscheck: ok: against litellm-" in done.stdout
    assert done.stdout.splitlines()[-1] == "catalog check: 4 checks, 0 failed"


def test_check_and_validate_judge_the_same_findings_including_the_workload_presets(tree):
    (tree / "workloads.yaml").write_text("chatbot:\n  requests_per_day: -5\n")
    validate = CliRunner().invoke(cli, ["validate", "--data", str(tree), "--format", "json"])
    errors = [f for f in json.loads(validate.stdout)["findings"] if f["severity"] == "error"]
    assert validate.exit_code == 1 and errors and all(f["file"].endswith("workloads.yaml") for f in errors)
    result = run(tree, "--days", "100000")
    assert result.exit_code == 1 and f"validate: FAILED: 1 models, 1 providers: {len(errors)} errors" in result.output
    assert f"workloads.yaml:{errors[0]['line']}" in result.output
