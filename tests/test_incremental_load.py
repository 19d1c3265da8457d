"""Loading after an edit: a command whose cached catalog is stale reads and validates only the
specs whose files changed, and gives exactly the catalog a full load gives (models, providers,
sources, origins, findings with their files, lines and messages, replaced models)."""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import cache, load, yamlfile
from catalog.load import Catalog, load_catalog, load_reusing
from tests.conftest import PROVIDER_YAML, TODAY, model_yaml, write_tree

IMPORTED_GAMMA = """\
id: acme/gamma
name: gamma
provider: acme
kind: chat
limits:
  context_window: 8192
  max_output: 4096
pricing:
  source: https://dataset.example/prices.json
  verified: 2026-11-20
  input: 3
  output: 12
"""

IMPORTED_OLD = IMPORTED_GAMMA.replace("acme/gamma", "acme/old").replace("name: gamma", "name: old")

TREE = {
    # A curated spec whose successor does not exist: a rule error in a file that will not change.
    "models/acme/alpha.yaml": model_yaml(extra="successor: acme/zeta\n"),
    # A warning (cache read dearer than input) inside the pricing block.
    "models/acme/beta.yaml": model_yaml("acme/beta", extra="  cache_read: 5\n"),
    # Two files for one id in one layer: the rule names the second, which no spec reads.
    "models/acme/beta.yml": model_yaml("acme/beta"),
    # An imported spec with a curated layer on top, and an imported-only one.
    "imported/litellm/models/acme/gamma.yaml": IMPORTED_GAMMA,
    "models/acme/gamma.yaml": "id: acme/gamma\nname: Acme Gamma\nlimits:\n  max_output: 2048\n",
    "imported/litellm/models/acme/old.yaml": IMPORTED_OLD,
    # An invalid spec: a schema error with its position.
    "models/acme/broken.yaml": model_yaml("acme/broken", extra="bogus: 1\n"),
}


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = data / relative
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    return edit


def write(relative: str, text: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        (data / relative).write_text(text)

    return edit


def delete(relative: str) -> Callable[[Path], None]:
    return lambda data: (data / relative).unlink()


def rename(relative: str, to: str) -> Callable[[Path], None]:
    return lambda data: (data / relative).rename(data / to)


EDITS = {
    "a price": replace_in("models/acme/alpha.yaml", "input: 2.5", "input: 3.5"),
    "a name": replace_in("models/acme/alpha.yaml", "name: Alpha", "name: Alpha Prime"),
    # The rule error of alpha moves a line down: its position is found again.
    "a line above a finding": replace_in("models/acme/alpha.yaml", "id: acme/alpha\n", "# Alpha\nid: acme/alpha\n"),
    # The new spec is alpha's successor: alpha's rule error goes, though its file is unchanged.
    "an added spec": write("models/acme/zeta.yaml", model_yaml("acme/zeta")),
    "a deleted spec": delete("models/acme/beta.yaml"),
    "a renamed spec": rename("models/acme/alpha.yaml", "models/acme/delta.yaml"),
    "the imported layer under a curated one": replace_in("imported/litellm/models/acme/gamma.yaml",
                                                        "context_window: 8192", "context_window: 1024"),
    "a curated alias that replaces an imported-only spec": replace_in(
        "models/acme/gamma.yaml", "name: Acme Gamma", "name: Acme Gamma\naliases: [old]"),
    "an invalid spec made valid": replace_in("models/acme/broken.yaml", "bogus: 1\n", ""),
    "a valid spec made unreadable": write("models/acme/alpha.yaml", "id: [acme\n"),
    "a provider": replace_in("providers/acme.yaml", "name: Acme AI", "name: Acme Intelligence"),
}


@pytest.fixture
def parsed(monkeypatch) -> list[Path]:
    """Every file parsed, by the loader or to find a position."""
    files: list[Path] = []
    real = yamlfile.read_yaml_document

    def spy(path, **options):
        files.append(Path(path))
        return real(path, **options)

    monkeypatch.setattr(load, "read_yaml_document", spy)
    monkeypatch.setattr(yamlfile, "read_yaml_document", spy)
    return files


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(folder))
    return folder


def loaded_after_a_miss(data: Path) -> Catalog:
    """The catalog a command gets when its cached catalog is stale, once the last command's
    cache is written."""
    cache.wait_for_writers()
    loaded = cache.load_cached(data)
    assert not loaded.from_cache
    cache.wait_for_writers()
    return loaded.catalog


def assert_same(got: Catalog, full: Catalog) -> None:
    for field in dataclasses.fields(Catalog):
        mine, theirs = getattr(got, field.name), getattr(full, field.name)
        if field.name in ("findings", "data_dir"):
            assert mine == theirs, field.name
        else:  # the same keys in the same order, the same values
            assert list(mine.items()) == list(theirs.items()), field.name


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_load_after_an_edit_gives_what_a_full_load_gives(data_tree, edit):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    edit(data)
    assert_same(loaded_after_a_miss(data), load_catalog(data))


def test_edits_one_after_another_each_give_what_a_full_load_gives(data_tree):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    for edit in (*EDITS.values(), write("models/acme/alpha.yaml", model_yaml())):
        edit(data)
        assert_same(loaded_after_a_miss(data), load_catalog(data))


