"""Benchmark: building the site, its weight, and the index's filtering in Chromium.

Prints the seconds of a cold build (enrich + render + write into an empty folder, the catalog
already loaded) of the bundled catalog and of 5,000 and 20,000 generated models, of a rebuild
with nothing changed (through `catalog build`, whose catalog cache makes the load cheap), of a
rebuild after one spec was renamed (its pages and the pages naming it are made again) and after
one price changed (the models of its kind are checked: standings among peers and similar models
may move, so the pages whose enrichment moved are made again, and its kind's rankings), the gzip
weight of the index and of a model page with its CSS and JavaScript, and the milliseconds the
index takes to filter and to sort in Debian's chromium; and, at the start and the end, how fast
the disk creates small files, which a cold build's time follows. Run (`TMPDIR=/dev/shm` times the
same work without the disk):

    .venv/bin/python benchmarks/bench_site.py [--sizes 5000 20000] [--no-browser]
"""

from __future__ import annotations

import argparse
import gzip
import json
from decimal import Decimal
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from bench_cli import settled  # noqa: E402  (waits for the background cache writer)
from bench_peers import generate  # noqa: E402  (the generated specs of the peers benchmark)

from catalog.load import bundled_data_dir, load_catalog  # noqa: E402
from catalog.site import build_site  # noqa: E402

SEED = "google/gemini-2.0-flash-exp-image-generation"
MEDIA = {"vision": "image", "audio_input": "audio", "pdf_input": "pdf", "video_input": "video"}


def _plain(value: object) -> object:
    """JSON for what a spec holds beyond JSON's types: exact prices as numbers, dates and
    addresses as text."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_catalog(count: int, root: Path) -> Path:
    """`count` generated specs as YAML files (JSON is YAML), with their providers and presets."""
    data = root / "data"
    providers = set()
    for spec in generate(count):
        # Python values, so prices are written as YAML numbers (a quoted price is an error).
        doc = json.loads(json.dumps(spec.model_dump(exclude_none=True, exclude_defaults=True), default=_plain))
        doc["pricing"] = {"source": "https://example.com/pricing", "verified": "2026-11-01",
                          **(doc.get("pricing") or {})}
        # The peers benchmark's specs skip cross-field rules; make the input modalities agree
        # with the capabilities, so the catalog validates and builds.
        caps = doc.get("capabilities", {})
        inputs = dict.fromkeys(doc.get("modalities", {}).get("input", ["text"]))
        for capability, modality in MEDIA.items():
            if caps.get(capability):
                inputs[modality] = None
        doc.setdefault("modalities", {})["input"] = list(inputs)
        if doc.get("status") == "deprecated":
            doc["deprecated_on"] = "2026-06-01"
        provider, name = spec.id.split("/")
        providers.add(provider)
        path = data / "models" / provider / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc))
    (data / "providers").mkdir(parents=True)
    for provider in providers:
        (data / "providers" / f"{provider}.yaml").write_text(json.dumps({"id": provider, "name": provider.title()}))
    shutil.copy(bundled_data_dir() / "workloads.yaml", data / "workloads.yaml")
    return data


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the forked workers,
    the `catalog build` processes): on a machine shared with other work, wall time alone says
    little."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, action):
    start, cpu = time.perf_counter(), cpu_seconds()
    result = action()
    print(f"  {label}: {time.perf_counter() - start:.2f} s wall, {cpu_seconds() - cpu:.2f} s CPU", flush=True)
    return result


def gzip_size(*files: Path) -> int:
    return len(gzip.compress(b"".join(f.read_bytes() for f in files), 9))


def cli_build(data: Path, out: Path, label: str | None = None, *, stale: bool = True) -> None:
    """`catalog build` as a user's shell runs it (timed under `label` when given): Python keeps
    compiled bytecode (a sandbox that sets PYTHONDONTWRITEBYTECODE would time recompiling the
    package on every run). When the catalog cache is `stale`, the writer the build leaves in the
    background is waited for after the timing, so that each timed build starts from what the
    previous one left, on an idle machine (and so is what a rebuild keeps for the next one)."""
    cache = Path(os.environ["CATALOG_CACHE_DIR"])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    since = time.time()

    def run() -> None:
        done = subprocess.run([sys.executable, "-m", "catalog.cli", "build", "--data", str(data), "--out", str(out)],
                              capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(done.stderr)

    if label:
        timed(label, run)
    else:
        run()
    if stale:
        settled(cache, since)
        if label:  # a rebuild that made pages also keeps what the next build reuses
            settled(cache, since, pattern="site-*")


def bench_catalog(label: str, data: Path, work: Path) -> Path:
    print(f"{label}:", flush=True)
    out = work / "site"
    # The catalog's own cache folder, shared by the builds run here and by `catalog build`
    # (which keeps what the next build reuses there, as it does between a user's builds).
    os.environ["CATALOG_CACHE_DIR"] = str(work / "catalog-cache")
    catalog = timed("load (validate every spec)", lambda: load_catalog(data))
    print(f"  models: {len(catalog.models):,}")
    timed("build into an empty folder (enrich, render, write)", lambda: build_site(catalog, out))
    cli_build(data, out)  # warm the CLI's catalog cache
    cli_build(data, out, "rebuild, nothing changed (catalog build, cached catalog)", stale=False)
    spec = next((data / "models").rglob("*.yaml"))
    text = spec.read_text()
    spec.write_text(text.replace('"name": "', '"name": "Renamed ', 1).replace("\nname: ", "\nname: Renamed ", 1))
    cli_build(data, out, "rebuild, one spec renamed (catalog build)")
    priced = raise_a_price(data)
    cli_build(data, out, f"rebuild, one price changed ({priced}; every peer's standing may move)")
    return out


def raise_a_price(data: Path) -> str:
    """Raise the input price of the first spec that has one by 10%; return its file's name."""
    for spec in sorted((data / "models").rglob("*.yaml")):
        doc = yaml.safe_load(spec.read_text())
        price = (doc.get("pricing") or {}).get("input")
        if isinstance(price, (int, float)) and price > 0:
            doc["pricing"]["input"] = round(price * 1.1, 6)
            spec.write_text(yaml.safe_dump(doc, sort_keys=False))
            return spec.relative_to(data).as_posix()
    raise SystemExit("no spec with an input price to change")


