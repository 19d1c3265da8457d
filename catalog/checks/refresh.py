"""Refreshing an imported snapshot: import a newer upstream dataset and say what it changes.

The importer makes the new snapshot's files; before they replace `data/imported/<source>/`,
the specs that differ are loaded from both sides and compared with `catalog diff`'s rules, so
the pull request that moves to LiteLLM's next release carries a reviewable body (prices,
lifecycle, models added and removed) instead of four thousand changed files:

    refresh("litellm", "data/upstream/litellm-1.110.2.json.gz", Path("data"), version="1.110.2")
    -> Refreshed(diff=CatalogDiff(base="litellm 1.109.1", head="litellm 1.110.2", ...), written=True)

Re-importing the file the snapshot was made from keeps its version and dates, so it changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from catalog.checks.diff import CatalogDiff, Location, compare, load_side, spec_id
from catalog.importers import Imported, guard_shrinking, run_import, write
from catalog.importers.snapshot import MANIFEST, read_manifest


@dataclass(frozen=True)
class Refreshed:
    diff: CatalogDiff
    imported: Imported
    same_input: bool
    """The input is the one the committed snapshot was made from."""
    changed_files: int
    written: bool


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _snapshot_texts(root: Path) -> dict[str, str]:
    """The committed snapshot's spec files, path -> text."""
    files = {}
    for pattern in ("models/*/*.yaml", "providers/*.yaml"):
        for path in root.glob(pattern):
            files[path.relative_to(root).as_posix()] = path.read_text("utf-8")
    return files


def refresh(
    source: str,
    location: str,
    data_dir: Path,
    *,
    version: str | None = None,
    snapshot: dt.date | None = None,
    today: dt.date,
    dry_run: bool = False,
    force: bool = False,
) -> Refreshed:
    """Import `location` as the new snapshot of `source`, compare it with the committed one,
    and write it (unless `dry_run`). Raises ImportSourceError for a file that is not the dataset."""
    root = data_dir / "imported" / source
    manifest = read_manifest(root) or {}
    imported = run_import(source, location, data_dir, version=version, snapshot=snapshot)
    new_manifest = read_manifest_text(imported.files.get(MANIFEST, "{}"))
    same_input = bool(manifest) and new_manifest.get("input_sha256") == manifest.get("input_sha256")
    if same_input and version is None and snapshot is None:
        # The same dataset again: keep its version and dates, so nothing changes.
        imported = run_import(
            source, location, data_dir, version=manifest.get("version"), imported=_date(manifest.get("imported")),
            snapshot=_date(manifest.get("verified")) if manifest.get("verified_is") == "dataset snapshot date" else None,
        )
    if not force:
        guard_shrinking(imported, location)
    old_files = _snapshot_texts(root)
    new_files = {p: t for p, t in imported.files.items() if p != MANIFEST}
    changed = {p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)}
    ids = {i for i in (spec_id(f"imported/{source}/{p}") for p in changed) if i is not None}
    shown = f"{data_dir.as_posix().rstrip('/')}/imported/{source}"
    with tempfile.TemporaryDirectory(prefix="catalog-refresh-") as tmp:
        sides = []
        for name, files in (("old", old_files), ("new", new_files)):
            folder = Path(tmp) / name
            (folder / "imported" / source / "models").mkdir(parents=True)
            for relative, text in files.items():
                if spec_id(f"imported/{source}/{relative}") in ids:
                    path = folder / "imported" / source / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, "utf-8")
            sides.append(load_side(folder, ""))
    old, new = sides
    base = f"{source} {manifest.get('version', '(none)')}"
    head = f"{source} {imported.result.report.dataset.version}"
    locations = {i: Location(f"{shown}/{where.file.split('/', 2)[-1]}")
                 for i, where in {**old.locations, **new.locations}.items()}
    result = compare(old.models, new.models, base=base, head=head, today=today, locations=locations,
                     invalid=new.invalid)
    written = False
    if not dry_run and (changed or not same_input or imported.files.get(MANIFEST) != _read(root / MANIFEST)):
        write(imported)
        written = True
    return Refreshed(result, imported, same_input, len(changed), written)


def read_manifest_text(text: str) -> dict[str, object]:
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except OSError:
        return None


def pull_request_body(refreshed: Refreshed, source: str, location: str) -> str:
    """The Markdown of the refresh's pull request: the diff, then the import report."""
    from catalog.checks.diff import as_markdown

    d = refreshed.diff
    body = as_markdown(d, title=f"Refresh of the imported {source} data")
    report = refreshed.imported.result.report
    lines = [body.rstrip(), "",
             f"Imported from `{location}`: {report.models:,} models, {report.providers:,} providers; "
             f"{refreshed.changed_files:,} spec files differ from the committed snapshot.",
             "", "<details><summary>Import report</summary>", "", "```text", *report.lines()[:4], "```", "",
             f"Every skipped entry, unmapped key and upstream rule break is listed in `imported/{source}/{MANIFEST}`.",
             "", "</details>"]
    return "\n".join(lines) + "\n"
