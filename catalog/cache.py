"""The validated catalog, kept between commands so that a second `catalog show` need not read
and validate thousands of YAML files again.

The cache of a data folder is one file under the user cache folder ($CATALOG_CACHE_DIR, else
$XDG_CACHE_HOME/model-catalog, else ~/.cache/model-catalog), used only when its key still
matches: the path, size and mtime_ns of every file and folder under the data folder, the
catalog code (its source files' sizes and mtimes), the versions of Python and pydantic, the day
and the loading options. Anything else (a missing, corrupt, truncated or foreign file, an
unwritable folder) is a miss that is rebuilt silently; it is never an error and never stale:

    loaded = load_cached(Path("data"))                 # reads the specs, writes the cache
    loaded = load_cached(Path("data"))                 # ~50 ms: one file, models unpickled on use
    loaded.catalog.models["openai/gpt-4o-mini"]; loaded.rows[0].price

Specs are stored one pickle each and unpickled on first use, so a command that needs one
model never pays for the other four thousand; `rows` (catalog.listing) serve list and lookup.

A miss after an edit reads and validates only the specs whose files changed: a second file
keeps what the last load got from each spec (`catalog.reuse`), each file stamped as the key
sees it; only a miss reads it, and a damaged or foreign one is only a slower load.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import stat
import sys
import time
import types
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.listing import ModelRow
    from catalog.dataset import Catalog
    from catalog.reuse import Reusable

FORMAT = 2
"""Bumped when the layout of the cache file changes."""

MAGIC = b"model-catalog-cache"
REUSE_MAGIC = b"model-catalog-reuse"
"""Starts the file of what the last load got from each spec (`catalog.reuse`), read on a miss."""


class Loaded:
    """The catalog and its list rows for one day, however they were obtained. `errors` and
    `warnings` count `catalog.findings`, so that a command that only says "the data has
    errors" need not unpickle every finding; rows are made on first use when not cached."""

    def __init__(self, catalog: Catalog, day: dt.date, errors: int, warnings: int, *, from_cache: bool,
                 rows_pickle: bytes | None = None) -> None:
        self.catalog, self.day, self.errors, self.warnings, self.from_cache = catalog, day, errors, warnings, from_cache
        self._rows_pickle = rows_pickle

    @functools.cached_property
    def rows(self) -> tuple[ModelRow, ...]:
        from catalog.listing import curated_ids, model_rows

        if self._rows_pickle is not None:
            return pickle.loads(self._rows_pickle)
        catalog = self.catalog
        return model_rows(catalog.models.values(), self.day, curated_ids(catalog.sources, catalog.data_dir))


