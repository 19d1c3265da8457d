"""Claims: the strengths and caveats a model page shows, each a sentence with its facts.

Strengths are metrics in the top 25% of peers and rare capabilities the model advertises;
caveats are what a reader should watch out for (deprecation, stale or unknown prices, a
capability most peers have and it lacks, a bottom-25% standing where that matters):

    Claim(kind="top-metric", metric="max_output", value=32768, top_percent=11, peer_count=57,
          sentence="32,768-token max output, top 11% of image-generation models (n=57).")
    Claim(kind="deprecated", value=date(2025, 11, 14),
          sentence="Deprecated on 2025-11-14: new use is discouraged.")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from catalog.findings import Finding
from catalog.lifecycle import effective_status, is_retired
from catalog.money import format_price
from catalog.peers import (
    BLENDED_PRICE,
    CAPABILITIES,
    CAPABILITY_COUNT,
    CAPABILITY_LABELS,
    CONTEXT_WINDOW,
    LATENCY,
    MAX_OUTPUT,
    PRICE_LABELS,
    STRENGTH_TOP_PERCENT,
    WEAKNESS_TOP_PERCENT,
    billed_prices,
    prices_in_force,
    CapabilityShare,
    Metric,
    Number,
    Standing,
    price_phrase,
    rarity_lines,
)
from catalog.schema import ModelSpec


ClaimKind = Literal[
    "top-metric",
    "rare-capability",
    "deprecated",
    "retired",
    "retiring",
    "preview",
    "stale-pricing",
    "unknown-price",
    "missing-capability",
    "weak-metric",
    "doubtful-data",
]


@dataclass(frozen=True, slots=True)
class Claim:
    """A strength or a caveat: the sentence a page shows, and the facts it rests on."""

    kind: ClaimKind
    sentence: str
    metric: str | None = None
    capability: str | None = None
    value: object = None
    """The metric value, the verification date, the missing price names, the rule id..."""
    top_percent: int | None = None
    peer_count: int | None = None


def price_text(component: str, price: Decimal) -> str:
    """`$0.10 per 1M input tokens`, `$0 per 1M input tokens (free)`: one phrasing everywhere."""
    free = " (free)" if price == 0 else ""
    return f"{format_price(Decimal(price))} {price_phrase(component)}{free}"


def price_summary(model: ModelSpec, today: dt.date | None) -> str:
    """What the model costs, in one line for lists: the prices it is billed by (the same rule
    as the unknown-price caveat), `unknown` where one is not published, never $0 for unknown:

        $2.50 per 1M input tokens, $10 per 1M output tokens
        $0.04-$0.12 per generated image, $0 per 1M input tokens (free)
    """
    block = prices_in_force(model, today)
    if block is None:
        return "unknown"
    parts: list[str] = []
    shown: set[str] = set()
    for alternatives in billed_prices(model, block).needs:
        known = next((c for c in alternatives if getattr(block, c) is not None), None)
        sized = tuple(image.price for image in block.output_images)
        if known in shown:
            continue  # two needs met by one price (speech: characters are the prompt)
        if known is not None:
            shown.add(known)
            parts.append(price_text(known, getattr(block, known)))
        elif "output_per_image" in alternatives and sized:
            low, high = min(sized), max(sized)
            span = format_price(low) if low == high else f"{format_price(low)}-{format_price(high)}"
            parts.append(f"{span} {price_phrase('output_per_image')}")
        else:
            parts.append(f"unknown {price_phrase(alternatives[0])}")
    if not parts:  # a kind with no billing rule: show whatever is priced
        parts = [price_text(c, getattr(block, c)) for c in PRICE_LABELS if getattr(block, c) is not None]
    return ", ".join(parts) or "unknown"


def format_value(metric: Metric, value: Number) -> str:
    """A metric value as a sentence begins: `32,768-token context window`, `$0.039 per ...`."""
    if metric in (CONTEXT_WINDOW, MAX_OUTPUT):
        return f"{value:,}-token {metric.label}"
    if metric is BLENDED_PRICE:
        return f"{format_price(Decimal(value))} per 1M tokens blended (3 input : 1 output)"
    if metric.key.startswith("price."):
        return price_text(metric.key.removeprefix("price."), Decimal(value))
    if metric is CAPABILITY_COUNT:
        return f"{value} {'capability' if value == 1 else 'capabilities'} advertised"
    if metric is LATENCY:
        return f"{float(value):.3g} s {metric.label}"
    return f"{metric.label} {float(value):g}"


def strengths(
    model: ModelSpec,
    standings: Sequence[Standing],
    shares: Mapping[str, CapabilityShare],
) -> tuple[Claim, ...]:
    """Metrics in the top 25% of peers, then rare capabilities the model advertises.

    Only known values have standings, so an unknown price can never be a strength. A top rank
    that every peer shares says nothing and is left out.
    """
    found = []
    free_blend = any(s.metric is BLENDED_PRICE and s.value == 0 for s in standings)
    for s in sorted(standings, key=lambda s: (s.top_percent or 101, s.metric.key)):
        if s.top_percent is None or s.top_percent > STRENGTH_TOP_PERCENT or s.worse_count == 0:
            continue
        if free_blend and s.metric.key in ("price.input", "price.output"):
            continue  # free input and output are said once, by the blended price
        if s.metric is BLENDED_PRICE and s.value == 0:
            found.append(Claim("top-metric", f"Free input and output tokens, top {s.top_percent}% of "
                               f"{model.kind} models (n={s.n:,}).", metric=s.metric.key, value=s.value,
                               top_percent=s.top_percent, peer_count=s.n))
            continue
        sentence = f"{format_value(s.metric, s.value)}, top {s.top_percent}% of {model.kind} models (n={s.n:,})."
        found.append(Claim("top-metric", _capitalise(sentence), metric=s.metric.key,
                           value=s.value, top_percent=s.top_percent, peer_count=s.n))
    for share in rarity_lines(model, shares):
        if share.is_rare:
            found.append(Claim("rare-capability", share.sentence, capability=share.capability,
                               value=True, top_percent=share.percent, peer_count=share.n))
    return tuple(found)


def unknown_prices_clause(unknown: Sequence[Sequence[str]]) -> tuple[str, bool]:
    """`Its prices for input tokens and output tokens are not published`, and whether that is
    plural: the caveat and the FAQ go on from it in their own words."""
    names = _join_and([_join_or([PRICE_LABELS[c] for c in alternatives]) for alternatives in unknown])
    plural = len(unknown) > 1
    return (f"Its price{'s' if plural else ''} for {names} {'are' if plural else 'is'} not published",
            plural)


def caveats(
    model: ModelSpec,
    standings: Sequence[Standing],
    shares: Mapping[str, CapabilityShare],
    *,
    today: dt.date,
    stale_after_days: int,
    findings: Sequence[Finding] = (),
    models: Mapping[str, ModelSpec] | None = None,
) -> tuple[Claim, ...]:
    """What a reader should watch out for, most serious first. `models` (the catalog by id)
    lets the successor advice skip successors that are themselves retired."""
    from catalog.rules import stale_age  # here: an estimate's lifecycle warning needs no rules

    found = list(_lifecycle_caveats(model, today, models or {}))
    pricing = prices_in_force(model, today)
    if pricing is not None:
        age = stale_age(pricing.verified, today, stale_after_days)
        if age is not None:
            found.append(Claim(
                "stale-pricing",
                f"Prices last verified {pricing.verified.isoformat()}, {age:,} days ago.",
                value=pricing.verified,
            ))
    billed = billed_prices(model, pricing)
    missing = billed.unknown_components
    if pricing is None:
        found.append(Claim("unknown-price", "No prices are published: its cost is unknown.",
                           value=missing))
    elif missing:
        clause, plural = unknown_prices_clause(billed.unknown)
        found.append(Claim(
            "unknown-price",
            f"{clause}, so a cost estimate that needs {'them' if plural else 'it'} cannot be made.",
            value=missing,
        ))
    for capability in CAPABILITIES:
        share = shares[capability]
        has = getattr(model.capabilities, capability)
        # Only a documented "no" is a caveat: an absent flag is unknown, not a lack.
        if has is False and share.is_common:
            found.append(Claim(
                "missing-capability",
                f"{CAPABILITY_LABELS[capability]} not supported, though {share.percent_text} of the "
                f"{model.kind} models that document it advertise it (n={share.n:,} of {share.group:,}).",
                capability=capability, value=has, top_percent=share.percent, peer_count=share.n,
            ))
    blended_known = any(s.metric is BLENDED_PRICE for s in standings)
    needed = {c for alternatives in billed.needs for c in alternatives}
    for s in sorted(standings, key=lambda s: (-(s.bottom_percent or 0), s.metric.key)):
        if s.top_percent is None or s.top_percent < WEAKNESS_TOP_PERCENT:
            continue
        component = s.metric.key.removeprefix("price.") if s.metric.key.startswith("price.") else None
        matters = s.metric.weakness_matters or (
            component in needed and not (blended_known and component in ("input", "output"))
        )
        if not matters:
            continue
        worst = {CONTEXT_WINDOW: "smallest", MAX_OUTPUT: "smallest", LATENCY: "slowest"}.get(
            s.metric, "priciest" if not s.metric.higher_is_better else "weakest")
        found.append(Claim(
            "weak-metric",
            _capitalise(f"{format_value(s.metric, s.value)}, among the {worst} {s.bottom_percent}% "
                        f"of {model.kind} models (n={s.n:,})."),
            metric=s.metric.key, value=s.value, top_percent=s.top_percent, peer_count=s.n,
        ))
    said: set[str] = set()
    for finding in findings:
        # A rule's own message is for whoever edits the data; a reader is told only what
        # changes how far the page can be trusted, in a reader's words, once per kind of doubt.
        note = READER_NOTES.get(finding.rule)
        if note is None or finding.rule in said:
            continue
        said.add(finding.rule)
        found.append(Claim("doubtful-data", note(model), value=finding.rule))
    return tuple(found)


def _limits_disagree(model: ModelSpec) -> str:
    limits = model.limits
    if limits.max_output is not None and limits.context_window is not None:
        detail = (f"a max output of {limits.max_output:,} tokens is more than its "
                  f"{limits.context_window:,}-token context window")
    else:
        detail = "its max output is more than its context window"
    return f"Its published limits disagree ({detail}): check the provider's documentation before relying on them."


def _price_unit_doubt(model: ModelSpec) -> str:
    return ("One of its published token prices looks off by a unit (per token or per 1,000 tokens "
            "instead of per 1M), so a cost estimate may be wrong by a factor of 1,000 or more: "
            "check the provider's price page.")


READER_NOTES: dict[str, Callable[[ModelSpec], str]] = {
    "limits.output-within-context": _limits_disagree,
    "pricing.unit-slip": _price_unit_doubt,
    "pricing.tiny-token-price": _price_unit_doubt,
}
"""Rule warnings a reader needs to know about, and what they are told. Every other warning is
about the data's tidiness (a price copied from a dataset, a modality not listed, a retired
model the lifecycle caveat already names) and is left to `catalog validate`."""


def lifecycle_warning(model: ModelSpec, day: dt.date,
                      models: Mapping[str, ModelSpec] | None = None) -> dict[str, str] | None:
    """What an estimate on a deprecated or retired model warns, as JSON-ready data (None for a
    model that is neither on `day`); the sentence is the model page's caveat:

        {"status": "retired", "message": "Retired on 2026-05-15: it no longer answers requests."}
    """
    status = effective_status(model, day)
    if status not in ("deprecated", "retired"):
        return None
    claim = next(c for c in _lifecycle_caveats(model, day, models or {}) if c.kind == status)
    return {"status": status, "message": claim.sentence}


def with_lifecycle_warning(doc: dict[str, object], model: ModelSpec, day: dt.date,
                           models: Mapping[str, ModelSpec] | None = None) -> dict[str, object]:
    """An estimate's JSON with its `lifecycle_warning` (null when the model is live and current)."""
    return {**doc, "lifecycle_warning": lifecycle_warning(model, day, models)}


