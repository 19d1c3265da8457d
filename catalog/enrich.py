"""Enrichment: everything a model page says about a model beyond its own spec.

The peers stage ranks each model among the models of its kind (`catalog.peers`), says what
stands out (`catalog.claims`), finds its similar models (`catalog.similar`) and writes its FAQ
(`catalog.faq`); this module runs them over a catalog and gives one frozen `EnrichedModel` per
model, plus its text and JSON forms:

    enriched = enrich_catalog(load_catalog(), today=date(2026, 11, 21))
    enriched["google/gemini-2.0-flash-exp-image-generation"].caveats[0].sentence
    # 'Deprecated on 2025-11-14: new use is discouraged; use google/gemini-2.5-flash-image instead.'
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.claims import Claim, caveats, format_value, price_summary, strengths
from catalog.faq import FaqEntry, faq_entries
from catalog.findings import Finding
from catalog.identity import canonical_id, first_party_providers, local_runtimes, offerings_by_canonical, representatives
from catalog.lifecycle import effective_status, is_retired
from catalog.dataset import DEFAULT_STALE_DAYS, Catalog
from catalog.peers import (
    CapabilityShare,
    Number,
    Standing,
    billed_prices,
    blended_price,
    capability_shares,
    peer_standings,
    prices_in_force,
    rarity_lines,
)
from catalog.schema import ModelSpec, PriceSet
from catalog.similar import SimilarityIndex, SimilarModel

STALE_AFTER_DAYS = DEFAULT_STALE_DAYS
"""Verification older than this is a caveat: the threshold of the `pricing.stale` rule."""
RESTATED_RULES = frozenset({"pricing.stale"})
"""Rule warnings that a caveat of our own already says, in a reader's words."""


@dataclass(frozen=True, slots=True)
class EnrichedModel:
    """What the peers stage says about one model."""

    id: str
    kind: str
    metrics: tuple[Standing, ...]
    strengths: tuple[Claim, ...]
    caveats: tuple[Claim, ...]
    rarity: tuple[CapabilityShare, ...]
    """Share of peers advertising each capability the model advertises."""
    similar: tuple[SimilarModel, ...]
    faq: tuple[FaqEntry, ...]
    status: str = "active"
    """The effective status on the day enriched (`catalog.lifecycle`)."""
    canonical: str = ""
    """The canonical model this offering sells (`catalog.identity`)."""
    offerings: tuple[Offering, ...] = ()
    """Where else the canonical model is offered (live offerings only), cheapest first."""


@dataclass(frozen=True, slots=True)
class Offering:
    """Another provider's (or region's, or snapshot's) offering of the same canonical model,
    with the prices it is billed by today: each component with its price, None if unknown."""

    id: str
    provider: str
    status: str
    prices: tuple[tuple[str, Decimal | None], ...]
    price_text: str
    local_runtime: bool = False


def _billed_price(block: PriceSet | None, alternatives: tuple[str, ...]) -> tuple[str, Decimal | None]:
    """The price an offering is billed by for one need: the first known of its alternatives
    (per image, else per image token), or the first one as unknown."""
    for component in alternatives:
        price = None if block is None else getattr(block, component)
        if price is not None:
            return component, price
    return alternatives[0], None


def other_offerings(model: ModelSpec, offerings: Sequence[ModelSpec], today: dt.date,
                    local_providers: Collection[str] = frozenset()) -> tuple[Offering, ...]:
    """The live offerings of `model`'s canonical model besides itself, with their prices in
    force on `today`; by blended price (unknown last), then id."""
    found = []
    for other in offerings:
        if other.id == model.id or is_retired(other, today):
            continue
        block = prices_in_force(other, today)
        prices = tuple(_billed_price(block, alternatives) for alternatives in billed_prices(other, block).needs)
        found.append((blended_price(block), other, Offering(
            other.id, other.provider, effective_status(other, today), prices,
            price_summary(other, today), other.provider in local_providers)))
    found.sort(key=lambda t: (t[0] is None, t[0] or 0, t[1].id))
    return tuple(o for _, _, o in found)


