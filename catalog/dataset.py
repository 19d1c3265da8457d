"""The catalog as a value: the `Catalog` the loader makes, and the data folder it is read from.

Kept apart from the loader (`catalog.load`, which reads YAML, merges layers and runs the
rules) so that what only holds or finds a catalog, such as the cache handing back a catalog
it stored, imports none of that:

    data_dir_problem(Path("data/models"))    # "data/models: not a data folder (...)"
    catalog = Catalog(data_dir=bundled_data_dir(), providers={}, models={}, sources={},
                      origins={}, provider_sources={}, provider_origins={}, findings=())
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.findings import Finding
    from catalog.layers import Origins
    from catalog.schema import ModelSpec, ProviderSpec

DEFAULT_STALE_DAYS = 180
"""Prices verified longer ago than this are stale (a warning), unless a command says otherwise."""


@dataclass(frozen=True)
class Catalog:
    """Every spec that validated, where each came from, and everything found wrong."""

    data_dir: Path
    providers: Mapping[str, ProviderSpec]
    """Provider id -> spec, sorted by id."""
    models: Mapping[str, ModelSpec]
    """Model id -> spec, sorted by id; only specs that passed the schema."""
    sources: Mapping[str, tuple[Path, ...]]
    """Model id -> files merged into it, imported first, curated last."""
    origins: Mapping[str, Origins]
    """Model id -> which file set each field (see `catalog.layers.explain`)."""
    provider_sources: Mapping[str, tuple[Path, ...]]
    """Provider id -> files merged into it."""
    provider_origins: Mapping[str, Origins]
    """Provider id -> which file set each field."""
    findings: tuple[Finding, ...]
    """Every error and warning of loading and of the rules, sorted by file and line."""
    replaced: Mapping[str, str] = field(default_factory=lambda: types.MappingProxyType({}))
    """Imported model id -> the curated model that claims it as an alias and replaces it."""


def bundled_data_dir() -> Path:
    """The catalog shipped with the project, or `$CATALOG_DATA` when set."""
    override = os.environ.get("CATALOG_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


DATA_FOLDERS = ("models", "providers", "imported")
"""A data folder holds at least one of these; any other folder is a mistake, not an empty catalog."""


def data_dir_problem(path: Path) -> str | None:
    """Why `path` is not a catalog data folder, or None when it is one.

    The one check every command runs on --data / $CATALOG_DATA, so that a typo never reads as
    a valid, empty catalog:  data_dir_problem(Path("data/models"))  # "... not a data folder ..."
    """
    path = Path(path)
    if not path.exists():
        return f"{path}: no such folder"
    if not path.is_dir():
        return f"{path}: not a folder"
    if not any((path / name).is_dir() for name in DATA_FOLDERS):
        return (f"{path}: not a data folder (it has none of {', '.join(f'{n}/' for n in DATA_FOLDERS)}; "
                "point at the folder that holds them)")
    return None
