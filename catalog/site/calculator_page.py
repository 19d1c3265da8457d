"""The calculator, `/calculator/`: one workload priced on several models, the monthly bills
side by side, computed in the page by the cost engine's JavaScript twin.

`static/js/calculator.mjs` keeps the whole state in the URL: the preset, the models and any
setting changed from the preset (`calculator/?workload=chatbot&models=acme/sage,globex/quill
&requests_per_day=500`). Without JavaScript the page shows, built here by the cost engine,
every preset's monthly bill on a few popular models of its kinds:

    calculator_context(site)["presets"][0]["rows"][0]
    # {"name": "Acme Sage", "href": "models/acme/sage/", "monthly": "$252.54", "missing": ""}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalog.money import format_bill
from catalog.site.compare_page import client_data, popular
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import COMPONENT_NAMES, model_path, relative_root
from catalog.site.model_page import SLIDERS
from catalog.site.workloads_page import USAGE_WORDS, usage_text

FOLDER = "calculator/"
PER_PRESET = 4
"""Popular models priced for each preset in the table shown without JavaScript."""
SETTINGS = (
    # workload field, label, step
    ("requests_per_day", "Requests per day", "1"),
    ("cache_hit_rate", "Cache hit rate (0 to 1)", "0.05"),
    ("batch_share", "Share sent through batch (0 to 1)", "0.05"),
)
"""Settings of the whole workload the calculator can change; usage fields come from the preset."""


def usage_labels() -> list[tuple[str, str]]:
    """Each usage field the calculator can set with its label (as the model page's sliders word
    it), in the order shown; a list, since JSON objects in the page have their keys sorted."""
    return [(f, SLIDERS[f][0] if f in SLIDERS else f"{words[0].upper()}{words[1:]} per request")
            for f, words in USAGE_WORDS.items()]


def pages(site: Site) -> Iterable[Page]:
    # Even without presets (every page links here): the page then says how to add them.
    yield Page(f"{FOLDER}index.html", "calculator.html", calculator_context)


def calculator_context(site: Site) -> dict[str, Any]:
    presets = []
    for workload in site.workloads.values():
        rows = []
        for model in popular(site, workload.kinds, PER_PRESET):
            month = site.monthly_total(model, workload.name)
            rows.append({
                "name": model.name,
                "id": model.id,
                "href": model_path(model.id),
                "monthly": format_bill(month.total) if month.total is not None
                else f"unknown (known part {format_bill(month.known)})",
                "missing": ", ".join(COMPONENT_NAMES[c] for c in month.unknown),
            })
        presets.append({"name": workload.name, "description": workload.description, "usage": usage_text(workload),
                        "rows": rows, "models": ",".join(r["id"] for r in rows)})
    path = f"{FOLDER}index.html"
    return {
        "root": relative_root(path),
        "nav": "calculator",
        "title": "Workload cost calculator: monthly bills of AI models side by side",
        "description": "Price one workload on several AI models at once: the monthly bill of each, from the prices in force.",
        "canonical_url": f"{site.base_url}{FOLDER}" if site.base_url else None,
        "data": {**client_data(site), "usage_labels": usage_labels()},
        "presets": presets,
        "settings": SETTINGS,
        "placeholder": next((m.id for m in popular(site, count=1)), None),
        "today": site.today.isoformat(),
    }
