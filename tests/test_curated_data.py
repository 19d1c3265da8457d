"""The curated catalog: hand-checked provider and model specs under data/providers and
data/models, which override the imported datasets field by field.

These tests pin what the curated data promises: enough models, providers and kinds to compare,
provenance on every price, no invented zeros, and the seed model exactly as both seed pages
describe it, e.g. `google/gemini-2.0-flash-exp-image-generation` costs $0.039 per image and its
token prices are unknown (absent), not free.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from decimal import Decimal

import pytest

from catalog.findings import has_errors
from catalog.load import Catalog, bundled_data_dir, load_catalog
from catalog.schema import ModelSpec, PriceSet, PricingBlock

CURATED = dt.date(2026, 11, 21)
"""The day the curated specs were written and checked against the datasets."""
TODAY = dt.date(2026, 11, 30)
"""The last review: the prices the cross-check against newer datasets corrected say so."""
SEED = "google/gemini-2.0-flash-exp-image-generation"
DATA = bundled_data_dir()
CURATED_MODELS = DATA / "models"
CURATED_PROVIDERS = DATA / "providers"
MODEL_SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/model.schema.json"
PROVIDER_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/provider.schema.json"

# Names public datasets use for resellers of other providers' models: a provider's aliases
# must never claim them, or the importers would file Vertex or Bedrock prices under Google.
RESELLER_NAMES = {"vertex_ai", "bedrock", "bedrock_converse", "azure", "azure_ai", "openrouter"}


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The curated specs alone, without the imported layers beneath them."""
    root = tmp_path_factory.mktemp("curated")
    shutil.copytree(CURATED_PROVIDERS, root / "providers")
    shutil.copytree(CURATED_MODELS, root / "models")
    return load_catalog(root, today=TODAY)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    """The shipped catalog: imported datasets with the curated specs layered on top."""
    return load_catalog(today=TODAY)


def pricing_blocks(model: ModelSpec) -> Iterator[PricingBlock]:
    if model.pricing is not None:
        yield model.pricing
    yield from model.price_history


def price_values(block: PricingBlock) -> Iterator[tuple[str, Decimal]]:
    """Every price a block states: flat, per image, per tier, per variant, per window."""
    price_sets: list[tuple[str, PriceSet]] = [("", block)]
    price_sets += [(f"tiers[{i}].", tier) for i, tier in enumerate(block.tiers)]
    price_sets += [(f"variants.{name}.", variant) for name, variant in block.variants.items()]
    price_sets += [(f"windows[{i}].", window) for i, window in enumerate(block.windows)]
    for prefix, prices in price_sets:
        for field in PriceSet.model_fields:
            value = getattr(prices, field)
            if value is not None:
                yield prefix + field, value
    for image in block.output_images:
        yield f"output_images[{image.size},{image.quality}]", image.price


def test_curated_specs_load_without_errors(curated: Catalog) -> None:
    errors = [str(f) for f in curated.findings if f.severity == "error"]
    assert errors == []
    assert len(curated.models) == len(list(CURATED_MODELS.glob("*/*.yaml")))


def test_catalog_is_broad_enough_to_compare(curated: Catalog) -> None:
    models = curated.models.values()
    assert len(curated.models) >= 30
    assert len({m.provider for m in models}) >= 6
    kinds = {m.kind for m in models}
    assert {"chat", "image-generation", "embedding"} <= kinds
    assert kinds & {"speech", "transcription"}
    assert len(kinds) >= 4


def test_every_file_points_at_its_json_schema() -> None:
    for path in CURATED_MODELS.glob("*/*.yaml"):
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODEL_SCHEMA_LINE, path
    for path in CURATED_PROVIDERS.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").splitlines()[0] == PROVIDER_SCHEMA_LINE, path


def test_every_pricing_block_says_where_and_when_it_was_checked(curated: Catalog) -> None:
    for model in curated.models.values():
        assert model.pricing is not None, f"{model.id} has no pricing block"
        for block in pricing_blocks(model):
            assert block.source.scheme == "https", model.id
            assert CURATED <= block.verified <= TODAY, model.id
            assert block.note, f"{model.id}: say how the prices were checked"


