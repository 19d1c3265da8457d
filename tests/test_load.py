"""Loading: safe YAML reading, positions of errors, layering of imported and curated specs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.findings import has_errors
from catalog.layers import explain, merge_layers
from catalog.load import (
    SpecFileError,
    bundled_data_dir,
    find_model,
    findings_for,
    load_catalog,
    near_ids,
    read_yaml,
    read_yaml_document,
)
from tests.conftest import TODAY, model_yaml


def write(tmp_path: Path, text: str | bytes, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def rejection(path: Path):
    with pytest.raises(SpecFileError) as caught:
        read_yaml(path)
    (finding,) = caught.value.findings
    return finding


# --- read_yaml ----------------------------------------------------------------------------


def test_short_decimals_survive_exactly_through_pydantic(data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra="").replace("input: 2.5", "input: 0.000000125")
                      .replace("output: 10", "output: 0.1")})
    catalog = load_catalog(root, today=TODAY)
    pricing = catalog.models["acme/alpha"].pricing
    assert pricing.input == Decimal("0.000000125")
    assert pricing.output == Decimal("0.1")


def test_dates_and_clock_times_stay_text(tmp_path):
    data = read_yaml(write(tmp_path, "verified: 2026-11-21\nstart: 16:30\ncutoff: 2024-08\nn: 1_000\nx: 1.5\n"))
    assert data == {"verified": "2026-11-21", "start": "16:30", "cutoff": "2024-08", "n": 1000, "x": 1.5}


def test_knowledge_cutoff_written_as_a_full_date_is_accepted(data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra="knowledge_cutoff: 2024-08-06\n")})
    catalog = load_catalog(root, today=TODAY)
    assert catalog.models["acme/alpha"].knowledge_cutoff == "2024-08-06"


def test_duplicate_key_names_both_lines(tmp_path):
    finding = rejection(write(tmp_path, "a: 1\nb:\n  c: 2\n  c: 3\n"))
    assert (finding.rule, finding.line, finding.column) == ("load.duplicate-key", 4, 3)
    assert "first set on line 3" in finding.message


def test_ampersand_in_a_url_is_not_an_anchor(tmp_path):
    data = read_yaml(write(tmp_path, "source: https://x.example/p?a=1&b=2*3\n"))
    assert data == {"source": "https://x.example/p?a=1&b=2*3"}


def test_anchor_and_alias_are_rejected_at_their_position(tmp_path):
    finding = rejection(write(tmp_path, "a: &x 1\nb: *x\n"))
    assert (finding.rule, finding.line, finding.column) == ("load.anchor", 1, 4)


@pytest.mark.parametrize(("text", "found"), [("- 1\n- 2\n", "a list"), ("just text\n", "a string"), ("", "an empty file")])
def test_root_must_be_a_mapping(tmp_path, text, found):
    finding = rejection(write(tmp_path, text))
    assert finding.rule == "load.not-a-mapping" and found in finding.message


def test_a_list_root_is_fine_when_not_required(tmp_path):
    assert read_yaml(write(tmp_path, "- 1\n"), require_mapping=False) == [1]


def test_non_utf8_byte_reports_its_line_and_column(tmp_path):
    finding = rejection(write(tmp_path, b"a: 1\nname: Caf\xe9\n"))
    assert (finding.rule, finding.line, finding.column) == ("load.not-utf8", 2, 10)


def test_file_over_one_megabyte_is_rejected_without_parsing(tmp_path):
    finding = rejection(write(tmp_path, "a: " + "x" * 1_000_001 + "\n"))
    assert finding.rule == "load.too-large" and "1,000,000" in finding.message


def test_syntax_error_uses_the_parser_mark(tmp_path):
    finding = rejection(write(tmp_path, "a:\n  b: 1\n c: 2\n"))
    assert finding.rule == "load.yaml-syntax" and finding.line == 3


@pytest.mark.parametrize("text", ["a: !!python/object:os.system x\n", "a: !!binary aGVsbG8=\n", "<<: {a: 1}\n"])
def test_tags_and_merge_keys_are_refused(tmp_path, text):
    assert rejection(write(tmp_path, text)).rule == "load.yaml-value"


def test_positions_point_at_values_keys_and_list_items(tmp_path):
    document = read_yaml_document(write(tmp_path, "a:\n  b: 1\n  c:\n    - x\n    - y: 2\n"))
    assert document.position(("a", "b")) == (2, 6)
    assert document.position(("a", "b"), key=True) == (2, 3)
    assert document.position(("a", "c", 1, "y")) == (5, 10)
    assert document.position(("a", "missing")) == (2, 3)  # the enclosing mapping


def test_read_yaml_never_raises_anything_but_spec_file_error(tmp_path):
    for text in (b"\x00\x01", b"a: [1, 2\n", b"{a: 1, a: 2}", b"? [a]\n: 1\n", b"--- 1\n--- 2\n", b"\t- x"):
        with pytest.raises(SpecFileError):
            read_yaml(write(tmp_path, text))


# --- load_catalog: ids and paths -----------------------------------------------------------


def test_catalog_is_sorted_and_keeps_sources(data_tree):
    root = data_tree({"models/acme/zeta.yaml": model_yaml("acme/zeta"),
                      "models/acme/alpha.yaml": model_yaml("acme/alpha")})
    catalog = load_catalog(root, today=TODAY)
    assert list(catalog.models) == ["acme/alpha", "acme/zeta"]
    assert catalog.sources["acme/zeta"] == (root / "models/acme/zeta.yaml",)
    assert list(catalog.providers) == ["acme"]
    assert catalog.findings == ()


def test_a_spec_with_errors_is_left_out_and_others_still_load(data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(kind="chatbot"),
                      "models/acme/beta.yaml": model_yaml("acme/beta")})
    catalog = load_catalog(root, today=TODAY)
    assert list(catalog.models) == ["acme/beta"]
    assert has_errors(catalog.findings)


def test_unsafe_id_from_the_path_is_reported_once(data_tree):
    root = data_tree({"models/acme/Big Model.yaml": model_yaml("acme/big-model")})
    (finding,) = load_catalog(root, today=TODAY).findings
    assert finding.rule == "load.unsafe-id" and "rename the file" in finding.message


def test_provider_id_must_match_its_file_name(data_tree):
    root = data_tree({"providers/acme.yaml": "id: acme-ai\nname: Acme\n"}, with_provider=False)
    (finding,) = load_catalog(root, today=TODAY).findings
    assert (finding.rule, finding.line) == ("load.id-mismatch", 1)


def test_unknown_nested_key_suggests_the_nearest_field_of_that_sub_model(data_tree):
    extra = "  tiers:\n    - above: 200000\n      inptu: 5\n"
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra=extra).replace("128000", "1000000")})
    (finding,) = load_catalog(root, today=TODAY).findings
    assert finding.message == "unknown key 'inptu' in pricing.tiers[0]; did you mean 'input'?"
    assert (finding.line, finding.column) == (15, 7)


def test_union_type_errors_are_one_finding(data_tree):
    extra = ("api:\n  protocol: openai-chat\n  gateway_model: acme/alpha\n  parameters:\n"
             "    - name: temperature\n      type: number\n      description: Randomness.\n      default: [1]\n")
    (finding,) = load_catalog(data_tree({"models/acme/alpha.yaml": model_yaml(extra=extra)}), today=TODAY).findings
    assert finding.rule == "schema.type" and finding.line == 20
    assert "api.parameters[0].default" in finding.message


def test_bundled_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CATALOG_DATA", str(tmp_path))
    assert bundled_data_dir() == tmp_path
    monkeypatch.delenv("CATALOG_DATA")
    assert bundled_data_dir() == Path(__file__).resolve().parent.parent / "data"


def test_find_model_by_id_or_alias_and_near_ids(data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra="aliases: [alpha-2026]\n"),
                      "models/acme/beta.yaml": model_yaml("acme/beta")})
    catalog = load_catalog(root, today=TODAY)
    assert find_model(catalog, "acme/alpha").id == "acme/alpha"
    assert find_model(catalog, "alpha-2026").id == "acme/alpha"
    assert find_model(catalog, "acme/alpah") is None
    assert near_ids(catalog, "acme/alpah")[0] == "acme/alpha"
    assert near_ids(catalog, "beta") == ["acme/beta"]


# --- layering -----------------------------------------------------------------------------

IMPORTED = """\
id: acme/alpha
name: alpha
provider: acme
kind: chat
limits:
  context_window: 8192
  max_output: 4096
