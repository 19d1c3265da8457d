"""The workload pages, `/workloads/` and `/workloads/<name>/`: for each preset of
data/workloads.yaml, the current models that cost least for it a month, with capability and
context filters and a chart of the monthly bill against the context window.

The ranking is the cost engine's (`catalog.workloads.rank_models`, retired models left out),
shown one row per canonical model (its cheapest offering). The whole table is in the HTML;
`static/js/workloads.mjs` filters it in place over data attributes (`?cap=vision&minctx=128000`):

    workload_context(site, "chatbot")["rows"][0]
    # {"rank": 1, "id": "globex/quill", "monthly": "$51.68", "caps": "function_calling ...", ...}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.identity import canonical_id
from catalog.money import format_bill, format_count
from catalog.peers import CAPABILITIES, CAPABILITY_LABELS
from catalog.schema import ModelSpec
from catalog.site.charts import scatter_chart
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import COMPONENT_NAMES, model_path, relative_root
from catalog.workloads import Workload, is_deprecated, rank_models

FOLDER = "workloads/"
SHOWN = 100
"""Rows per workload page. Filtering a prefix of the ranking keeps its order exact: every
model left out costs more than every model shown."""
ON_INDEX = 3
"""The cheapest models named for each preset on /workloads/."""

CONTEXT_STEPS = (8_000, 32_000, 128_000, 200_000, 1_000_000)
"""The choices of the "context at least" filter."""

USAGE_WORDS = {
    "input_tokens": "input tokens", "output_tokens": "output tokens", "reasoning_tokens": "of them reasoning",
    "cache_write_5m_tokens": "tokens written to a 5-minute cache", "cache_write_1h_tokens": "tokens written to a 1-hour cache",
    "input_audio_tokens": "audio input tokens", "output_audio_tokens": "audio output tokens",
    "input_image_tokens": "image input tokens", "output_image_tokens": "image output tokens",
    "input_video_tokens": "video input tokens", "images_in": "input images", "images_out": "generated images",
    "input_seconds": "seconds of input media", "output_seconds": "seconds of generated media",
    "searches": "web searches", "input_characters": "input characters", "pages": "pages",
}


def workload_path(name: str) -> str:
    return f"{FOLDER}{name}/"


def usage_text(workload: Workload) -> str:
    """"1,500 input tokens, 350 output tokens per request; 2,000 requests a day; 50% of each
    prompt from the cache": a preset in one line."""
    usage = workload.usage
    parts = [f"{format_count(getattr(usage, f))} {words[:-1] if getattr(usage, f) == 1 and words.endswith('s') else words}"
             for f, words in USAGE_WORDS.items() if getattr(usage, f)]
    if usage.image_size:
        parts.append(f"images at {usage.image_size}{f' {usage.image_quality}' if usage.image_quality else ''}")
    text = f"{', '.join(parts) or 'no metered usage'} per request; {format_count(workload.requests_per_day)} requests a day"
    if workload.cache_hit_rate:
        text += f"; {format_count(workload.cache_hit_rate * 100)}% of each prompt from the cache"
    if workload.batch_share:
        text += f"; {format_count(workload.batch_share * 100)}% sent through the batch service"
    return text


RANKING = "workload_ranking"
"""The `Site.extra` key (with the preset's name) of a preset's `PresetRanking`."""


@dataclass(frozen=True)
class PresetRanking:
    """A preset's ranking as the workload pages show it, by model id, one row per canonical
    model (its cheapest offering): those with a bill, cheapest first, and apart those that cost
    nothing (self-hosted runners, free offers), which would otherwise fill the top of every
    ranking; the offerings that cannot be priced, with the prices they lack; how many no
    longer answer. Ids and amounts only, so a rebuild can keep it (`catalog.site.incremental`)."""

    paid: tuple[tuple[str, Decimal, bool], ...]
    """(model id, monthly bill, whether part of the traffic goes through the batch service)."""
    free: tuple[str, ...]
    unpriced: tuple[tuple[str, tuple[str, ...]], ...]
    """(model id, the components whose price is unknown)."""
    retired: int


def ranking(site: Site, name: str) -> PresetRanking:
    """The cost engine's ranking of a preset on the build day, computed once per process: the
    workload pages form one group (`Page.group`), rendered by one worker, and a rebuild whose
    rankings cannot have moved starts with them (`catalog.site.build`). Each model's monthly
    total is priced only if the previous build's does not hold (`Site.monthly_total`): after one
    price changed, a ranking re-sorts kept totals instead of pricing every model again."""
    key = (RANKING, name)
    if key not in site.extra:
        ranked = rank_models(site.catalog.models.values(), site.workloads[name], at=site.today, today=site.today,
                             cost_of=lambda model: site.monthly_total(model, name, kept=True), total_of=lambda bill: bill.total)
        seen: set[str] = set()
        paid, free = [], []
        for model, bill in ranked.priced:
            canonical = canonical_id(model)
            if canonical not in seen:
                seen.add(canonical)
                if bill.total:
                    paid.append((model.id, bill.total, bill.batch_share > 0))
                else:
                    free.append(model.id)
        unpriced = tuple((m.id, bill.unknown) for m, bill in ranked.unpriced)
        site.extra[key] = PresetRanking(tuple(paid), tuple(free), unpriced, len(ranked.retired))
    return site.extra[key]