def cache_dir() -> Path:
    """Where cache files go: $CATALOG_CACHE_DIR, $XDG_CACHE_HOME/model-catalog or ~/.cache/model-catalog."""
    override = os.environ.get("CATALOG_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "model-catalog"


def load_cached(data_dir: Path | None = None, *, stale_days: int | None = None, use_cache: bool = True,
                progress: Callable[[int, int], None] | None = None) -> Loaded:
    """The validated catalog of `data_dir` (default the bundled data) and its rows for today,
    from the cache when its key matches, else loaded (and cached unless `use_cache` is False);
    `progress(done, total)` hears of each spec file read when they must be read."""
    from catalog.dataset import DEFAULT_STALE_DAYS, bundled_data_dir
    from catalog.lifecycle import today

    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    stale_days = DEFAULT_STALE_DAYS if stale_days is None else stale_days
    day = today()
    if not use_cache:
        from catalog.load import load_catalog

        return _loaded(load_catalog(folder, today=day, stale_days=stale_days, progress=progress), day)
    path = cache_dir() / f"catalog-{hashlib.sha256(str(folder.absolute()).encode()).hexdigest()[:20]}.pickle"
    key = cache_key(folder, day, stale_days)
    wait_for_writer(path)
    hit = _read(path, key)
    if hit is not None:
        return hit
    return _load_reusing(folder, day, stale_days, path, key, progress)


def _load_reusing(folder: Path, day: dt.date, stale_days: int, path: Path, key: bytes,
                  progress: Callable[[int, int], None] | None) -> Loaded:
    """A miss: load the folder reusing what the last load got from the specs that have not
    changed since (`catalog.reuse`, kept in a second file read only on a miss), then write
    both files for the next command."""
    from catalog.load import load_reusing

    reuse_path, code = path.with_suffix(".reuse"), code_key()
    catalog, reusable = load_reusing(folder, previous=_read_reusable(reuse_path, code), stamp=file_stamp,
                                     today=day, stale_days=stale_days, progress=progress)
    loaded = _loaded(catalog, day)

    def write() -> None:
        _write(path, key, loaded)  # first: the next command reads this one
        _write_reusable(reuse_path, code, reusable)

    write_in_background(path, write)
    return loaded


def _loaded(catalog: Catalog, day: dt.date) -> Loaded:
    errors = sum(1 for finding in catalog.findings if finding.severity == "error")
    return Loaded(catalog, day, errors, len(catalog.findings) - errors, from_cache=False)


# --- the key ------------------------------------------------------------------------------


def cache_key(folder: Path, day: dt.date, stale_days: int) -> bytes:
    """A digest of everything the loaded catalog depends on."""
    digest = hashlib.sha256()
    digest.update(repr((str(folder.absolute()), day.isoformat(), stale_days)).encode())
    digest.update(code_key())
    digest.update(_tree(folder.absolute()))
    return digest.digest()


def code_key() -> bytes:
    """A digest of the code that made a cached file: the layout, Python, pydantic and the
    catalog's source files. All a spec's validation depends on besides its own files."""
    digest = hashlib.sha256(repr((FORMAT, sys.version)).encode())
    digest.update(_pydantic_version())
    digest.update(_tree(Path(__file__).resolve().parent, suffix=".py"))
    return digest.digest()


def _pydantic_version() -> bytes:
    """The installed pydantic's version file, read rather than imported: the cached specs are
    pydantic objects, but `catalog list` reads only its rows and so never loads pydantic."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    try:
        return Path(spec.origin).with_name("version.py").read_bytes()  # type: ignore[union-attr, arg-type]
    except (AttributeError, TypeError, OSError):  # laid out otherwise: ask it
        import pydantic

        return pydantic.VERSION.encode()


RACY_NS = 3_000_000_000
"""A file modified less than this long ago is keyed by its content too: the clock that stamps
mtimes ticks every few milliseconds, so an edit that keeps the size within one tick of the
previous write would otherwise look unchanged (git calls such files "racily clean")."""


def _tree(root: Path, suffix: str | None = None) -> bytes:
    """One line per file and folder under `root`, `path size mtime_ns`, sorted, then the
    content digest of each racily clean file. Symlinks are followed (each real folder once, so
    a looping link cannot hang it); unreadable entries say so."""
    now = time.time_ns()
    seen: set[tuple[int, int]] = set()
    lines: list[str] = []
    recent: list[str] = []
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            names, stats = _listing(folder)
        except OSError as error:
            lines.append(f"{folder}\0unreadable {error.errno}")
            continue
        for name, info in zip(names, stats, strict=True):
            path = f"{folder}{os.sep}{name}"
            if isinstance(info, OSError):
                lines.append(f"{path}\0broken {info.errno}")
            elif stat.S_ISDIR(info.st_mode):
                if name == "__pycache__" or (info.st_dev, info.st_ino) in seen:
                    continue
                seen.add((info.st_dev, info.st_ino))
                pending.append(path)
                lines.append(f"{path}\0dir {info.st_mtime_ns}")
            elif suffix is None or name.endswith(suffix):
                lines.append(f"{path}\0{info.st_size} {info.st_mtime_ns}")
                if _racy(info, now):
                    recent.append(path)
    lines.sort()
    lines += (f"{path}\0sha256 {_content_digest(path)}" for path in sorted(recent))
    return "\n".join(lines).encode("utf-8", "surrogateescape")  # a name need not be UTF-8


def _racy(info: os.stat_result, now: int) -> bool:
    return now - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS


def file_stamp(path: Path) -> bytes:
    """One file as the key sees it (`_tree`): size and mtime, and its content while racily
    clean. A load reuses what it got from a spec file whose stamp is unchanged."""
    now = time.time_ns()
    try:
        info = os.stat(path)
    except OSError as error:
        return f"broken {error.errno}".encode()
    stamp = f"{info.st_size} {info.st_mtime_ns}"
    return (f"{stamp} sha256 {_content_digest(str(path))}" if _racy(info, now) else stamp).encode()


def _listing(folder: str) -> tuple[list[str], list[os.stat_result | OSError]]:
    """The names in `folder` and the stat of each, links followed (or why it failed).

    Where the system allows, each stat is taken relative to the open folder, so the kernel
    resolves one name instead of the whole path: a fifth less time for the ten thousand files
    of the bundled data, which every command stats."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) if _STAT_IN_FOLDER else None
    try:
        names = os.listdir(folder if descriptor is None else descriptor)
        prefix = folder + os.sep if descriptor is None else ""
        stats: list[os.stat_result | OSError] = []
        for name in names:
            try:
                stats.append(os.stat(prefix + name, dir_fd=descriptor))
            except OSError as error:
                stats.append(error)
        return names, stats
    finally:
        if descriptor is not None:
            os.close(descriptor)


_STAT_IN_FOLDER = hasattr(os, "O_DIRECTORY") and os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


def _content_digest(path: str) -> str:
    from catalog.files import read_regular_file
    from catalog.yamlfile import MAX_FILE_BYTES

    try:  # bounded and non-blocking: a spec may be a FIFO or a link to /dev/zero (the loader says so)
        return hashlib.sha256(read_regular_file(Path(path), MAX_FILE_BYTES)).hexdigest()
    except OSError as error:
        return f"unreadable {type(error).__name__} {error.errno}"


# --- the file -----------------------------------------------------------------------------


class LazyMapping(Mapping[str, Any]):
    """A read-only mapping whose values are pickles, unpickled on first access."""

    def __init__(self, pickles: dict[str, bytes]) -> None:
        self._pickles = pickles
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = pickle.loads(self._pickles[key])
            return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickles)

    def __len__(self) -> int:
        return len(self._pickles)

    def __contains__(self, key: object) -> bool:
        return key in self._pickles


