"""Comparing models side by side: limits, modalities, capabilities, prices with their units,
status on the day, where each stands among its peers, and what the same workload costs on each.

`compare` gathers the facts; `comparison_rows` words them (one row per fact, one cell per
model, money through catalog.money) and `comparison_json` keeps them exact:

    c = compare([gpt_4o, claude], peers=all_chat_models, day=date(2026, 11, 30), workload=chatbot)
    comparison_rows(c)[0]    -> ("kind", ("chat", "chat"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from catalog.lifecycle import effective_status
from catalog.money import format_bill, format_count, format_price
from catalog.peers import Standing, peer_standings
from catalog.pricing import block_at, decimal_text
from catalog.schema import Capabilities, ModelSpec
from catalog.units import price_units

if TYPE_CHECKING:
    from catalog.workloads import Workload, WorkloadCost


@dataclass(frozen=True)
class Compared:
    """One model in a comparison."""

    model: ModelSpec
    status: str
    """Effective status on the day (catalog.lifecycle)."""
    prices: dict[str, Decimal | None]
    """Component -> USD per unit (catalog.units), as in force on the day; None is unknown."""
    standings: tuple[Standing, ...]
    cost: WorkloadCost | None
    """The workload priced on this model; None without a workload or when it is not for its kind."""
    cost_note: str | None
    """Why there is no cost although a workload was given."""


@dataclass(frozen=True)
class Comparison:
    day: dt.date
    workload: str | None
    models: tuple[Compared, ...]


def compare(models: Sequence[ModelSpec], *, peers: Iterable[ModelSpec], day: dt.date,
            workload: Workload | dict[str, Workload] | None = None,
            days_per_month: Decimal | None = None, at: dt.date | dt.datetime | None = None,
            first_party: Collection[str] = frozenset()) -> Comparison:
    """Compare `models` on `day`, ranked among `peers` (the models of their kinds, themselves
    included). `workload` is one preset for all, or one workload per model id (a usage given
    on the command line is made for each model's kind)."""
    from catalog.workloads import DEFAULT_DAYS_PER_MONTH, workload_cost

    standings = peer_standings(peers, today=day, first_party=first_party)  # as enrichment ranks them
    compared = []
    for model in models:
        prices = block_at(model, at or day)
        chosen = workload.get(model.id) if isinstance(workload, dict) else workload
        cost, note = None, None
        if chosen is not None and model.kind in chosen.kinds:
            cost = workload_cost(model, chosen, at, None, days_per_month or DEFAULT_DAYS_PER_MONTH)
        elif chosen is not None:
            note = f"for {', '.join(chosen.kinds)} models"
        compared.append(Compared(
            model=model,
            status=effective_status(model, day),
            prices={name: None if prices is None else getattr(prices, name) for name in price_units()},
            standings=standings.get(model.id, ()),
            cost=cost,
            cost_note=note,
        ))
    name = None
    if workload is not None:
        name = next(iter(workload.values())).name if isinstance(workload, dict) and workload else getattr(workload, "name", None)
    return Comparison(day, name, tuple(compared))


_CAPABILITY_WORDS = {True: "yes", False: "no", None: "not advertised"}


def comparison_rows(comparison: Comparison) -> list[tuple[str, tuple[str, ...]]]:
    """The comparison as rows of text: a label and one cell per model. Rows where every model
    is unknown or unadvertised are left out, so the table shows what tells them apart."""
    cs = comparison.models
    rows: list[tuple[str, tuple[str, ...]]] = [
        ("name", tuple(c.model.name for c in cs)),
        ("provider", tuple(c.model.provider for c in cs)),
        ("kind", tuple(c.model.kind for c in cs)),
        (f"status on {comparison.day.isoformat()}", tuple(c.status for c in cs)),
        ("context window", tuple(_tokens(c.model.limits.context_window) for c in cs)),
        *([("max input", tuple(_tokens(c.model.limits.max_input) for c in cs))]
          if any(c.model.limits.max_input is not None for c in cs) else []),
        ("max output", tuple(_tokens(c.model.limits.max_output) for c in cs)),
        ("input", tuple(", ".join(c.model.modalities.input) or "unknown" for c in cs)),
        ("output", tuple(", ".join(c.model.modalities.output) or "unknown" for c in cs)),
    ]
    for name in Capabilities.model_fields:
        values = [getattr(c.model.capabilities, name) for c in cs]
        if any(value is not None for value in values):
            rows.append((name.replace("_", " "), tuple(_CAPABILITY_WORDS[v] for v in values)))
    units = price_units()
    for component, unit in units.items():
        values = [c.prices[component] for c in cs]
        if component in ("input", "output") or any(value is not None for value in values):
            rows.append((f"{component} ({unit.label})", tuple(format_price(v) for v in values)))
    metrics = {}
    for c in cs:
        for s in c.standings:
            metrics.setdefault(s.metric.key, s.metric)
    for key, metric in metrics.items():
        cells = []
        for c in cs:
            s = next((s for s in c.standings if s.metric.key == key), None)
            cells.append("unknown" if s is None else _standing(s))
        rows.append((f"{metric.label} among peers", tuple(cells)))
    if comparison.workload is not None:
        rows.append((f"{comparison.workload} per month", tuple(_cost(c, monthly=True) for c in cs)))
        rows.append((f"{comparison.workload} per request", tuple(_cost(c, monthly=False) for c in cs)))
    return rows


def _tokens(value: int | None) -> str:
    return "unknown" if value is None else f"{format_count(value)} tokens"


def _standing(s: Standing) -> str:
    if s.rank is None:
        return f"too few peers to rank (n={s.n})"
    where = f"top {s.top_percent}%" if s.top_percent is not None and s.top_percent <= 50 else f"bottom {s.bottom_percent}%"
    return f"rank {format_count(s.rank)} of {format_count(s.n)}, {where}"


def _cost(c: Compared, *, monthly: bool) -> str:
    if c.cost is None:
        return c.cost_note or "unknown"
    total = c.cost.monthly.total if monthly else c.cost.per_request.total
    return format_bill(total)


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison for `--json`: exact decimal strings, null where unknown."""
    from catalog.workloads import workload_json

    def model_json(c: Compared) -> dict[str, Any]:
        m = c.model
        return {
            "id": m.id,
            "name": m.name,
            "provider": m.provider,
            "kind": m.kind,
            "status": c.status,
            "context_window": m.limits.context_window,
            "max_input": m.limits.max_input,
            "max_output": m.limits.max_output,
            "modalities": {"input": list(m.modalities.input), "output": list(m.modalities.output)},
            "capabilities": m.capabilities.model_dump(),
            "prices": {name: None if value is None else decimal_text(value)
                       for name, value in c.prices.items() if value is not None or name in ("input", "output")},
            "units": {name: unit.key for name, unit in price_units().items()},
            "standings": [{"metric": s.metric.key, "value": str(s.value), "n": s.n, "rank": s.rank,
                           "top_percent": s.top_percent} for s in c.standings],
            "workload": None if c.cost is None else workload_json(c.cost),
            "workload_note": c.cost_note,
        }

    return {"day": comparison.day.isoformat(), "workload": comparison.workload,
            "models": [model_json(c) for c in comparison.models]}
