"""The shared vectors (tests/vectors/pricing.json) replayed against the Python engine with
exact Decimal equality; the same file holds the JavaScript twin to them (tests/js/)."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.pricing import EstimateError, UsageError, estimate, estimate_json, parse_at, usage_from_json
from catalog.schema import ModelSpec
from catalog.units import price_units
from catalog.workloads import Workload, workload_cost, workload_json

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests/vectors/pricing.json").read_text("utf-8"))["cases"]
AMOUNT_KEYS = {"total", "known_subtotal", "quantity", "unit_price", "amount", "requests", "days",
               "requests_per_day", "batch_share"}


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


def _random_case(rng):
    """A random model export and usage: prices None, 0 or a number, maybe a tier, variants,
    a window and a dated history."""
    from catalog.pricing import COMPONENTS

    def prices(share_known):
        return {c: rng.choice(["0", f"{rng.uniform(0.001, 50):.4f}"]) for c in COMPONENTS if rng.random() < share_known}

    source = {"source": "https://example.com/p", "verified": "2026-01-01"}
    pricing = {**source, **prices(0.7)}
    if rng.random() < 0.5:
        pricing["tiers"] = [{"above": rng.randint(1, 60_000), **prices(0.3)}]
    pricing["variants"] = {"batch": {"multiplier": "0.5", **prices(0.1)}, "priority": prices(0.6)}
    pricing["windows"] = [{"name": "night", "start": "22:00", "end": "06:00", "multiplier": "0.75"}]
    pricing["output_images"] = [{"size": "1024x1024", "quality": "hd", "price": "0.08"}]
    history = [{**source, **prices(0.8), "effective": "2025-01-01"}]
    pricing["effective"] = "2025-07-01"
    model = ModelSpec.model_validate({"id": "example/r", "name": "R", "provider": "example", "kind": "chat",
                                      "pricing": pricing, "price_history": history})
    cache = rng.randint(0, 20_000)
    reasoning = rng.randint(0, 5_000)
    usage = {"input_tokens": cache + rng.randint(0, 80_000), "cache_read_tokens": cache,
             "output_tokens": reasoning + rng.randint(0, 5_000), "reasoning_tokens": reasoning,
             "input_audio_tokens": rng.choice([0, rng.randint(1, 5_000)]), "images_out": rng.randint(0, 3),
             "image_size": rng.choice([None, "1024x1024"]), "image_quality": rng.choice([None, "hd"]),
             "searches": rng.choice([0, 2]), "requests": 1}
    options = {"variant": rng.choice([None, "batch", "priority"]),
               "at": rng.choice([None, "2025-03-01", "2025-08-01T23:15", "2025-08-01T12:00"])}
    return model, usage, options


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_agrees_with_python_on_random_cases():
    import random

    rng = random.Random(20261121)
    cases, expected = [], []
    for _ in range(300):
        model, usage, options = _random_case(rng)
        at = None if options["at"] is None else parse_at(options["at"])
        try:
            est = estimate(model, usage_from_json(usage), at, options["variant"])
        except EstimateError:  # the variant is not offered in the block in force
            est = None
        cases.append({"model": model.model_dump(mode="json"), "usage": usage, "options": options})
        expected.append(est)
    script = """
import('./templates/static/js/pricing.mjs').then(m => {
  let text = ''; process.stdin.on('data', d => text += d); process.stdin.on('end', () => {
    const out = JSON.parse(text).map(c => {
      let e;
      try { e = m.estimate(c.model, c.usage, c.options); } catch (err) {
        if (err instanceof m.EstimateError) return null; throw err;
      }
      return [e.total, e.known_subtotal, e.unknown.map(u => u.component), e.lines.map(l => l.component)];
    });
    console.log(JSON.stringify(out));
  });
});"""
    run = subprocess.run(["node", "-e", script], cwd=ROOT, input=json.dumps(cases), capture_output=True,
                         text=True, check=True)
    for est, js_result in zip(expected, json.loads(run.stdout), strict=True):
        assert (est is None) == (js_result is None)
        if est is None:
            continue
        total, known, unknown, lines = js_result
        assert unknown == [m.component for m in est.unknown]
        assert lines == [line.component for line in est.lines]
        assert (total is None) == (est.total is None)
        for js, py in ((total, est.total), (known, est.known_subtotal)):
            if py is not None:
                assert abs(Decimal(repr(js)) - py) <= Decimal("1e-9") * abs(py)
    priced = [e for e in expected if e is not None]
    assert sum(e.total is None for e in priced) > 10 and sum(e.total is not None for e in priced) > 10
