"""Shared fixtures: tiny data trees written into a temporary folder, one file per entry.

    def test_x(data_tree):
        root = data_tree({"models/acme/alpha.yaml": model_yaml()})
        catalog = load_catalog(root, today=TODAY)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples on every run, so a verdict can be
# reproduced and a red build is never a roll of the dice; locally they keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

@pytest.fixture(autouse=True, scope="session")
def _catalog_cache_in_a_temporary_folder(tmp_path_factory):
    """Commands under test cache the catalog in a folder of this run, never the user's; the
    folder lasts the whole run so that tests also see a warm cache (it must never be stale)."""
    previous = os.environ.get("CATALOG_CACHE_DIR")
    os.environ["CATALOG_CACHE_DIR"] = str(tmp_path_factory.mktemp("catalog-cache"))
    yield
    if previous is None:
        os.environ.pop("CATALOG_CACHE_DIR", None)
    else:
        os.environ["CATALOG_CACHE_DIR"] = previous


TODAY = date(2026, 11, 21)
"""The day the rule tests pretend it is, so staleness and "in the future" do not drift."""

PROVIDER_YAML = "id: acme\nname: Acme AI\nhomepage: https://acme.example\n"

MODEL_YAML = """\
id: {id}
name: Alpha
provider: {provider}
kind: chat
limits:
  context_window: 128000
  max_output: 16384
pricing:
  source: https://acme.example/pricing
  verified: 2026-11-01
  input: 2.5
  output: 10
"""


def model_yaml(model_id: str = "acme/alpha", extra: str = "", **replace: str) -> str:
    """A valid chat model spec, with `extra` YAML appended and top-level lines replaced."""
    text = MODEL_YAML.format(id=model_id, provider=model_id.split("/")[0])
    for key, value in replace.items():
        lines = text.splitlines()
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        text = "\n".join(lines) + "\n"
    return text + extra


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


@pytest.fixture
def data_tree(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """Write a data folder with the acme provider plus the given files; returns its path."""

    def make(files: Mapping[str, str | bytes], *, with_provider: bool = True) -> Path:
        base = {"providers/acme.yaml": PROVIDER_YAML} if with_provider else {}
        return write_tree(tmp_path / "data", {**base, **files})

    return make
