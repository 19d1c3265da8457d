"""Benchmark: the smoke runner against the test gateway, at a requests-per-minute limit.

Runs 100, 250 and 500 generated chat models at 600 requests a minute and 10 concurrent calls
against tests/gateway.py, started in a process of its own on 127.0.0.1 and enforcing the same
limit over any trailing minute (a request beyond it gets a 429). Prints, per run: the rate the
gateway saw (first to last request), how far it is from the limit, 429s the runner caused, the
most calls in flight, and the runner's peak Python memory (tracemalloc) above what it held
before the run. 850 calls at 600 a minute take about 85 s. Run:

    .venv/bin/python benchmarks/bench_smoke.py [--counts 100,250,500] [--rpm 600] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

from catalog.config import GatewayConfig
from catalog.schema import ModelSpec
from catalog.smoke.gateways import resolve_gateway
from catalog.smoke.plan import plan_calls
from catalog.smoke.results import ResultWriter
from catalog.smoke.runner import run_plan

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-key"


def models(count: int) -> list[ModelSpec]:
    return [
        ModelSpec.model_validate({
            "id": f"bench/model-{i:04d}", "name": f"Model {i}", "provider": "bench", "kind": "chat",
            "pricing": {"source": "https://example.com/p", "verified": "2026-11-01", "input": "0.15", "output": "0.6"},
            "api": {"protocol": "openai-chat", "gateway_model": f"bench/model-{i:04d}"},
        })
        for i in range(count)
    ]


def start_gateway(rpm: int) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "gateway.py"), "--rpm-limit", str(rpm), "--key", KEY],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def get(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.load(response)


def run_once(port: int, count: int, rpm: int, concurrency: int, folder: Path) -> dict:
    gateway = resolve_gateway("bench", GatewayConfig(
        base_url=f"http://127.0.0.1:{port}/agentcc/v1", preset="agentcc", key_env="BENCH_KEY",
        requests_per_minute=rpm, concurrent_requests=concurrency, retries=3))
    plan = plan_calls(models(count), {"bench": gateway}, "bench")
    get(port, "/reset")
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    with ResultWriter(folder / f"run-{count}.jsonl", [KEY]) as writer:
        summary = asyncio.run(run_plan(plan, {"bench": KEY}, writer))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stats = get(port, "/stats")
    span = stats["last"] - stats["first"]
    rate = (stats["requests"] - 1) / span * 60 if span > 0 else float("inf")
    return {"count": count, "ok": summary.ok, "failed": summary.failed, "seconds": seconds,
            "requests": stats["requests"], "rate": rate, "off_by": (rate - rpm) / rpm * 100,
            "rate_limited": stats["rate_limited"], "max_in_flight": stats["max_in_flight"],
            "peak_kib": (peak - before) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="100,250,500")
    parser.add_argument("--rpm", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print(f"smoke runner: rpm={args.rpm}, concurrency={args.concurrency}, test gateway enforcing {args.rpm}/min")
    with tempfile.TemporaryDirectory() as tmp:
        # Warm up first, unmeasured: the first client builds its TLS context and imports
        # lazily, a one-off cost that would otherwise be charged to the first count.
        process, port = start_gateway(60_000)
        try:
            run_once(port, 5, 60_000, args.concurrency, Path(tmp))
        finally:
            process.terminate()
            process.wait()
        for count in counts:
            # A fresh gateway per run: its limit counts over the trailing minute, so a run
            # straight after another would inherit the previous run's requests.
            process, port = start_gateway(args.rpm)
            try:
                r = run_once(port, count, args.rpm, args.concurrency, Path(tmp))
            finally:
                process.terminate()
                process.wait()
            print(f"{r['count']:>4} models: {r['ok']} ok, {r['failed']} failed in {r['seconds']:.1f} s; "
                  f"gateway saw {r['requests']} requests at {r['rate']:.1f}/min ({r['off_by']:+.2f}% of the limit), "
                  f"{r['rate_limited']} rate-limited, at most {r['max_in_flight']} in flight; "
                  f"peak memory +{r['peak_kib']:.0f} KiB")


if __name__ == "__main__":
    main()