def test_the_fixture_tree_has_something_for_every_part_of_the_catalog(data_tree):
    catalog = load_catalog(data_tree(TREE))
    assert {f.rule for f in catalog.findings} >= {"lifecycle.successor-exists", "pricing.cache-read-above-input",
                                                  "catalog.unique-ids", "schema.unknown-key"}
    assert len(catalog.sources["acme/gamma"]) == 2 and "acme/old" in catalog.models


def test_only_the_changed_file_is_read_again(data_tree, parsed):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    parsed.clear()
    EDITS["a price"](data)
    catalog = loaded_after_a_miss(data)
    # Besides alpha, only the second file of beta, which no load keeps, to place its finding.
    assert sorted(parsed) == [data / "models/acme/alpha.yaml", data / "models/acme/beta.yml"]
    assert catalog.models["acme/alpha"].pricing.input == 3.5


def test_editing_a_layer_reads_the_other_layers_of_that_spec_only(data_tree, parsed):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    parsed.clear()
    EDITS["the imported layer under a curated one"](data)
    loaded_after_a_miss(data)
    assert sorted(set(parsed) - {data / "models/acme/beta.yml"}) == [
        data / "imported/litellm/models/acme/gamma.yaml", data / "models/acme/gamma.yaml"]


def test_two_edits_within_one_clock_tick_that_keep_the_size_are_both_seen(data_tree):
    data = data_tree(TREE)
    spec = data / "models/acme/alpha.yaml"
    loaded_after_a_miss(data)
    stat = spec.stat()
    for price in ("3.5", "4.5"):
        spec.write_text(model_yaml(extra="successor: acme/zeta\n").replace("input: 2.5", f"input: {price}"))
        os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and mtime each time
        catalog = loaded_after_a_miss(data)
        assert str(catalog.models["acme/alpha"].pricing.input) == price
        assert_same(catalog, load_catalog(data))


@pytest.mark.parametrize("damage", ["garbage", "truncate", "foreign"])
def test_a_damaged_or_foreign_record_of_the_last_load_is_ignored(data_tree, cache_dir, damage):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    (record,) = cache_dir.glob("*.reuse")
    blob = record.read_bytes()
    record.write_bytes({"garbage": b"\x80\x05not a pickle", "truncate": blob[: len(blob) // 2],
                        "foreign": cache.REUSE_MAGIC + bytes(32) + blob[len(cache.REUSE_MAGIC) + 32:]}[damage])
    EDITS["a price"](data)
    assert_same(loaded_after_a_miss(data), load_catalog(data))


def test_no_cache_reads_every_file(data_tree, parsed):
    data = data_tree(TREE)
    loaded_after_a_miss(data)
    parsed.clear()
    cache.load_cached(data, use_cache=False)
    assert {data / relative for relative in TREE} - {data / "models/acme/beta.yml"} <= set(parsed)


# --- any sequence of edits ----------------------------------------------------------------

IDS = ("acme/a", "acme/b", "acme/c")


def curated(model_id: str, price: int, other: str, how: str) -> str:
    """A curated spec of `model_id`, valid or broken in one of several ways, naming `other`;
    `price` comment lines above it move every finding's line."""
    text = "# note\n" * price + model_yaml(model_id).replace("input: 2.5", f"input: {price}")
    return {"valid": text,
            "successor": text + f"successor: {other}\n",
            "alias": text + f"aliases: [{other.split('/')[1]}]\n",
            "schema": text + "bogus: 1\n",
            "syntax": "id: [broken\n",
            "partial": f"id: {model_id}\nname: Partial {price}\n"}[how]


edits = st.tuples(
    st.sampled_from(["curated", "imported", "delete curated", "delete imported", "rename"]),
    st.sampled_from(IDS), st.sampled_from(IDS), st.integers(0, 1),
    st.sampled_from(["valid", "successor", "alias", "schema", "syntax", "partial"]))


def apply(data: Path, edit: tuple[str, str, str, int, str]) -> None:
    action, model_id, other, price, how = edit
    name = model_id.split("/")[1]
    curated_file, imported_file = data / f"models/acme/{name}.yaml", data / f"imported/litellm/models/acme/{name}.yaml"
    if action == "curated":
        write_tree(data, {f"models/acme/{name}.yaml": curated(model_id, price, other, how)})
    elif action == "imported":
        write_tree(data, {f"imported/litellm/models/acme/{name}.yaml":
                          IMPORTED_GAMMA.replace("acme/gamma", model_id).replace("input: 3", f"input: {price}")})
    elif action == "delete curated":
        curated_file.unlink(missing_ok=True)
    elif action == "delete imported":
        imported_file.unlink(missing_ok=True)
    elif curated_file.exists():  # rename
        curated_file.rename(data / f"models/acme/{other.split('/')[1]}.yaml")


@settings(max_examples=int(os.environ.get("INCREMENTAL_EXAMPLES", "200")), deadline=None)
@given(st.lists(edits, min_size=1, max_size=8))
def test_any_sequence_of_edits_loads_what_a_full_load_gives(sequence):
    with tempfile.TemporaryDirectory() as folder:
        data = write_tree(Path(folder) / "data", {"providers/acme.yaml": PROVIDER_YAML,
                                                  "models/acme/a.yaml": model_yaml("acme/a")})
        _, reusable = load_reusing(data, stamp=cache.file_stamp, today=TODAY)
        for edit in sequence:
            apply(data, edit)
            previous = pickle.loads(pickle.dumps(reusable))  # as the cache keeps it
            catalog, reusable = load_reusing(data, previous=previous, stamp=cache.file_stamp, today=TODAY)
            assert_same(catalog, load_catalog(data, today=TODAY))
