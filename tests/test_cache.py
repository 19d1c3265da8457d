"""The catalog cache: a warm command reads one file, and it is never stale. Edits, additions,
deletions and renames of specs show on the next command; --no-cache reads the specs; a
corrupt, truncated, foreign or unwritable cache is rebuilt or skipped, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog import cache
from catalog.cli import main
from tests.conftest import model_yaml


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def spy(monkeypatch) -> list[Path]:
    """The data folders actually loaded from their spec files (a cache miss each)."""
    from catalog import load

    reads: list[Path] = []
    real = load.load_reusing

    def counting(data_dir, **options):
        reads.append(Path(data_dir))
        return real(data_dir, **options)

    monkeypatch.setattr(load, "load_reusing", counting)
    return reads


def show_json(capsys, data: Path, model: str = "acme/alpha", *extra: str) -> dict:
    code = main(["show", model, "--json", "--data", str(data), *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_a_second_command_reads_the_cache_not_the_specs(capsys, data_tree, cache_dir, spy):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    assert show_json(capsys, data)["limits"]["context_window"] == 128000
    assert show_json(capsys, data)["limits"]["context_window"] == 128000
    assert main(["list", "--data", str(data)]) == 0
    cache.wait_for_writers()
    assert len(spy) == 1 and list(cache_dir.glob("catalog-*.pickle"))


def test_editing_a_spec_shows_on_the_next_command_even_within_one_clock_tick(capsys, data_tree, cache_dir, spy):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    spec = data / "models/acme/alpha.yaml"
    assert show_json(capsys, data)["pricing"]["input"] == "2.5"
    stat = spec.stat()
    spec.write_text(model_yaml().replace("input: 2.5", "input: 3.5"))  # same size
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns))             # and the same mtime
    assert show_json(capsys, data)["pricing"]["input"] == "3.5"
    assert len(spy) == 2


def test_adding_deleting_and_renaming_specs_show_on_the_next_command(capsys, data_tree, cache_dir):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    assert show_json(capsys, data)["id"] == "acme/alpha"
    (data / "models/acme/beta.yaml").write_text(model_yaml("acme/beta"))
    assert show_json(capsys, data, "acme/beta")["id"] == "acme/beta"
    (data / "models/acme/beta.yaml").rename(data / "models/acme/gamma.yaml")
    assert main(["show", "acme/beta", "--data", str(data)]) == 2  # gone under that name
    assert "unknown model 'acme/beta'" in capsys.readouterr().err
    # The renamed file still says id acme/beta: an error about acme/gamma, not the old spec.
    assert main(["show", "acme/gamma", "--data", str(data)]) == 1
    assert "acme/gamma has errors" in capsys.readouterr().err
    (data / "models/acme/gamma.yaml").write_text(model_yaml("acme/gamma"))
    assert show_json(capsys, data, "acme/gamma")["id"] == "acme/gamma"
    (data / "models/acme/gamma.yaml").unlink()
    assert main(["show", "acme/beta", "--data", str(data)]) == 2
    assert "unknown model 'acme/beta'" in capsys.readouterr().err
    assert main(["list", "--json", "--data", str(data)]) == 0
    assert [m["id"] for m in json.loads(capsys.readouterr().out)] == ["acme/alpha"]


def test_changing_the_workloads_file_changes_the_key(data_tree, cache_dir):
    data = data_tree({"models/acme/alpha.yaml": model_yaml(), "workloads.yaml": "workloads: []\n"})
    day = cache.dt.date(2026, 11, 30)
    before = cache.cache_key(data, day, 180)
    (data / "workloads.yaml").write_text("workloads: [] # a comment\n")
    assert cache.cache_key(data, day, 180) != before
    assert cache.cache_key(data, day, 30) != cache.cache_key(data, day, 180)
    assert cache.cache_key(data, day + cache.dt.timedelta(days=1), 180) != cache.cache_key(data, day, 180)


def test_the_key_follows_folder_links_and_is_the_same_however_files_are_stat(data_tree, tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "beta.yaml").write_text(model_yaml("other/beta"))
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    (data / "models/other").symlink_to(outside, target_is_directory=True)
    (data / "models/acme/loop").symlink_to(data / "models", target_is_directory=True)  # must not hang
    (data / "models/acme/dangling.yaml").symlink_to(data / "nowhere.yaml")
    day = cache.dt.date(2026, 11, 30)
    before = cache.cache_key(data, day, 180)
    monkeypatch.setattr(cache, "_STAT_IN_FOLDER", not cache._STAT_IN_FOLDER)  # by whole path, or by folder
    assert cache.cache_key(data, day, 180) == before
    (outside / "beta.yaml").write_text(model_yaml("other/beta") + "# edited through the link\n")
    assert cache.cache_key(data, day, 180) != before


def test_no_cache_reads_the_specs_and_writes_nothing(capsys, data_tree, cache_dir, spy):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    show_json(capsys, data, "acme/alpha", "--no-cache")
    show_json(capsys, data, "acme/alpha", "--no-cache")
    cache.wait_for_writers()
    assert len(spy) == 2 and not cache_dir.exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "flip", "directory"])
def test_a_damaged_cache_is_rebuilt_silently(capsys, data_tree, cache_dir, spy, damage):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    show_json(capsys, data)
    cache.wait_for_writers()
    (path,) = cache_dir.glob("catalog-*.pickle")
    blob = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flip":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    else:
        path.unlink()
        path.mkdir()
    code = main(["show", "acme/alpha", "--data", str(data)])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == "" and "acme/alpha: Alpha" in captured.out
    assert len(spy) == 2


def test_an_unwritable_cache_folder_is_no_cache_and_no_error(capsys, data_tree, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(blocker / "cache"))
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    assert show_json(capsys, data)["id"] == "acme/alpha"


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("CATALOG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "model-catalog"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "model-catalog"
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_a_cached_catalog_equals_a_fresh_one(data_tree, cache_dir):
    data = data_tree({"models/acme/alpha.yaml": model_yaml(),
                      "models/acme/beta.yaml": model_yaml("acme/beta", extra="bogus: 1\n")})
    fresh = cache.load_cached(data)
    warm = cache.load_cached(data)
    assert not fresh.from_cache and warm.from_cache
    assert dict(warm.catalog.models) == dict(fresh.catalog.models)
    assert dict(warm.catalog.providers) == dict(fresh.catalog.providers)
    assert tuple(warm.catalog.findings) == tuple(fresh.catalog.findings)
    assert dict(warm.catalog.sources) == dict(fresh.catalog.sources)
    assert warm.rows == fresh.rows and (warm.errors, warm.warnings) == (fresh.errors, fresh.warnings) == (1, 0)


def test_two_processes_share_the_cache(data_tree, cache_dir):
    data = data_tree({"models/acme/alpha.yaml": model_yaml()})
    env = {**os.environ, "CATALOG_CACHE_DIR": str(cache_dir)}
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "catalog.cli", "show", "acme/alpha", "--data", str(data)],
                                capture_output=True, text=True, env=env, check=False, timeout=120)
        assert result.returncode == 0 and "acme/alpha: Alpha" in result.stdout and result.stderr == ""
    # The first process answered while a child of it wrote the cache (the catalog, then what
    # each spec gave); give the child time.
    deadline = time.monotonic() + 60
    while (list(cache_dir.glob(".*.tmp")) or not list(cache_dir.glob("catalog-*.reuse"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(list(cache_dir.glob("catalog-*.pickle"))) == len(list(cache_dir.glob("catalog-*.reuse"))) == 1
    assert not list(cache_dir.glob(".*.tmp"))  # written atomically, nothing left behind


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see a process's open files")
def test_the_cache_writer_lets_go_of_the_commands_output(tmp_path):
    """`catalog list --json | jq` ends when the command does: the child writing the cache in
    the background holds none of the command's standard streams."""
    seen = tmp_path / "streams.txt"

    def write() -> None:
        seen.write_text("\n".join(os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2)))

    cache.write_in_background(tmp_path / "catalog-x.pickle", write)
    cache.wait_for_writers()
    assert seen.read_text().split("\n") == [os.devnull] * 3
