"""Units that prices are quoted in: the one registry of them.

A price in a spec is a bare number; the field it sits in decides what it is per. The field
declarations in `catalog.schema` carry a `Unit` as annotation metadata, so the unit of every
price component is written exactly once, next to the field:

    input: PerMillionTokens = None      # 0.10 means $0.10 per 1,000,000 input tokens

`price_units()` reads those annotations back, so the pricing engine, the site and the
importers all ask this module what a component is per instead of branching on names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    """What one price is per: `per` units of `counts` (a price of 2.5 per 1M tokens)."""

    key: str
    """Stable identifier, used in JSON output and the JavaScript twin."""
    counts: str
    """The thing being counted, singular ("token", "image")."""
    per: Decimal
    """How many of them one price covers (1,000,000 for per-1M-token prices)."""
    label: str
    """How the site writes the unit after a price ("per 1M tokens")."""

    def cost(self, price: Decimal, quantity: Decimal | int) -> Decimal:
        """The amount for `quantity` things at `price` per `per` things."""
        return price * Decimal(quantity) / self.per


PER_1M_TOKENS = Unit("per_1m_tokens", "token", Decimal(1_000_000), "per 1M tokens")
PER_IMAGE = Unit("per_image", "image", Decimal(1), "per image")
PER_REQUEST = Unit("per_request", "request", Decimal(1), "per request")
PER_SECOND = Unit("per_second", "second", Decimal(1), "per second")
PER_1K_SEARCHES = Unit("per_1k_searches", "search", Decimal(1_000), "per 1k searches")
PER_1M_CHARACTERS = Unit("per_1m_characters", "character", Decimal(1_000_000), "per 1M characters")
PER_PAGE = Unit("per_page", "page", Decimal(1), "per page")

UNITS: dict[str, Unit] = {
    unit.key: unit
    for unit in (
        PER_1M_TOKENS,
        PER_IMAGE,
        PER_REQUEST,
        PER_SECOND,
        PER_1K_SEARCHES,
        PER_1M_CHARACTERS,
        PER_PAGE,
    )
}


def price_units() -> dict[str, Unit]:
    """Every flat price component of a `PriceSet` and the unit it is quoted in."""
    from catalog.schema import PriceSet  # the schema imports this module for its units

    units: dict[str, Unit] = {}
    for name, field in PriceSet.model_fields.items():
        unit = next((m for m in field.metadata if isinstance(m, Unit)), None)
        if unit is not None:
            units[name] = unit
    return units