def test_no_curated_price_is_zero_unless_the_note_says_free(curated: Catalog) -> None:
    for model in curated.models.values():
        for block in pricing_blocks(model):
            zeros = [name for name, value in price_values(block) if value == 0]
            if zeros:
                assert "free" in (block.note or "").lower(), f"{model.id}: {zeros} are 0"


def test_price_history_is_dated_and_older_than_the_current_prices(curated: Catalog) -> None:
    for model in curated.models.values():
        if not model.price_history:
            continue
        assert model.pricing is not None and model.pricing.effective is not None, model.id
        dated = [b.effective for b in model.price_history if b.effective is not None]
        assert all(day < model.pricing.effective for day in dated), model.id


def test_editorial_lists_keep_their_items_apart(curated: Catalog) -> None:
    """A Markdown list written as a folded YAML scalar (`>-`) joins its items into one line
    ("... any time. - Token prices ..."), and the page shows one bullet; use `|-`."""
    for model in curated.models.values():
        for field, text in model.editorial.model_dump(exclude_none=True).items():
            assert ". - " not in text, f"{model.id} editorial.{field}: list items folded together"


def test_provider_aliases_never_claim_a_reseller(curated: Catalog) -> None:
    aliases = [a for p in curated.providers.values() for a in p.aliases]
    assert len(aliases) == len(set(aliases))
    assert not RESELLER_NAMES & set(aliases)
    assert "gemini" in curated.providers["google"].aliases
    assert not set(curated.providers) & set(aliases)


