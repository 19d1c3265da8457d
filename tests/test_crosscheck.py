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
    assert "| `deepseek/deepseek-chat` | input@16:30-00:30 | $0.135 | $0.135 |" in out
    assert "| `deepseek/deepseek-chat` | input@00:30-16:30 | $0.27 | $0.27 |" in out
    assert "**differs**" not in out
    # Three components at peak and off-peak: six prices, not one per compared clock (nine).
    assert "6 prices compared: 6 agree, 0 differ" in out


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


def test_a_failure_says_how_to_acknowledge_a_reviewed_difference(tmp_path, capsys):
    data = curated_tree(tmp_path, "30")
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "acknowledge the difference in the spec's pricing block" in out
    assert "    known_differences:\n      - dataset: genai-prices\n        components: [output]\n" in out
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--format", "markdown"]) == 1
    assert "```yaml\npricing:\n  known_differences:\n    - dataset: genai-prices\n" in capsys.readouterr().out
    # Nothing to acknowledge, no advice.
    data = curated_tree(tmp_path / "ok", "25")
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 0
    assert "known_differences" not in capsys.readouterr().out


def test_the_model_id_is_matched_before_an_alias_or_another_providers_name():
    """An alias (`deepseek-r1`) or a bare name another provider's offering also uses must not
    win over the dataset's entry for the model itself."""
    from catalog.checks.crosscheck import match_order
    from catalog.schema import ModelSpec

    model = ModelSpec(id="deepseek/deepseek-reasoner", name="R", provider="deepseek", kind="chat",
                      aliases=("deepseek-r1", "a-bare-name"))
    order = match_order(model)
    assert order[0] == "deepseek/deepseek-reasoner"
    assert order.index("deepseek/deepseek-r1") < order.index("a-bare-name")
    assert order.index("deepseek/deepseek-r1") < order.index("deepseek-r1")


def test_the_bundled_data_crosschecks_clean_against_the_bundled_litellm_snapshot(capsys):
    """Every curated difference with the bundled LiteLLM snapshot has been reviewed: fixed, or
    acknowledged in `pricing.known_differences` with a reason."""
    from catalog.load import bundled_data_dir

    snapshots = sorted((bundled_data_dir() / "upstream").glob("litellm-*.json*"))
    assert snapshots
    assert main(["crosscheck", "--against", f"litellm={snapshots[-1]}", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] is False and report["stale_acknowledgements"] == []
    assert [c for c in report["comparisons"] if c["curated"] and not c["agrees"] and not c["known_difference"]] == []


def test_github_format_annotates_curated_differences(tmp_path, capsys):
    data = curated_tree(tmp_path, "30")
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::error file=") and lines[0].endswith(
        "claude-opus-4-6.yaml,title=crosscheck::anthropic/claude-opus-4-6 output: ours $30.00, genai-prices $25.00 "
        "(anthropic/claude-opus-4-6), differs by 16.7%25")
    assert lines[-1].startswith("1 models matched")


# --- grouping the times of day into one line -----------------------------------------------


def _point(component: str, ours: str, theirs: str = "0.15"):
    from decimal import Decimal

    from catalog.checks.crosscheck import Comparison, relative_difference

    a, b = Decimal(ours), Decimal(theirs)
    return Comparison("deepseek/deepseek-v4-flash", component, a, b, "model-prices", "deepseek/deepseek-v4-flash",
                      Path("data/models/deepseek/deepseek-v4-flash.yaml"), True, relative_difference(a, b),
                      relative_difference(a, b) <= Decimal("0.01"))


def test_times_of_day_with_the_same_two_prices_are_one_line_per_window():
    """Peak on weekdays 01:00-04:00 and 06:00-10:00 (ours 0.30, theirs 0.15), off-peak the rest
    of the week: 35 compared points become two lines, the evening span written past midnight."""
    from catalog.checks.crosscheck import findings

    peak = {("01:00", d) for d in ("mon", "tue", "wed", "thu", "fri")} | {("06:00", d) for d in ("mon", "tue", "wed", "thu", "fri")}
    points = [_point(f"input@{day} {clock}", "0.30" if (clock, day) in peak else "0.15")
              for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
              for clock in ("00:00", "01:00", "04:00", "06:00", "10:00")]
    lines = {(f.component, f.comparison.agrees) for f in findings(points)}
    assert lines == {("input@mon-fri 01:00-04:00, 06:00-10:00", False),
                     ("input@mon-fri 04:00-06:00, 10:00-01:00; sat-sun all day", True)}


def test_a_price_without_a_time_of_day_stays_its_own_line():
    from catalog.checks.crosscheck import findings

    points = [_point("input", "0.30"), _point("output", "0.30"),
              *(_point(f"input@{clock}", "0.30") for clock in ("00:00", "00:30", "16:30"))]
    assert [f.component for f in findings(points)] == ["input", "output", "input@all day"]


def test_a_model_found_only_in_its_own_source_is_not_counted_as_matched(tmp_path, capsys):
    """Our copy of genai-prices' own entry, checked against genai-prices, compares nothing: the
    summary says so rather than counting it among the matched models."""
    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / "anthropic.yaml").write_text("id: anthropic\nname: Anthropic\n")
    folder = data / "imported" / "genai-prices" / "models" / "anthropic"
    folder.mkdir(parents=True)
    (folder / "claude-opus-4-6.yaml").write_text(
        "id: anthropic/claude-opus-4-6\nname: claude-opus-4-6\nprovider: anthropic\nkind: chat\n"
        "pricing:\n  source: https://www.anthropic.com/pricing\n  verified: 2026-11-01\n  input: 5\n  output: 25\n"
        "provenance:\n  dataset: genai-prices\n  version: '1'\n  imported: 2026-11-01\n"
        "  upstream: https://github.com/pydantic/genai-prices\n  upstream_key: anthropic/claude-opus-4-6\n"
    )
    assert main(["crosscheck", "--against", f"genai-prices={GENAI}", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 models matched (1 more only by the dataset they are imported from, 0 of ours unmatched); "
                          "0 prices compared")
