"""`catalog refresh`: a newer upstream snapshot imported, and what it changes as a PR body."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from catalog.checks.diff import MARKER
from catalog.cli import cli

SLICE = Path(__file__).parent / "fixtures" / "importers" / "litellm-slice.json"


def refresh(data: Path, location: Path, *args: str):
    return CliRunner().invoke(cli, ["refresh", "litellm", str(location), "--data", str(data), *args])


def snapshot(data: Path) -> dict[str, str]:
    root = data / "imported" / "litellm"
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_refresh_reports_changes_and_the_same_input_changes_nothing(tmp_path):
    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    first = refresh(data, SLICE, "--dataset-version", "1.0")
    assert first.exit_code == 0, first.output
    assert first.output.startswith(MARKER)
    before = snapshot(data)
    assert len(before) > 100

    # The same file again: nothing to review, and not a byte rewritten.
    again = refresh(data, SLICE)
    assert again.exit_code == 0, again.output
    assert "No model or price changed." in again.output and "0 spec files differ" in again.output
    assert snapshot(data) == before

    # A newer release: one price up 20%, one slipped by 1000x, one model gone, one deprecated.
    upstream = json.loads(SLICE.read_text())
    upstream["aihubmix/agnes-2.5-flash"]["input_cost_per_token"] = 3.6e-08
    upstream["aihubmix/agnes-2.5-flash"]["output_cost_per_token"] = 1.5e-04
    removed = "abliteration/abliterated-model"
    del upstream[removed]
    upstream["azure/gpt-35-turbo-instruct"]["deprecation_date"] = "2099-01-31"
    newer = tmp_path / "litellm-next.json"
    newer.write_text(json.dumps(upstream))

    dry = refresh(data, newer, "--dataset-version", "2.0", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.output[: dry.output.rindex("}") + 1])
    assert snapshot(data) == before  # --dry-run wrote nothing
    assert report["base"] == "litellm 1.0" and report["head"] == "litellm 2.0"
    by_price = {(c["model"], c["price"]): c for c in report["price_changes"]}
    assert by_price[("aihubmix/agnes-2.5-flash", "input")]["percent"] == "20.0"
    assert by_price[("aihubmix/agnes-2.5-flash", "output")]["unit_slip"] is True
    assert [m["model_id"] for m in report["removed"]] == ["abliteration/abliterated-model"]
    assert ("azure/gpt-35-turbo-instruct", "retires_on") in {(c["model"], c["field"]) for c in report["changes"]}
    # An imported snapshot has no price history or verification of its own to check.
    assert {f["rule"] for f in report["flags"]} <= {"diff.unit-slip", "diff.removed-not-deprecated"}

    body = refresh(data, newer, "--dataset-version", "2.0")
    assert body.exit_code == 0
    assert "## Refresh of the imported litellm data: `litellm 1.0` → `litellm 2.0`" in body.output
    assert "| `aihubmix/agnes-2.5-flash` | output | $0.15 | $150.00 |" in body.output and "⚠️ 10x" in body.output
    assert "- `abliteration/abliterated-model`:" in body.output
    after = snapshot(data)
    assert after != before and "models/abliteration/abliterated-model.yaml" not in after
    assert json.loads(after["import.json"])["version"] == "2.0"


def test_a_file_that_is_not_the_dataset_is_refused(tmp_path):
    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    assert refresh(data, SLICE, "--dataset-version", "1.0").exit_code == 0
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    result = refresh(data, empty)
    assert result.exit_code == 1 and "yields 0 models" in result.output
    missing = refresh(data, tmp_path / "nope.json")
    assert missing.exit_code == 1 and "nope.json" in missing.output
