"""Run every benchmark in this folder and print what each measured.

Each `bench_<area>.py` (and `bench_<area>.mjs`, run with Node) is a standalone script that
prints its own numbers; this runs them one after another, so `make bench` measures all:

    $ .venv/bin/python benchmarks/run.py [AREA ...]
    == bench_validate.py
    5000 specs (...): best of 3: 1.90 s
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def commands(areas: list[str]) -> list[tuple[str, list[str]]]:
    found = []
    for script in sorted(HERE.glob("bench_*")):
        area = script.stem.removeprefix("bench_")
        if areas and area not in areas and script.name not in areas:
            continue
        if script.suffix == ".py":
            found.append((script.name, [sys.executable, str(script)]))
        elif script.suffix == ".mjs" and shutil.which("node"):
            found.append((script.name, ["node", str(script)]))
    return found


def main(argv: list[str]) -> int:
    failed = 0
    for name, command in commands(argv):
        print(f"== {name}", flush=True)
        result = subprocess.run(command, cwd=HERE.parent, check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
