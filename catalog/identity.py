"""Models and offerings: which specs sell the same canonical model.

A spec describes an offering (`azure/gpt-4o`); offerings, dated snapshots and regional copies
that sell one model share its canonical id (`gpt-4o`), written as `base_model` by the importer's
reviewed normaliser or by a curated spec. Peer statistics count each canonical model once,
through one representative offering; prices belong to offerings:

    canonical_id(azure_gpt_4o)                 -> "gpt-4o"
    offerings_by_canonical(models)["gpt-4o"]   -> (openai/gpt-4o, azure/gpt-4o, ...)
    representatives(models, {"openai"})        -> (..., openai/gpt-4o, ...)   one per model and kind
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from pathlib import Path

from catalog.lifecycle import is_retired
from catalog.schema import ModelSpec, ProviderSpec


def canonical_id(model: ModelSpec) -> str:
    """The canonical model an offering sells; an offering nobody linked stands for itself."""
    return model.base_model or model.id


def offerings_by_canonical(models: Iterable[ModelSpec]) -> dict[str, tuple[ModelSpec, ...]]:
    """Every canonical id with its offerings, in the order given."""
    grouped: dict[str, list[ModelSpec]] = {}
    for model in models:
        grouped.setdefault(canonical_id(model), []).append(model)
    return {key: tuple(offerings) for key, offerings in grouped.items()}


def representative_rank(model: ModelSpec, first_party: Collection[str] = frozenset(),
                        today: dt.date | None = None) -> tuple[bool, bool, bool, int, str]:
    """Which offering stands for its canonical model, lowest first: one that still answers,
    then the maker's own (a provider listed as first party in `data/canonical.yaml`), then a
    spec someone curated (no dataset provenance of its own), then the shortest id (the undated
    name before its snapshots), then the id."""
    retired = today is not None and is_retired(model, today)
    return (retired, model.provider not in first_party, model.provenance is not None,
            len(model.id), model.id)


def representatives(models: Iterable[ModelSpec], first_party: Collection[str] = frozenset(),
                    today: dt.date | None = None) -> dict[str, ModelSpec]:
    """The one offering per canonical model and kind that peer statistics count, keyed by the
    id of every offering it stands for (itself included)."""
    groups: dict[tuple[str, str], list[ModelSpec]] = {}
    for model in models:
        groups.setdefault((model.kind, canonical_id(model)), []).append(model)
    chosen: dict[str, ModelSpec] = {}
    for offerings in groups.values():
        best = min(offerings, key=lambda m: representative_rank(m, first_party, today))
        for model in offerings:
            chosen[model.id] = best
    return chosen


def first_party_providers(data_dir: Path) -> frozenset[str]:
    """The providers that sell the models they make, as `data/canonical.yaml` lists them."""
    from catalog.importers.canonical import load_overrides  # the reviewed file's one reader

    return load_overrides(data_dir).first_party


def local_runtimes(providers: Iterable[ProviderSpec]) -> frozenset[str]:
    """The providers that are local runtimes (you bring the hardware; `local_runtime: true`)."""
    return frozenset(p.id for p in providers if p.local_runtime)
