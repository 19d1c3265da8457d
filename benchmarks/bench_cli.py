"""Benchmark: the `catalog` command as people run it, a fresh process each time, on the bundled
catalog. Cold is the first run with an empty cache (it reads and validates every spec, then
writes the cache); warm is the best of N runs after it. `--baseline REV` also times the same
commands from an older commit of this repository (which had no cache), for comparison:

    $ .venv/bin/python benchmarks/bench_cli.py [--runs 5] [--baseline f8aed67]
    command   cold         warm, best of 5  baseline f8aed67
    show      1.20 (1.12)      0.24 (0.22)       1.15 (1.06)
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

COMMANDS = {
    "show": ["show", "openai/gpt-4o-mini"],
    "list": ["list"],
    "estimate": ["estimate", "openai/gpt-4o-mini", "--input-tokens", "1000", "--output-tokens", "200"],
    "compare": ["compare", "openai/gpt-4o-mini", "openai/gpt-4o"],
    "validate": ["validate"],
}


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run. On a shared machine the CPU time
    is the steadier of the two; the cache-writing child of a cold run is in neither."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "catalog.cli", *argv, "--data", str(ROOT / "data")],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"catalog {' '.join(argv)} failed: {result.stderr.decode()[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def text(measure: tuple[float, float]) -> str:
    return f"{measure[0]:.2f} ({measure[1]:.2f})"


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        env = {**os.environ, "CATALOG_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
        old_env = None
        if args.baseline:
            old = baseline_tree(args.baseline, Path(scratch) / "baseline")
            old_env = {**os.environ, "PYTHONPATH": str(old)}
        header = ["command", "cold", f"warm, best of {args.runs}"]
        if args.baseline:
            header.append(f"baseline {args.baseline}")
        rows = [header]
        for name, argv in COMMANDS.items():
            shutil.rmtree(cache, ignore_errors=True)
            cold = timed(argv, env, ROOT)
            time.sleep(2)  # let the cold run's child finish writing the cache
            warm = min(timed(argv, env, ROOT) for _ in range(args.runs))
            row = [name, text(cold), text(warm)]
            if old_env is not None:
                if name == "compare":
                    row.append("n/a")  # the command did not exist
                else:
                    row.append(text(timed(argv, old_env, Path(scratch))))
            rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print(f"seconds: wall clock (CPU); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
