"""Writing a built site: atomically (every changed file is made aside before any is put in
place, so a failed build leaves the previous site whole) and incrementally (a file whose bytes
did not change is not touched: its inode and mtime stay, and a web server or rsync sees nothing
new).

The previous build's manifest (`.catalog-site`: each file's SHA-256, and the digest of what each
page was made from) says which files are unchanged. The changed files are staged in a folder
beside the site; once every page is made, `commit` renames each into place (one rename per file,
so no reader ever sees half a file), deletes the files the site no longer has, and writes the
new manifest last. A first build stages the whole site and swaps it in by one rename:

    present = site_files(Path("site"))
    page = Item("index.html", None, lambda: (None, lambda: b"<!DOCTYPE html>..."))
    staged = stage_files([page], staging, old, present)
    # -> Staged(..., changed=("index.html",), kept=0) the first time, ((), 1) the second
    commit(staging, Path("site"), Manifest(staged.digests, fingerprint, staged.sources), old, present, staged.changed)

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
from typing import Any, NamedTuple

from catalog.files import write_atomically

SITE_MARKER = ".catalog-site"
"""A file every built site holds, so `build` only ever replaces a folder it made itself (or an
empty one), never a folder of someone's work that --out happened to name. It holds the build's
manifest (each file's digest) and the fingerprint of its inputs."""
COMMITTING = ".catalog-site-commit"
"""Written before a rebuild puts its files in place, removed after: the files it names may be
the old or the new ones, so a later build does not trust the manifest about them."""


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
    models: Mapping[str, Any] = field(default_factory=dict)
    """Model id -> what decides whether its pages must be made again (`incremental.Record`,
    as JSON)."""
    world: str = ""
    """The digest of everything but the models' display fields (`catalog.site.incremental`)."""

    def to_bytes(self) -> bytes:
        doc = {"built_by": "catalog build", "fingerprint": self.fingerprint, "world": self.world,
               "files": dict(sorted(self.files.items())), "sources": dict(sorted(self.sources.items())),
               "models": dict(sorted(self.models.items()))}
        # One line: an indent would take json's pure-Python encoder, five times slower on the
        # 3 MB manifest of a 5,000-model site.
        return (json.dumps(doc, separators=(",", ":")) + "\n").encode()


def read_manifest(site: Path) -> Manifest:
    """The manifest of the site in `site`; empty when there is none or it cannot be read.
    Files that a commit cut short may have replaced are left out of it."""
    try:
        doc = json.loads((site / SITE_MARKER).read_text("utf-8"))
        files, sources, models = doc["files"], doc.get("sources", {}), doc.get("models", {})
        if not all(isinstance(part, dict) for part in (files, sources, models)):
            raise TypeError
        manifest = Manifest({str(k): str(v) for k, v in files.items()}, str(doc.get("fingerprint", "")),
                            {str(k): str(v) for k, v in sources.items()}, models, str(doc.get("world", "")))
    except (OSError, ValueError, TypeError, KeyError):
        return Manifest({})
    try:
        unsure = set(json.loads((site / COMMITTING).read_text("utf-8")))
    except FileNotFoundError:
        return manifest
    except (OSError, ValueError, TypeError):
        return Manifest({})  # cannot tell which files were replaced: trust none
    return Manifest({k: v for k, v in manifest.files.items() if k not in unsure}, "",
                    {k: v for k, v in manifest.sources.items() if k not in unsure}, manifest.models, manifest.world)


class Item(NamedTuple):
    """A file to stage: where it goes, and how to make it.

    `holds()`, where given, says without making the file that the site's copy is what it would
    be (a model's pages whose inputs did not change); `prepare()` gives its source digest (None
    when it has none) and the function making its bytes."""

    rel: str
    holds: Callable[[], bool] | None
    prepare: Callable[[], tuple[str | None, Callable[[], bytes]]]


class Staged(NamedTuple):
    digests: dict[str, str]
    sources: dict[str, str]
    changed: tuple[str, ...]
    """The files written into the staging folder: new, or with other bytes than the site's."""
    kept: int


def site_files(site: Path) -> frozenset[str]:
    """Every file in the site folder (relative, with /), the manifest aside; empty when there
    is no such folder."""
    found: set[str] = set()

    def walk(folder: str, prefix: str) -> None:
        # os.scandir, with paths joined as text: os.walk and relpath took three times as long.
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if not entry.is_dir():
                found.add(prefix + entry.name)
            elif not entry.is_symlink():  # as os.walk: a linked folder is neither file nor walked
                walk(entry.path, f"{prefix}{entry.name}/")

    walk(os.fspath(site), "")
    found.discard(SITE_MARKER)
    found.discard(COMMITTING)
    return frozenset(found)


def stage_files(files: Iterable[Item], staging: Path, old: Manifest, present: frozenset[str]) -> Staged:
    """Make each file that changed into `staging`. A file is kept as the site has it, without
    being made, when its inputs did not change (`Item.holds`) or the old manifest lists the same
    source digest; made and kept when its bytes have the digest the old manifest lists;
    otherwise made and written into `staging`. `present` is what the site folder holds, so a
    file someone deleted from the site is made again.

    Runs in a worker process as well: each worker stages its own share of the files."""
    digests: dict[str, str] = {}
    sources: dict[str, str] = {}
    changed: list[str] = []
    kept = 0
    made: set[Path] = set()
    exact = modes_exact()
    for rel, holds, prepare in files:
        on_site = rel in present and rel in old.files
        if on_site and holds is not None and holds():
            digests[rel] = old.files[rel]
            if rel in old.sources:
                sources[rel] = old.sources[rel]
            kept += 1
            continue
        source, produce = prepare()
        if source is not None:
            sources[rel] = source
            if on_site and old.sources.get(rel) == source:
                digests[rel] = old.files[rel]
                kept += 1
                continue
        content = produce()
        sha = digests[rel] = digest(content)
        if on_site and old.files[rel] == sha:
            kept += 1
            continue
        dest = staging / rel
        parent = dest.parent
        if parent not in made:
            parent.mkdir(parents=True, exist_ok=True)
            made.add(parent)
        _write_file(dest, content, exact)
        changed.append(rel)
    return Staged(digests, sources, tuple(changed), kept)


def _write_file(path: Path, content: bytes, exact: bool) -> None:
    """Write a file of the site, readable by the web server (0644) whatever the umask; an error
    names the file (a full disk says which page it stopped at)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        if not exact:
            os.fchmod(fd, 0o644)
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    finally:
        os.close(fd)


def modes_exact() -> bool:
    """Whether the umask leaves the site's modes as created (folders 0755, files 0644), so that
    no file or folder needs a chmod: true under the usual umask 022, where ten thousand chmods
    are a measurable part of writing a site on a slow disk."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask & 0o777 == 0o022


def new_staging(out: Path) -> Path:
    """An empty folder beside the site's real location, to build into."""
    real = Path(out).resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.new-", dir=real.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a static site is meant to be read
    return staging


def commit(staging: Path, out: Path, manifest: Manifest, old: Manifest, present: frozenset[str],
           changed: Iterable[str]) -> None:
    """Put the staged files in place of `out`'s target and write the manifest.

    A first build (no previous manifest) swaps the whole staging folder in. Otherwise each
    changed file is renamed over its old version and every file the new manifest does not list
    is deleted (pages that are gone, files added by hand). Before touching anything, the files
    about to change are named in `COMMITTING`, so a commit cut short (power lost, killed) is
    finished by the next build rather than trusted."""
    real = Path(out).resolve()
    if not old.files:
        _write_manifest(staging, manifest)
        if not modes_exact():  # folders were made 0777 less the umask
            for folder, _, _ in os.walk(staging):
                os.chmod(folder, 0o755)
        swap_in(staging, real)
        return
    changed = tuple(changed)
    removed = sorted(present - manifest.files.keys(), reverse=True)
    write_atomically(real / COMMITTING, (json.dumps(sorted({*changed, *removed})) + "\n").encode())
    for rel in removed:
        _remove(real, rel)
    for rel in changed:
        dest = real / rel
        _make_folders(real, dest.parent)
        os.replace(staging / rel, dest)
    _write_manifest(real, manifest)
    (real / COMMITTING).unlink()
    discard(staging)


def _make_folders(root: Path, folder: Path) -> None:
    """Create `folder` (under `root`) and the folders above it, readable by a web server."""
    if folder.is_dir():
        return
    _make_folders(root, folder.parent)
    folder.mkdir()
    folder.chmod(0o755)


def _remove(root: Path, rel: str) -> None:
    """Delete a file of the site, then the folders it leaves empty."""
    path = root / rel
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)
    parent = path.parent
    while parent != root:
        try:
            parent.rmdir()
        except OSError:
            break  # not empty: other files live there
        parent = parent.parent


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    write_atomically(folder / SITE_MARKER, manifest.to_bytes())


def swap_in(staging: Path, real: Path) -> None:
    """Replace the folder `real` with `staging` by two renames; the old folder is deleted last.

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
