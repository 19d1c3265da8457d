"""Benchmark: enrich 5,000 generated models of several kinds.

Prints, best of 3, the seconds for the peer metrics alone (percentiles of every metric, the
O(n log n) part), for strengths, caveats, rarity and FAQ on top, and for similar models; then
similar models alone on chat models with one model per provider and no family, where family and
provider narrow nothing (1,000, 2,000 and 4,000 models: it was quadratic there). Run:

    .venv/bin/python benchmarks/bench_peers.py [--models 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from catalog.enrich import enrich
from catalog.peers import peer_standings
from catalog.schema import ModelSpec
from catalog.similar import similar_models

TODAY = dt.date(2026, 11, 21)
KINDS = ("chat",) * 6 + ("embedding", "image-generation", "speech", "transcription")
CAPABILITIES = ("function_calling", "vision", "streaming", "structured_output", "prompt_caching",
                "reasoning", "web_search", "pdf_input", "audio_input")


def generate(count: int, seed: int = 1) -> list[ModelSpec]:
    """`count` varied, valid specs: 40 providers, families, ties, unknown prices, benchmarks."""
    rnd = random.Random(seed)
    models = []
    for i in range(count):
        kind = rnd.choice(KINDS)
        provider = f"provider-{rnd.randrange(40)}"
        context = rnd.choice([4096, 8192, 32768, 128_000, 200_000, 1_000_000])
        prices: dict[str, object] = {}
        if kind == "chat":
            if rnd.random() < 0.9:
                prices["input"] = str(rnd.choice([0, 0.05, 0.15, 0.5, 1, 2.5, 3, 5, 15]))
            if rnd.random() < 0.85:
                prices["output"] = str(rnd.choice([0, 0.2, 0.6, 2, 4, 10, 15, 60]))
            if rnd.random() < 0.4:
                prices["cache_read"] = str(rnd.choice([0.01, 0.05, 0.3, 1.5]))
        elif kind == "embedding":
            prices["input"] = str(rnd.choice([0.01, 0.02, 0.13, 0.15]))
        elif kind == "image-generation":
            prices["output_per_image"] = str(rnd.choice([0.02, 0.039, 0.04, 0.08, 0.12]))
        elif kind == "speech":
            prices["input_characters"] = str(rnd.choice([15, 30, 100]))
        else:
            prices["input_per_second"] = str(rnd.choice([0.0001, 0.0002]))
        spec = {
            "id": f"{provider}/model-{i}",
            "name": f"Model {i}",
            "provider": provider,
            "family": f"family-{rnd.randrange(600)}" if rnd.random() < 0.6 else None,
            "kind": kind,
            "status": rnd.choice(["active"] * 8 + ["deprecated", "preview"]),
            "limits": {"context_window": context, "max_output": min(context, rnd.choice([4096, 8192, 65536]))},
            "modalities": {"input": ["text"] + (["image"] if rnd.random() < 0.4 else []),
                           "output": ["text"]},
            "capabilities": {c: rnd.choice([True, True, False, None]) for c in CAPABILITIES},
            "pricing": {"source": "https://example.com/pricing",
                        "verified": TODAY - dt.timedelta(days=rnd.randrange(400)), **prices},
            "benchmarks": [{"name": "MMLU", "score": rnd.randrange(40, 95), "date": "2025-01-01",
                            "source": "https://example.com/mmlu"}] if rnd.random() < 0.2 else [],
        }
        models.append(ModelSpec.model_validate(spec))
    return models


def lone_providers(count: int, seed: int = 2) -> list[ModelSpec]:
    """`count` chat models, each the only model of its provider, none in a family."""
    rnd = random.Random(seed)
    return [
        ModelSpec.model_validate({
            "id": f"solo-{i}/model", "name": f"Solo {i}", "provider": f"solo-{i}", "kind": "chat",
            "limits": {"context_window": rnd.choice([4096, 8192, 32768, 128_000, 200_000, 1_000_000])},
            "capabilities": {c: rnd.choice([True, False, None]) for c in CAPABILITIES},
            "pricing": {"source": "https://example.com/pricing", "verified": TODAY,
                        "input": str(rnd.choice([0, 0.05, 0.15, 0.5, 1, 2.5, 3, 5, 15])),
                        "output": str(rnd.choice([0, 0.2, 0.6, 2, 4, 10, 15, 60]))},
        })
        for i in range(count)
    ]


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=5000)
    args = parser.parse_args()
    models = generate(args.models)
    latency = {m.id: 0.5 + (i * 37 % 1000) / 100 for i, m in enumerate(models[::3])}
    kinds = len({m.kind for m in models})
    print(f"{len(models):,} models over {kinds} kinds, best of 3")
    print(f"peer metrics (percentiles):          {best_of(3, lambda: peer_standings(models, latency)):.3f} s")
    print(f"peers without similar (+claims, FAQ): "
          f"{best_of(3, lambda: enrich(models, today=TODAY, latency=latency, with_similar=False)):.3f} s")
    print(f"similar models, all models:          {best_of(3, lambda: similar_models(models)):.3f} s")
    print(f"full enrichment:                     "
          f"{best_of(3, lambda: enrich(models, today=TODAY, latency=latency)):.3f} s")
    print("similar models, one model per provider, no family (best of 3):")
    for count in (1000, 2000, 4000):
        solo = lone_providers(count)
        print(f"  {count:>5,} models:                       {best_of(3, lambda: similar_models(solo)):.3f} s")


if __name__ == "__main__":
    main()
