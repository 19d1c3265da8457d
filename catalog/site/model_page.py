"""The model page, `/models/<provider>/<model>/`: everything known about one offering, its
standing among peers, what a workload costs on it and how to call it.

The context is a plain dict of strings, numbers and small lists, built from the spec, its
enrichment (`catalog.enrich`), the cost engine (`catalog.workloads`) and the samples
(`catalog.site.samples`); `templates/model.html` only prints it:

    model_context(site, "google/gemini-2.0-flash")["pricing"][0]["rows"][0]
    # {"name": "Input", "price": "$0.10", "unit": "/1M tokens", "origin": "curated"}
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from catalog.layers import Origins
from catalog.markdown import render_markdown
from catalog.money import format_bill, format_count
from catalog.peers import CAPABILITY_LABELS, PRICE_COMPONENTS, billed_prices
from catalog.schema import Api, ModelSpec, PriceSet, PricingBlock
from catalog.site.charts import standing_chart
from catalog.site.pages import Page
from catalog.site.samples import RouteSample, route_samples
from catalog.site.smoke_status import route_row
from catalog.site.state import Site, imported_folder
from catalog.site.views import (
    COMPONENT_NAMES,
    billed_figures,
    capability_groups,
    count_text,
    model_path,
    price_text,
    relative_root,
    unit_text,
)

TEMPLATE = "model.html"

LINK_TITLES = {
    "official": "Official page",
    "pricing": "Pricing",
    "docs": "Documentation",
    "model-card": "Model card",
    "paper": "Paper",
    "benchmark": "Benchmark",
    "other": "Link",
}

SLIDERS: dict[str, tuple[str, int]] = {
    # usage field: (label, largest value on the slider); steps are 1 so a preset's value is kept
    "input_tokens": ("Input tokens per request", 200_000),
    "output_tokens": ("Output tokens per request", 32_000),
    "reasoning_tokens": ("Reasoning tokens (part of output)", 32_000),
    "images_out": ("Images per request", 10),
    "input_seconds": ("Seconds of input media", 3_600),
    "output_seconds": ("Seconds of generated media", 600),
    "input_characters": ("Input characters", 100_000),
    "pages": ("Pages per request", 500),
    "searches": ("Web searches per request", 20),
}
"""The usage a calculator can set, in the order shown."""


def pages(site: Site) -> Iterable[Page]:
    for model_id in site.catalog.models:
        yield Page(f"{model_path(model_id)}index.html", TEMPLATE, model_context, model_id, model_id)


def origin_label(site: Site, model: ModelSpec, file: Path) -> str:
    """"curated" or "imported from litellm": who set a value (see `catalog.layers.explain`)."""
    path = os.path.abspath(file)
    imported = imported_folder(site.catalog)
    if not path.startswith(imported):
        return "curated"
    dataset = path[len(imported):].split(os.sep, 1)[0]
    version = f" {model.provenance.version}" if model.provenance and model.provenance.dataset == dataset else ""
    return f"imported from {dataset}{version}"


def _origin(site: Site, model: ModelSpec, origins: Origins, path: tuple) -> str:
    return origin_label(site, model, origins.file_for(path))


def price_rows(site: Site, model: ModelSpec, prices: PriceSet, origins: Origins | None, path: tuple,
               needed: Iterable[str] = ()) -> list[dict[str, str]]:
    """One row per component that is priced, free, or billed but unknown."""
    wanted = set(needed)
    rows = []
    for component in PRICE_COMPONENTS:
        value = getattr(prices, component)
        if value is None and component not in wanted:
            continue
        rows.append({
            "name": COMPONENT_NAMES[component],
            "price": price_text(value),
            "unit": unit_text(component),
            "unknown": value is None,
            "origin": _origin(site, model, origins, (*path, component)) if origins and value is not None else "",
        })
    return rows


def _layer_rows(layer: PriceSet) -> list[str]:
    return [f"{COMPONENT_NAMES[c]}: {price_text(getattr(layer, c))} {unit_text(c)}"
            for c in PRICE_COMPONENTS if getattr(layer, c) is not None]


def pricing_block(site: Site, model: ModelSpec, block: PricingBlock, origins: Origins | None,
                  path: tuple, current: bool) -> dict[str, Any]:
    needed = [alts[0] for alts in billed_prices(model, block).unknown] if current else []
    return {
        "title": "Current prices" if current else f"Prices from {block.effective.isoformat() if block.effective else 'the start'}",
        "effective": block.effective.isoformat() if block.effective else None,
        "verified": block.verified.isoformat(),
        "source": str(block.source),
        "note": block.note,
        "rows": price_rows(site, model, block, origins, path, needed),
        "images": [{"size": i.size, "quality": i.quality or "any", "price": price_text(i.price)}
                   for i in block.output_images],
        "tiers": [{"above": format_count(t.above), "rows": _layer_rows(t)} for t in block.tiers],
        "variants": [
            {"name": name,
             "multiplier": f"{v.multiplier.normalize():f}" if v.multiplier is not None else None,
             "rows": _layer_rows(v),
             "tiers": [{"above": format_count(t.above), "rows": _layer_rows(t)} for t in v.tiers]}
            for name, v in sorted(block.variants.items())
        ],
        "windows": [
            {"name": w.name, "start": w.start, "end": w.end,
             "multiplier": f"{w.multiplier.normalize():f}" if w.multiplier is not None else None,
             "rows": _layer_rows(w)}
            for w in block.windows
        ],
        "origin": _origin(site, model, origins, path) if origins else "",
    }


def calculator(site: Site, model: ModelSpec) -> dict[str, Any] | None:
    """Presets for the model's kind, the sliders they use, and the presets' monthly bills
    computed here by the cost engine (the table shown without JavaScript)."""
    presets = [w for w in site.workloads.values() if model.kind in w.kinds]
    if not presets:
        return None
    block = site.blocks[model.id]
    rows, data = [], []
    for workload in presets:
        month = site.monthly_total(model, workload.name)
        rows.append({
            "name": workload.name,
            "description": workload.description,
            "total": format_bill(month.total),
            "known": format_bill(month.known),
            "missing": [COMPONENT_NAMES[component] for component in month.unknown],
            "requests": format_count(int(workload.requests_per_day)),
        })
        data.append(workload.model_dump(mode="json", exclude_defaults=True))
    used = {f for w in presets for f, v in w.usage.model_dump().items() if v}
    # A slider reaches the model's own limit where it has one, so a prompt can cross its tiers.
    limit = {"input_tokens": model.limits.max_input or model.limits.context_window,
             "output_tokens": model.limits.max_output, "reasoning_tokens": model.limits.max_output}
    sliders = [{"name": f, "label": label, "min": 0, "step": 1,
                "max": max(limit.get(f) or top, *(getattr(w.usage, f) for w in presets)),
                "value": getattr(presets[0].usage, f)}
               for f, (label, top) in SLIDERS.items() if f in used]
    batch = block is not None and "batch" in block.variants
    return {
        "presets": rows,
        "sliders": sliders,
        "batch": batch,
        "cache": block is not None and block.cache_read is not None,
        "data": {"workloads": data, "at": site.today.isoformat(),
                 "model": model.model_dump(mode="json", include={"id", "pricing", "price_history"},
                                           exclude_none=True)},
    }


def edit_link(site: Site, model: ModelSpec) -> str | None:
    """Where to edit the model's curated spec (or create one over the imported data)."""
    repo = site.config.site.repository_url
    if repo is None:
        return None
    base = str(repo).rstrip("/")
    branch = site.config.site.edit_branch
    data = site.catalog.data_dir.resolve()
    root = data.parent
    folder = data.relative_to(root).as_posix()
    provider, name = model.id.split("/", 1)
    if model.id in site.curated:
        return f"{base}/edit/{branch}/{folder}/models/{provider}/{name}.yaml"
    return f"{base}/new/{branch}/{folder}/models/{provider}?filename={name}.yaml"


