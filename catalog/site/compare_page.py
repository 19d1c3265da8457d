"""The compare page, `/compare/`: two to four models side by side, every section of the model
page in columns and what the same workload costs on each, chosen in the page.

The page ships no model data: `static/js/compare.mjs` fetches each chosen model's
`api/v1/models/<provider>/<model>.json` and prices the workload with the cost engine's twin,
keeping the choice in the URL (`compare/?models=acme/sage,globex/quill&workload=chatbot`).
What the script needs besides is in the page (presets, labels, the day) and in
`compare/choices.json`, the ids and names it suggests. Without JavaScript the page says so and
links to the model pages:

    client_data(site)["workloads"][0]["name"]   # "chatbot"
    choices_json(site)                          # '[["acme/sage","Acme Sage"],...]'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from catalog.peers import CAPABILITIES, CAPABILITY_LABELS, PRICE_COMPONENTS
from catalog.schema import ModelSpec
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import COMPONENT_NAMES, model_path, relative_root, unit_text

FOLDER = "compare/"
MOST = 4
"""Models compared at once."""
POPULAR = 8
"""Models the page links to for a reader without JavaScript."""


def pages(site: Site) -> Iterable[Page]:
    yield Page(f"{FOLDER}index.html", "compare.html", compare_context)
    yield Page(f"{FOLDER}choices.json", None, choices_json)


def choices_json(site: Site) -> str:
    """Every model as [id, name], in the index's order (curated and current first), for the
    model pickers of /compare/ and /calculator/."""
    ids = [m.id for canonical in site.order for m in site.offerings[canonical]]
    return json.dumps([[i, site.catalog.models[i].name] for i in ids], ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def client_data(site: Site) -> dict[str, Any]:
    """What the compare and calculator scripts read besides the models: the day prices are
    judged on, the workload presets, and the words for components and capabilities."""
    return {
        "at": site.today.isoformat(),
        "most": MOST,
        "workloads": [w.model_dump(mode="json", exclude_defaults=True) for w in site.workloads.values()],
        "components": [[c, COMPONENT_NAMES[c], unit_text(c)] for c in PRICE_COMPONENTS],
        "providers": {p: site.provider_name(p) for p in sorted({m.provider for m in site.catalog.models.values()})},
        "capabilities": [[c, CAPABILITY_LABELS[c]] for c in CAPABILITIES],
    }


def popular(site: Site, kinds: Iterable[str] | None = None, count: int = POPULAR) -> list[ModelSpec]:
    """The first current models of the index's order (curated, newest, most offered), of
    `kinds` when given: the ones a reader most likely came for."""
    wanted = set(kinds) if kinds is not None else None
    chosen = []
    for canonical in site.order:
        model = site.offerings[canonical][0]
        if site.status[model.id] == "retired" or (wanted is not None and model.kind not in wanted):
            continue
        chosen.append(model)
        if len(chosen) == count:
            break
    return chosen


def compare_context(site: Site) -> dict[str, Any]:
    path = f"{FOLDER}index.html"
    models = popular(site)
    pair = next(((a, b) for a in models for b in models if a.id < b.id and a.kind == b.kind), None)
    return {
        "root": relative_root(path),
        "nav": "compare",
        "title": "Compare AI models side by side",
        "description": "Two to four AI models side by side: prices, limits, capabilities, standing among peers and what the same workload costs.",
        "canonical_url": f"{site.base_url}{FOLDER}" if site.base_url else None,
        "data": client_data(site),
        "popular": [{"id": m.id, "name": m.name, "href": model_path(m.id), "provider": site.provider_name(m.provider)}
                    for m in models],
        "example": {"text": f"{pair[0].name} and {pair[1].name}", "query": f"?models={pair[0].id},{pair[1].id}"}
        if pair else None,
        "workloads": [w.name for w in site.workloads.values()],
    }
