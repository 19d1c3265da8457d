"""A data folder as it was at a git revision, read from git's objects without a checkout.

`git ls-tree -r` lists the files under the data folder at the revision with their blob ids,
`git cat-file --batch` reads the blobs in one process, and the files are written into a
temporary folder that the ordinary loader reads. The work tree and the index are never touched:

    repo = locate(Path("data"))                     # Repository(root=/src/catalog, prefix="data")
    files = tree_files(repo, "origin/main")         # {"models/acme/alpha.yaml": "3f2a...", ...}
    materialize(repo, files, Path(tmp) / "data")    # the same files, as they were
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


@dataclass(frozen=True)
class Repository:
    root: Path
    """The work tree's top folder."""
    prefix: str
    """The data folder's path inside the repository, `data` (empty when it is the top)."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (catalog diff reads revisions with it)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout


def locate(data_dir: Path) -> Repository:
    """The repository holding `data_dir`, and the folder's path inside it."""
    data_dir = Path(data_dir).resolve()
    try:
        top = _git(data_dir, "rev-parse", "--show-toplevel").decode().strip()
    except GitError:
        raise GitError(f"{data_dir}: not inside a git repository; `catalog diff` compares revisions") from None
    root = Path(top).resolve()
    prefix = data_dir.relative_to(root).as_posix()
    return Repository(root, "" if prefix == "." else prefix)


def commit_of(repo: Repository, rev: str) -> str:
    """The commit a revision names (`main`, `HEAD~1`, a sha); a GitError saying so if none."""
    if rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    try:
        return _git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r} in {repo.root}") from None


def tree_files(repo: Repository, rev: str) -> dict[str, str]:
    """Path under the data folder -> blob id, for every file there at `rev`."""
    commit = commit_of(repo, rev)
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if repo.prefix:
        args += ["--", f"{repo.prefix}/"]
    cut = len(repo.prefix) + 1 if repo.prefix else 0
    files = {}
    for entry in _git(repo.root, *args).split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob" and mode != "120000":  # symlinks are not specs in a revision
            files[path.decode("utf-8", "surrogateescape")[cut:]] = blob
    return files


def changed_in_work_tree(repo: Repository, rev: str) -> set[str]:
    """Paths under the data folder that differ between `rev` and the work tree, untracked
    files included (what a pull request's author has not committed yet still counts)."""
    commit = commit_of(repo, rev)
    scope = ["--", f"{repo.prefix}/"] if repo.prefix else []
    tracked = _git(repo.root, "diff", "--name-only", "-z", "--no-renames", commit, *scope)
    untracked = _git(repo.root, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", *scope)
    cut = len(repo.prefix) + 1 if repo.prefix else 0
    return {p.decode("utf-8", "surrogateescape")[cut:] for p in (tracked + b"\0" + untracked).split(b"\0") if p}


def read_blobs(repo: Repository, blobs: Iterable[str]) -> dict[str, bytes]:
    """Blob id -> content, read by one `git cat-file --batch`."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    out = _git(repo.root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes] = {}
    at = 0
    for blob in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].decode().split()
        if len(header) != 3:
            raise GitError(f"git cat-file: cannot read {blob}")
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content is followed by a newline
    return contents


def materialize(repo: Repository, files: Mapping[str, str], target: Path) -> Path:
    """Write the files (path -> blob id) under `target`; returns `target`."""
    contents = read_blobs(repo, files.values())
    target.mkdir(parents=True, exist_ok=True)
    for relative, blob in files.items():
        path = target / relative
        if ".." in Path(relative).parts:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(contents[blob])
    return target