def key_figures(site: Site, other: ModelSpec) -> dict[str, Any]:
    return {
        "id": other.id,
        "name": other.name,
        "provider": site.provider_name(other.provider),
        "href": model_path(other.id),
        "status": site.status[other.id],
        "context": count_text(other.limits.context_window),
        "prices": [{"text": f["text"], "unit": f["unit"], "what": COMPONENT_NAMES[f["component"]]}
                   for f in billed_figures(other, site.blocks[other.id])],
    }


def route_context(sample: RouteSample, api: Api | None) -> dict[str, Any]:
    """One route of the model page's "how to call it": its gateway, samples and, for the main
    route, what the spec publishes about calling it (rate limits, response time, output)."""
    target, gateway = sample.target, sample.target.gateway
    limits = api.rate_limits if api is not None else None

    def count(value: int | None) -> str | None:
        return format_count(value) if value else None

    return {
        "id": target.route_id,
        "gateway": target.name,
        "protocol": target.route.protocol,
        "gateway_model": target.route.model,
        "version": target.route.version,
        "documented": sample.documented,
        "problem": target.problem,
        "base_url": gateway.base_url if gateway else None,
        "key": gateway.key_env if gateway else None,
        "key_header": gateway.key_header if gateway else None,
        "reported": list(sample.reported),
        "python": sample.python,
        "curl": sample.curl,
        "rpm": count(limits.requests_per_minute) if limits else None,
        "concurrent": count(limits.concurrent_requests) if limits else None,
        "tpm": count(limits.tokens_per_minute) if limits else None,
        "response_time": f"about {api.typical_response_seconds:g} s" if api and api.typical_response_seconds else None,
        "output_format": api.output_format if api else None,
    }


