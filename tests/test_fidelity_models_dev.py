"""Fidelity of the models.dev import over its whole bundled snapshot: every upstream value the
spec has a field for is there unchanged, every value the spec holds comes from upstream, and
every entry is a spec, an alias of one, or a skip the report counts.

The expectations are restated here from the upstream JSON, independently of the importer's
code, so a mapping slip in either shows up as a difference."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers.common import Dataset, ProviderDirectory
from catalog.importers.models_dev import convert

SNAPSHOT = next((Path(__file__).parent.parent / "data" / "upstream").glob("models-dev-*.json.gz"))
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$")
PRICES = {"input": "input", "output": "output", "cache_read": "cache_read", "cache_write": "cache_write_5m",
          "reasoning": "reasoning", "input_audio": "input_audio", "output_audio": "output_audio"}
FLAGS = {"tool_call": "function_calling", "reasoning": "reasoning", "structured_output": "structured_output"}
MODALITY_FLAGS = {("input", "image"): "vision", ("input", "audio"): "audio_input", ("input", "video"): "video_input",
                  ("input", "pdf"): "pdf_input", ("output", "image"): "image_output", ("output", "audio"): "audio_output"}


@pytest.fixture(scope="module")
def upstream() -> dict:
    return json.loads(gzip.decompress(SNAPSHOT.read_bytes()))


@pytest.fixture(scope="module")
def result(upstream):
    dataset = Dataset("models-dev", "test", "https://models.dev/api.json", dt.date(2026, 5, 21), dt.date(2026, 5, 21))
    return convert(upstream, dataset, ProviderDirectory({}, frozenset()))


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _day(text):
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None


def test_every_entry_is_a_spec_an_alias_or_counted(upstream, result):
    entries = [f"{p}/{m}" for p, provider in upstream.items() for m in provider["models"]]
    keys = {m.provenance.upstream_key for m in result.models}
    aliases = {a for m in result.models for a in m.aliases}
    skipped = sum(n for _, n, _ in result.report.skipped)
    assert len(entries) == len(result.models) + len(result.report.collisions) + skipped
    assert all(e in keys or e in aliases for e in entries) or skipped
    assert len(keys) == len(result.models)  # one spec per upstream key: nothing invented


def test_every_value_is_the_upstream_value(upstream, result):
    by_key = {m.provenance.upstream_key: m for m in result.models}
    checked = 0
    for provider_id, provider in upstream.items():
        for model_key, raw in provider["models"].items():
            spec = by_key.get(f"{provider_id}/{model_key}")
            if spec is None:
                continue
            checked += 1
            assert spec.name == raw["name"][:120].strip()  # the schema strips whitespace
            assert spec.released == _day(raw.get("release_date"))
            assert spec.knowledge_cutoff == raw.get("knowledge")
            assert spec.open_weights == raw.get("open_weights")
            assert spec.family == (raw.get("family") if SLUG.match(raw.get("family") or "") else None)
            assert spec.status == {"deprecated": "deprecated", "beta": "preview", "alpha": "preview", None: "active"}[raw.get("status")]
            limit = raw["limit"]
            assert spec.limits.context_window == (limit.get("context") or None)
            assert spec.limits.max_output == (limit.get("output") or None)
            assert spec.limits.max_input == (limit.get("input") or None)
            assert list(spec.modalities.input) == raw["modalities"]["input"]
            assert list(spec.modalities.output) == raw["modalities"]["output"]
            stated = {ours: raw[theirs] for theirs, ours in FLAGS.items() if theirs in raw}
            stated |= {flag: m in raw["modalities"][side] for (side, m), flag in MODALITY_FLAGS.items()}
            assert spec.capabilities.model_dump(exclude_none=True) == stated  # none lost, none invented
            _check_prices(spec, raw)
    assert checked == len(result.models)


def _check_prices(spec, raw) -> None:
    cost = raw.get("cost") or {}
    flat = {PRICES[k]: _dec(v) for k, v in cost.items() if k in PRICES}
    all_zero = all(v == 0 for v in flat.values()) and all(
        _dec(v) == 0 for t in cost.get("tiers", []) for k, v in t.items() if k in PRICES)
    fast = ((raw.get("experimental") or {}).get("modes") or {}).get("fast") or {}
    priority = fast.get("cost") if ((fast.get("provider") or {}).get("body") or {}).get("service_tier") == "priority" else None
    if not cost or (all_zero and not priority):
        assert spec.pricing is None
        return
    if all_zero:  # every price 0 is unknown; a priority variant can still be priced
        flat = {}
    elif flat.get("cache_write_5m") == 0 and flat.get("input"):
        del flat["cache_write_5m"]  # 0 cache write beside a priced input: unknown
    ours = {k: v for k, v in spec.pricing.model_dump(exclude_none=True).items() if k in PRICES.values()}
    assert ours == flat
    tiers = {t["tier"]["size"]: {PRICES[k]: _dec(v) for k, v in t.items() if k in PRICES}
             for t in cost.get("tiers", []) if not all_zero}
    if "context_over_200k" in cost and 200_000 not in tiers and not all_zero:
        tiers[200_000] = {PRICES[k]: _dec(v) for k, v in cost["context_over_200k"].items() if k in PRICES}
    for above, prices in tiers.items():
        if prices.get("cache_write_5m") == 0 and prices.get("input"):
            del prices["cache_write_5m"]
    assert {t.above: {k: v for k, v in t.model_dump(exclude_none=True).items() if k != "above"} for t in spec.pricing.tiers} == {
        a: p for a, p in tiers.items() if p}
    if priority:
        assert spec.pricing.variants["priority"].model_dump(exclude_none=True, exclude_defaults=True) == {
            PRICES[k]: _dec(v) for k, v in priority.items() if k in PRICES}
    else:
        assert not spec.pricing.variants


def test_every_unmapped_key_is_reported(upstream, result):
    """A key of a model entry that no field takes is in the report, with its count."""
    seen = {k for provider in upstream.values() for raw in provider["models"].values() for k in raw}
    mapped = {"id", "name", "family", "release_date", "knowledge", "open_weights", "status", "limit", "modalities",
              "cost", "experimental", *FLAGS}
    reported = " ".join(k for k, _ in (*result.report.not_imported, *result.report.unmapped))
    assert all(key in reported for key in seen - mapped)
