"""The JSON API, `/api/v1/`: the same validated specs the pages show, as data.

`models.json` lists every model (its spec, effective status, canonical model and page),
`models/<provider>/<model>.json` adds the enrichment and the latest smoke test per route, `providers.json` lists the providers,
`schema.json` is the JSON Schema of all three and `models.csv` a flat table. Version 1 only
ever gains fields; decimals are strings, so prices stay exact:

    {"api_version": "v1", "day": "2026-11-30", "models": [{"id": "google/gemini-2.0-flash",
      "effective_status": "active", "canonical_id": "google/gemini-2.0-flash",
      "page": "models/google/gemini-2.0-flash/", "pricing": {"input": "0.1", ...}, ...}]}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any, Literal

from pydantic.json_schema import models_json_schema

from catalog.enrich import to_json
from catalog.field_docs import DescribedSchema
from catalog.schema import ModelSpec, ProviderSpec, Spec, Status
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import model_path, relative_root
from catalog.smoke.latest import CostCheck

PREFIX = "api/v1/"


class ApiModel(ModelSpec):
    """A model as the API serves it: its spec and what the catalog derives from it."""

    effective_status: Status
    """The status in force on the build day (a deprecation date that passed counts)."""
    canonical_id: str
    """The canonical model this offering sells."""
    page: str
    """The model's page, relative to the site's root."""


class ApiSmokeRoute(Spec):
    """The latest smoke test of one route of a model: a real call through its gateway."""

    route: str
    """`gateway:protocol`, as `catalog smoke report` names it."""
    gateway: str
    protocol: str
    ok: bool
    """Whether the call answered."""
    date: dt.date
    """The UTC day of the call."""
    latency_ms: float | None
    """Measured by the smoke runner, polls included."""
    cost_check: CostCheck
    """Whether the gateway's bill matched the catalog's cost of the same usage."""
    error_class: str | None
    result: dict[str, Any]
    """The whole result line, as `catalog smoke` recorded it."""


class ApiModelDetail(ApiModel):
    """One model with its enrichment (standing among peers, strengths, caveats, similar, FAQ)
    and its latest smoke test per route."""

    enrichment: dict[str, Any]
    """As `catalog show --enriched --json` prints it."""
    smoke: tuple[ApiSmokeRoute, ...] = ()
    """The latest smoke result of each route the model was called by; empty when never called."""


class ModelsDocument(Spec):
    """`api/v1/models.json`."""

    api_version: Literal["v1"]
    day: dt.date
    """The day statuses and prices in force were judged on."""
    models: tuple[ApiModel, ...]


class ApiProvider(ProviderSpec):
    """A provider with the ids of its models."""

    models: tuple[str, ...]


class ProvidersDocument(Spec):
    """`api/v1/providers.json`."""

    api_version: Literal["v1"]
    providers: tuple[ApiProvider, ...]


def pages(site: Site) -> Iterable[Page]:
    yield Page(f"{PREFIX}index.html", "api.html", api_context)
    yield Page(f"{PREFIX}models.json", None, models_json)
    yield Page(f"{PREFIX}models.csv", None, models_csv)
    yield Page(f"{PREFIX}providers.json", None, providers_json)
    yield Page(f"{PREFIX}schema.json", None, schema_json, shows=())
    for model_id in site.catalog.models:
        yield Page(f"{PREFIX}models/{model_id}.json", None, model_json, model_id, model_id)


def api_context(site: Site) -> dict[str, Any]:
    example = next(iter(site.catalog.models), "provider/model")
    return {
        "root": relative_root(f"{PREFIX}index.html"),
        "title": "JSON API v1",
        "description": "Every model of the catalog as JSON and CSV, with the JSON Schema of what is served.",
        "canonical_url": f"{site.base_url}{PREFIX}" if site.base_url else None,
        "day": site.today.isoformat(),
        "endpoints": [
            {"path": "models.json", "href": "models.json",
             "what": "Every model: its spec, effective status, canonical model and page (a ModelsDocument)."},
            {"path": "models/<provider>/<model>.json", "href": f"models/{example}.json",
             "what": "One model with its enrichment (standing among peers, strengths, caveats, similar models, FAQ) and its latest smoke test per route."},
            {"path": "providers.json", "href": "providers.json", "what": "Every provider with the ids of its models."},
            {"path": "schema.json", "href": "schema.json", "what": "The JSON Schema of the three documents above."},
            {"path": "models.csv", "href": "models.csv",
             "what": "One row per model: id, status, limits, main prices (empty when unknown), verification and source."},
        ],
    }


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def api_model(site: Site, model: ModelSpec) -> dict[str, Any]:
    doc = model.model_dump(mode="json", exclude_none=True)
    doc["effective_status"] = site.status[model.id]
    doc["canonical_id"] = site.canonical[model.id]
    doc["page"] = model_path(model.id)
    return doc


ENTRIES = "api_entries"
"""`Site.extra` key of this build's models.json entries (JSON text) by (model id,), kept for the
next build (`catalog.site.build`)."""
ENTRIES_BEFORE = "api_entries_before"
"""`Site.extra` key of the previous build's entries that still hold (the model's spec and what
every model shares unchanged), by the same keys."""


def models_json(site: Site) -> str:
    """Every model's entry, each made only if the previous build's does not hold: the document is
    the one `_dumps` makes of the whole, its entries joined."""
    before = site.extra.get(ENTRIES_BEFORE, {})
    made = site.extra.setdefault(ENTRIES, {})
    entries = []
    for model in site.catalog.models.values():
        key = (model.id,)
        text = made.get(key) or before.get(key)
        if text is None:
            text = _dumps(api_model(site, model))[:-1]
        made[key] = text
        entries.append(text)
    empty = _dumps({"api_version": "v1", "day": site.today.isoformat(), "models": []})
    return f"{empty[:-4]}[{','.join(entries)}]}}\n"


def model_json(site: Site, model_id: str) -> str:
    doc = api_model(site, site.catalog.models[model_id])
    doc["enrichment"] = to_json(site.enriched[model_id])
    doc["smoke"] = [status.to_json() for status in site.smoke.get(model_id, ())]
    return _dumps(doc)


def providers_json(site: Site) -> str:
    ids: dict[str, list[str]] = {}
    for model in site.catalog.models.values():
        ids.setdefault(model.provider, []).append(model.id)
    providers = []
    for provider_id, spec in site.catalog.providers.items():
        doc = spec.model_dump(mode="json", exclude_none=True)
        doc["models"] = ids.get(provider_id, [])
        providers.append(doc)
    return _dumps({"api_version": "v1", "providers": providers})


CSV_COLUMNS = ("id", "name", "provider", "kind", "effective_status", "context_window", "max_output",
               "input_per_1m_tokens", "output_per_1m_tokens", "cache_read_per_1m_tokens",
               "output_per_image", "verified", "source", "page")


def models_csv(site: Site) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for model in site.catalog.models.values():
        block = site.blocks[model.id]

        def price(component: str) -> str:
            value = getattr(block, component) if block is not None else None
            return "" if value is None else format(value, "f")

        writer.writerow((model.id, model.name, model.provider, model.kind, site.status[model.id],
                         model.limits.context_window or "", model.limits.max_output or "",
                         price("input"), price("output"), price("cache_read"), price("output_per_image"),
                         block.verified.isoformat() if block else "", str(block.source) if block else "",
                         model_path(model.id)))
    return buffer.getvalue()


def api_schema() -> dict[str, Any]:
    """One JSON Schema whose `$defs` describe every document the API serves."""
    _, schema = models_json_schema(
        [(ModelsDocument, "serialization"), (ApiModelDetail, "serialization"), (ProvidersDocument, "serialization")],
        title="Model Catalog API v1",
        ref_template="#/$defs/{model}",
        schema_generator=DescribedSchema,
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "description": "models.json is a ModelsDocument, models/<provider>/<model>.json an "
                           "ApiModelDetail, providers.json a ProvidersDocument.",
            **schema}


def schema_json(site: Site) -> str:
    return json.dumps(api_schema(), indent=1, sort_keys=True) + "\n"