class _LazySequence(Sequence[Any]):
    """A read-only sequence kept as one pickle until first used (findings)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._items: tuple[Any, ...] | None = None

    def _loaded(self) -> tuple[Any, ...]:
        if self._items is None:
            self._items = pickle.loads(self._data)
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._loaded()[index]

    def __len__(self) -> int:
        return len(self._loaded())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._loaded())


class _LazyWhole(Mapping[str, Any]):
    """A read-only mapping kept as one pickle until first used (sources, origins)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._mapping: Mapping[str, Any] | None = None

    def _loaded(self) -> Mapping[str, Any]:
        if self._mapping is None:
            self._mapping = types.MappingProxyType(pickle.loads(self._data))
        return self._mapping

    def __getitem__(self, key: str) -> Any:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


_LAZY_WHOLE = ("sources", "origins", "provider_sources", "provider_origins", "replaced")


_writers: dict[Path, int] = {}
"""Cache file -> the child process writing it, so this process never reads a file it is
still writing (another process may: it then sees the previous file, or none)."""


def write_in_background(path: Path, write: Callable[[], None]) -> None:
    """Write the cache file `path` (and its companions) from a forked child, so that a cold
    command is no slower than reading the specs: the command answers while the child pickles.
    Where there is no fork, write now. `wait_for_writer(path)` before reading the file."""
    if not hasattr(os, "fork"):
        write()
        return
    wait_for_writer(path)
    _reap_finished_writers()
    try:
        pid = os.fork()
    except OSError:
        write()
        return
    if pid == 0:  # the child: write, then leave without running the parent's exit handlers
        try:
            # Let go of the command's output: a pipe (`catalog list --json | jq`) ends when the
            # command does, not when the cache is written.
            quiet = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(quiet, stream)
            os.nice(10)  # yield the CPU to the command itself (a build's render workers)
            write()
        finally:
            os._exit(0)
    _writers[path] = pid


