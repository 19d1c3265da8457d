"""How many per-request cost estimates per second the Python engine computes.

A model's prices are compiled once (`compile_prices`), then each estimate only looks prices
up and multiplies Decimals. Run from the repository root:

    .venv/bin/python benchmarks/bench_pricing.py            # hand-built models
    .venv/bin/python benchmarks/bench_pricing.py --catalog  # also every model of data/

Prints estimates per second for a plain chat request, a cached long-context request that
crosses a tier, an image request, a workload's monthly bill, and compilation itself.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.pricing import Usage, compile_prices, estimate_request  # noqa: E402
from catalog.schema import ModelSpec  # noqa: E402
from catalog.workloads import Workload, workload_cost  # noqa: E402

SOURCE = {"source": "https://example.com/pricing", "verified": "2026-11-01"}
CHAT = ModelSpec.model_validate({
    "id": "example/chat", "name": "Chat", "provider": "example", "kind": "chat",
    "pricing": {**SOURCE, "input": "1.25", "output": "10", "cache_read": "0.125", "cache_write_5m": "1.5625",
                "reasoning": "12", "tiers": [{"above": 200_000, "input": "2.5", "output": "15", "cache_read": "0.25"}],
                "variants": {"batch": {"multiplier": "0.5"}, "priority": {"input": "2.5", "output": "20"}}},
})
IMAGES = ModelSpec.model_validate({
    "id": "example/images", "name": "Images", "provider": "example", "kind": "image-generation",
    "pricing": {**SOURCE, "output_per_image": "0.04",
                "output_images": [{"size": "1024x1024", "quality": "hd", "price": "0.08"},
                                  {"size": "1792x1024", "quality": "hd", "price": "0.12"}]},
})
CHATBOT = Workload.model_validate({"name": "chatbot", "description": "bench", "kinds": ["chat"],
                                   "usage": {"input_tokens": 1500, "output_tokens": 350},
                                   "requests_per_day": 2000, "cache_hit_rate": "0.5", "batch_share": "0.3"})


def rate(label: str, fn, n: int) -> float:
    fn()  # warm up
    start = time.perf_counter()
    for _ in range(n):
        fn()
    elapsed = time.perf_counter() - start
    per_second = n / elapsed
    print(f"{label:<52} {per_second:>12,.0f} /s  ({elapsed * 1e6 / n:.2f} us each, n={n:,})")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="estimates per measurement")
    parser.add_argument("--catalog", action="store_true", help="also price every model of the bundled data/")
    args = parser.parse_args()
    n = args.n
    chat = compile_prices(CHAT)
    batch = compile_prices(CHAT, variant="batch")
    images = compile_prices(IMAGES)
    plain = Usage(input_tokens=1_500, output_tokens=350, requests=1)
    cached = Usage(input_tokens=250_000, cache_read_tokens=200_000, cache_write_5m_tokens=10_000,
                   output_tokens=2_000, reasoning_tokens=1_500, requests=1)
    picture = Usage(images_out=4, image_size="1792x1024", image_quality="hd", requests=1)
    print(f"Python {sys.version.split()[0]}, Decimal engine")
    headline = rate("estimate_request: chat, 2 components", lambda: estimate_request(chat, plain), n)
    rate("estimate_request: cached, tiered, reasoning (5 lines)", lambda: estimate_request(chat, cached), n)
    rate("estimate_request: batch variant", lambda: estimate_request(batch, plain), n)
    rate("estimate_request: sized image", lambda: estimate_request(images, picture), n)
    rate("Usage(...) construction + estimate_request",
         lambda: estimate_request(chat, Usage(input_tokens=1_500, output_tokens=350, requests=1)), n)
    rate("compile_prices (once per model, date, variant)", lambda: compile_prices(CHAT), n // 20)
    rate("workload_cost: monthly bill, standard + batch", lambda: workload_cost(CHAT, CHATBOT), n // 20)
    if args.catalog:
        from catalog.load import load_catalog

        models = list(load_catalog(None).models.values())
        tables = [compile_prices(m) for m in models]
        start = time.perf_counter()
        for table in tables:
            estimate_request(table, plain)
        elapsed = time.perf_counter() - start
        print(f"{'every bundled model, one chat request each':<52} {len(tables) / elapsed:>12,.0f} /s  "
              f"({len(tables):,} models)")
        start = time.perf_counter()
        for model in models:
            workload_cost(model, CHATBOT)
        elapsed = time.perf_counter() - start
        print(f"{'every bundled model, chatbot monthly bill':<52} {len(models) / elapsed:>12,.0f} /s")
    print(f"target > 100,000 per-request estimates/s: {'met' if headline > 100_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
