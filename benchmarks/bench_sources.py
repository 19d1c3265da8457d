"""What the imported datasets add to the bundled catalog: coverage of facts, and load time.

Prints the number of models and providers, how many offerings have every capability flag
known (true or false), a release date, a price history of two or more periods, and the
rarity claims made with the peers behind them, so a change of sources can be judged by
numbers (run it before and after):

    $ .venv/bin/python benchmarks/bench_sources.py
    load: 6.6 s; 8502 models, 221 providers
    every capability flag known (18): 0; the nine models.dev states: 2378
    ...
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.load import load_catalog  # noqa: E402
from catalog.peers import capability_shares, rarity_lines  # noqa: E402
from catalog.schema import Capabilities  # noqa: E402

STATED_BY_MODELS_DEV = ("function_calling", "reasoning", "structured_output", "vision", "audio_input",
                        "video_input", "pdf_input", "image_output", "audio_output")


def main() -> None:
    start = time.perf_counter()
    catalog = load_catalog()
    took = time.perf_counter() - start
    models = list(catalog.models.values())
    print(f"load: {took:.1f} s; {len(models)} models, {len(catalog.providers)} providers")
    flags = tuple(Capabilities.model_fields)
    every = sum(all(getattr(m.capabilities, f) is not None for f in flags) for m in models)
    nine = sum(all(getattr(m.capabilities, f) is not None for f in STATED_BY_MODELS_DEV) for m in models)
    print(f"every capability flag known ({len(flags)}): {every}; the nine models.dev states: {nine}")
    known = sum(getattr(m.capabilities, f) is not None for m in models for f in flags)
    print(f"capability values known: {known} of {len(models) * len(flags)}")
    print(f"with a release date: {sum(m.released is not None for m in models)}; "
          f"knowledge cut-off: {sum(m.knowledge_cutoff is not None for m in models)}; "
          f"open weights stated: {sum(m.open_weights is not None for m in models)}; "
          f"family: {sum(m.family is not None for m in models)}")
    periods = [(m.pricing is not None) + len(m.price_history) for m in models]
    print(f"with a price history of two or more periods: {sum(p >= 2 for p in periods)}; "
          f"periods in all: {sum(periods)}")
    shares = capability_shares(models)
    lines = [line for m in models for line in rarity_lines(m, shares[m.kind])]
    peers = [line.n for line in lines]
    print(f"rarity claims: {len(lines)}; peers behind each: median {statistics.median(peers) if peers else 0}, "
          f"min {min(peers, default=0)}, max {max(peers, default=0)}")


if __name__ == "__main__":
    main()
