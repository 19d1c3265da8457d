"""Facets and sort keys over a model's dated facts: release day, knowledge cut-off, open weights.

The site offers them as filters and orders ("newest first"); a model whose date no source
states sorts after every dated one, never as if it were the oldest:

    sorted(models, key=newest_first)       # 2026-05-01, 2025-12-01, ..., then undated, by id
    facet_values(gpt_4o)                   # {"released_year": 2024, "knowledge_cutoff": "2023-10", "open_weights": False}
"""

from __future__ import annotations

from typing import Any

from catalog.schema import ModelSpec


def newest_first(model: ModelSpec) -> tuple[int, int, str]:
    """Sort key: released models newest first, then models without a release date; ties by id."""
    if model.released is None:
        return (1, 0, model.id)
    return (0, -model.released.toordinal(), model.id)


def latest_knowledge_first(model: ModelSpec) -> tuple[int, str, str]:
    """Sort key: the most recent knowledge cut-off first (`2025-01` sorts before `2024-12-15`
    by its month), then models whose cut-off nobody states; ties by id."""
    if model.knowledge_cutoff is None:
        return (1, "", model.id)
    month = model.knowledge_cutoff[:7]
    inverted = "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in month)
    return (0, inverted, model.id)


def facet_values(model: ModelSpec) -> dict[str, Any]:
    """The values a model has for each dated facet; None where no source states it."""
    return {
        "released_year": model.released.year if model.released else None,
        "knowledge_cutoff": model.knowledge_cutoff,
        "open_weights": model.open_weights,
    }
