"""LiteLLM's size-and-quality keys: per-image prices of one model, folded into its `output_images`.

LiteLLM prices some image models once per size, quality and step count, each under its own
key; these are not models but rows of one model's image price table:

    "azure/hd/1024-x-1792/dall-e-3": {"input_cost_per_pixel": 7.19343e-08, ...}
    -> azure/dall-e-3: output_images [{size: 1024x1792, quality: hd, price: 0.1320000159744}]

Grammar of such a key: `[provider/][quality/]W-x-H[/steps]/base`, where steps is `50-steps`
or `max-steps`. Bedrock's `max-x-max` (the larger sizes of Stable Diffusion XL 0.x, above
512x512) becomes size `any`: the pricing engine prefers an exact size, so the listed
512x512 keeps its price and every other size pays the `max-x-max` one. The schema has no steps field, so a step count is written as the quality,
turned round to start with a letter as quality names must (`50-steps` -> `steps-50`,
`max-steps` -> `steps-max`; `hd-steps-50` if the key also names a quality): quality is the
provider's own name of a setting that changes the price of one image, and so is the step count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.importers.common import BadPrice, exact, tidy

_SIZE = re.compile(r"^(?:(\d{2,5})-x-(\d{2,5})|max-x-max)$")
_STEPS = re.compile(r"^(\d+|max)-steps$")
_QUALITY = re.compile(r"^[a-z][a-z0-9-]*$")
# Looser than _SIZE on purpose: anything that looks like a size marks a key to fold or report.
_LOOKS_SIZED = re.compile(r"(?:^|/)(?:\d+|max)-x-(?:\d+|max)(?:/|$)")

# Where the price of one image is, in order of preference. LiteLLM's image cost calculator
# bills a generated image by `input_cost_per_image` / `input_cost_per_pixel` as readily as by
# the output keys, so in a size entry every one of them is the price of one generated image.
PER_IMAGE_KEYS = ("output_cost_per_image", "input_cost_per_image")
PER_PIXEL_KEYS = ("output_cost_per_pixel", "input_cost_per_pixel")


@dataclass(frozen=True)
class SizedKey:
    """A size entry's key taken apart: `azure/hd/1024-x-1792/dall-e-3` ->
    base `azure/dall-e-3`, size `1024x1792`, quality `hd`."""

    key: str
    base_key: str
    width: int | None
    """None for `max-x-max`, the price of every size the entries do not list."""
    height: int | None
    quality: str | None

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}" if self.width and self.height else "any"


def looks_sized(key: str) -> bool:
    """Whether a key has a `W-x-H` segment, so it must be folded or reported, never a model."""
    return bool(_LOOKS_SIZED.search(key))


def parse_sized_key(key: str, upstream_provider: str) -> SizedKey | str:
    """The parts of a size entry's key, or why it does not follow the grammar."""
    parts = key.split("/")
    at = next((i for i, part in enumerate(parts) if _SIZE.match(part)), None)
    if at is None:
        return "size segment is not W-x-H"
    before, after = parts[:at], parts[at + 1 :]
    prefix = [before.pop(0)] if before and before[0] == upstream_provider else []
    quality = None
    if len(before) == 1 and _QUALITY.match(before[0]):
        quality = before[0]
    elif before:
        return f"unrecognised segments before the size: {'/'.join(before)}"
    steps = _STEPS.match(after[0]) if after else None
    if steps:
        after.pop(0)
        quality = "-".join(q for q in (quality, "steps", steps.group(1)) if q)
    if not after or not all(after):
        return "no base model after the size"
    width, height = (int(n) if n else None for n in _SIZE.match(parts[at]).groups())  # type: ignore[union-attr]
    return SizedKey(key, "/".join(prefix + after), width, height, quality)


def per_image_price(raw: dict[str, Any], width: int | None, height: int | None) -> tuple[Decimal, str] | str:
    """The price of one image and the key it came from, or why there is none.

    A per-pixel price becomes a per-image price as width x height x price, in exact
    Decimal arithmetic, no rounding: 1024 x 1792 x 7.19343e-08 is 0.1320000159744)."""
    for key in PER_IMAGE_KEYS:
        amount = _positive(raw.get(key))
        if amount is not None:
            return amount, key
    for key in PER_PIXEL_KEYS:
        amount = _positive(raw.get(key))
        if amount is not None and not (width and height):
            return f"{key} without a pixel size"
        if amount is not None and width and height:
            return tidy(amount * width * height), f"{key} x width x height"
    return "no non-zero per-image or per-pixel price"


def other_prices(raw: dict[str, Any], used: str) -> list[str]:
    """Non-zero price keys of a size entry besides the one its image price came from."""
    first = used.split(" ", 1)[0]
    return sorted(
        key for key, value in raw.items()
        if "cost" in key and key != first and _positive(value) is not None
    )  # fmt: skip


def _positive(value: Any) -> Decimal | None:
    try:
        amount = exact(value)
    except BadPrice:
        return None
    return amount if amount > 0 else None
