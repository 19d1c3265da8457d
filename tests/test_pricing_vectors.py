"""The shared vectors (tests/vectors/pricing.json) replayed against the Python engine with
exact Decimal equality; the same file holds the JavaScript twin to them (tests/js/)."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.pricing import WEEKDAYS, EstimateError, UsageError, estimate, estimate_json, parse_at, usage_from_json
from catalog.schema import ModelSpec
from catalog.units import price_units
from catalog.workloads import Workload, workload_cost, workload_json

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests/vectors/pricing.json").read_text("utf-8"))["cases"]
AMOUNT_KEYS = {"total", "known_subtotal", "quantity", "unit_price", "amount", "requests", "days",
               "requests_per_day", "batch_share", "share", "average_per_request"}


def exact(value):
    """Decimal strings compared by value ("39" == "39.000"), everything else as is."""
    if isinstance(value, dict):
        return {k: (Decimal(v) if k in AMOUNT_KEYS and isinstance(v, str) else exact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return value


def run(case):
    model = ModelSpec.model_validate(case["model"])
    options = case["options"]
    at = None if options["at"] is None else parse_at(options["at"])
    try:
        if "workload" in options:
            workload = Workload.model_validate(options["workload"])
            return workload_json(workload_cost(model, workload, at, options["variant"],
                                               Decimal(options["days_per_month"])))
        return estimate_json(estimate(model, usage_from_json(case["usage"]), at, options["variant"]))
    except UsageError:
        return {"error": "UsageError"}


def test_enough_vectors_covering_every_price_component():
    assert len(VECTORS) >= 60
    seen = {line["component"] for case in VECTORS for key in ("lines", "unknown")
            for line in case["expected"].get(key, [])}
    assert set(price_units()) <= seen
    assert {c["options"]["variant"] for c in VECTORS} >= {"batch", "priority", "flex", "standard"}


@pytest.mark.parametrize("case", VECTORS, ids=[c["name"] for c in VECTORS])
def test_python_engine_reproduces_the_vector(case):
    assert exact(run(case)) == exact(case["expected"])


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_units_match_the_unit_registry():
    script = ("import('./templates/static/js/pricing.mjs').then(m => "
              "console.log(JSON.stringify(m.UNITS)))")
    out = subprocess.run(["node", "-e", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    js_units = json.loads(out)
    assert list(js_units) == list(price_units())
    for component, unit in price_units().items():
        assert js_units[component] == {"key": unit.key, "per": int(unit.per), "label": unit.label}


def _random_prices(rng, share_known):
    from catalog.pricing import COMPONENTS

    return {c: rng.choice(["0", f"{rng.uniform(0.001, 50):.4f}"]) for c in COMPONENTS if rng.random() < share_known}


def _random_block(rng, effective=None):
    """One random pricing block: several tiers, variants with and without multipliers and
    tiers of their own, a window at a random time (maybe across midnight), image matrices."""
    block = {"source": "https://example.com/p", "verified": "2026-01-01", **_random_prices(rng, 0.7)}
    if effective:
        block["effective"] = effective
    thresholds = sorted(rng.sample(range(1_000, 150_000, 1_000), rng.randint(0, 3)))
    block["tiers"] = [{"above": t, **_random_prices(rng, 0.3)} for t in thresholds]

    def layer(multiplier_odds):
        out = _random_prices(rng, 0.15)
        if rng.random() < multiplier_odds:
            out["multiplier"] = rng.choice(["0.5", "1.8", "0.25"])
        own = [{"above": t, **_random_prices(rng, 0.3)} for t in thresholds if rng.random() < 0.5]
        if own:
            out["tiers"] = own
        return out

    block["variants"] = {v: layer(0.6) for v in ("batch", "priority", "flex") if rng.random() < 0.7}
    clock = lambda: f"{rng.randint(0, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}"  # noqa: E731
    windows = []
    for n in range(rng.randint(0, 2)):
        start, end = clock(), clock()
        days = sorted(rng.sample(range(7), rng.randint(1, 6))) if rng.random() < 0.5 else []
        if start != end or days:  # a window all day on every day is refused by a rule
            on_days = {"days": [WEEKDAYS[d] for d in days]} if days else {}
            windows.append({"name": f"w{n}", "start": start, "end": end, **on_days, **layer(0.6)})
    block["windows"] = windows
    sizes = rng.sample(["1024x1024", "1792x1024", "any"], rng.randint(0, 3))
    block["output_images"] = [{"size": size, "quality": q, "price": f"{rng.uniform(0.01, 0.2):.3f}"}
                              for size in sizes for q in rng.sample([None, "standard", "hd"], rng.randint(1, 2))]
    return block


def _random_case(rng):
    """A random model export, usage and options: prices None, 0 or a number at every level."""
    days = sorted(f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(3))
    pricing = _random_block(rng, effective=days[-1] if rng.random() < 0.7 else None) if rng.random() < 0.95 else None
    history = [_random_block(rng, effective=d) for d in days[:rng.randint(0, 2)]]
    model = ModelSpec.model_validate({"id": "example/r", "name": "R", "provider": "example", "kind": "chat",
                                      "pricing": pricing, "price_history": history})
    cache = rng.randint(0, 20_000)
    reasoning = rng.randint(0, 5_000)
    usage = {"input_tokens": cache + rng.randint(0, 160_000), "cache_read_tokens": cache,
             "output_tokens": reasoning + rng.randint(0, 5_000), "reasoning_tokens": reasoning,
             "input_audio_tokens": rng.choice([0, rng.randint(1, 5_000)]), "images_out": rng.randint(0, 3),
             "image_size": rng.choice([None, "1024x1024", "1792x1024", "512x512"]),
             "image_quality": rng.choice([None, "standard", "hd"]),
             "searches": rng.choice([0, 2]), "requests": rng.choice([0, 1])}
    at = rng.choice([None, rng.choice(days), f"{rng.choice(days)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                     "2023-01-01"])
    options = {"variant": rng.choice([None, "standard", "batch", "priority", "flex"]), "at": at}
    return model, usage, options


def _close(js, py: str | None, what: str) -> None:
    if py is None:
        assert js is None, what
        return
    want = Decimal(py)
    assert abs(Decimal(repr(js)) - want) <= Decimal("1e-9") * max(abs(want), Decimal(1e-300)), f"{what}: {js} != {py}"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_agrees_with_python_on_random_cases():
    """Every field of the result agrees: totals, each line and unknown component, the reasons,
    tier, window, variant and day."""
    import random

    rng = random.Random(20261121)
    cases, expected = [], []
    for _ in range(400):
        model, usage, options = _random_case(rng)
        at = None if options["at"] is None else parse_at(options["at"])
        try:
            doc = estimate_json(estimate(model, usage_from_json(usage), at, options["variant"]))
        except EstimateError:  # the variant is not offered in the block in force
            doc = None
        cases.append({"model": model.model_dump(mode="json"), "usage": usage, "options": options})
        expected.append(doc)
    script = """
