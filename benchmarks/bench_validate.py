"""Benchmark: load and validate 5,000 generated specs (YAML parse, layering, pydantic, rules).

The specs vary like the real catalog: several kinds and providers, optional tiers, variants,
history, capabilities and API blocks; one in ten is an imported spec, half of those with a curated overlay,
and some break a rule (flagged warnings on imported data). Prints the best of 3:

    $ .venv/bin/python benchmarks/bench_validate.py [--specs 5000]
    5000 specs (4545 models, 455 overlays) in 40 provider folders: ...; best of 3: 1.90 s
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.findings import has_errors  # noqa: E402
from catalog.load import load_catalog  # noqa: E402

KINDS = ("chat",) * 6 + ("embedding", "image-generation", "speech", "transcription")
CAPABILITIES = ("function_calling", "parallel_tool_calls", "vision", "streaming", "structured_output",
                "prompt_caching", "reasoning", "web_search", "system_messages")
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../{up}schemas/model.schema.json\n"


def model_spec(rng: random.Random, provider: str, index: int, imported: bool) -> dict:
    kind = rng.choice(KINDS)
    model_id = f"{provider}/model-{index}"
    context = rng.choice((8192, 32768, 128000, 200000, 1048576))
    spec: dict = {
        "id": model_id,
        "name": f"Model {index}",
        "provider": provider,
        "family": f"family-{index % 37}",
        "kind": kind,
        "status": rng.choice(("active", "active", "preview", "deprecated")),
        "released": f"202{rng.randint(3, 6)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "limits": {"context_window": context, "max_output": min(context, rng.choice((4096, 8192, 16384, 65536)))},
        "modalities": {"input": ["text", "image"] if rng.random() < 0.4 else ["text"], "output": ["text"]},
        "capabilities": {name: rng.random() < 0.6 for name in rng.sample(CAPABILITIES, 5)},
        "pricing": {
            "source": f"https://{provider}.example/pricing",
            "verified": "2026-11-01",
            "input": round(rng.uniform(0.01, 20), 3),
            "output": round(rng.uniform(0.05, 80), 3),
        },
    }
    if spec["status"] == "deprecated":
        spec["deprecated_on"] = "2026-10-01"
    capabilities = spec["capabilities"]
    if capabilities.get("vision"):
        spec["modalities"]["input"] = ["text", "image"]
    if capabilities.get("parallel_tool_calls"):
        capabilities["function_calling"] = True
    if rng.random() < 0.3:
        spec["pricing"]["cache_read"] = round(spec["pricing"]["input"] / 10, 4)
    if rng.random() < 0.2 and context > 200000:
        spec["pricing"]["tiers"] = [{"above": 200000, "input": spec["pricing"]["input"] * 2}]
    if rng.random() < 0.3:
        spec["pricing"]["variants"] = {"batch": {"multiplier": 0.5}}
    if rng.random() < 0.2:
        spec["api"] = {
            "protocol": "openai-chat",
            "gateway_model": model_id,
            "parameters": [{"name": "temperature", "type": "number", "description": "Randomness.", "minimum": 0}],
            "rate_limits": {"requests_per_minute": 60, "concurrent_requests": 10},
        }
    if rng.random() < 0.3:
        spec["editorial"] = {"overview": "A generated model used to measure validation speed. " * 3}
    if imported:
        spec["provenance"] = {"dataset": "bench", "version": "1", "imported": "2026-11-20",
                              "upstream": "https://dataset.example/prices.json", "upstream_key": model_id}
        if rng.random() < 0.05:  # upstream data that breaks a rule: flagged, not fatal
            spec["limits"]["max_output"] = context * 2
    return spec


def generate(root: Path, count: int, seed: int = 7) -> tuple[int, int, int]:
    """Write `count` spec files under `root`; returns (models, overlays, providers)."""
    rng = random.Random(seed)
    providers = [f"provider-{n}" for n in range(40)]
    for provider in providers:
        path = root / "providers" / f"{provider}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"id": provider, "name": provider.title()}))
    written = overlays = models = 0
    index = 0
    while written < count:
        provider = providers[index % len(providers)]
        imported = index % 10 == 0
        spec = model_spec(rng, provider, index, imported)
        layer = root / "imported" / "bench" if imported else root
        up = "../../" if imported else ""
        path = layer / "models" / provider / f"model-{index}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SCHEMA_COMMENT.format(up=up) + yaml.safe_dump(spec, sort_keys=False))
        written += 1
        models += 1
        if imported and index % 20 == 0 and written < count:  # a curated overlay of a few fields
            overlay = {"id": spec["id"], "name": f"Curated Model {index}", "limits": {"max_output": 4096}}
            curated = root / "models" / provider / f"model-{index}.yaml"
            curated.parent.mkdir(parents=True, exist_ok=True)
            curated.write_text(SCHEMA_COMMENT.format(up="") + yaml.safe_dump(overlay, sort_keys=False))
            written += 1
            overlays += 1
        index += 1
    return models, overlays, len(providers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", type=int, default=5000, help="model spec files to generate")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        models, overlays, providers = generate(root, args.specs)
        timings, cpu = [], []
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            catalog = load_catalog(root)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert not has_errors(catalog.findings), [str(f) for f in catalog.findings if f.severity == "error"][:5]
        warnings = len(catalog.findings)
        print(f"{args.specs} specs ({models} models, {overlays} curated overlays) and {providers} providers: "
              f"{len(catalog.models)} models loaded, {warnings} warnings; "
              f"best of {args.repeats}: {min(timings):.2f} s wall, {min(cpu):.2f} s CPU "
              f"(all: {', '.join(f'{t:.2f}' for t in timings)})")


if __name__ == "__main__":
    main()
