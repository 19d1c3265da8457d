"""Writing a built site: atomically (built aside, swapped in) and incrementally (a file whose
bytes did not change is carried over from the previous build, not rewritten).

The previous build's manifest (`.catalog-site`: each file's SHA-256) says which files are
unchanged; those are hard-linked into the staging folder, so their inode and mtime stay and a
web server or rsync sees nothing new. The staging folder then replaces the site by two renames:

    stage_files([("index.html", None, lambda: b"<!DOCTYPE html>...")], staging, Path("site"), old)
    # -> Staged(..., written=1, kept=0) the first time, (..., 0, 1) the second
    finish(staging, Path("site"), manifest)

When `--out` is a symbolic link, the site is built into the folder it points at and the link
stays a link.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

SITE_MARKER = ".catalog-site"
"""A file every built site holds, so `build` only ever replaces a folder it made itself (or an
empty one), never a folder of someone's work that --out happened to name. It holds the build's
manifest (each file's digest) and the fingerprint of its inputs."""


class OutputFolderError(Exception):
    """--out names a place a site must not be written to; nothing was touched."""


def check_output_folder(out: Path, data_dir: Path) -> None:
    """Raise OutputFolderError unless `out` is safe to replace with a freshly built site.

    A symbolic link is judged by the folder it points at, which may not exist yet when the
    folder that would hold it does; a link into a missing folder is refused."""
    out = Path(out)
    if out.is_symlink() and not out.exists() and not out.resolve().parent.is_dir():
        raise OutputFolderError(f"--out {out}: is a symbolic link to {os.readlink(out)}, whose folder does not "
                                "exist; point it at a folder or remove it")
    target, data = out.resolve(), Path(data_dir).resolve()
    cwd = Path.cwd().resolve()
    if target.exists() and not target.is_dir():
        raise OutputFolderError(f"--out {out}: is a file, not a folder")
    if target == cwd or target in cwd.parents:
        raise OutputFolderError(f"--out {out}: is the working folder or holds it; name a folder for the site")
    if target == data or target in data.parents or data in target.parents:
        raise OutputFolderError(f"--out {out}: overlaps the data folder {data_dir}; name a separate folder")
    if target.is_dir() and not (target / SITE_MARKER).is_file() and any(target.iterdir()):
        raise OutputFolderError(f"--out {out}: is a folder that is not a previous site (no {SITE_MARKER}) "
                                "and is not empty; refusing to replace it")


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a built site holds: each file's digest, the digest of what each page was rendered
    from (its template and context), and the fingerprint of the build's inputs."""

    files: Mapping[str, str]
    fingerprint: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        doc = {"built_by": "catalog build", "fingerprint": self.fingerprint,
               "files": dict(sorted(self.files.items())), "sources": dict(sorted(self.sources.items()))}
        return (json.dumps(doc, indent=0) + "\n").encode()


def read_manifest(site: Path) -> Manifest:
    """The manifest of the site in `site`; empty when there is none or it cannot be read."""
    try:
        doc = json.loads((site / SITE_MARKER).read_text("utf-8"))
        files, sources = doc["files"], doc.get("sources", {})
        if not isinstance(files, dict) or not isinstance(sources, dict):
            raise TypeError
        return Manifest({str(k): str(v) for k, v in files.items()}, str(doc.get("fingerprint", "")),
                        {str(k): str(v) for k, v in sources.items()})
    except (OSError, ValueError, TypeError, KeyError):
        return Manifest({})


class Staged(NamedTuple):
    digests: dict[str, str]
    sources: dict[str, str]
    written: int
    kept: int


def stage_files(files: Iterable[tuple[str, str | None, Callable[[], bytes]]], staging: Path,
                previous: Path | None, old: Manifest) -> Staged:
    """Put each file into `staging`. A file is (relative path, source digest or None, a function
    making its bytes). It is hard-linked from `previous` without being made when the old manifest
    lists the same source digest, or when its bytes have the digest the old manifest lists;
    otherwise it is written.

    Runs in a worker process as well: each worker stages its own share of the files."""
    digests: dict[str, str] = {}
    sources: dict[str, str] = {}
    written = kept = 0
    made: set[Path] = set()
    for rel, source, produce in files:
        dest = staging / rel
        parent = dest.parent
        if parent not in made:
            parent.mkdir(parents=True, exist_ok=True)
            made.add(parent)
        if source is not None:
            sources[rel] = source
            if previous is not None and old.sources.get(rel) == source and rel in old.files:
                if _link(previous / rel, dest):
                    digests[rel] = old.files[rel]
                    kept += 1
                    continue
        content = produce()
        sha = digests[rel] = digest(content)
        if previous is not None and old.files.get(rel) == sha and _link(previous / rel, dest):
            kept += 1
            continue
        dest.write_bytes(content)
        os.chmod(dest, 0o644)  # readable by the web server whatever the umask
        written += 1
    return Staged(digests, sources, written, kept)


def _link(existing: Path, dest: Path) -> bool:
    try:
        os.link(existing, dest)
        return True
    except OSError:
        return False  # gone, or another file system: write it


def new_staging(out: Path) -> Path:
    """An empty folder beside the site's real location, to build into."""
    real = Path(out).resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.new-", dir=real.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a static site is meant to be read
    return staging


def finish(staging: Path, out: Path, manifest: Manifest) -> None:
    """Write the manifest, make every folder readable and swap `staging` in for `out`'s target."""
    (staging / SITE_MARKER).write_bytes(manifest.to_bytes())
    (staging / SITE_MARKER).chmod(0o644)
    for folder, _, _ in os.walk(staging):
        os.chmod(folder, 0o755)
    swap_in(staging, Path(out).resolve())


def swap_in(staging: Path, real: Path) -> None:
    """Replace the folder `real` with `staging` by two renames; the old site is deleted last.

    `real` is the resolved location, so a symbolic link naming it is never replaced by a folder."""
    if not real.exists():
        staging.rename(real)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{real.name}.old-", dir=real.parent))
    retired.rmdir()
    real.rename(retired)
    try:
        staging.rename(real)
    except OSError:
        retired.rename(real)  # put the previous site back
        raise
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
