"""Bad input to `catalog import` and `catalog crosscheck`: one clear line naming the file,
exit 1 (2 for usage), never a traceback, never a lost or half-written snapshot or report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.importers import snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
SLICE = FIXTURES / "litellm-slice.json"
OPENROUTER = FIXTURES / "openrouter-models.json"


def data_dir(root: Path) -> Path:
    data = root / "data"
    (data / "providers").mkdir(parents=True)
    (data / "models").mkdir()
    (data / "providers" / "google.yaml").write_text("id: google\nname: Google\naliases: [gemini]\n")
    return data


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A data tree with a written LiteLLM snapshot, and that snapshot's files."""
    data = data_dir(tmp_path)
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--dataset-version", "1"]) == 0
    root = data / "imported" / "litellm"
    return data, root, files_of(root)


def files_of(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "text", ['{}', json.dumps({"data": [{"id": "openai/gpt-4o", "pricing": {"prompt": "0.0000025"}}]})],
    ids=["empty object", "openrouter shape"],
)
def test_a_source_yielding_no_models_fails_and_writes_nothing(imported, tmp_path, capsys, text):
    data, root, before = imported
    source = tmp_path / "obj.json"
    source.write_text(text)
    capsys.readouterr()
    assert main(["import", "litellm", str(source), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(source) in err and "0 models" in err and "nothing written" in err
    assert files_of(root) == before


def test_a_source_with_under_half_the_models_needs_force(imported, tmp_path, capsys):
    data, root, before = imported
    few = dict(list(json.loads(SLICE.read_text()).items())[:40])
    source = tmp_path / "few.json"
    source.write_text(json.dumps(few))
    assert main(["import", "litellm", str(source), "--data", str(data)]) == 1
    assert "fewer than half" in capsys.readouterr().err
    assert files_of(root) == before
    assert main(["import", "litellm", str(source), "--data", str(data), "--force"]) == 0
    assert len(list(root.glob("models/*/*.yaml"))) < len(before) / 2


def test_a_failed_write_leaves_the_old_snapshot_whole(imported, monkeypatch, capsys):
    data, root, before = imported
    original = Path.write_text
    written = []

    def disk_full_after_ten_files(self, text, *args, **kwargs):
        if len(written) >= 10:
            raise OSError(28, "No space left on device")
        written.append(self)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full_after_ten_files)
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--dataset-version", "2"]) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "previous one is unchanged" in err
    assert files_of(root) == before
    assert sorted(p.name for p in root.parent.iterdir()) == ["litellm"]  # no staging left behind


def test_write_snapshot_swaps_in_the_new_files_and_keeps_foreign_ones(tmp_path):
    root = tmp_path / "imported" / "demo"
    snapshot.write_snapshot(root, {"models/a/x.yaml": "x\n", "models/a/y.yaml": "y\n", "import.json": "{}\n"})
    (root / "README.md").write_text("notes\n")
    removed = snapshot.write_snapshot(root, {"models/b/z.yaml": "z\n", "import.json": "{}\n"})
    assert removed == 2
    assert files_of(root) == {"README.md": "notes\n", "import.json": "{}\n", "models/b/z.yaml": "z\n"}
    assert sorted(p.name for p in root.parent.iterdir()) == ["demo"]


@pytest.mark.parametrize("report", ["missing-dir/r.json", "."], ids=["no such folder", "a folder"])
def test_a_bad_report_path_fails_before_anything_is_written(tmp_path, capsys, report):
    data = data_dir(tmp_path)
    path = tmp_path / report
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--report", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--report" in err
    assert not (data / "imported").exists()


def test_report_is_written_whole(tmp_path):
    data = data_dir(tmp_path)
    report = tmp_path / "r.json"
    report.write_text("old")
    assert main(["import", "litellm", str(SLICE), "--data", str(data), "--report", str(report)]) == 0
    assert json.loads(report.read_text())["models_written"] > 200
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.json")] == []


@pytest.mark.parametrize("text", ["[1, 2", "[]"], ids=["not JSON", "wrong shape"])
def test_a_bad_source_exits_1_under_import_and_crosscheck(tmp_path, capsys, text):
    data = data_dir(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert main(["import", "litellm", str(bad), "--data", str(data)]) == 1
    assert str(bad) in capsys.readouterr().err
    assert main(["crosscheck", "--against", f"litellm={bad}", "--data", str(data)]) == 1
    assert str(bad) in capsys.readouterr().err
    assert main(["crosscheck", "--against", f"litellm={tmp_path / 'none.json'}", "--data", str(data)]) == 1


def test_an_unknown_dataset_is_a_usage_error(tmp_path, capsys):
    data = data_dir(tmp_path)
    assert main(["crosscheck", "--against", "nosuch=x.json", "--data", str(data)]) == 2
    assert "unknown source nosuch" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name, text, expect",
    [
        ("google.yaml", "id: google\nname: Google\naliases: 5\n", "google.yaml:3:10: invalid curated provider spec: aliases"),
        ("google.yaml", "id: google\nname: Google\naliases: [gemini\n", "google.yaml"),
        ("google.yaml", "id: google\nname: Google\nname: Gooogle\n", "google.yaml:3:1: error [load.duplicate-key]"),
        ("google.yaml", "id: google\nname: &n Google\naliases: [*n]\n", "google.yaml:2"),
        ("google.yml", "id: google\nname: Google\naliases: 5\n", "google.yml:3:10"),
    ],
    ids=["wrong-typed alias", "not YAML", "duplicate key", "anchor", ".yml"],
)
def test_a_broken_curated_provider_file_is_an_error_naming_file_and_line(tmp_path, capsys, name, text, expect):
    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / name).write_text(text)
    assert main(["import", "litellm", str(SLICE), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expect in err
    assert not (data / "imported").exists()
    assert main(["crosscheck", "--against", f"openrouter={OPENROUTER}", "--data", str(data)]) == 1
    assert expect in capsys.readouterr().err


def test_a_yml_provider_file_supplies_aliases(tmp_path):
    from catalog.importers.common import curated_providers

    data = tmp_path / "data"
    (data / "providers").mkdir(parents=True)
    (data / "providers" / "google.yml").write_text("id: google\nname: Google\naliases: [gemini]\n")
    assert curated_providers(data).resolve("gemini") == "google"
