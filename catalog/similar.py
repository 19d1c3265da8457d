"""Similar models: the five models of the same kind a reader would compare this one with.

Models of the same family come first, then models of the same provider, then any model of the
kind; within each group the nearest on normalised features (log context, log max output, log
price, capability and modality overlap) wins, ties broken by id:

    google/gemini-2.0-flash  ->  google/gemini-2.0-flash-lite   "same family (gemini-2.0), similar context"
                                 google/gemini-2.5-flash        "same provider, similar price and context"

Because family and provider rank first, a model only needs distances beyond them when its
family and provider together have fewer than five other models of that kind. Any group searched
(a kind; a family or a provider within a kind) of more than EXACT_KIND_SIZE models is searched
near the model: only the WINDOW nearest on either side by context and by price (in sorted order)
are measured. An approximation (a model near on capabilities but far on both context and price
can be missed, and it would rank low anyway) that keeps the search O(n * WINDOW) instead of
O(n^2), whether providers have one model each or hundreds.

Retired models are never listed (they no longer answer), and a model's own aliases, snapshots
and copies at other providers (one canonical model: `base_model`, or ids that differ only by a
dated snapshot suffix) are never its similar models; each other canonical model is one entry,
its representative offering (`catalog.identity.representative_rank`).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from catalog.identity import representative_rank
from catalog.lifecycle import is_retired
from catalog.peers import CAPABILITIES, PRICE_NEEDS, blended_price, prices_in_force
from catalog.schema import ModelSpec

SIMILAR_COUNT = 5
EXACT_KIND_SIZE = 200
"""Up to this many candidates in a group searched (a kind; a family or a provider within a kind),
every one is measured: the exact nearest."""
WINDOW = 32
"""Beyond it, the neighbours measured on each side of a model in context and in price order."""
_SNAPSHOT = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|20\d{6}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$")


def snapshot_of(model_id: str) -> str:
    """The id without a trailing date snapshot (-YYYY-MM-DD, -YYYYMMDD, -MMDD)."""
    return _SNAPSHOT.sub("", model_id)
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


def profile(model: ModelSpec, today: dt.date | None = None) -> Profile:
    """The features of one model, its price as in force on `today`."""
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
        price=_reference_price(model, today),
        capabilities=mask,
        modalities=modalities,
    )


def _log2(value: float | None) -> float | None:
    return None if value is None else math.log2(value)


def _reference_price(model: ModelSpec, today: dt.date | None) -> tuple[str, float] | None:
    # A cent per unit is the floor so that free models stay comparable on a log scale.
    pricing = prices_in_force(model, today)
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


def _context_key(p: Profile) -> tuple:
    # Ties on the primary feature are ordered by the other one, then by capabilities, so that a
    # window in a crowd of equal contexts holds the models nearest on the rest.
    return (p.log_context is None, p.log_context or 0.0, p.price is None, p.price or ("", 0.0),
            p.capabilities, p.modalities)


def _price_key(p: Profile) -> tuple:
    return (p.price is None, p.price or ("", 0.0), p.log_context is None, p.log_context or 0.0,
            p.capabilities, p.modalities)


Signature = tuple[object, ...]
"""Everything about a profile except its id: models sharing it have the same neighbours."""


def signature(p: Profile) -> Signature:
    return (p.kind, p.family, p.provider, p.log_context, p.log_max_output, p.price,
            p.capabilities, p.modalities)


class SimilarityIndex:
    """Profiles grouped by kind, family and provider, so each lookup scans only what it needs.

    `nearest(model_id)` measures distances to its family and provider for most models, and to
    its whole kind for a model whose family and provider have fewer than five other models.
    Models with identical features (regional copies of one model) are measured once, and a
    lookup is remembered for every model sharing the features.
    """

    def __init__(self, models: Iterable[ModelSpec], today: dt.date | None = None,
                 first_party: Collection[str] = frozenset()) -> None:
        self.profiles: dict[str, Profile] = {}
        self._canonical: dict[str, str] = {}
        """Model id -> its canonical model (`base_model`, else the id without a date snapshot)."""
        self._group_of: dict[str, int] = {}
        """Model id -> index of its group of identical profiles in `_members` (candidates only)."""
        numbered: dict[Signature, int] = {}
        self._members: list[list[Profile]] = []
        # One candidate per canonical model and kind: its representative offering (the maker's
        # own, else a curated one, else the undated id), so that copies are never each other's
        # "similar models".
        candidates: dict[tuple[str, str], tuple[tuple, Profile]] = {}
        for model in models:
            p = profile(model, today)
            self.profiles[p.id] = p
            self._canonical[p.id] = model.base_model or snapshot_of(p.id)
            # Without a day, only a model whose spec says retired is judged retired.
            if is_retired(model, today or dt.date.min):
                continue
            key = (p.kind, self._canonical[p.id])
            rank = representative_rank(model, first_party)
            held = candidates.get(key)
            if held is None or rank < held[0]:
                candidates[key] = (rank, p)
        candidates = {key: p for key, (_, p) in candidates.items()}
        for p in sorted(candidates.values(), key=lambda p: p.id):
            group = numbered.setdefault(signature(p), len(numbered))
            if group == len(self._members):
                self._members.append([])
            self._members[group].append(p)
            self._group_of[p.id] = group
        self._by_kind: dict[str, list[int]] = defaultdict(list)
        self._by_family: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_provider: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._size: dict[tuple[str, ...], int] = defaultdict(int)
        for sig, members in enumerate(self._members):
            members.sort(key=lambda p: p.id)
            first = members[0]
            self._by_kind[first.kind].append(sig)
            self._by_provider[(first.kind, first.provider)].append(sig)
            self._size[("provider", first.kind, first.provider)] += len(members)
            if first.family is not None:
                self._by_family[(first.kind, first.family)].append(sig)
                self._size[("family", first.kind, first.family)] += len(members)
                self._size[("both", first.kind, first.family, first.provider)] += len(members)
        self._ranked: dict[Signature, list[tuple[int, float, str, Profile]]] = {}
        # Per group too large to measure whole (a kind, a family, a provider within a kind), its
        # signature groups in context order and in price order, for the neighbour windows:
        # made when first searched.
        self._group_orders: dict[tuple, list[tuple[list[tuple], list[int]]]] = {}

    def nearest(self, model_id: str, count: int = SIMILAR_COUNT) -> tuple[SimilarModel, ...]:
        """The `count` most similar models of the same kind, family first, then provider."""
        me = self.profiles[model_id]
        # Models sharing every feature share their neighbours: rank once per signature.
        cache_key = signature(me)
        ranked = self._ranked.get(cache_key)
        if ranked is None or len(ranked) < count + 2:
            ranked = self._ranked[cache_key] = self._rank(me, count + 2)
        mine = self._canonical[me.id]
        relation = ("family", "provider", "kind")
        # Its own canonical model (itself, or the offering standing for it) is left out: at most
        # one candidate, and up to two more than `count` were ranked.
        return tuple(
            SimilarModel(other.id, relation[tier], d, reason(me, other))
            for tier, d, _, other in [r for r in ranked if self._canonical[r[2]] != mine][:count]
        )

    def candidates_for(self, model_id: str, count: int = SIMILAR_COUNT) -> tuple[str, ...]:
        """The ids of the candidates `nearest(model_id, count)` measures: its result depends on
        nothing but their profiles and canonical models and the model's own."""
        me = self.profiles[model_id]
        return tuple(p.id for sig in self._pool(me, count + 2) for p in self._members[sig])

    def _pool(self, me: Profile, wanted: int) -> Iterable[int]:
        """The smallest group that surely holds the `wanted` best (me included); in a group of
        more than EXACT_KIND_SIZE, its neighbours in context and in price order."""
        family_key, provider_key = (me.kind, me.family), (me.kind, me.provider)
        if me.family is not None:
            family = self._size[("family", me.kind, me.family)]
            if family >= wanted:
                return self._near(("family", *family_key), self._by_family[family_key], me)
            provider = self._size[("provider", me.kind, me.provider)]
            if family + provider - self._size[("both", me.kind, me.family, me.provider)] >= wanted:
                # A group of the family and the provider is in both lists: count it once.
                return dict.fromkeys([*self._by_family[family_key],
                                      *self._near(("provider", *provider_key), self._by_provider[provider_key], me)])
        elif self._size[("provider", me.kind, me.provider)] >= wanted:
            return self._near(("provider", *provider_key), self._by_provider[provider_key], me)
        kind = self._by_kind.get(me.kind, [])
        if len(kind) <= EXACT_KIND_SIZE:
            return kind
        pool = dict.fromkeys(self._near(("provider", *provider_key), self._by_provider.get(provider_key, []), me))
        if me.family is not None:
            pool.update(dict.fromkeys(self._by_family.get(family_key, ())))
        pool.update(dict.fromkeys(self._near(("kind", me.kind), kind, me)))
        return pool

    def _near(self, key: tuple, group: list[int], me: Profile) -> Iterable[int]:
        """`group` (signature numbers) when small enough to measure whole, else the WINDOW
        groups on each side of `me` in context order and in price order. A provider selling
        hundreds of models of a kind would otherwise have each of them measured against all
        the others: a cost that grows with the square of the catalog."""
        if len(group) <= EXACT_KIND_SIZE:
            return group
        orders = self._group_orders.get(key)
        if orders is None:
            orders = self._group_orders[key] = self._ordered(group)
        near: dict[int, None] = {}
        for (keys, sigs), feature in zip(orders, (_context_key, _price_key)):
            at = bisect_left(keys, feature(me))
            near.update(dict.fromkeys(sigs[max(0, at - WINDOW):at + WINDOW]))
        return near

    def _ordered(self, group: Iterable[int]) -> list[tuple[list[tuple], list[int]]]:
        """The signature groups of `group` in context order and in price order, with their keys."""
        orders = []
        for feature in (_context_key, _price_key):
            ranked = sorted((feature(self._members[sig][0]), sig) for sig in group)
            orders.append(([k for k, _ in ranked], [sig for _, sig in ranked]))
        return orders

    def _rank(self, me: Profile, wanted: int) -> list[tuple[int, float, str, Profile]]:
        """The `wanted` best by (tier, distance, id), measuring each signature once."""
        groups = []
        for sig in self._pool(me, wanted):
            rep = self._members[sig][0]
            tier = 0 if me.family is not None and rep.family == me.family else (
                1 if rep.provider == me.provider else 2)
            groups.append((tier, distance(me, rep), rep.id, sig))
        if not groups:
            return []
        # Each group holds at least one model, so the `wanted` nearest groups hold enough; the
        # groups tied with the last of them join in, so that ties are still broken by id.
        boundary = heapq.nsmallest(wanted, groups)[-1][:2]
        best = [(tier, d, p.id, p) for tier, d, _, sig in groups if (tier, d) <= boundary
                for p in self._members[sig]]
        best.sort(key=lambda t: t[:3])
        return best[:wanted]


def similar_models(models: Iterable[ModelSpec],
                   today: dt.date | None = None) -> Mapping[str, tuple[SimilarModel, ...]]:
    """The similar models of every model, by id."""
    index = SimilarityIndex(models, today)
    return {model_id: index.nearest(model_id) for model_id in index.profiles}
