"""How pages show smoke results: a model page's row per route (status, day, latency, whether
the gateway's bill matches the catalog's prices) and the index's one mark per model.

The results and their cost check come from `catalog.smoke.latest`; this module only words them:

    summary(statuses)   # {"state": "failed", "mark": "✗", "rank": 2,
                        #  "title": "Smoke test of 2026-11-30: 1 of 2 routes answered"}
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from catalog.money import format_bill
from catalog.smoke.latest import RouteStatus

STATES: dict[str, tuple[str, str]] = {
    # state: (mark, what it means), in the order the index sorts them
    "passed": ("✓", "no bill differs from the catalog's prices"),
    "mismatch": ("≠", "a gateway's bill differs from the catalog's prices"),
    "failed": ("✗", "a route's latest call failed"),
    "untested": ("", "Not smoke-tested"),
}
RANK = {state: rank for rank, state in enumerate(STATES)}


def _money(text: str | None) -> str:
    return "unknown" if text is None else format_bill(Decimal(text))


def check_text(status: RouteStatus) -> str:
    """The cost check in words, with the amounts it compared."""
    result = status.result
    if status.cost_check == "match":
        return f"matches the catalog ({_money(result.gateway_cost)})"
    if status.cost_check == "mismatch":
        return f"differs: the gateway billed {_money(result.gateway_cost)}, the catalog says {_money(result.catalog_cost)}"
    if not status.ok:
        return "not checked: the call failed"
    if result.gateway_cost is None:
        return "not checked: the gateway reported no cost"
    missing = ", ".join(result.catalog_cost_missing)
    return f"not checked: the catalog's price is unknown{f' ({missing})' if missing else ''}"


def route_row(status: RouteStatus) -> dict[str, Any]:
    """One route's latest result as the model page shows it."""
    result = status.result
    error = None
    if not status.ok:
        error = ": ".join(p for p in (status.error_class, result.error_message) if p) or "no answer"
    return {
        "route": status.route,
        "ok": status.ok,
        "status": "answered" if status.ok else "failed",
        "error": error,
        "date": status.date,
        "latency": "—" if status.latency_ms is None else f"{status.latency_ms:,.0f} ms",
        "check": status.cost_check,
        "check_text": check_text(status),
    }


def summary(statuses: Sequence[RouteStatus]) -> dict[str, Any]:
    """The index's mark for a model: the worst of its routes' latest results."""
    if not statuses:
        state = "untested"
    elif not all(s.ok for s in statuses):
        state = "failed"
    elif any(s.cost_check == "mismatch" for s in statuses):
        state = "mismatch"
    else:
        state = "passed"
    mark, meaning = STATES[state]
    title = meaning
    if statuses:
        answered = sum(s.ok for s in statuses)
        title = (f"Smoke test of {max(s.date for s in statuses)}: {answered} of {len(statuses)} "
                 f"route{'s' if len(statuses) != 1 else ''} answered; {meaning}")
    return {"state": state, "mark": mark, "rank": RANK[state], "title": title}
