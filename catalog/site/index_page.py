"""The index, `/`: every model in one table, one row per canonical model (its other offerings
in rows shown by a toggle), with the facts a reader filters and sorts on in data attributes.

The whole table is in the HTML, so the page works without JavaScript; `static/js/index.mjs`
filters and sorts it in place and keeps the state in the URL (`?q=flash&kind=chat&sort=po`).
Rows come in the default order of `catalog.site.state.default_order`. Each is rendered on its
own (`templates/index_row.html`) and kept for the next build with the digest of its model's
spec, so a rebuild after one edit renders the rows that changed, not all five thousand:

    row(site, site.catalog.models["anthropic/claude-opus-4-7"], offering=False, offers=3)
    # {"id": "anthropic/claude-opus-4-7", "name": "Claude Opus 4.7", "input": "$5.00", ...}
    index_context(site)["rows"][0]     # Markup('<tr data-p="anthropic" ...</tr>')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from catalog.money import format_count
from catalog.peers import CAPABILITIES, CAPABILITY_LABELS, billed_prices
from catalog.schema import Modality, ModelSpec
from catalog.site.pages import Page
from catalog.site.smoke_status import STATES, summary
from catalog.site.state import Site
from catalog.site.views import CAPABILITY_MARKS, STATUS_ORDER, billed_figures, model_path, price_text, unit_text

PAGE_SIZE = 200
"""With JavaScript, rows shown at once (laying out thousands of rows is what makes a filter slow)."""
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]
ROW_TEMPLATE = "index_row.html"
ROWS = "index_rows"
"""`Site.extra` key of this build's rows, by (model id, whether an offering row, offerings of its
canonical model), kept for the next build."""
ROWS_BEFORE = "index_rows_before"
"""`Site.extra` key of the previous build's rows that still hold, by the same keys."""


def pages(site: Site) -> Iterable[Page]:
    yield Page("index.html", "index.html", index_context)


def _number(value: Decimal | int | None) -> str:
    """A sort key in a data attribute: plain digits, empty when unknown."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def _token_price(model: ModelSpec, block, component: str, needed: set[str]) -> tuple[str, str]:
    value = getattr(block, component) if block is not None else None
    if value is None:
        return ("unknown" if component in needed else "—"), ""
    return price_text(value), _number(value)


def row(site: Site, model: ModelSpec, offering: bool, offers: int) -> dict[str, Any]:
    block = site.blocks[model.id]
    needed = {c for alternatives in billed_prices(model, block).needs for c in alternatives}
    input_text, input_key = _token_price(model, block, "input", needed)
    output_text, output_key = _token_price(model, block, "output", needed)
    other = [f"{f['text']} {unit_text(f['component'])}" for f in billed_figures(model, block)
             if f["component"] not in ("input", "output")]
    caps = [c for c in CAPABILITIES if getattr(model.capabilities, c) is True]
    limits = model.limits
    return {
        "id": model.id,
        "name": model.name,
        "href": model_path(model.id),
        "provider": site.provider_name(model.provider),
        "provider_id": model.provider,
        "kind": model.kind,
        "status": site.status[model.id],
        "status_rank": STATUS_ORDER[site.status[model.id]],
        # The window when published, else the most input tokens, said as such (never invented).
        "context": (format_count(limits.context_window) if limits.context_window
                    else f"{format_count(limits.max_input)} input" if limits.max_input else "—"),
        "context_key": _number(limits.prompt_room),
        "max_output": format_count(limits.max_output) if limits.max_output else "—",
        "max_output_key": _number(limits.max_output),
        "input": input_text,
        "input_key": input_key,
        "output": output_text,
        "output_key": output_key,
        "other": " · ".join(other),
        "caps": " ".join(caps),
        "marks": [(CAPABILITY_MARKS[c], CAPABILITY_LABELS[c]) for c in caps if c in CAPABILITY_MARKS],
        "modalities_in": " ".join(model.modalities.input),
        "modalities_out": " ".join(model.modalities.output),
        "aliases": " ".join(model.aliases),
        "smoke": summary(site.smoke.get(model.id, ())),
        "offering": offering,
        "more_offers": offers - 1 if not offering and offers > 1 else 0,
    }


def rendered_rows(site: Site) -> list[Markup]:
    """Every row as HTML, in the default order: the previous build's where it still holds
    (`ROWS_BEFORE`: the model's spec and everything every model shares unchanged), else made
    and rendered now."""
    before: Mapping[tuple[str, bool, int], str] = site.extra.get(ROWS_BEFORE, {})
    made = site.extra.setdefault(ROWS, {})
    macro = None
    html = []
    for canonical in site.order:
        offers = site.offerings[canonical]
        for model in offers:
            key = (model.id, model is not offers[0], len(offers))
            text = made.get(key) or before.get(key)
            if text is None:
                macro = macro or site.env.get_template(ROW_TEMPLATE).module.row
                text = str(macro(row(site, model, *key[1:])))
            made[key] = text
            html.append(Markup(text))
    return html


def index_context(site: Site) -> dict[str, Any]:
    rows = rendered_rows(site)
    models = site.catalog.models.values()
    providers = Counter(m.provider for m in models)
    kinds = Counter(m.kind for m in models)
    statuses = Counter(site.status.values())
    canonical_count = len(site.offerings)
    return {
        "root": "./",
        "nav": "models",
        "title": "Model Catalog: every AI model, its prices and limits",
        "description": f"{canonical_count:,} AI models from {len(providers):,} providers: prices, context windows, capabilities and cost estimates.",
        "canonical_url": site.base_url,
        "rows": rows,
        "model_count": format_count(len(site.catalog.models)),
        "canonical_count": format_count(canonical_count),
        "offering_count": format_count(len(rows) - canonical_count),
        "provider_count": format_count(len(providers)),
        "providers": [(p, site.provider_name(p), n) for p, n in sorted(providers.items(),
                                                                         key=lambda pn: site.provider_name(pn[0]).lower())],
        "kinds": sorted(kinds.items()),
        "statuses": sorted(statuses.items(), key=lambda sn: STATUS_ORDER[sn[0]]),
        "modalities": MODALITIES,
        "capabilities": [(c, CAPABILITY_LABELS[c]) for c in CAPABILITIES],
        "smoke_states": [(state, mark, meaning[0].upper() + meaning[1:]) for state, (mark, meaning) in STATES.items()],
        "today": site.today.isoformat(),
        "page_size": PAGE_SIZE,
    }