capabilities:
  streaming: true
pricing:
  source: https://dataset.example/prices.json
  verified: 2026-11-20
  input: 3
  output: 12
"""


def test_curated_overrides_imported_field_by_field(data_tree):
    curated = "id: acme/alpha\nname: Acme Alpha\nlimits:\n  max_output: 2048\n"
    root = data_tree({"imported/dataset/models/acme/alpha.yaml": IMPORTED,
                      "models/acme/alpha.yaml": curated})
    catalog = load_catalog(root, today=TODAY)
    model = catalog.models["acme/alpha"]
    assert model.name == "Acme Alpha"
    assert (model.limits.context_window, model.limits.max_output) == (8192, 2048)
    assert model.capabilities.streaming is True
    imported_file = root / "imported/dataset/models/acme/alpha.yaml"
    curated_file = root / "models/acme/alpha.yaml"
    assert catalog.sources["acme/alpha"] == (imported_file, curated_file)
    where = {path: file for path, _, file in explain(catalog, "acme/alpha")}
    assert where["limits.context_window"] == imported_file
    assert where["limits.max_output"] == curated_file
    assert where["name"] == curated_file
    assert where["pricing.input"] == imported_file


def test_lists_are_replaced_whole_not_merged():
    a, b = Path("imported.yaml"), Path("curated.yaml")
    layered = merge_layers([(a, {"aliases": ["x", "y"], "limits": {"max_output": 1}}),
                            (b, {"aliases": ["z"]})])
    assert layered.data == {"aliases": ["z"], "limits": {"max_output": 1}}
    assert layered.origins.file_for(("aliases", 0)) == b
    assert layered.origins.file_for(("limits", "max_output")) == a


def test_error_in_a_merged_spec_points_at_the_file_that_wrote_the_value(data_tree):
    curated = "id: acme/alpha\nname: Acme Alpha\nlimits:\n  max_output: lots\n"
    root = data_tree({"imported/dataset/models/acme/alpha.yaml": IMPORTED, "models/acme/alpha.yaml": curated})
    (finding,) = load_catalog(root, today=TODAY).findings
    assert (finding.file, finding.line, finding.rule) == (root / "models/acme/alpha.yaml", 4, "schema.type")


def test_imported_rule_violations_are_flagged_warnings_curated_ones_errors(data_tree):
    imported = IMPORTED.replace("max_output: 4096", "max_output: 16384")
    root = data_tree({"imported/dataset/models/acme/alpha.yaml": imported})
    (finding,) = load_catalog(root, today=TODAY).findings
    assert (finding.severity, finding.rule) == ("warning", "limits.output-within-context")
    assert finding.message.endswith("(imported; flagged)")
    assert finding.line == 7
    # The same value written by the curated layer is the curator's error.
    root = data_tree({"imported/dataset/models/acme/alpha.yaml": IMPORTED,
                      "models/acme/alpha.yaml": "id: acme/alpha\nlimits:\n  max_output: 16384\n"})
    (finding,) = load_catalog(root, today=TODAY).findings
    assert (finding.severity, finding.file.name, finding.line) == ("error", "alpha.yaml", 3)
    assert "imported" not in finding.message


def test_findings_for_one_model(data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra="status: retired\n"),
                      "models/acme/beta.yaml": model_yaml("acme/beta")})
    catalog = load_catalog(root, today=TODAY)
    assert [f.rule for f in findings_for(catalog, "acme/alpha")] == ["lifecycle.status-dates"]
    assert findings_for(catalog, "acme/beta") == ()


# --- layering, for any layers ---------------------------------------------------------------

keys = st.sampled_from(["a", "b", "c"])
leaves = st.one_of(st.integers(), st.lists(st.integers(), max_size=2))
layers_strategy = st.lists(
    st.dictionaries(keys, st.one_of(leaves, st.dictionaries(keys, leaves, max_size=3)), max_size=3),
    min_size=1, max_size=3,
)


@given(layers_strategy)
def test_every_merged_leaf_comes_from_the_file_origins_name(layers):
    files = [Path(f"layer{i}.yaml") for i in range(len(layers))]
    layered = merge_layers(list(zip(files, layers, strict=True)))
    for key, value in layered.data.items():
        paths = [((key, sub), v) for sub, v in value.items()] if isinstance(value, dict) else [((key,), value)]
        for path, leaf in paths:
            source = layers[files.index(layered.origins.file_for(path))]
            for part in path:
                source = source[part]
            assert source == leaf
            # ...and no later layer wrote that path.
            later = layers[files.index(layered.origins.file_for(path)) + 1:]
            assert not any(_has_path(layer, path) for layer in later)


def _has_path(data, path) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


@pytest.mark.parametrize("target", ["alpha.yaml", "missing.yaml"])
def test_a_looping_or_dangling_symlink_is_an_unreadable_file_not_a_crash(data_tree, target):
    root = data_tree({})
    link = root / "models" / "acme" / "alpha.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)  # alpha.yaml -> itself, or -> nothing
    (finding,) = load_catalog(root, today=TODAY).findings
    assert finding.rule == "load.unreadable" and finding.file == link and finding.severity == "error"


# --- the garbage collector ----------------------------------------------------------------


def test_a_load_leaves_no_cyclic_garbage_so_freezing_what_it_built_keeps_nothing_alive(data_tree):
    """Loading keeps the collector off what it builds (catalog.gcpause); that is only free of
    cost if nothing it made is a reference cycle the collector would have freed."""
    import gc

    root = data_tree({"models/acme/alpha.yaml": model_yaml(),
                      "models/acme/schema.yaml": model_yaml("acme/schema", extra="bogus: 1\nstatus: nope\n"),
                      "models/acme/syntax.yaml": "id: [acme\n",
                      "models/acme/anchor.yaml": "a: &x 1\nb: *x\n",
                      "models/acme/duplicate.yaml": "a: 1\na: 2\n",
                      "models/acme/bytes.yaml": b"name: Caf\xe9\n",
                      "models/acme/rules.yaml": model_yaml("acme/rules", extra="successor: acme/none\n")})
    gc.collect()
    gc.disable()
    try:
        catalog = load_catalog(root, today=TODAY)
        assert not gc.isenabled()  # left as it was found
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert len(catalog.findings) >= 6
    load_catalog(root, today=TODAY)
    assert gc.isenabled()
