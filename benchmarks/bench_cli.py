"""Benchmark: the `catalog` command as people run it, a fresh process each time, on the bundled
catalog. Cold is the first run with an empty cache (it reads and validates every spec, then
writes the cache); warm is the best of N runs after it. `--baseline REV` also times the same
commands from an older commit of this repository (which had no cache), for comparison:

    $ .venv/bin/python benchmarks/bench_cli.py [--runs 5] [--baseline f8aed67]
    command   cold (s)  warm, best of 5 (s)  baseline REV (s)
    show         1.42                 0.21              1.31
"""

from __future__ import annotations

import argparse
import os
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


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "catalog.cli", *argv, "--data", str(ROOT / "data")],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"catalog {' '.join(argv)} failed: {result.stderr.decode()[-500:]}")
    return elapsed


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
        header = ["command", "cold (s)", f"warm, best of {args.runs} (s)"]
        if args.baseline:
            header.append(f"baseline {args.baseline} (s)")
        rows = [header]
        for name, argv in COMMANDS.items():
            shutil.rmtree(cache, ignore_errors=True)
            cold = timed(argv, env, ROOT)
            warm = min(timed(argv, env, ROOT) for _ in range(args.runs))
            row = [name, f"{cold:.2f}", f"{warm:.2f}"]
            if old_env is not None:
                if name == "compare":
                    row.append("n/a")  # the command did not exist
                else:
                    row.append(f"{timed(argv, old_env, Path(scratch)):.2f}")
            rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    print(f"{os.cpu_count()} CPUs; cold includes writing the cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