def _reap_finished_writers() -> None:
    """Collect the children that are done, so a long-lived process keeps no zombies."""
    for path, pid in list(_writers.items()):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            del _writers[path]


def wait_for_writers() -> None:
    """Return once every cache file this process started writing is written."""
    for path in list(_writers):
        wait_for_writer(path)


def wait_for_writer(path: Path) -> None:
    """Return once the file `path`, if this process started writing it, is written."""
    pid = _writers.pop(path, None)
    if pid is not None:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _write(path: Path, key: bytes, loaded: Loaded) -> None:
    """Write the cached catalog, each spec its own pickle (see `LazyMapping`)."""
    protocol = pickle.HIGHEST_PROTOCOL
    catalog = loaded.catalog
    state = {
        "data_dir": catalog.data_dir,
        "providers": {name: pickle.dumps(spec, protocol) for name, spec in catalog.providers.items()},
        "models": {name: pickle.dumps(model, protocol) for name, model in catalog.models.items()},
        **{name: pickle.dumps(dict(getattr(catalog, name)), protocol) for name in _LAZY_WHOLE},
        "findings": pickle.dumps(tuple(catalog.findings), protocol),
        "rows": pickle.dumps(loaded.rows, protocol),
        "counts": (loaded.errors, loaded.warnings),
        "day": loaded.day,
    }
    _write_file(path, MAGIC, key, pickle.dumps(state, protocol))


def _write_reusable(path: Path, code: bytes, reusable: Reusable) -> None:
    """Write what the load got from each spec (`catalog.reuse`), for the next miss."""
    _write_file(path, REUSE_MAGIC, code, pickle.dumps(reusable, pickle.HIGHEST_PROTOCOL))


def _write_file(path: Path, magic: bytes, key: bytes, payload: bytes) -> None:
    """Write `payload` after its magic, key and checksum, beside its final place, and rename
    it over, so that a reader never sees half a file; a folder that cannot be written is no
    cache, not an error."""
    from catalog.files import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, magic + key + zlib.adler32(payload).to_bytes(4, "big") + payload, 0o600)
    except OSError:
        pass


def _read_file(path: Path, magic: bytes, key: bytes) -> memoryview | None:
    """The payload `_write_file` wrote, when the file is whole and has this magic and key."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(magic) + len(key)
    if blob[:len(magic)] != magic or blob[len(magic):head] != key:
        return None
    payload = memoryview(blob)[head + 4:]
    if zlib.adler32(payload).to_bytes(4, "big") != blob[head:head + 4]:
        return None
    return payload


def _read_reusable(path: Path, code: bytes) -> Reusable | None:
    """What the last load of the folder got from each spec, when this code wrote it whole;
    None for anything else (a missing, damaged or foreign file is only a slower load)."""
    from catalog.gcpause import gc_paused
    from catalog.reuse import Reusable

    payload = _read_file(path, REUSE_MAGIC, code)
    if payload is None:
        return None
    try:
        with gc_paused():  # tens of thousands of objects, built at once
            reusable = pickle.loads(payload)
    except Exception:
        return None
    return reusable if isinstance(reusable, Reusable) else None


def _read(path: Path, key: bytes) -> Loaded | None:
    """The cached catalog when the file is whole and its key is `key`; None for anything else."""
    from catalog.dataset import Catalog

    payload = _read_file(path, MAGIC, key)
    if payload is None:
        return None
    try:
        state = pickle.loads(payload)
        catalog = Catalog(
            data_dir=state["data_dir"],
            providers=LazyMapping(state["providers"]),
            models=LazyMapping(state["models"]),
            **{name: _LazyWhole(state[name]) for name in _LAZY_WHOLE},
            findings=_LazySequence(state["findings"]),
        )
        errors, warnings = state["counts"]
        return Loaded(catalog, state["day"], errors, warnings, from_cache=True, rows_pickle=state["rows"])
    except Exception:  # a file from another version of the code, or damaged: a miss
        return None
