"""Price changes, `/changes/` and `/changes/feed.xml` (Atom): every day a model's prices
changed, newest first, read from its dated pricing blocks (`pricing` and `price_history`).

A change compares a block with the one before it in time; a block that repeats its
predecessor's prices (a re-verification) is no change. Every date comes from the data, never
from the build, so the page and the feed are the same whenever they are built:

    price_changes(catalog.models.values())[0]
    # Change(day=date(2026, 9, 1), model_id="acme/sage", lines=(("Input", "$2.00", "$1.25", "down"), ...))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from catalog.peers import PRICE_COMPONENTS
from catalog.pricing import EARLIEST
from catalog.schema import ModelSpec, PricingBlock
from catalog.site.pages import Page
from catalog.site.state import Site
from catalog.site.views import COMPONENT_NAMES, model_path, price_text, relative_root, unit_text

FOLDER = "changes/"
ON_PAGE = 500
"""The newest changes the page lists (the rest are in each model's price history)."""
IN_FEED = 50
"""Entries in the Atom feed."""
TAG_DATE = "2026"
"""The date part of the feed's tag URIs (RFC 4151): fixed, so an entry's id never changes."""
TERMS = ("output_images", "tiers", "variants", "windows")
"""Parts of a block besides the unit prices: a change there is named, not itemised."""
DIRECTION_WORDS = {"up": "up", "down": "down", "new": "newly published", "gone": "no longer published"}
TERM_NAMES = {"output_images": "per-image prices", "tiers": "context tiers", "variants": "batch and other variants",
              "windows": "time-of-day prices"}


class Change(NamedTuple):
    day: dt.date
    model_id: str
    name: str
    provider: str
    lines: tuple[tuple[str, str, str, str], ...]
    """(component, old price, new price, "up" / "down" / "new" / "gone") per changed unit price."""
    terms: tuple[str, ...]
    """Other parts of the prices that changed (context tiers, variants)."""
    source: str


def _dated(model: ModelSpec) -> list[PricingBlock]:
    """The model's pricing blocks, oldest first (a block without a date is the earliest)."""
    blocks = [b for b in (model.pricing, *model.price_history) if b is not None]
    return sorted(blocks, key=lambda b: b.effective or EARLIEST)


def _direction(old: Decimal | None, new: Decimal | None) -> str:
    if old is None:
        return "new"
    if new is None:
        return "gone"
    return "up" if new > old else "down"


def block_change(model: ModelSpec, before: PricingBlock, after: PricingBlock) -> Change | None:
    """What changed from `before` to `after` (which took effect on its date), or None."""
    lines = []
    for component in PRICE_COMPONENTS:
        old, new = getattr(before, component), getattr(after, component)
        if old != new:
            lines.append((f"{COMPONENT_NAMES[component]} {unit_text(component)}", price_text(old), price_text(new),
                          _direction(old, new)))
    terms = tuple(TERM_NAMES[t] for t in TERMS if getattr(before, t) != getattr(after, t))
    if not lines and not terms:
        return None
    return Change(after.effective, model.id, model.name, model.provider, tuple(lines), terms, str(after.source))


def price_changes(models: Iterable[ModelSpec]) -> list[Change]:
    """Every price change of every model, newest first (then by model id)."""
    changes = []
    for model in models:
        blocks = _dated(model)
        for before, after in zip(blocks, blocks[1:]):
            if after.effective is None:
                continue
            change = block_change(model, before, after)
            if change is not None:
                changes.append(change)
    changes.sort(key=lambda c: (-c.day.toordinal(), c.model_id))
    return changes


def _changes(site: Site) -> list[Change]:
    if "price_changes" not in site.extra:
        site.extra["price_changes"] = price_changes(site.catalog.models.values())
    return site.extra["price_changes"]


def pages(site: Site) -> Iterable[Page]:
    # Both show only the models with a price history (a single pricing block is no change): a
    # rebuild keeps them while none of those changed. One group, so one worker finds the changes.
    shows = tuple(model_id for model_id, model in site.catalog.models.items() if model.price_history)
    yield Page(f"{FOLDER}index.html", "changes.html", changes_context, group="price_changes", shows=shows)
    yield Page(f"{FOLDER}feed.xml", None, changes_feed, group="price_changes", shows=shows)


def summary(change: Change) -> str:
    """"Input /1M tokens $2.00 → $1.25; Output /1M tokens $12.00 → $10.00; context tiers changed"."""
    parts = [f"{what} {old} → {new}" for what, old, new, _ in change.lines]
    parts += [f"{term} changed" for term in change.terms]
    return "; ".join(parts)


def headline(change: Change) -> str:
    """"input down, output down, 2 more": an entry's title."""
    parts = [f"{what.split(' /')[0].lower()} {direction}" for what, _, _, direction in change.lines[:2]]
    more = len(change.lines) - len(parts) + len(change.terms)
    return ", ".join(parts + ([f"{more} more change{'s' * (more != 1)}"] if more else []))


def changes_context(site: Site) -> dict[str, Any]:
    changes = _changes(site)
    path = f"{FOLDER}index.html"
    days: list[dict[str, Any]] = []
    for change in changes[:ON_PAGE]:
        if not days or days[-1]["day"] != change.day.isoformat():
            days.append({"day": change.day.isoformat(), "changes": []})
        days[-1]["changes"].append({
            "id": change.model_id,
            "name": change.name,
            "provider": site.provider_name(change.provider),
            "href": model_path(change.model_id),
            "lines": [{"what": w, "old": o, "new": n, "direction": d, "note": DIRECTION_WORDS[d]} for w, o, n, d in change.lines],
            "terms": list(change.terms),
            "source": change.source,
        })
    return {
        "root": relative_root(path),
        "nav": "changes",
        "title": "Price changes of AI models",
        "description": f"{len(changes):,} price changes of AI models, newest first, from each model's dated price history.",
        "canonical_url": f"{site.base_url}{FOLDER}" if site.base_url else None,
        "days": days,
        "count": len(changes),
        "shown": min(len(changes), ON_PAGE),
    }


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def changes_feed(site: Site) -> str:
    """The newest changes as an Atom 1.0 feed. Ids are tag URIs under the site's host, stable
    across builds; links are absolute with a base URL, else relative to the feed."""
    changes = _changes(site)
    host = urlparse(site.base_url).hostname if site.base_url else None
    authority = host or "model-catalog.invalid"
    base = site.base_url or "../"

    def tag(rest: str) -> str:
        return f"tag:{authority},{TAG_DATE}:{rest}"

    newest = changes[0].day if changes else _newest_verified(site)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             "<title>Model Catalog: price changes</title>",
             "<subtitle>Price changes of AI models, newest first, from their dated price history.</subtitle>",
             f"<id>{escape(tag('changes'))}</id>",
             f"<updated>{_atom_date(newest)}</updated>",
             f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + FOLDER)}/>",
             *([f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(site.base_url + FOLDER + 'feed.xml')}/>"]
               if site.base_url else []),
             "<author><name>Model Catalog</name></author>"]
    for change in changes[:IN_FEED]:
        text = summary(change)
        lines += ["<entry>",
                  f"<title>{escape(change.name)}: {escape(headline(change))}</title>",
                  f"<id>{escape(tag(f'change/{change.model_id}/{change.day.isoformat()}'))}</id>",
                  f"<updated>{_atom_date(change.day)}</updated>",
                  f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + model_path(change.model_id))}/>",
                  f"<summary>{escape(f'{change.name} ({change.model_id}, {site.provider_name(change.provider)}) from {change.day.isoformat()}: {text}. Source: {change.source}')}</summary>",
                  "</entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _newest_verified(site: Site) -> dt.date:
    """A feed needs an `updated` date even with no change: the newest verification in the data."""
    days = [b.verified for m in site.catalog.models.values() for b in (m.pricing, *m.price_history) if b is not None]
    return max(days, default=dt.date(2000, 1, 1))
