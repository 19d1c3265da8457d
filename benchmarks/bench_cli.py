"""Benchmark: the `catalog` command as people run it, a fresh process each time, on a copy of
the bundled catalog (or of `--data DIR`). Cold is the first run with an empty cache (it reads
and validates every spec, then writes the cache); warm is the best of N runs after it; one
spec changed is the best of N runs each after an edit of one spec (the cached catalog is then
stale: the specs that did not change are reused, the edited one is read). `--baseline REV`
also times one spec changed with the code of an older commit of this repository:

    $ .venv/bin/python benchmarks/bench_cli.py [--runs 5] [--baseline f8aed67] [--data DIR] [--commands list build]
    command   cold         warm, best of 5  one spec changed, best of 5  baseline f8aed67, one spec changed
    show      1.20 (1.12)      0.24 (0.22)                  0.60 (0.55)                          1.15 (1.06)

`build` (`catalog build` into a scratch folder) is not run unless named in --commands.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.cache import RACY_NS  # noqa: E402

COMMANDS = {
    "show": ["show", "openai/gpt-4o-mini"],
    "list": ["list"],
    "estimate": ["estimate", "openai/gpt-4o-mini", "--input-tokens", "1000", "--output-tokens", "200"],
    "compare": ["compare", "openai/gpt-4o-mini", "openai/gpt-4o"],
    "validate": ["validate"],
}
DEFAULT_COMMANDS = tuple(COMMANDS)


def timed(argv: list[str], env: dict[str, str], cwd: Path, data: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run. On a shared machine the CPU time
    is the steadier of the two; the cache-writing child of a cold run is in neither."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "catalog.cli", *argv, "--data", str(data)],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"catalog {' '.join(argv)} failed: {result.stderr.decode()[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def text(measure: tuple[float, float]) -> str:
    return f"{measure[0]:.2f} ({measure[1]:.2f})"


def settled(cache: Path, since: float, timeout: float = 30, pattern: str = "catalog-*") -> None:
    """Wait until the cache-writing child of a run that started at `since` has rewritten every
    cache file (`pattern`: the catalog's; `site-*` for what a site build keeps): the command
    answers before it, and the next run should find what it writes. (The clock that stamps
    files is coarser than time.time(), hence the 10 ms.)"""
    deadline = time.time() + timeout
    while time.time() < deadline:
        files = list(cache.glob(pattern))
        if files and all(p.stat().st_mtime >= since - 0.01 for p in files) and not list(cache.glob(".*.tmp")):
            return
        time.sleep(0.05)


def edited_runs(argv: list[str], env: dict[str, str], cwd: Path, data: Path, cache: Path,
                runs: int) -> tuple[float, float]:
    """The best of `runs` runs, each after one more edit of one spec (a comment appended)."""
    spec = min((data / "models").glob("*/*.yaml"))
    original = spec.read_bytes()
    best = None
    try:
        for run in range(runs):
            spec.write_bytes(original + f"# edit {run}\n".encode())
            since = time.time()
            measure = timed(argv, env, cwd, data)
            best = measure if best is None else min(best, measure)
            if cache.is_dir() and any(cache.iterdir()):  # older code may keep no cache at all
                settled(cache, since)
    finally:
        spec.write_bytes(original)
    assert best is not None
    return best


def baseline_tree(revision: str, folder: Path) -> Path:
    """The package as it was at `revision`, extracted (not checked out) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "catalog"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per command (the best is shown)")
    parser.add_argument("--baseline", metavar="REV", help="also time the commands of this git revision")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder to copy and time")
    parser.add_argument("--commands", nargs="+", choices=[*COMMANDS, "build"], default=DEFAULT_COMMANDS,
                        help="which commands to time (build writes the site into a scratch folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        data = Path(scratch) / "data"  # a copy: the edits never touch the repository's specs
        shutil.copytree(args.data, data, symlinks=True)
        # Freshly written files are keyed by their content as well ("racily clean", see
        # catalog.cache): a cache written then would miss once they age. Age them first, as
        # the files of a checkout a user works in are.
        time.sleep(RACY_NS / 1e9 + 0.1)
        commands = {**COMMANDS, "build": ["build", "--out", str(Path(scratch) / "site")]}
        # As a user's shell runs it: Python keeps compiled bytecode (a sandbox that sets
        # PYTHONDONTWRITEBYTECODE would time recompiling the package on every run).
        shell = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {**shell, "CATALOG_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
        old_env = None
        old_cache = Path(scratch) / "old-cache"
        if args.baseline:
            old = baseline_tree(args.baseline, Path(scratch) / "baseline")
            old_env = {**shell, "PYTHONPATH": str(old), "CATALOG_CACHE_DIR": str(old_cache)}
        header = ["command", "cold", f"warm, best of {args.runs}", f"one spec changed, best of {args.runs}"]
        if args.baseline:
            header.append(f"baseline {args.baseline}, one spec changed")
        rows = [header]
        for name in args.commands:
            argv = commands[name]
            shutil.rmtree(cache, ignore_errors=True)
            since = time.time()
            cold = timed(argv, env, ROOT, data)
            settled(cache, since)
            time.sleep(1)  # the first file written may not be the last
            warm = min(timed(argv, env, ROOT, data) for _ in range(args.runs))
            row = [name, text(cold), text(warm), text(edited_runs(argv, env, ROOT, data, cache, args.runs))]
            if old_env is not None:
                since = time.time()
                timed(argv, old_env, Path(scratch), data)  # its cache, if it has one
                settled(old_cache, since, timeout=5)
                row.append(text(edited_runs(argv, old_env, Path(scratch), data, old_cache, args.runs)))
            rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print(f"seconds: wall clock (CPU); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
