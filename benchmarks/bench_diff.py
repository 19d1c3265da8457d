"""Benchmark: `catalog diff` on the bundled catalog (4,000+ imported specs, curated on top).

The bundled data/ is copied into a throwaway git repository and committed; then three
changes are diffed against that commit: none, one curated price, and every imported spec
rewritten (a new import date, as a refresh does), which loads both sides in full. Prints the
best of 3 for the small changes, one run for the full one:

    $ .venv/bin/python benchmarks/bench_diff.py
    no change: 0.07 s; one curated price (1 change): 0.08 s; every imported spec (4,191 files, 3,512 price changes): 12.7 s, 3.3 s of CPU (one run)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.checks.diff import diff_revisions  # noqa: E402
from catalog.pricing import today  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def best_of(runs: int, data: Path) -> tuple[float, float, object]:
    """Best wall-clock time, the CPU time of that run, and the result."""
    times, result = [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = diff_revisions(data, "HEAD", None, today())
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, cpu_time = min(times)
    return wall, cpu_time, result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        root = Path(tmp)
        data = root / "data"
        shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("upstream"))
        git(root, "init", "-q")
        git(root, "-c", "user.email=b@b", "-c", "user.name=b", "add", "-A")
        git(root, "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-q", "-m", "base")

        none, _, _ = best_of(3, data)

        curated = sorted((data / "models").glob("*/*.yaml"))[0]
        text = curated.read_text()
        curated.write_text(re.sub(r"\n  input: (\d)", r"\n  input: 1\1", text, count=1))
        one, _, result = best_of(3, data)
        curated.write_text(text)

        imported = sorted((data / "imported").glob("*/models/*/*.yaml"))
        for path in imported:
            body = path.read_text()
            path.write_text(re.sub(r"\n  input: (\d)", r"\n  input: 1\1", body.replace("imported: 20", "imported: 19", 1), count=1))
        everything, everything_cpu, big = best_of(1, data)
        print(f"no change: {none:.2f} s; one curated price ({len(result.price_changes)} change): {one:.2f} s; "
              f"every imported spec ({len(imported):,} files, {len(big.price_changes):,} price changes): "
              f"{everything:.2f} s, {everything_cpu:.2f} s of CPU (one run)")


if __name__ == "__main__":
    main()