@pytest.mark.parametrize("source", ["curated", "bundled"])
def test_seed_model_says_what_both_seed_pages_say(source: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(source)
    seed = catalog.models[SEED]
    assert seed.kind == "image-generation"
    assert seed.status == "deprecated"
    assert seed.deprecated_on == dt.date(2025, 11, 14)
    assert seed.successor == "google/gemini-2.5-flash-image"

    assert seed.pricing is not None
    assert seed.pricing.output_per_image == Decimal("0.039")
    # Unknown, not free: the anchor page's "$0.000000/M input" must not be reproducible.
    assert seed.pricing.input is None
    assert seed.pricing.output is None
    assert seed.pricing.verified == CURATED

    assert seed.limits.context_window == 32768
    assert seed.limits.max_output == 32768
    assert set(seed.modalities.input) == {"text", "image"}
    assert set(seed.modalities.output) == {"text", "image"}
    assert seed.capabilities.vision is True
    assert seed.capabilities.streaming is True
    assert seed.capabilities.image_output is True
    assert seed.capabilities.function_calling is None  # not advertised, which is not "no"

    api = seed.api
    assert api is not None
    assert (api.protocol, api.gateway) == ("predictions", "eachlabs")
    assert (api.gateway_model, api.version) == ("gemini", "2.0-flash-exp-image-generation")
    (chat,) = api.routes
    assert (chat.gateway, chat.protocol) == ("agentcc", "openai-chat")
    assert chat.model == "google/gemini-2-0-flash-exp-image-generation"
    params = {p.name: p for p in api.parameters}
    assert params["prompt"].type == "string" and params["prompt"].required
    assert params["prompt"].tips and params["prompt"].description
    assert params["image_url"].type == "url" and not params["image_url"].required
    assert params["image_url"].tips
    assert api.rate_limits is not None
    assert api.rate_limits.requests_per_minute == 60
    assert api.rate_limits.concurrent_requests == 10
    assert api.typical_response_seconds == 5
    assert api.output_format == "PNG image"
    assert seed.editorial.overview and "deprecated" in (seed.editorial.limitations or "").lower()


def test_curated_values_win_over_imported_ones(curated: Catalog, bundled: Catalog) -> None:
    """The shipped page must show what we checked, not what a dataset guessed."""
    assert not has_errors(f for f in bundled.findings if str(CURATED_MODELS) in str(f.file))
    for model_id, mine in curated.models.items():
        shipped = bundled.models[model_id]
        assert shipped.pricing is not None and mine.pricing is not None
        for name, value in price_values(mine.pricing):
            assert dict(price_values(shipped.pricing))[name] == value, (model_id, name)
        assert shipped.status == mine.status, model_id
        assert shipped.retires_on == mine.retires_on, model_id


def test_pricing_features_are_exercised(curated: Catalog) -> None:
    """The curated set shows each way a price can be stated, on models that really have it."""
    models = curated.models
    anthropic = models["anthropic/claude-opus-4-7"].pricing
    assert anthropic is not None
    assert anthropic.cache_write_5m == Decimal("6.25") and anthropic.cache_write_1h == Decimal("10")
    assert anthropic.variants["batch"].multiplier == Decimal("0.5")

    pro = models["google/gemini-2.5-pro"].pricing
    assert pro is not None and pro.tiers[0].above == 200_000 and pro.tiers[0].input == Decimal("2.5")

    flash = models["deepseek/deepseek-v4-flash"].pricing
    assert flash is not None and flash.windows
    assert all(w.input == flash.input / 2 for w in flash.windows)

    gpt_image = models["openai/gpt-image-1"].pricing
    assert gpt_image is not None
    prices = {(i.size, i.quality): i.price for i in gpt_image.output_images}
    assert prices[("1024x1024", "low")] == Decimal("0.011")
    assert prices[("1536x1024", "high")] == Decimal("0.25")

    whisper = models["openai/whisper-1"].pricing
    assert whisper is not None and whisper.input_per_second * 60 == Decimal("0.006")
    tts = models["openai/tts-1"].pricing
    assert tts is not None and tts.input_characters == Decimal("15")

    o3 = models["openai/o3"]
    assert o3.pricing is not None and o3.pricing.effective == dt.date(2025, 6, 10)
    assert o3.price_history[0].input == Decimal("10")
    assert {"batch", "flex", "priority"} <= set(o3.pricing.variants)


def test_curated_shutdown_days_follow_the_newest_price_map(curated: Catalog) -> None:
    """LiteLLM 1.110.2 gives the providers' shutdown days, citing their deprecations pages:
    each curated spec states the same day and where it comes from."""
    for model_id, day in (("google/gemini-2.5-pro", dt.date(2026, 12, 1)), ("google/gemini-2.5-flash", dt.date(2026, 12, 1)),
                          ("openai/gpt-4o", dt.date(2027, 1, 14)), ("openai/gpt-4o-mini", dt.date(2027, 1, 14)),
                          ("openai/gpt-4.1", dt.date(2027, 1, 14)), ("openai/gpt-4.1-mini", dt.date(2027, 1, 14))):
        model = curated.models[model_id]
        assert model.retires_on == day, model_id
        assert str(model.lifecycle_source).endswith("/deprecations"), model_id


def test_curated_shutdown_days_agree_with_the_imported_map(bundled: Catalog) -> None:
    """Where the imported map knows a shutdown day, the curated spec states it too, unless it
    explains why it follows the provider instead (its pricing note says which page)."""
    imported_root = DATA / "imported" / "litellm" / "models"
    from catalog.yamlfile import read_yaml

    for path in sorted(CURATED_MODELS.glob("*/*.yaml")):
        twin = imported_root / path.relative_to(CURATED_MODELS)
        if not twin.exists():
            continue
        theirs = read_yaml(twin).get("retires_on")
        mine = bundled.models[f"{path.parent.name}/{path.stem}"]
        if theirs is None or str(mine.retires_on) == str(theirs):
            continue
        assert mine.pricing is not None and mine.pricing.note and "we follow" in mine.pricing.note, path

@pytest.mark.parametrize("model_id", ["openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4.1",
                                      "openai/gpt-4.1-mini", "openai/o3", "openai/o4-mini"])
def test_a_price_the_provider_does_not_publish_is_unknown_not_inferred(curated: Catalog, model_id: str) -> None:
    """OpenAI's Batch table has no cached-input rate for these models: a batch request with
    cached tokens cannot be priced, rather than priced at a rate we would have made up."""
    from catalog.pricing import Usage, estimate

    model = curated.models[model_id]
    assert model.pricing.variants["batch"].cache_read is None
    cached = estimate(model, Usage(input_tokens=1000, cache_read_tokens=400, output_tokens=10),
                      dt.date(2026, 11, 21), "batch")
    assert cached.total is None and [m.component for m in cached.unknown] == ["cache_read"]
    plain = estimate(model, Usage(input_tokens=1000, output_tokens=10), dt.date(2026, 11, 21), "batch")
    assert plain.total is not None
