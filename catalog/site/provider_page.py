"""The providers, `/providers/` and `/providers/<provider>/`: who sells models, and for each
provider its links, overview, every model it sells and a chart of input price against context.

A provider's page is named like its spec file (`data/providers/acme.yaml` ->
`/providers/acme/`); models without a provider spec still get a page under their id's folder:

    provider_context(site, "acme")["models"][0]
    # {"id": "acme/sage", "name": "Acme Sage", "status": "active", "context": "1,000,000", ...}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalog.markdown import render_markdown
from catalog.money import format_count
from catalog.schema import ModelSpec
from catalog.site.charts import scatter_chart
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import COMPONENT_NAMES, STATUS_ORDER, billed_figures, model_path, price_text, relative_root

FOLDER = "providers/"


def provider_path(provider: str) -> str:
    return f"{FOLDER}{provider}/"


def provider_models(site: Site) -> dict[str, list[ModelSpec]]:
    """Provider id -> its models, current before deprecated before retired, then by name."""
    grouped: dict[str, list[ModelSpec]] = {}
    for model in site.catalog.models.values():
        grouped.setdefault(model.provider, []).append(model)
    for models in grouped.values():
        models.sort(key=lambda m: (STATUS_ORDER[site.status[m.id]], m.name.lower(), m.id))
    return grouped


def _grouped(site: Site) -> dict[str, list[ModelSpec]]:
    # Computed once per process and kept with the site (see Site.extra).
    if "provider_models" not in site.extra:
        site.extra["provider_models"] = provider_models(site)
    return site.extra["provider_models"]


def pages(site: Site) -> Iterable[Page]:
    yield Page(f"{FOLDER}index.html", "providers.html", providers_context, group="provider_models")
    for provider, models in sorted(_grouped(site).items()):
        yield Page(f"{provider_path(provider)}index.html", "provider.html", provider_context, provider,
                   group="provider_models", shows=tuple(m.id for m in models))


def providers_context(site: Site) -> dict[str, Any]:
    grouped = _grouped(site)
    rows = []
    for provider, models in sorted(grouped.items(), key=lambda pm: (site.provider_name(pm[0]).lower(), pm[0])):
        statuses = [site.status[m.id] for m in models]
        rows.append({
            "name": site.provider_name(provider),
            "href": provider_path(provider),
            "models": format_count(len(models)),
            "current": format_count(sum(s in ("active", "preview") for s in statuses)),
            "retired": format_count(statuses.count("retired")),
            "kinds": ", ".join(sorted({m.kind for m in models})),
        })
    path = f"{FOLDER}index.html"
    return {
        "root": relative_root(path),
        "nav": "providers",
        "title": "Providers of AI models",
        "description": f"{len(rows):,} providers and the models they sell, with prices and context windows.",
        "canonical_url": f"{site.base_url}{FOLDER}" if site.base_url else None,
        "providers": rows,
    }


def model_row(site: Site, model: ModelSpec) -> dict[str, Any]:
    figures = billed_figures(model, site.blocks[model.id])
    return {
        "id": model.id,
        "name": model.name,
        "href": model_path(model.id),
        "kind": model.kind,
        "status": site.status[model.id],
        "context": format_count(model.limits.context_window) if model.limits.context_window else "not published",
        "prices": [f"{COMPONENT_NAMES[f['component']]} {f['text']} {f['unit']}" for f in figures],
    }


def price_chart(site: Site, models: list[ModelSpec], title: str) -> dict[str, Any] | None:
    """Input price per 1M tokens against context window, for the current models billed by input
    tokens (a model billed per image or per second has no such price to draw)."""
    points, free, unknown = [], 0, 0
    for model in models:
        if site.status[model.id] == "retired" or model.limits.context_window is None:
            continue
        figure = next((f for f in billed_figures(model, site.blocks[model.id]) if f["component"] == "input"), None)
        if figure is None:
            continue
        price = figure["value"]
        if price is None:
            unknown += 1
            continue
        if price == 0:
            free += 1
            continue
        points.append((model.limits.context_window, price, model.name))
    left_out = [f"{free:,} free"] if free else []
    left_out += [f"{unknown:,} with no input price"] if unknown else []
    return scatter_chart(points, title=title, y_label="Input price per 1M tokens", y_text=price_text,
                         left_out=", ".join(left_out))


def provider_context(site: Site, provider: str) -> dict[str, Any]:
    spec = site.catalog.providers.get(provider)
    models = _grouped(site)[provider]
    name = site.provider_name(provider)
    links = []
    if spec is not None:
        for title, url in (("Website", spec.homepage), ("Pricing", spec.pricing_page),
                           ("API documentation", spec.docs), ("Status page", spec.status_page)):
            if url is not None:
                links.append({"title": title, "url": str(url)})
    path = f"{provider_path(provider)}index.html"
    current = sum(site.status[m.id] in ("active", "preview") for m in models)
    return {
        "root": relative_root(path),
        "nav": "providers",
        "title": f"{name}: AI models, prices and context windows",
        "description": f"{len(models):,} models sold by {name} ({current:,} current): prices, context windows and status.",
        "canonical_url": f"{site.base_url}{provider_path(provider)}" if site.base_url else None,
        "id": provider,
        "name": name,
        "links": links,
        "aliases": list(spec.aliases) if spec is not None else [],
        "overview": render_markdown(spec.overview) if spec is not None and spec.overview else None,
        "count": format_count(len(models)),
        "current": format_count(current),
        "models": [model_row(site, m) for m in models],
        "chart": price_chart(site, models, f"Input price against context window, {name}'s current models"),
    }
