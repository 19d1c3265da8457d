"""The shared vectors (tests/vectors/pricing.json) replayed against the Python engine with
exact Decimal equality; the same file holds the JavaScript twin to them (tests/js/)."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.pricing import UsageError, estimate, estimate_json, parse_at, usage_from_json
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
