"""Cross-check of curated and imported prices against another dataset, on small trees."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
GENAI = FIXTURES / "genai-prices-slice.json"


def curated_tree(root: Path, opus_output: str) -> Path:
    data = root / "data"
    (data / "providers").mkdir(parents=True)
    (data / "models" / "anthropic").mkdir(parents=True)
    (data / "providers" / "anthropic.yaml").write_text("id: anthropic\nname: Anthropic\n")
    (data / "models" / "anthropic" / "claude-opus-4-6.yaml").write_text(
        "id: anthropic/claude-opus-4-6\nname: Claude Opus 4.6\nprovider: anthropic\nkind: chat\n"
        "pricing:\n  source: https://www.anthropic.com/pricing\n  verified: 2026-11-01\n"
        f"  input: 5\n  output: {opus_output}\n  cache_read: 0.5\n"
    )
    return data


def test_agreeing_curated_prices_exit_0(tmp_path, capsys):
    data = curated_tree(tmp_path, "25")
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 models matched")
    assert "agree  anthropic/claude-opus-4-6 output: ours $25.00 (curated" in out
    assert "genai-prices $25.00 (anthropic/claude-opus-4-6)" in out


def test_curated_price_beyond_tolerance_exits_1_with_both_sources(tmp_path, capsys):
    data = curated_tree(tmp_path, "30")
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "DIFFER anthropic/claude-opus-4-6 output: ours $30.00" in out
    assert "genai-prices $25.00" in out and "differs by 16.7%" in out
    # A wide enough tolerance lets it pass.
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--tolerance", "0.2"]) == 0


def test_imported_disagreement_is_listed_but_does_not_fail(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / "google.yaml").write_text("id: google\nname: Google\naliases: [gemini]\n")
    folder = data / "imported" / "litellm" / "models" / "google"
    folder.mkdir(parents=True)
    (folder / "gemini-2.5-pro.yaml").write_text(
        "id: google/gemini-2.5-pro\nname: gemini-2.5-pro\nprovider: google\nkind: chat\n"
        "pricing:\n  source: https://ai.google.dev/pricing\n  verified: 2026-11-21\n  input: 1.5\n  output: 10\n"
        "provenance:\n  dataset: litellm\n  version: '1'\n  imported: 2026-11-21\n"
        "  upstream: https://github.com/BerriAI/litellm\n  upstream_key: gemini/gemini-2.5-pro\n"
    )
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_price = {c["price"]: c for c in report["comparisons"]}
    assert by_price["input"]["agrees"] is False and by_price["input"]["curated"] is False
    assert by_price["output"]["agrees"] is True
    assert report["failed"] is False


def test_time_of_day_windows_compare_by_the_price_in_force(tmp_path, capsys):
    """genai-prices writes DeepSeek's off-peak price as the base; a curated spec that writes
    the peak price as the base and off-peak as a window agrees at every time of day."""
    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "models" / "deepseek").mkdir(parents=True)
    (data / "providers" / "deepseek.yaml").write_text("id: deepseek\nname: DeepSeek\n")
    (data / "models" / "deepseek" / "deepseek-chat.yaml").write_text(
        "id: deepseek/deepseek-chat\nname: DeepSeek Chat\nprovider: deepseek\nkind: chat\n"
        "pricing:\n  source: https://api-docs.deepseek.com/quick_start/pricing\n  verified: 2026-11-01\n"
        "  input: 0.27\n  output: 1.1\n  cache_read: 0.07\n"
        "  windows:\n    - {name: off-peak, start: '16:30', end: '00:30', input: 0.135, output: 0.55, cache_read: 0.035}\n"
    )
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| `deepseek/deepseek-chat` | input@16:30 | $0.135 | $0.135 |" in out
    assert "**differs**" not in out


def test_unknown_dataset_is_a_usage_error(tmp_path, capsys):
    data = curated_tree(tmp_path, "25")
    assert main(["crosscheck", "--against", "nosuch=x.json", "--data", str(data)]) == 2
    assert "unknown source" in capsys.readouterr().err


# --- acknowledged differences (pricing.known_differences) ---------------------------------


def acknowledged_tree(root: Path, *, input_: str, output: str, acknowledgements: str) -> Path:
    """Claude Opus 4.6 curated with the given input and output prices (genai-prices has 5 and
    25, cache_read 0.5 as here) and the given `known_differences` entries."""
    data = curated_tree(root, output)
    path = data / "models" / "anthropic" / "claude-opus-4-6.yaml"
    text = path.read_text().replace("  input: 5\n", f"  input: {input_}\n")
    path.write_text(text + "  known_differences:\n" + acknowledgements)
    return data


def crosscheck_json(data: Path, capsys, *args: str) -> tuple[int, dict]:
    status = main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_acknowledged_difference_is_listed_as_known_and_passes(tmp_path, capsys):
    data = acknowledged_tree(tmp_path, input_="5", output="30", acknowledgements=(
        "    - {dataset: genai-prices, components: [output], reason: We follow the provider's page}\n"))
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "1 known differences; curated: 3 compared, 2 agree, 0 differ, 1 known; 0 stale" in out
    assert ("KNOWN  anthropic/claude-opus-4-6 output: ours $30.00 (curated" in out
            and "differs by 16.7%, known difference (We follow the provider's page)" in out)
    assert "DIFFER" not in out


def test_unacknowledged_difference_still_fails(tmp_path, capsys):
    # The acknowledgement names another dataset: it does not cover genai-prices' output.
    data = acknowledged_tree(tmp_path, input_="5", output="30", acknowledgements=(
        "    - {dataset: litellm, reason: Another dataset}\n"))
    status, report = crosscheck_json(data, capsys)
    assert status == 1
    output = next(c for c in report["comparisons"] if c["price"] == "output")
    assert output["agrees"] is False and output["known_difference"] is None
    assert report["stale_acknowledgements"] == []  # litellm was not checked: not judged stale


def test_acknowledgement_covers_only_its_listed_components(tmp_path, capsys):
    data = acknowledged_tree(tmp_path, input_="6", output="30", acknowledgements=(
        "    - {dataset: genai-prices, components: [output], reason: Output reviewed}\n"))
    status, report = crosscheck_json(data, capsys)
    assert status == 1
    by_price = {c["price"]: c for c in report["comparisons"]}
    assert by_price["output"]["known_difference"] == "Output reviewed"
    assert by_price["input"]["agrees"] is False and by_price["input"]["known_difference"] is None
    # With no components listed, the acknowledgement covers every price of the model.
    data = acknowledged_tree(tmp_path / "all", input_="6", output="30", acknowledgements=(
        "    - {dataset: genai-prices, reason: All reviewed}\n"))
    status, report = crosscheck_json(data, capsys)
    assert status == 0
    assert sorted(c["price"] for c in report["comparisons"] if c["known_difference"] == "All reviewed") == ["input", "output"]


def test_stale_acknowledgement_is_reported_and_fails(tmp_path, capsys):
    # output agrees (25), so its acknowledgement covers nothing; input's still covers 6 vs 5.
    data = acknowledged_tree(tmp_path, input_="6", output="25", acknowledgements=(
        "    - {dataset: genai-prices, components: [input, output], reason: Reviewed once}\n"))
    status, report = crosscheck_json(data, capsys)
    assert status == 1
    assert report["stale_acknowledgements"] == [
        {"model": "anthropic/claude-opus-4-6", "dataset": "genai-prices", "component": "output", "reason": "Reviewed once"}
    ]
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert ("STALE  anthropic/claude-opus-4-6: known difference output with genai-prices matches no disagreement "
            "(Reviewed once)") in out
    assert "1 stale acknowledgements" in out


def test_a_component_name_covers_it_in_every_window_but_a_path_only_itself():
    from catalog.checks.crosscheck import covers

    assert covers("input", "input") and covers("input", "input@16:30") and covers("input", "variants.batch.input")
    assert covers("variants.batch.input", "variants.batch.input")
    assert not covers("variants.batch.input", "input") and not covers("input", "input_audio")
    assert not covers("tiers[>200000].output", "output")


def test_an_acknowledgement_needs_a_reason_and_a_dataset_slug():
    import pytest
    from pydantic import ValidationError

    from catalog.schema import KnownDifference

    assert KnownDifference(dataset="genai-prices", reason="Reviewed").components == ()
    with pytest.raises(ValidationError, match="reason"):
        KnownDifference.model_validate({"dataset": "genai-prices", "components": ["input"]})
    with pytest.raises(ValidationError, match="dataset"):
        KnownDifference.model_validate({"dataset": "Genai Prices", "reason": "Reviewed"})
