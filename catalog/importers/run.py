"""Running an importer: one source module turns its dataset into specs, and this module writes or
checks the snapshot under `data/imported/<source>/`:

    run_import("litellm", "model_prices_and_context_window.json", Path("data"), version="1.109.1")
    -> Imported(result=ImportResult(models=(...4,440 specs...), report=...), files={...})
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from catalog.importers import genai_prices, litellm, model_prices, models_dev, openrouter
from catalog.importers.common import (
    Dataset,
    ImportResult,
    ImportSourceError,
    curated_providers,
    is_url,
    read_source,
)
from catalog.importers.agreement import with_disagreements
from catalog.importers.canonical import load_overrides, with_canonical_ids
from catalog.importers.flagged import with_rule_breaks
from catalog.importers.kinds import load_kind_overrides, with_kinds
from catalog.importers.upstream import version_in_name
from catalog.files import write_atomically
from catalog.yamlfile import SpecFileError
from catalog.importers.snapshot import compare_snapshot, read_manifest, snapshot_files, write_snapshot

SOURCES: dict[str, ModuleType] = {
    "litellm": litellm,
    "models-dev": models_dev,
    "model-prices": model_prices,
    "genai-prices": genai_prices,
    "openrouter": openrouter,
}

__all__ = ["SOURCES", "Imported", "ImportSourceError", "check_import", "check_report_path", "import_command", "load_source", "run_import", "write_report"]


@dataclass(frozen=True)
class Imported:
    """An import's result and the snapshot files it makes."""

    result: ImportResult
    files: dict[str, str]
    root: Path


def load_source(
    source: str,
    location: str | None,
    data_dir: Path,
    *,
    version: str | None = None,
    imported: dt.date | None = None,
    snapshot: dt.date | None = None,
) -> tuple[ImportResult, str]:
    """Read and convert one dataset; returns the result and the input's sha256."""
    module = SOURCES.get(source)
    if module is None:
        raise ImportSourceError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    if location is None:
        location, raw = module.default_location()
    else:
        raw = read_source(location)
    digest = hashlib.sha256(raw).hexdigest()
    dataset = Dataset(
        name=module.NAME,
        version=version or version_in_name(location, module.NAME) or f"sha256:{digest[:12]}",
        upstream=location if is_url(location) else module.UPSTREAM,
        # Dated by the dataset's release when it is known, so that importing the same snapshot
        # again writes the same bytes; the run's own day only for an undated source.
        imported=imported or snapshot or dt.date.today(),
        snapshot=snapshot,
    )
    return module.convert_bytes(raw, location, dataset, curated_providers(data_dir)), digest


def run_import(
    source: str,
    location: str | None,
    data_dir: Path,
    *,
    version: str | None = None,
    imported: dt.date | None = None,
    snapshot: dt.date | None = None,
) -> Imported:
    """Convert a dataset into the files of its snapshot (nothing written yet)."""
    result, digest = load_source(
        source, location, data_dir, version=version, imported=imported, snapshot=snapshot
    )
    # Kinds and canonical ids first: the rules judge the specs as they are written.
    try:
        overrides = load_overrides(data_dir)
        kind_overrides = load_kind_overrides(data_dir)
    except SpecFileError as error:
        raise ImportSourceError(str(error)) from None
    result = with_kinds(result, SOURCES[source].STATES_KIND, kind_overrides)
    result = with_rule_breaks(with_canonical_ids(result, overrides), curated_providers(data_dir).curated)
    result = with_disagreements(result, data_dir)
    root = data_dir / "imported" / source
    return Imported(result, snapshot_files(result, source, digest), root)


def write(imported: Imported) -> int:
    """Write the snapshot; returns the number of stale files removed."""
    return write_snapshot(imported.root, imported.files)


def check_import(source: str, location: str | None, data_dir: Path) -> tuple[Imported, list[str]]:
    """Re-import with the committed snapshot's version and dates; the differences, if any."""
    manifest = read_manifest(data_dir / "imported" / source) or {}
    imported = run_import(
        source,
        location,
        data_dir,
        version=manifest.get("version"),
        imported=_date(manifest.get("imported")),
        snapshot=_date(manifest.get("verified")) if manifest.get("verified_is") == "dataset snapshot date" else None,
    )
    diff = compare_snapshot(imported.root, imported.files)
    return imported, ([] if diff.clean else diff.lines())


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def import_command(
    source: str,
    location: str | None,
    data_dir: Path,
    *,
    check: bool = False,
    version: str | None = None,
    snapshot: dt.date | None = None,
    force: bool = False,
) -> tuple[int, list[str], ImportResult]:
    """What `catalog import` does: write (or `check`) the snapshot. Returns the exit status,
    the lines to print, and the result (whose report `--report` saves)."""
    if check:
        imported, differences = check_import(source, location, data_dir)
        if differences:
            return 1, [f"{imported.root} is not what the importer produces from {location}:", *differences,
                       f"run `catalog import {source} {location or ''}` and commit the result"], imported.result
        return 0, [f"{imported.root} matches the import of {location or 'the bundled snapshot'} ({len(imported.files)} files)"], imported.result
    imported = run_import(source, location, data_dir, version=version, snapshot=snapshot)
    if not force:
        guard_shrinking(imported, location)
    removed = write(imported)
    result = imported.result
    lines = [*result.report.lines(), f"wrote {len(imported.files)} files to {imported.root}, removed {removed} stale"]
    return 0, lines, result


def guard_shrinking(imported: Imported, location: str | None) -> None:
    """Refuse to replace a snapshot with one of no models, or of fewer than half the models it
    has: that is a wrong or truncated file (`{}`, another dataset's shape), not a new release."""
    new = len(imported.result.models)
    old = len(list(imported.root.glob("models/*/*.yaml")))
    where = location or "the default source"
    if new == 0:
        raise ImportSourceError(
            f"{where}: yields 0 models ({imported.result.report.entries} entries read); is it a "
            f"{imported.result.report.dataset.name} file? nothing written (--force writes it anyway)"
        )
    if new * 2 < old:
        raise ImportSourceError(
            f"{where}: yields {new} models, fewer than half of the {old} in {imported.root}; "
            "nothing written (--force writes it anyway)"
        )


def check_report_path(path: Path) -> None:
    """Fail before importing, not after writing the snapshot, when `--report` cannot be written."""
    if path.is_dir():
        raise ImportSourceError(f"{path}: --report names a folder, not a file")
    if not path.parent.is_dir():
        raise ImportSourceError(f"{path}: --report folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK):
        raise ImportSourceError(f"{path}: --report folder {path.parent} is not writable")


def write_report(path: Path, summary: dict[str, object]) -> None:
    """Write the report through a temporary file beside it, so a failure leaves no half file."""
    text = json.dumps(summary, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"), 0o600)
    except OSError as error:
        raise ImportSourceError(f"{path}: cannot write the report: {error.strerror or error}") from error
