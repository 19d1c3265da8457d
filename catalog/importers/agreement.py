"""Where two imported datasets disagree about one offering, field by field, beyond a tolerance.

An import compares its specs with the snapshots of the datasets before it in
`layers.SOURCE_ORDER` (models.dev with LiteLLM; model-prices with both), by offering id, and
lists every difference in its report; time-of-day rules a dataset states are checked against
the windows the other one imported:

    with_disagreements(result, Path("data"))
    -> report.disagreements == (Disagreement("pricing.output", "openai/gpt-4o", "litellm", "10", "15"), ...)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from catalog.importers.common import Disagreement, ImportResult, ImportSourceError, Schedule, day_minutes
from catalog.layers import SOURCE_ORDER
from catalog.pricing import WEEKDAYS
from catalog.schema import Capabilities, PriceSet

TOLERANCE = Decimal("0.01")
"""Relative difference (to the larger value) above which two numbers disagree."""
LIMITS = ("context_window", "max_input", "max_output")
SCALARS = ("released", "knowledge_cutoff", "open_weights")
"""Compared when both state them; `kind` is not: models.dev and model-prices have none, so
theirs is inferred, and an inference is not a statement to disagree with."""
TIME_OF_DAY_SOURCES = ("litellm",)
"""Datasets whose specs can carry time-of-day windows (models.dev has no field for them), so
a schedule they lack a window for is a disagreement."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def earlier_sources(name: str) -> tuple[str, ...]:
    """The datasets an import of `name` is compared with: those before it in the order."""
    return SOURCE_ORDER[: SOURCE_ORDER.index(name)] if name in SOURCE_ORDER else ()


def with_disagreements(result: ImportResult, data_dir: Path) -> ImportResult:
    """The result whose report lists its disagreements with the earlier datasets' snapshots
    found under `data_dir/imported/` (none for the first dataset, which is left as it was)."""
    others = [s for s in earlier_sources(result.report.dataset.name) if (data_dir / "imported" / s / "models").is_dir()]
    if not others:
        return result
    found: list[Disagreement] = []
    matched: dict[str, int] = {}
    ours = {m.id: m.model_dump(mode="json", exclude_defaults=True) for m in result.models}
    for other in others:
        theirs = _snapshot_specs(data_dir / "imported" / other, ours)
        matched[other] = len(theirs)
        for model_id, their_spec in sorted(theirs.items()):
            found += compare(model_id, ours[model_id], their_spec, other)
        if other in TIME_OF_DAY_SOURCES:
            found += check_schedules(result.schedules, theirs, other)
    cases = tuple(sorted(found, key=lambda d: (d.field, d.model_id, d.dataset)))
    return replace(result, report=replace(result.report, disagreements=cases, compared=tuple(sorted(matched.items()))))


def _snapshot_specs(root: Path, ids: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The other snapshot's specs of the offerings this import also has."""
    found = {}
    for model_id in ids:
        path = root / "models" / f"{model_id}.yaml"
        if path.is_file():
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
                raise ImportSourceError(f"{path}: cannot read it to compare with: {error}") from error
            found[model_id] = data if isinstance(data, dict) else {}
    return found


def compare(model_id: str, ours: Mapping[str, Any], theirs: Mapping[str, Any], dataset: str) -> list[Disagreement]:
    """Every field both specs state and disagree on: dates and open weights, limits (beyond the
    tolerance), modalities (as sets), capability flags, and current flat prices."""
    out: list[Disagreement] = []

    def differ(field: str, a: Any, b: Any) -> None:
        out.append(Disagreement(field, model_id, dataset, _text(a), _text(b)))

    for name in SCALARS:
        a, b = ours.get(name), theirs.get(name)
        if a is not None and b is not None and str(a) != str(b):
            differ(name, a, b)
    for name in LIMITS:
        a, b = (ours.get("limits") or {}).get(name), (theirs.get("limits") or {}).get(name)
        if a is not None and b is not None and not agree(a, b):
            differ(f"limits.{name}", a, b)
    for side in ("input", "output"):
        a, b = (ours.get("modalities") or {}).get(side), (theirs.get("modalities") or {}).get(side)
        if a and b and set(a) != set(b):
            differ(f"modalities.{side}", sorted(a), sorted(b))
    for flag in Capabilities.model_fields:
        a, b = (ours.get("capabilities") or {}).get(flag), (theirs.get("capabilities") or {}).get(flag)
        if a is not None and b is not None and a != b:
            differ(f"capabilities.{flag}", a, b)
    our_prices, their_prices = ours.get("pricing") or {}, theirs.get("pricing") or {}
    for component in PriceSet.model_fields:
        a, b = our_prices.get(component), their_prices.get(component)
        if a is not None and b is not None and not agree(a, b):
            differ(f"pricing.{component}", a, b)
    return out


def _discounted_on(day: str, windows: Sequence[Mapping[str, Any]]) -> frozenset[int]:
    """The minutes of `day` that the windows covering that day (those naming no days, or it) discount."""
    return frozenset().union(*(day_minutes(w["start"], w["end"]) for w in windows if not w.get("days") or day in w["days"]))


def agree(a: Any, b: Any, tolerance: Decimal = TOLERANCE) -> bool:
    """Two numbers within the tolerance of the larger; anything else must be equal."""
    try:
        x, y = Decimal(str(a)), Decimal(str(b))
    except InvalidOperation:
        return a == b
    larger = max(abs(x), abs(y))
    return larger == 0 or abs(x - y) / larger <= tolerance


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


# --- time-of-day rules --------------------------------------------------------------------


def check_schedules(schedules: Sequence[Schedule], theirs: Mapping[str, Mapping[str, Any]], dataset: str) -> list[Disagreement]:
    """A time-of-day rule in force against the windows of the other dataset's current prices:
    the same discounted minutes on each day of the week and the same ratio of discounted to
    full price.
    A rule the other dataset has no window for is a disagreement too (it prices every hour
    the same)."""
    out = []
    for schedule in schedules:
        spec = theirs.get(schedule.model_id)
        if spec is None:
            continue
        pricing = spec.get("pricing") or {}
        windows = pricing.get("windows") or []
        if not windows:
            out.append(Disagreement("pricing.windows", schedule.model_id, dataset, schedule.describe(), "no window"))
            continue
        ratios = set()
        for window in windows:
            ratio = window.get("multiplier")
            if ratio is None and window.get("input") is not None and pricing.get("input"):
                ratio = Decimal(str(window["input"])) / Decimal(str(pricing["input"]))
            ratios.add(None if ratio is None else Decimal(str(ratio)))
        their_ratio = ratios.pop() if len(ratios) == 1 else None
        same_hours = all(_discounted_on(day, windows) == schedule.discounted_minutes_on(day) for day in WEEKDAYS)
        same_ratio = their_ratio is not None and agree(their_ratio, schedule.ratio)
        if not (same_hours and same_ratio):
            listed = "; ".join(f"{w['start']}-{w['end']}" for w in windows)
            out.append(Disagreement("pricing.windows", schedule.model_id, dataset, schedule.describe(),
                                    f"{listed} x{their_ratio if their_ratio is not None else '?'}"))
    return out


def _discounted_on(day: str, windows: Sequence[Mapping[str, Any]]) -> frozenset[int]:
    """The minutes of `day` that the windows covering that day (those naming no days, or it) discount."""
    return frozenset().union(*(day_minutes(w["start"], w["end"]) for w in windows if not w.get("days") or day in w["days"]))
