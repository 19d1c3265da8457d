"""The spec's JSON Schema: committed, current, self-documenting, and referenced by every file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from pydantic import BaseModel, ConfigDict

from catalog import schema
from catalog.cli import main
from catalog.cli.validate import schema_files
from catalog.field_docs import field_docs
from catalog.load import read_yaml

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
SPEC_DIRS = [REPO / "data", REPO / "tests" / "bad_specs"]


def spec_files() -> list[Path]:
    files = []
    for base in SPEC_DIRS:
        for kind in ("models", "providers"):
            files += [p for p in base.rglob("*.y*ml") if kind in p.relative_to(base).parts]
    return sorted(set(files))


def test_committed_schema_is_current():
    for name, text in schema_files().items():
        committed = (SCHEMAS / name).read_text("utf-8")
        assert committed == text, f"schemas/{name} is stale: run `catalog schema`"


def test_schema_check_detects_a_stale_file_and_schema_rewrites_it(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "model.schema.json").write_text("{}\n")
    assert main(["schema", "--out", str(tmp_path), "--check"]) == 1
    assert "model.schema.json is out of date" in capsys.readouterr().err


def test_schema_output_is_deterministic_sorted_and_ends_with_a_newline():
    first, second = schema_files(), schema_files()
    assert first == second
    for text in first.values():
        assert text.endswith("}\n")
        assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_every_field_documents_itself():
    undocumented = []
    for name in dir(schema):
        cls = getattr(schema, name)
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == schema.__name__:
            undocumented += [f"{name}.{field}" for field in cls.model_fields if field not in field_docs(cls)]
    assert undocumented == []


class _Base(schema.Spec):
    model_config = ConfigDict(use_attribute_docstrings=True)  # pydantic's own reading, to compare with

    kept: int = 0
    """Said once, by the base."""
    redeclared: int = 0
    """Said by the base."""
    silenced: int = 0
    """Said by the base, then declared again without a word."""


class _Child(_Base):
    redeclared: int = 1
    """Said again by the child."""
    silenced: int = 1
    own: int = 0
    """The child's own."""
    undocumented: int = 0


def test_a_field_is_described_by_the_docstring_of_the_class_that_last_declares_it():
    assert field_docs(_Child) == {"kept": "Said once, by the base.", "redeclared": "Said again by the child.",
                                  "own": "The child's own."}
    assert field_docs(_Child) == {name: info.description for name, info in _Child.model_fields.items()
                                  if info.description}
    assert field_docs(schema.PricingBlock)["input"] == "USD per 1M uncached input (prompt) tokens."  # from PriceSet


def test_the_json_schemas_carry_the_field_docstrings_and_nothing_else_describes_a_field():
    model = json.loads(schema_files()["model.schema.json"])
    limits = model["$defs"]["Limits"]["properties"]
    assert {name: p.get("description") for name, p in limits.items()} == field_docs(schema.Limits)
    assert model["properties"]["limits"]["description"] == "Token limits."  # beside a $ref
    from catalog.site.api import ApiModel, api_schema

    api_model = api_schema()["$defs"]["ApiModel"]["properties"]
    assert {name: p.get("description") for name, p in api_model.items()} == field_docs(ApiModel)
    assert field_docs(ApiModel)["page"] == "The model's page, relative to the site's root."
    assert field_docs(ApiModel)["id"] == field_docs(schema.ModelSpec)["id"]


def test_every_spec_file_points_at_its_schema():
    prefix = "# yaml-language-server: $schema="
    wrong = []
    for path in spec_files():
        first_line = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
        expected = SCHEMAS / ("model.schema.json" if "models" in path.relative_to(REPO).parts else "provider.schema.json")
        if not first_line.startswith(prefix) or (path.parent / first_line.removeprefix(prefix)).resolve() != expected:
            wrong.append(f"{path.relative_to(REPO)}: {first_line!r}")
    assert wrong == [], f"first line must be {prefix}<relative path to {SCHEMAS.name}/...>"


def test_curated_specs_validate_against_the_json_schema_editors_use():
    validators = {name: jsonschema.Draft202012Validator(json.loads((SCHEMAS / name).read_text()))
                  for name in ("model.schema.json", "provider.schema.json")}
    curated = [p for p in spec_files() if p.is_relative_to(REPO / "data") and "imported" not in p.parts]
    assert curated, "the bundled data has curated specs"
    for path in curated:
        name = "model.schema.json" if "models" in path.parts else "provider.schema.json"
        errors = [e.message for e in validators[name].iter_errors(read_yaml(path))]
        assert errors == [], f"{path}: {errors}"


def _schema(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(["schema", *argv])
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


def test_schema_check_reports_a_non_utf8_file_as_out_of_date(capsys, tmp_path):
    assert _schema(capsys, "--out", str(tmp_path))[0] == 0
    (tmp_path / "model.schema.json").write_bytes(b"\xff")
    code, err = _schema(capsys, "--check", "--out", str(tmp_path))
    assert code == 1 and "model.schema.json is out of date" in err and "provider" not in err


def test_schema_out_a_file_is_a_usage_error(capsys, tmp_path):
    (tmp_path / "afile").write_text("keep")
    code, err = _schema(capsys, "--out", str(tmp_path / "afile"))
    assert code == 2 and "is a file" in err and (tmp_path / "afile").read_text() == "keep"


def test_schema_write_failure_is_one_line_and_leaves_the_old_file(capsys, tmp_path, monkeypatch):
    import os

    (tmp_path / "model.schema.json").write_text("old")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    code, err = _schema(capsys, "--out", str(tmp_path))
    assert code == 1 and err.strip().endswith("model.schema.json: Permission denied")
    assert len(err.strip().splitlines()) == 1
    assert (tmp_path / "model.schema.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.schema.json"]  # no temporary left


def test_provider_matching_the_folder_is_the_loaders_rule_not_the_schemas():
    # One place per rule: the loader reports load.id-mismatch at the provider line
    # (tests/bad_specs/load-provider-mismatch); the schema does not repeat it without a line.
    spec = schema.ModelSpec.model_validate({"id": "acme/x", "name": "X", "provider": "other", "kind": "chat"})
    assert spec.provider == "other"
