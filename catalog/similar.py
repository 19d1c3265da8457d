"""Similar models: the five models of the same kind a reader would compare this one with.

Models of the same family come first, then models of the same provider, then any model of the
kind; within each group the nearest on normalised features (log context, log max output, log
price, capability and modality overlap) wins, ties broken by id:

    google/gemini-2.0-flash  ->  google/gemini-2.0-flash-lite   "same family (gemini-2.0), similar context"
                                 google/gemini-2.5-flash        "same provider, similar price and context"

Because family and provider rank first, a model only needs distances to its whole kind when its
family and provider together have fewer than five other models of that kind.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from catalog.peers import CAPABILITIES, PRICE_NEEDS, blended_price
from catalog.schema import ModelSpec

SIMILAR_COUNT = 5
LOG2_SPAN = 8.0
"""A factor of 2**8 = 256 between two sizes or prices counts as completely different."""
UNKNOWN_GAP = 0.5
"""Distance on a feature when either model leaves it unknown: neither near nor far."""
WEIGHTS = {"context": 1.0, "max_output": 0.5, "price": 1.0, "capabilities": 1.0, "modalities": 0.5}
_W_CONTEXT, _W_MAX_OUTPUT, _W_PRICE = WEIGHTS["context"], WEIGHTS["max_output"], WEIGHTS["price"]
_W_CAPABILITIES, _W_MODALITIES = WEIGHTS["capabilities"], WEIGHTS["modalities"]
CLOSE = 1 / LOG2_SPAN
"""Within a factor of 2: close enough to call "similar" in a reason."""
_MODALITY_BITS = {
    (side, m): 1 << i
    for i, (side, m) in enumerate(
        (side, m) for side in ("in", "out") for m in ("text", "image", "audio", "video", "pdf", "embedding")
    )
}


@dataclass(frozen=True, slots=True)
class Profile:
    """What similarity looks at in one model, precomputed once."""

    id: str
    kind: str
    family: str | None
    provider: str
    log_context: float | None
    log_max_output: float | None
    price: tuple[str, float] | None
    """(which price, its log2): prices are compared only when they price the same thing."""
    capabilities: int
    """Bit mask of the capabilities advertised (true)."""
    modalities: int


@dataclass(frozen=True, slots=True)
class SimilarModel:
    """One similar model and why."""

    id: str
    relation: str
    """`family`, `provider` or `kind`: the group it was found in."""
    distance: float
    reason: str


def profile(model: ModelSpec) -> Profile:
    """The features of one model."""
    limits = model.limits
    caps = model.capabilities
    mask = 0
    for bit, name in enumerate(CAPABILITIES):
        if getattr(caps, name) is True:
            mask |= 1 << bit
    modalities = 0
    for m in model.modalities.input:
        modalities |= _MODALITY_BITS[("in", m)]
    for m in model.modalities.output:
        modalities |= _MODALITY_BITS[("out", m)]
    return Profile(
        id=model.id,
        kind=model.kind,
        family=model.family,
        provider=model.provider,
        log_context=_log2(limits.context_window),
        log_max_output=_log2(limits.max_output),
        price=_reference_price(model),
        capabilities=mask,
        modalities=modalities,
    )


def _log2(value: float | None) -> float | None:
    return None if value is None else math.log2(value)


def _reference_price(model: ModelSpec) -> tuple[str, float] | None:
    # A cent per unit is the floor so that free models stay comparable on a log scale.
    pricing = model.pricing
    blended = blended_price(pricing)
    if blended is not None:
        return ("blended", math.log2(float(blended) + 0.01))
    if pricing is None:
        return None
    for alternatives in PRICE_NEEDS.get(model.kind, ()):
        for component in alternatives:
            price = getattr(pricing, component)
            if price is not None:
                return (component, math.log2(float(price) + 0.01))
    return None


def _gap(a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return UNKNOWN_GAP
    return min(abs(a - b) / LOG2_SPAN, 1.0)


def _price_gap(a: tuple[str, float] | None, b: tuple[str, float] | None) -> float:
    if a is None or b is None or a[0] != b[0]:
        return UNKNOWN_GAP
    return min(abs(a[1] - b[1]) / LOG2_SPAN, 1.0)


def _jaccard_gap(a: int, b: int) -> float:
    union = a | b
    return 0.0 if not union else 1.0 - (a & b).bit_count() / union.bit_count()


def distance(a: Profile, b: Profile) -> float:
    """Weighted sum of per-feature gaps, each in 0..1. Rounded so that ties are exact.

    The hot loop of similar models: the gaps are written out here rather than called.
    """
    ca, cb = a.log_context, b.log_context
    ma, mb = a.log_max_output, b.log_max_output
    pa, pb = a.price, b.price
    d = (
        _W_CONTEXT * (UNKNOWN_GAP if ca is None or cb is None else min(abs(ca - cb) / LOG2_SPAN, 1.0))
        + _W_MAX_OUTPUT * (UNKNOWN_GAP if ma is None or mb is None else min(abs(ma - mb) / LOG2_SPAN, 1.0))
        + _W_PRICE * (UNKNOWN_GAP if pa is None or pb is None or pa[0] != pb[0]
                      else min(abs(pa[1] - pb[1]) / LOG2_SPAN, 1.0))
    )
    union = a.capabilities | b.capabilities
    if union:
        d += _W_CAPABILITIES * (1.0 - (a.capabilities & b.capabilities).bit_count() / union.bit_count())
    union = a.modalities | b.modalities
    if union:
        d += _W_MODALITIES * (1.0 - (a.modalities & b.modalities).bit_count() / union.bit_count())
    return round(d, 9)


def reason(a: Profile, b: Profile) -> str:
    """Why `b` is listed as similar to `a`, as a person would say it."""
    close = []
    if a.price is not None and b.price is not None and _price_gap(a.price, b.price) <= CLOSE:
        close.append("price")
    if a.log_context is not None and b.log_context is not None and _gap(a.log_context, b.log_context) <= CLOSE:
        close.append("context")
    if a.capabilities and _jaccard_gap(a.capabilities, b.capabilities) <= 0.25:
        close.append("capabilities")
    similar = "similar " + " and ".join(close) if close else ""
    if a.family is not None and a.family == b.family:
        return f"same family ({a.family})" + (f", {similar}" if similar else "")
    if a.provider == b.provider:
        return "same provider" + (f", {similar}" if similar else "")
    return similar or f"nearest {a.kind} model on price, context and capabilities"


class SimilarityIndex:
    """Profiles grouped by kind, family and provider, so each lookup scans only what it needs.

    `nearest(model_id)` costs O(size of its family and provider) for most models and O(size of
    its kind) for a model whose family and provider have fewer than five other models.
    """

    def __init__(self, models: Iterable[ModelSpec]) -> None:
        self.profiles: dict[str, Profile] = {}
        self._by_kind: dict[str, list[Profile]] = defaultdict(list)
        self._by_family: dict[tuple[str, str], list[Profile]] = defaultdict(list)
        self._by_provider: dict[tuple[str, str], list[Profile]] = defaultdict(list)
        for model in models:
            p = profile(model)
            self.profiles[p.id] = p
            self._by_kind[p.kind].append(p)
            if p.family is not None:
                self._by_family[(p.kind, p.family)].append(p)
            self._by_provider[(p.kind, p.provider)].append(p)

    def nearest(self, model_id: str, count: int = SIMILAR_COUNT) -> tuple[SimilarModel, ...]:
        """The `count` most similar models of the same kind, family first, then provider."""
        me = self.profiles[model_id]
        family = self._by_family.get((me.kind, me.family), []) if me.family is not None else []
        provider = self._by_provider[(me.kind, me.provider)]
        if len(family) > count:
            pool: Iterable[Profile] = family
        elif len({p.id for p in family} | {p.id for p in provider}) > count:
            pool = family + provider
        else:
            pool = self._by_kind[me.kind]
        scored = {}
        for other in pool:
            if other.id == me.id or other.id in scored:
                continue
            tier = 0 if me.family is not None and other.family == me.family else (
                1 if other.provider == me.provider else 2)
            scored[other.id] = (tier, distance(me, other), other.id, other)
        best = heapq.nsmallest(count, scored.values(), key=lambda t: t[:3])
        relation = ("family", "provider", "kind")
        return tuple(
            SimilarModel(other.id, relation[tier], d, reason(me, other)) for tier, d, _, other in best
        )


def similar_models(models: Iterable[ModelSpec]) -> Mapping[str, tuple[SimilarModel, ...]]:
    """The similar models of every model, by id."""
    index = SimilarityIndex(models)
    return {model_id: index.nearest(model_id) for model_id in index.profiles}