def successor_advice(model: ModelSpec, models: Mapping[str, ModelSpec], today: dt.date) -> str | None:
    """What to use instead, following the successor chain past retired models.

    The first successor that still answers (or that the catalog does not know, so cannot call
    retired) is recommended; a retired direct successor is named as such, so a reader is not
    sent to a model that no longer answers. A cycle ends the walk.

        "use acme/b instead"
        "its successor acme/b has also been retired; use acme/c"
    """
    if not model.successor:
        return None
    direct = model.successor
    seen = {model.id}
    current = direct
    while current in models and is_retired(models[current], today):
        seen.add(current)
        following = models[current].successor
        if not following or following in seen:
            return f"its successor {direct} has also been retired, and no successor that still answers is listed"
        current = following
    if current == direct:
        return f"use {direct} instead"
    return f"its successor {direct} has also been retired; use {current}"


def _lifecycle_caveats(model: ModelSpec, today: dt.date,
                       models: Mapping[str, ModelSpec]) -> Iterable[Claim]:
    advice = successor_advice(model, models, today)
    successor = f"; {advice}" if advice else ""
    status = effective_status(model, today)
    if status == "retired":
        when = f" on {model.retires_on.isoformat()}" if model.retires_on else ""
        yield Claim("retired", f"Retired{when}: it no longer answers requests{successor}.",
                    value=model.retires_on)
    elif status == "deprecated":
        when = f" on {model.deprecated_on.isoformat()}" if model.deprecated_on else ""
        retires = (f", retires on {model.retires_on.isoformat()}"
                   if model.retires_on is not None else "")
        yield Claim("deprecated", f"Deprecated{when}{retires}: new use is discouraged{successor}.",
                    value=model.deprecated_on)
    elif model.deprecated_on is not None or model.retires_on is not None:
        when = model.retires_on or model.deprecated_on
        what = "Retires" if model.retires_on else "To be deprecated"
        yield Claim("retiring", f"{what} on {when.isoformat()}, in {(when - today).days:,} days{successor}.",
                    value=when)
    if status == "preview":
        yield Claim("preview", "In preview: its behaviour, limits and prices may still change.")


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _join_and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _join_or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
