"""Models and offerings: which specs sell the same canonical model.

A spec describes an offering (`azure/gpt-4o`); offerings, dated snapshots and regional copies
that sell one model share its canonical id (`gpt-4o`), written as `base_model` by the importer's
reviewed normaliser or by a curated spec. Peer statistics count each canonical model once;
prices belong to offerings:

    canonical_id(azure_gpt_4o)                 -> "gpt-4o"
    offerings_by_canonical(models)["gpt-4o"]   -> (openai/gpt-4o, azure/gpt-4o, ...)
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog.schema import ModelSpec


def canonical_id(model: ModelSpec) -> str:
    """The canonical model an offering sells; an offering nobody linked stands for itself."""
    return model.base_model or model.id


def offerings_by_canonical(models: Iterable[ModelSpec]) -> dict[str, tuple[ModelSpec, ...]]:
    """Every canonical id with its offerings, in the order given."""
    grouped: dict[str, list[ModelSpec]] = {}
    for model in models:
        grouped.setdefault(canonical_id(model), []).append(model)
    return {key: tuple(offerings) for key, offerings in grouped.items()}