def pages(site: Site) -> Iterable[Page]:
    # /workloads/ is there even without presets (every page links to it), saying how to add them.
    yield Page(f"{FOLDER}index.html", "workloads.html", workloads_context, group=RANKING)
    for name in site.workloads:
        yield Page(f"{workload_path(name)}index.html", "workload.html", workload_context, name, group=RANKING)


def _cheapest(site: Site, model: ModelSpec, monthly: Decimal) -> dict[str, Any]:
    return {"name": model.name, "href": model_path(model.id), "provider": site.provider_name(model.provider),
            "monthly": format_bill(monthly)}


def workloads_context(site: Site) -> dict[str, Any]:
    presets = []
    for name, workload in site.workloads.items():
        ranked = ranking(site, name)
        rows, free = ranked.paid, ranked.free
        presets.append({
            "name": name,
            "href": workload_path(name),
            "description": workload.description,
            "kinds": ", ".join(workload.kinds),
            "usage": usage_text(workload),
            "priced": format_count(len(rows)),
            "free": format_count(len(free)),
            "cheapest": [_cheapest(site, site.catalog.models[m], total) for m, total, _ in rows[:ON_INDEX]],
        })
    path = f"{FOLDER}index.html"
    return {
        "root": relative_root(path),
        "nav": "workloads",
        "title": "Cheapest AI models for common workloads",
        "description": f"The current models that cost least a month for {len(presets)} workloads: chatbots, summarisation and more.",
        "canonical_url": f"{site.base_url}{FOLDER}" if site.base_url else None,
        "presets": presets,
        "today": site.today.isoformat(),
    }


def workload_context(site: Site, name: str) -> dict[str, Any]:
    workload = site.workloads[name]
    ranked = ranking(site, name)
    models = site.catalog.models
    priced, free = ranked.paid, [models[m] for m in ranked.free]
    shown = [(models[m], total, batch) for m, total, batch in priced[:SHOWN]]
    # The ranking is the engine's (as `catalog cheapest` prints it); a window too small for one
    # request is pointed out here rather than silently dropped.
    request = workload.usage.input_tokens + workload.usage.output_tokens
    rows = []
    for rank, (model, total, batch) in enumerate(shown, start=1):
        caps = [c for c in CAPABILITIES if getattr(model.capabilities, c) is True]
        window = model.limits.context_window
        rows.append({
            "rank": rank,
            "id": model.id,
            "name": model.name,
            "href": model_path(model.id),
            "provider": site.provider_name(model.provider),
            "status": site.status[model.id],
            "deprecated": is_deprecated(model, site.today),
            "context": format_count(window) if window else "not published",
            "context_key": str(window or ""),
            "too_small": bool(window and request and window < request),
            "monthly": format_bill(total),
            "batch": batch,
            "caps": " ".join(caps),
            "cap_labels": ", ".join(CAPABILITY_LABELS[c] for c in caps),
        })
    offered = {c for r in rows for c in r["caps"].split()}
    unpriced = [{"name": models[m].name, "href": model_path(m),
                 "missing": ", ".join(COMPONENT_NAMES[c].lower() for c in missing)}
                for m, missing in ranked.unpriced]
    points = [(m.limits.context_window, total, m.name) for m, total, _ in shown if m.limits.context_window]
    no_context = len(shown) - len(points)
    chart = scatter_chart(points, title=f"Monthly bill against context window, {name}", y_label="Monthly bill",
                          y_text=format_bill,
                          left_out=f"{no_context:,} without a published context window" if no_context else "")
    path = f"{workload_path(name)}index.html"
    return {
        "root": relative_root(path),
        "nav": "workloads",
        "title": f"Cheapest models for {name}: monthly bills compared",
        "description": f"The current models that cost least a month for {name}: {workload.description}",
        "canonical_url": f"{site.base_url}{workload_path(name)}" if site.base_url else None,
        "name": name,
        "description_text": workload.description,
        "kinds": ", ".join(workload.kinds),
        "usage": usage_text(workload),
        "today": site.today.isoformat(),
        "rows": rows,
        "request": format_count(request),
        "too_small": any(r["too_small"] for r in rows),
        "priced": format_count(len(priced)),
        "shown": format_count(len(rows)),
        "more": len(priced) > len(rows),
        "unpriced": unpriced,
        "free": [{"name": m.name, "id": m.id, "href": model_path(m.id), "provider": site.provider_name(m.provider)}
                 for m in free],
        "retired": format_count(ranked.retired),
        "capabilities": [(c, CAPABILITY_LABELS[c]) for c in CAPABILITIES if c in offered],
        "context_steps": [(str(s), format_count(s)) for s in CONTEXT_STEPS],
        "chart": chart,
        "calculator": f"calculator/?workload={name}" if "calculator" in site.kinds else None,
    }