def model_context(site: Site, model_id: str) -> dict[str, Any]:
    catalog = site.catalog
    model = catalog.models[model_id]
    enriched = site.enriched[model_id]
    origins = catalog.origins.get(model_id)
    path = f"{model_path(model_id)}index.html"
    block = site.blocks[model_id]
    provider = catalog.providers.get(model.provider)
    api = model.api
    canonical = site.canonical[model_id]

    pricing = []
    if block is not None:
        current_path = ("pricing",) if block is model.pricing else ("price_history", model.price_history.index(block))
        pricing.append(pricing_block(site, model, block, origins, current_path, True))
    history = [pricing_block(site, model, b, origins, ("price_history", i), False)
               for i, b in enumerate(model.price_history) if b is not block]
    if model.pricing is not None and model.pricing is not block:
        history.insert(0, pricing_block(site, model, model.pricing, origins, ("pricing",), False))

    charts = [c for c in (standing_chart(s, model.kind) for s in enriched.metrics) if c is not None]
    links = [{"title": link.title or LINK_TITLES[link.kind], "url": str(link.url)} for link in model.links]
    if provider is not None:
        for title, url in (("Provider's pricing page", provider.pricing_page),
                           ("Provider's API documentation", provider.docs),
                           (f"{provider.name} status page", provider.status_page)):
            if url is not None and str(url) not in {l["url"] for l in links}:
                links.append({"title": title, "url": str(url)})
    if block is not None and str(block.source) not in {l["url"] for l in links}:
        links.append({"title": "Source of the prices", "url": str(block.source)})

    faq = [{"question": e.question, "answer": e.answer} for e in enriched.faq]
    faq_ld = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [{"@type": "Question", "name": e["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": e["answer"]}} for e in faq],
    }
    editorial = [
        (title, render_markdown(text))
        for title, text in (("Overview", model.editorial.overview), ("Use cases", model.editorial.use_cases),
                            ("Tips", model.editorial.tips), ("Limitations", model.editorial.limitations))
        if text
    ]
    limits = model.limits
    return {
        "root": relative_root(path),
        "title": f"{model.name} ({model.id}): pricing, limits and capabilities",
        "description": model.summary or f"{model.name}, a {model.kind} model by {site.provider_name(model.provider)}: prices, limits, capabilities and how to call it.",
        "canonical_url": f"{site.base_url}{model_path(model_id)}" if site.base_url else None,
        "id": model.id,
        "name": model.name,
        "provider": site.provider_name(model.provider),
        "provider_id": model.provider,
        "kind": model.kind,
        "status": site.status[model_id],
        "spec_status": model.status,
        "released": model.released.isoformat() if model.released else None,
        "deprecated_on": model.deprecated_on.isoformat() if model.deprecated_on else None,
        "retires_on": model.retires_on.isoformat() if model.retires_on else None,
        "knowledge_cutoff": model.knowledge_cutoff,
        "open_weights": {True: "yes", False: "no", None: "not published"}[model.open_weights],
        "successor": key_figures(site, catalog.models[model.successor]) if model.successor in catalog.models else None,
        "aliases": list(model.aliases),
        "summary": model.summary,
        "edit_url": edit_link(site, model),
        "json_href": f"api/v1/models/{model_id}.json",
        "pricing": pricing,
        "history": history,
        "limits": [
            ("Context window", count_text(limits.context_window)),
            ("Max input", count_text(limits.max_input) if limits.max_input or not limits.context_window
             else f"the context window ({count_text(limits.context_window)}) less the output"),
            ("Max output", count_text(limits.max_output)),
            *([("Prompt cache minimum", count_text(limits.prompt_cache_min))] if limits.prompt_cache_min else []),
            *([("Embedding dimensions", format_count(limits.embedding_dimensions))] if limits.embedding_dimensions else []),
        ],
        "modalities_in": ", ".join(model.modalities.input) or "not published",
        "modalities_out": ", ".join(model.modalities.output) or "not published",
        "capabilities": capability_groups(model),
        "strengths": [c.sentence for c in enriched.strengths],
        "caveats": [c.sentence for c in enriched.caveats],
        "charts": charts,
        "rarity": [r.sentence for r in enriched.rarity],
        "offerings": [key_figures(site, m) for m in site.offerings[canonical] if m.id != model_id],
        "canonical": canonical,
        "calculator": calculator(site, model),
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "description": p.description,
             "tips": render_markdown(p.tips) if p.tips else None,
             "default": None if p.default is None else str(p.default),
             "choices": ", ".join(str(c) for c in p.choices)}
            for p in (api.parameters if api else ())
        ],
        "routes": [route_context(sample, api if i == 0 else None)
                   for i, sample in enumerate(route_samples(model, site.gateways, site.default_gateway))],
        "smoke": [route_row(status) for status in site.smoke.get(model_id, ())],
        "editorial": editorial,
        "benchmarks": [{"name": b.name, "score": f"{b.score:g}{'%' if b.unit == 'percent' else ''}",
                        "unit": b.unit, "date": b.date.isoformat(), "source": str(b.source)}
                       for b in model.benchmarks],
        "similar": [{**key_figures(site, catalog.models[s.id]), "reason": s.reason,
                     "compare": f"compare/?models={model_id},{s.id}" if "compare" in site.kinds else None}
                    for s in enriched.similar if s.id in catalog.models],
        "faq": faq,
        "faq_ld": faq_ld,
        "links": links,
        "capability_labels": CAPABILITY_LABELS,
    }
