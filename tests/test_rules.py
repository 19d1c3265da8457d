"""Rules across fields and records: warnings, thresholds, and what must not be flagged.

Every error rule also has a case in tests/bad_specs/; these tests cover the warnings (which the
corpus, being about errors, does not) and the boundaries of the thresholds.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from catalog import rules
from catalog.load import load_catalog
from tests.conftest import TODAY, model_yaml


def findings(data_tree, text: str, *, today: date = TODAY, stale_days: int = 180, more=None):
    root = data_tree({"models/acme/alpha.yaml": text, **(more or {})})
    return load_catalog(root, today=today, stale_days=stale_days).findings


def only(found, rule: str):
    matching = [f for f in found if f.rule == rule]
    assert len(matching) == 1, found
    return matching[0]


def test_a_clean_spec_has_no_findings(data_tree):
    assert findings(data_tree, model_yaml()) == ()


def test_rule_ids_are_unique_and_namespaced():
    ids = rules.rule_ids()
    assert len(ids) == len(set(ids))
    assert all(rule_id.count(".") == 1 and rule_id == rule_id.lower() for rule_id in ids)


# --- warnings -----------------------------------------------------------------------------


def test_stale_prices_warn_after_the_threshold_which_is_configurable(data_tree):
    text = model_yaml()  # verified 2026-11-01
    assert findings(data_tree, text, today=date(2026, 11, 1) + timedelta(days=180)) == ()
    stale = only(findings(data_tree, text, today=date(2026, 11, 1) + timedelta(days=181)), "pricing.stale")
    assert stale.severity == "warning" and "181 days ago" in stale.message and stale.line == 10
    assert only(findings(data_tree, text, stale_days=10), "pricing.stale").severity == "warning"


def test_cache_read_above_input_warns(data_tree):
    found = findings(data_tree, model_yaml(extra="  cache_read: 3\n"))
    warning = only(found, "pricing.cache-read-above-input")
    assert warning.severity == "warning" and warning.line == 13
    assert findings(data_tree, model_yaml(extra="  cache_read: 0.25\n")) == ()


def test_deprecated_date_passed_but_still_active_warns(data_tree):
    found = findings(data_tree, model_yaml(extra="deprecated_on: 2026-06-01\n"))
    assert only(found, "lifecycle.deprecated-but-active").severity == "warning"
    assert findings(data_tree, model_yaml(extra="deprecated_on: 2027-06-01\n")) == ()
    assert findings(data_tree, model_yaml(extra="status: deprecated\ndeprecated_on: 2026-06-01\n")) == ()


def test_retirement_date_passed_but_not_retired_warns(data_tree):
    found = findings(data_tree, model_yaml(extra="status: deprecated\ndeprecated_on: 2026-01-01\nretires_on: 2026-06-01\n"))
    assert only(found, "lifecycle.retired-but-listed").severity == "warning"


def test_pricing_source_that_is_the_dataset_itself_warns(data_tree):
    provenance = ("provenance:\n  dataset: litellm\n  version: 1.0.0\n  imported: 2026-11-20\n"
                  "  upstream: https://acme.example/pricing\n  upstream_key: alpha\n")
    warning = only(findings(data_tree, model_yaml(extra=provenance)), "pricing.source-is-dataset")
    assert warning.severity == "warning" and warning.line == 9
    other = provenance.replace("https://acme.example/pricing", "https://dataset.example/prices.json")
    assert findings(data_tree, model_yaml(extra=other)) == ()


def test_tiny_token_price_looks_like_a_per_token_price(data_tree):
    text = model_yaml().replace("input: 2.5", "input: 0.0000025")
    warning = only(findings(data_tree, text), "pricing.tiny-token-price")
    assert warning.severity == "warning" and "per-token" in warning.message
    assert findings(data_tree, model_yaml().replace("input: 2.5", "input: 0")) == ()  # free is fine


# --- error thresholds ---------------------------------------------------------------------


@pytest.mark.parametrize(("price", "flagged"), [("1000", False), ("1000.01", True), ("2500", True)])
def test_unit_slip_ceiling(data_tree, price, flagged):
    found = findings(data_tree, model_yaml().replace("output: 10", f"output: {price}"))
    assert any(f.rule == "pricing.unit-slip" and f.severity == "error" for f in found) is flagged


def test_high_price_intended_allows_a_high_price(data_tree):
    text = model_yaml(extra="  high_price_intended: true\n").replace("output: 10", "output: 2500")
    assert findings(data_tree, text) == ()


def test_unit_slip_also_checks_variants_and_history(data_tree):
    extra = "  variants:\n    priority:\n      output: 4000\n"
    assert only(findings(data_tree, model_yaml(extra=extra)), "pricing.unit-slip").line == 15


def test_max_output_equal_to_context_is_fine(data_tree):
    assert findings(data_tree, model_yaml().replace("max_output: 16384", "max_output: 128000")) == ()


def test_history_newest_first_and_oldest_may_omit_effective(data_tree):
    history = ("price_history:\n"
               "  - source: https://acme.example/pricing\n    verified: 2026-03-01\n    effective: 2026-03-01\n    input: 3\n"
               "  - source: https://acme.example/pricing\n    verified: 2025-01-01\n    input: 5\n")
    text = model_yaml(extra=history).replace("verified: 2026-11-01", "verified: 2026-11-01\n  effective: 2026-09-01")
    assert findings(data_tree, text) == ()
    swapped = text.replace("effective: 2026-03-01", "effective: 2026-10-01")
    assert only(findings(data_tree, swapped), "pricing.history-ordered").line == 17


def test_history_needs_an_effective_date_on_the_current_prices(data_tree):
    history = "price_history:\n  - source: https://acme.example/pricing\n    verified: 2025-01-01\n    input: 5\n"
    error = only(findings(data_tree, model_yaml(extra=history)), "pricing.history-ordered")
    assert "effective" in error.message and error.severity == "error"


def test_vision_rule_needs_a_stated_input_list(data_tree):
    # No modalities written: nothing contradicts vision.
    assert findings(data_tree, model_yaml(extra="capabilities:\n  vision: true\n")) == ()


def test_references_to_an_invalid_spec_are_not_reported_twice(data_tree):
    more = {"models/acme/beta.yaml": model_yaml("acme/beta", kind="nonsense")}
    found = findings(data_tree, model_yaml(extra="successor: acme/beta\n"), more=more)
    assert [f.rule for f in found] == ["schema.choice"]


def test_provider_alias_may_not_be_a_provider_id(data_tree):
    more = {"providers/beta.yaml": "id: beta\nname: Beta\naliases: [acme]\n"}
    error = only(findings(data_tree, model_yaml(), more=more), "catalog.unique-provider-aliases")
    assert error.file.name == "beta.yaml" and error.line == 3


def test_a_variant_priced_only_above_a_context_tier_is_not_empty(data_tree):
    # Upstream flex prices that exist only for long prompts: the variant has no flat price and
    # no multiplier, yet it prices something, so it is not the empty variant the rule is after.
    extra = ("  tiers:\n    - above: 100000\n      input: 5\n"
             "  variants:\n    flex:\n      tiers:\n        - above: 100000\n          input: 2.5\n")
    assert findings(data_tree, model_yaml(extra=extra)) == ()
    empty = "  variants:\n    flex: {}\n"
    assert only(findings(data_tree, model_yaml(extra=empty)), "pricing.variant-empty").line == 14