@dataclass(frozen=True)
class Enricher:
    """The catalog-wide tables a model's enrichment reads (standings among peers, capability
    shares, the similarity index, offerings by canonical model): built once, after which each
    model is enriched on its own, in any order or process, with the same result."""

    today: dt.date
    stale_after_days: int
    standings: Mapping[str, Any]
    shares: Mapping[str, Any]
    index: SimilarityIndex | None
    by_canonical: Mapping[str, Any]
    findings: Mapping[str, Sequence[Finding]]
    by_id: Mapping[str, ModelSpec]
    local_providers: Collection[str]
    _shares_text: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def reads(self, model_id: str) -> tuple[str, tuple[str, ...]]:
        """What `enrich(model_id)` reads besides the specs of the model and of the models it
        names (successors, its canonical model's offerings) and the tables' day: its standings
        among peers, its kind's capability shares and its rule findings, as text; and the ids
        of the candidates its similar models are chosen among, whose specs it reads too. Equal
        reads, equal enrichment: a rebuild compares them without enriching the model."""
        model = self.by_id[model_id]
        shares = self._shares_text.get(model.kind)
        if shares is None:
            shares = self._shares_text[model.kind] = repr(self.shares[model.kind])
        findings = [(f.rule, f.severity, f.message) for f in self.findings.get(model_id, ())]
        candidates = self.index.candidates_for(model_id) if self.index is not None else ()
        return f"{self.standings[model_id]!r}\0{shares}\0{findings!r}", candidates

    def enrich(self, model_id: str) -> EnrichedModel:
        model = self.by_id[model_id]
        today = self.today
        placed = self.standings[model.id]
        kind_shares = self.shares[model.kind]
        flagged = [f for f in self.findings.get(model.id, ()) if f.rule not in RESTATED_RULES]
        return EnrichedModel(
            id=model.id,
            kind=model.kind,
            metrics=placed,
            strengths=strengths(model, placed, kind_shares),
            caveats=caveats(model, placed, kind_shares, today=today,
                            stale_after_days=self.stale_after_days, findings=flagged, models=self.by_id),
            rarity=rarity_lines(model, kind_shares),
            similar=self.index.nearest(model.id) if self.index is not None else (),
            faq=faq_entries(model, today=today, models=self.by_id),
            status=effective_status(model, today),
            canonical=canonical_id(model),
            offerings=other_offerings(model, self.by_canonical[canonical_id(model)], today, self.local_providers),
        )


def enricher(
    models: Iterable[ModelSpec],
    *,
    today: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
    latency: Mapping[str, Number] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
    with_similar: bool = True,
    first_party: Collection[str] = frozenset(),
    local_providers: Collection[str] = frozenset(),
    kinds: Collection[str] | None = None,
) -> Enricher:
    """The tables of `enrich`, without enriching any model yet; with `kinds`, only those kinds'
    models can be enriched. Their tables are what they would be among every model: peers,
    capability shares and similar models are counted within a kind (other offerings and
    successors, which cross kinds, are looked up among every model)."""
    models = sorted(models, key=lambda m: m.id)
    ranked = models if kinds is None else [m for m in models if m.kind in kinds]
    stands_for = representatives(ranked, first_party, today)
    return Enricher(
        today=today,
        stale_after_days=stale_after_days,
        standings=peer_standings(ranked, latency, today, first_party, stands_for),
        shares=capability_shares(ranked, first_party, today, stands_for),
        index=SimilarityIndex(ranked, today, first_party) if with_similar else None,
        by_canonical=offerings_by_canonical(models),
        findings=findings or {},
        by_id={model.id: model for model in models},
        local_providers=local_providers,
    )


def enrich(
    models: Iterable[ModelSpec],
    *,
    today: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
    latency: Mapping[str, Number] | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None,
    with_similar: bool = True,
    only: Collection[str] | None = None,
    first_party: Collection[str] = frozenset(),
    local_providers: Collection[str] = frozenset(),
) -> dict[str, EnrichedModel]:
    """Enrich every model (or the ids in `only`, still ranked among all), keyed by id in order.

    `latency` maps model ids to measured seconds (smoke results); `findings` maps model ids to
    the rule warnings raised on their files. `with_similar=False` skips similar models (see
    `SimilarityIndex` to compute them per model instead). `first_party` names the providers
    whose offering represents a canonical model among its resellers (`catalog.identity`);
    `local_providers` the local runtimes, marked as such among the other offerings.
    """
    tables = enricher(models, today=today, stale_after_days=stale_after_days, latency=latency,
                      findings=findings, with_similar=with_similar, first_party=first_party,
                      local_providers=local_providers)
    return {model_id: tables.enrich(model_id) for model_id in tables.by_id if only is None or model_id in only}


def enrich_catalog(
    catalog: Catalog,
    *,
    today: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
    latency: Mapping[str, Number] | None = None,
    with_similar: bool = True,
    only: Collection[str] | None = None,
) -> dict[str, EnrichedModel]:
    """Enrich a loaded catalog, attaching to each model the findings raised on its files; the
    first-party providers come from the data folder's `canonical.yaml`."""
    return enrich(
        catalog.models.values(),
        today=today,
        stale_after_days=stale_after_days,
        latency=latency,
        findings=findings_by_model(catalog.findings, catalog.sources),
        with_similar=with_similar,
        only=only,
        first_party=first_party_providers(catalog.data_dir),
        local_providers=local_runtimes(catalog.providers.values()),
    )