import('./templates/static/js/pricing.mjs').then(m => {
  let text = ''; process.stdin.on('data', d => text += d); process.stdin.on('end', () => {
    const out = JSON.parse(text).map(c => {
      try { return m.estimate(c.model, c.usage, c.options); } catch (err) {
        if (err instanceof m.EstimateError) return null; throw err;
      }
    });
    console.log(JSON.stringify(out));
  });
});"""
    run = subprocess.run(["node", "-e", script], cwd=ROOT, input=json.dumps(cases), capture_output=True,
                         text=True, check=True)
    for n, (py, js) in enumerate(zip(expected, json.loads(run.stdout), strict=True)):
        what = f"case {n}: {cases[n]['options']}"
        assert (py is None) == (js is None), what
        if py is None:
            continue
        for key in ("model", "currency", "variant", "window", "tier"):
            assert js[key] == py[key], f"{what}: {key}"
        assert (js["at"] is None and py["at"] is None) or parse_at(js["at"]) == parse_at(py["at"]), what
        _close(js["total"], py["total"], f"{what}: total")
        _close(js["known_subtotal"], py["known_subtotal"], f"{what}: known_subtotal")
        assert [(u["component"], u["unit"], u["reason"]) for u in js["unknown"]] == \
            [(u["component"], u["unit"], u["reason"]) for u in py["unknown"]], what
        for j, p in zip(js["unknown"], py["unknown"], strict=True):
            _close(j["quantity"], p["quantity"], f"{what}: unknown {p['component']} quantity")
        assert [(line["component"], line["unit"]) for line in js["lines"]] == \
            [(line["component"], line["unit"]) for line in py["lines"]], what
        for j, p in zip(js["lines"], py["lines"], strict=True):
            for key in ("quantity", "unit_price", "amount"):
                _close(j[key], p[key], f"{what}: {p['component']}.{key}")
    priced = [e for e in expected if e is not None]
    assert sum(e["total"] is None for e in priced) > 10 and sum(e["total"] is not None for e in priced) > 10
    assert sum(e["tier"] is not None for e in priced) > 10 and sum(e["window"] is not None for e in priced) > 5