def weights(site: Path, model_id: str) -> None:
    page = site / "models" / model_id / "index.html"
    js = site / "static" / "js"
    model = gzip_size(page, site / "static" / "css" / "site.css", js / "model.mjs", js / "pricing.mjs",
                      js / "money.mjs")
    index = gzip_size(site / "index.html", site / "static" / "css" / "site.css", js / "index.mjs")
    print(f"  gzip: index with CSS and JS {index / 1024:.0f} KB; {model_id} page with CSS and JS {model / 1024:.1f} KB")


def browser_timings(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    import http.server
    import functools
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp()
    script = """async ([selector, value]) => {
        const el = document.querySelector(selector);
        const start = performance.now();
        if (el.tagName === 'BUTTON') el.click(); else { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }
        document.body.offsetHeight;  // layout included
        return performance.now() - start;
    }"""
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        rows = page.locator("#models tbody tr").count()
        steps = [("filter: search 'mini'", "#q", "mini"), ("filter: search cleared", "#q", ""),
                 ("filter: kind chat", "#f-kind", "chat"), ("sort: input price", "th[data-sort=pi] button", ""),
                 ("sort: input price, descending", "th[data-sort=pi] button", ""),
                 ("sort: name", "th[data-sort=name] button", "")]
        for label, selector, value in steps:
            best = min(page.evaluate(script, [selector, value]) for _ in range(1))
            print(f"  chromium, {rows:,} rows, {label}: {best:.0f} ms")
        context.close()
    server.shutdown()
    shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 20000])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"disk at start: {small_files_seconds(work):.2f} s to create 5,000 small files", flush=True)
        bundled = work / "bundled"
        shutil.copytree(bundled_data_dir(), bundled / "data", ignore=shutil.ignore_patterns("upstream"))
        site = bench_catalog("bundled catalog", bundled / "data", bundled)
        weights(site, SEED)
        if not args.no_browser:
            browser_timings(site)
        for size in args.sizes:
            root = work / f"generated-{size}"
            data = write_catalog(size, root)
            site = bench_catalog(f"{size:,} generated models", data, root)
            first = sorted((site / "models").iterdir())[0]
            weights(site, f"{first.name}/{sorted(first.iterdir())[0].name}")
            if not args.no_browser and size <= 5000:
                browser_timings(site)
        print(f"disk at the end: {small_files_seconds(work):.2f} s to create 5,000 small files")


def small_files_seconds(work: Path) -> float:
    """How long this disk takes to create 5,000 files of 16 KB in 50 new folders, as a cold build
    does by the thousand. A cold build's time follows it: on a filesystem mounted with
    `discard`, after a burst of writes and deletions, it was seen to grow from 0.16 s to 2.7 s
    (tmpfs: 0.1 s). Printed at the start and the end of a run, to read the builds' times by."""
    folder = work / "disk-check"
    start = time.perf_counter()
    for i in range(5000):
        sub = folder / str(i // 100)
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i}.html").write_bytes(b"x" * 16_000)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    return seconds


if __name__ == "__main__":
    main()
