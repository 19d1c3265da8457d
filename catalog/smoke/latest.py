"""Smoke results read back: the latest result per model and route, whether its cost checks
out, and each model's measured latency for its peers.

This is what reports and pages use; a line that cannot be read (a run killed mid-write) is
named and skipped, never fatal:

    history = read_results(Path("data/smoke"))
    latest = latest_by_route(history.results)   # {("openai/gpt-4o-mini", "agentcc:openai-chat"): result}
    cost_check(result, tolerance)               # "match", "mismatch" or "unchecked"
    measured_latency(history.results)           # {"openai/gpt-4o-mini": 0.41}  (seconds)

The site reads it all at once: `smoke_view(data_dir)` gives each model's route statuses and
the latency map that `enrich_catalog(catalog, latency=...)` ranks peers by.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from catalog.smoke.results import SmokeResult

CostCheck = Literal["match", "mismatch", "unchecked"]


@dataclass(frozen=True, slots=True)
class History:
    results: tuple[SmokeResult, ...]
    problems: tuple[str, ...]
    """`file:line: why` for each line that could not be read."""


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far the gateway's bill may be from the catalog's cost: a share of the catalog's
    cost, or an absolute amount, whichever is larger."""

    percent: Decimal = Decimal(1)
    usd: Decimal = Decimal("0.000001")


def read_results(folder: Path) -> History:
    """Every result in `folder/*.jsonl`, in file then line order."""
    results: list[SmokeResult] = []
    problems: list[str] = []
    if not folder.is_dir():
        return History((), ())
    for path in sorted(folder.glob("*.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot read ({error})")
            continue
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                result = SmokeResult.from_json(data)
                result.started  # noqa: B018 - a result without a readable time cannot be ordered
            except (ValueError, TypeError) as error:
                problems.append(f"{path}:{number}: not a smoke result ({error})")
                continue
            results.append(result)
    return History(tuple(results), tuple(problems))


def latest_by_route(results: Iterable[SmokeResult]) -> dict[tuple[str, str], SmokeResult]:
    """Per (model, route), the result that started last; sorted by model, then route."""
    latest: dict[tuple[str, str], SmokeResult] = {}
    for result in results:
        key = (result.model, result.route)
        if key not in latest or result.started > latest[key].started:
            latest[key] = result
    return dict(sorted(latest.items()))


def latest_per_model(results: Iterable[SmokeResult]) -> dict[str, tuple[SmokeResult, ...]]:
    """Per model id, the latest result of each of its routes (what a model page shows)."""
    out: dict[str, list[SmokeResult]] = {}
    for (model, _), result in latest_by_route(results).items():
        out.setdefault(model, []).append(result)
    return {model: tuple(found) for model, found in out.items()}


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return value if value.is_finite() else None


def cost_check(result: SmokeResult, tolerance: Tolerance = Tolerance()) -> CostCheck:
    """Whether the gateway's bill agrees with the catalog's cost of the same usage: the one
    place this is decided. Unchecked when the call failed or either amount is unknown."""
    gateway, catalog = _decimal(result.gateway_cost), _decimal(result.catalog_cost)
    if not result.ok or gateway is None or catalog is None:
        return "unchecked"
    allowed = max(tolerance.usd, abs(catalog) * tolerance.percent / 100)
    return "match" if abs(gateway - catalog) <= allowed else "mismatch"


def measured_latency(results: Iterable[SmokeResult]) -> dict[str, float]:
    """Each model's measured latency in seconds, for `peers` (lower is better): the median
    over its routes of the latest successful call's latency."""
    latest_ok: dict[tuple[str, str], SmokeResult] = latest_by_route(
        r for r in results if r.ok and r.latency_ms is not None)
    by_model: dict[str, list[float]] = {}
    for (model, _), result in latest_ok.items():
        assert result.latency_ms is not None
        by_model.setdefault(model, []).append(result.latency_ms / 1000)
    return {model: statistics.median(values) for model, values in by_model.items()}


def smoke_folder(data_dir: Path, results_dir: str = "smoke") -> Path:
    """Where a data folder's smoke results live (`smoke.results_dir` in catalog.yaml)."""
    return data_dir / results_dir


@dataclass(frozen=True, slots=True)
class RouteStatus:
    """A model's latest smoke result on one route, as a page shows it."""

    route: str
    gateway: str
    protocol: str
    ok: bool
    date: str
    """The UTC day of the call, `2026-11-30`."""
    latency_ms: float | None
    cost_check: CostCheck
    error_class: str | None
    result: SmokeResult

    def to_json(self) -> dict[str, object]:
        """The status as the JSON API carries it: the summary fields and the full result line."""
        return {"route": self.route, "gateway": self.gateway, "protocol": self.protocol, "ok": self.ok,
                "date": self.date, "latency_ms": self.latency_ms, "cost_check": self.cost_check,
                "error_class": self.error_class, "result": self.result.to_json()}


@dataclass(frozen=True, slots=True)
class SmokeView:
    """What the site needs from the smoke results: per model, the latest result of each route,
    and the measured latency (seconds) that `peers` ranks models by."""

    routes: dict[str, tuple[RouteStatus, ...]]
    latency: dict[str, float]
    problems: tuple[str, ...] = ()


def route_statuses(results: Iterable[SmokeResult], tolerance: Tolerance = Tolerance()) -> dict[str, tuple[RouteStatus, ...]]:
    """Per model id, the latest result of each of its routes with its cost check."""
    return {
        model: tuple(RouteStatus(r.route, r.gateway, r.protocol, r.ok, r.started.date().isoformat(), r.latency_ms,
                                 cost_check(r, tolerance), r.error_class, r) for r in found)
        for model, found in latest_per_model(results).items()
    }


def smoke_view(data_dir: Path) -> SmokeView:
    """The smoke results of a data folder, read with its `catalog.yaml` (results folder and
    cost tolerance); no results folder means an empty view."""
    from catalog.config import config_path, load_config

    config = load_config(config_path(data_dir))
    history = read_results(smoke_folder(data_dir, config.smoke.results_dir))
    tolerance = Tolerance(config.smoke.cost_tolerance_percent, config.smoke.cost_tolerance_usd)
    results = history.results
    return SmokeView(route_statuses(results, tolerance), measured_latency(results), history.problems)
