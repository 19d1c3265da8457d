"""LiteLLM's per-size, per-quality image price entries fold into their base model's
`output_images`, on real entries of the fixture slice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers import run_import
from catalog.importers.image_sizes import parse_sized_key, per_image_price
from catalog.pricing import Usage, compile_prices, estimate_request

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
SLICE = FIXTURES / "litellm-slice.json"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("images") / "data"
    (data / "providers").mkdir(parents=True)
    (data / "models").mkdir()
    return run_import("litellm", str(SLICE), data, version="1.109.1", imported=dt.date(2026, 11, 21)).result


@pytest.fixture(scope="module")
def models(result):
    return {m.id: m for m in result.models}


def images(model) -> list[tuple[str, str | None, Decimal]]:
    return [(i.size, i.quality, i.price) for i in model.pricing.output_images]


def test_no_size_entry_becomes_a_model(models):
    assert not [i for i in models if "-x-" in i]
    assert not [m.name for m in models.values() if "-x-" in m.name]


def test_per_image_prices_fold_into_the_existing_base_sorted_by_size_then_quality(models):
    gpt = models["openai/gpt-image-1.5"]
    assert gpt.provenance.upstream_key == "gpt-image-1.5"
    assert images(gpt) == [
        ("1024x1024", None, Decimal("0.009")),  # `1024-x-1024/gpt-image-1.5`: no quality
        ("1024x1024", "low", Decimal("0.009")),
        ("1024x1536", "high", Decimal("0.2")),
    ]
    assert gpt.pricing.input == Decimal("5")  # the base's own token prices stay


def test_provider_prefixed_key_folds_into_the_same_providers_base(models):
    fal = models["fal-ai/openai-gpt-image-2"]
    assert images(fal) == [("1920x1080", "high", Decimal("0.158"))]
    assert fal.pricing.output_per_image == Decimal("0.145")  # the flat fallback is kept


def test_per_pixel_price_becomes_exact_per_image_price_on_a_base_made_from_the_first_entry(models):
    dalle = models["azure/dall-e-3"]
    assert dalle.kind == "image-generation" and dalle.name == "dall-e-3"
    assert dalle.provenance.upstream_key == "azure/hd/1024-x-1024/dall-e-3"
    # 1024 x 1024 x 8.39233e-08 and 1024 x 1792 x 4.79562e-08, exactly, not rounded.
    assert images(dalle) == [
        ("1024x1024", "hd", Decimal("0.0879999582208")),
        ("1024x1792", "standard", Decimal("0.0880000106496")),
    ]
    # The per-pixel prices are not also left on the base as another price.
    assert dalle.pricing.input_per_image is None and dalle.pricing.output_per_image is None


def test_steps_are_written_as_quality_and_max_size_as_any(models):
    xl1 = models["bedrock/stability.stable-diffusion-xl-v1"]
    assert images(xl1) == [("1024x1024", "steps-50", Decimal("0.04")), ("1024x1024", "steps-max", Decimal("0.08"))]
    xl0 = models["bedrock/stability.stable-diffusion-xl-v0"]
    assert images(xl0) == [("512x512", "steps-50", Decimal("0.018")), ("any", "steps-50", Decimal("0.036"))]
    assert images(models["bedrock/amazon.nova-canvas-v1-0"]) == [("1024x1024", "steps-50", Decimal("0.06"))]


def test_folded_prices_price_a_request_by_size_and_quality(models):
    table = compile_prices(models["bedrock/stability.stable-diffusion-xl-v0"], at=dt.date(2026, 11, 21))
    small = estimate_request(table, Usage(images_out=2, image_size="512x512", image_quality="steps-50"))
    large = estimate_request(table, Usage(images_out=1, image_size="1024x1024", image_quality="steps-50"))
    assert small.total == Decimal("0.036") and large.total == Decimal("0.036")


def test_report_counts_folds_and_lists_the_key_it_could_not_fold(result):
    report = result.report
    lines = report.lines()
    assert "folded into output_images: 11 entries into 6 models" in lines
    # Every price of the Azure DALL-E 2 entry is 0: unknown, so nothing to fold, and said so.
    assert "not folded: azure/standard/1024-x-1024/dall-e-2 (no non-zero per-image or per-pixel price)" in lines
    assert report.summary()["folded_into_output_images"] == {"entries": 11, "models": 6}
    assert not any(m.provenance.upstream_key == "azure/standard/1024-x-1024/dall-e-2" for m in result.models)


def test_key_grammar():
    parsed = parse_sized_key("fal_ai/low/1920-x-1080/openai/gpt-image-2", "fal_ai")
    assert (parsed.base_key, parsed.size, parsed.quality) == ("fal_ai/openai/gpt-image-2", "1920x1080", "low")
    parsed = parse_sized_key("1024-x-1024/max-steps/bedrock/amazon.nova-canvas-v1:0", "bedrock")
    assert (parsed.base_key, parsed.size, parsed.quality) == ("bedrock/amazon.nova-canvas-v1:0", "1024x1024", "steps-max")
    parsed = parse_sized_key("azure/hd/1024-x-1024/50-steps/x", "azure")
    assert parsed.quality == "hd-steps-50"
    assert isinstance(parse_sized_key("a/b/1024-x-1024/x", "azure"), str)
    assert isinstance(parse_sized_key("hd/1024-x-1024", "openai"), str)


def test_per_image_price_prefers_a_per_image_key_and_ignores_zeros():
    assert per_image_price({"output_cost_per_image": 0.04}, 1024, 1024) == (Decimal("0.04"), "output_cost_per_image")
    both = {"input_cost_per_image": 0.167, "input_cost_per_pixel": 1.59263611e-07, "output_cost_per_pixel": 0.0}
    assert per_image_price(both, 1024, 1024) == (Decimal("0.167"), "input_cost_per_image")
    assert per_image_price({"input_cost_per_pixel": 0.0}, 1024, 1024) == "no non-zero per-image or per-pixel price"
    assert isinstance(per_image_price({"input_cost_per_pixel": 1e-08}, None, None), str)