def catalog_enricher(catalog: Catalog, *, today: dt.date, stale_after_days: int = STALE_AFTER_DAYS,
                     latency: Mapping[str, Number] | None = None, kinds: Collection[str] | None = None) -> Enricher:
    """The tables of `enrich_catalog` (of `kinds` only, when given): each model is then
    enriched when asked for."""
    return enricher(
        catalog.models.values(),
        kinds=kinds,
        today=today,
        stale_after_days=stale_after_days,
        latency=latency,
        findings=findings_by_model(catalog.findings, catalog.sources),
        first_party=first_party_providers(catalog.data_dir),
        local_providers=local_runtimes(catalog.providers.values()),
    )


def findings_by_model(
    findings: Iterable[Finding], sources: Mapping[str, Sequence[Path]]
) -> dict[str, list[Finding]]:
    """The findings about each model: those whose file was merged into it."""
    # Keyed by text: making and hashing thousands of Paths is slow enough to show in a build.
    models_of_file: dict[str, list[str]] = defaultdict(list)
    for model_id, files in sources.items():
        for file in files:  # a Path's text is already normal
            models_of_file[str(file) if isinstance(file, Path) else str(Path(file))].append(model_id)
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for model_id in models_of_file.get(str(finding.file), ()):
            found[model_id].append(finding)
    return dict(found)


# --- text and JSON --------------------------------------------------------------------------


def describe_enriched(model: EnrichedModel) -> list[str]:
    """The enrichment of one model as lines of text, as `catalog show --enriched` prints it."""
    lines = [f"{model.id} among {model.kind} models (status {model.status}; canonical model {model.canonical})"]
    lines.append("  where it stands:")
    for s in model.metrics:
        standing = (f"rank {s.rank:,} of {s.n:,}, {standing_text(s)}" if s.rank is not None
                    else f"{s.n} with a known value, too few to rank")
        lines.append(f"    {format_value(s.metric, s.value)} ({standing})")
    lines.append("  where it is strong:")
    lines.extend(f"    {c.sentence}" for c in model.strengths or ())
    if not model.strengths:
        lines.append("    nothing stands out among its peers")
    lines.append("  watch out for:")
    lines.extend(f"    {c.sentence}" for c in model.caveats)
    if not model.caveats:
        lines.append("    no caveats found")
    if model.rarity:
        lines.append("  capabilities among peers:")
        lines.extend(f"    {r.sentence}" for r in model.rarity)
    if model.similar:
        lines.append("  similar models:")
        lines.extend(f"    {s.id} ({s.reason})" for s in model.similar)
    if model.offerings:
        lines.append("  also offered by:")
        lines.extend(f"    {o.id}{' (local runtime)' if o.local_runtime else ''}"
                     f"{'' if o.status == 'active' else f' ({o.status})'}: {o.price_text}"
                     for o in model.offerings)
    if model.faq:
        lines.append("  FAQ:")
        for entry in model.faq:
            lines.extend([f"    Q: {entry.question}", f"    A: {entry.answer}"])
    return lines



def standing_text(s: Standing) -> str:
    """`top 8%` in the better half, `bottom 5%` in the worse one (never "top 96%")."""
    return f"top {s.top_percent}%" if s.top_percent <= 50 else f"bottom {s.bottom_percent}%"


def to_json(model: EnrichedModel) -> dict[str, Any]:
    """The enrichment of one model as JSON-ready data; decimals and dates become strings."""
    return {
        "id": model.id,
        "kind": model.kind,
        "status": model.status,
        "canonical": model.canonical,
        "metrics": [
            {
                "metric": s.metric.key,
                "label": s.metric.label,
                "higher_is_better": s.metric.higher_is_better,
                "value": _json_value(s.value),
                "n": s.n,
                "rank": s.rank,
                "top_percent": s.top_percent,
                "bottom_percent": s.bottom_percent,
            }
            for s in model.metrics
        ],
        "strengths": [_claim_json(c) for c in model.strengths],
        "caveats": [_claim_json(c) for c in model.caveats],
        "rarity": [
            {
                "capability": r.capability,
                "advertisers": r.advertisers,
                "n": r.n,
                "share_percent": r.percent,
                "sentence": r.sentence,
            }
            for r in model.rarity
        ],
        "similar": [
            {"id": s.id, "relation": s.relation, "distance": s.distance, "reason": s.reason}
            for s in model.similar
        ],
        "faq": [{"question": e.question, "answer": e.answer} for e in model.faq],
        "offerings": [
            {
                "id": o.id,
                "provider": o.provider,
                "status": o.status,
                "local_runtime": o.local_runtime,
                "prices": {c: _json_value(p) for c, p in o.prices},
                "price": o.price_text,
            }
            for o in model.offerings
        ],
    }


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "kind": claim.kind,
        "metric": claim.metric,
        "capability": claim.capability,
        "value": _json_value(claim.value),
        "top_percent": claim.top_percent,
        "peer_count": claim.peer_count,
        "sentence": claim.sentence,
    }


def _json_value(value: object) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value
