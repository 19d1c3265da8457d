"""A smoke call's result: one JSON line, appended as soon as the call finishes.

Each line says what was called, whether it answered, how fast, what the gateway billed and
what the catalog's prices say the same usage costs (amounts are decimal strings, exact):

    {"model": "openai/gpt-4o-mini", "route": "agentcc:openai-chat", "ok": true,
     "http_status": 200, "attempts": 1, "latency_ms": 412.3, "gateway_cost": "0.0000036",
     "catalog_cost": "0.0000036", "cost_difference": "0", "usage": {"input_tokens": 12, ...}}

API keys never reach a line: every line passes through `redact` with the run's keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from catalog import pricing
from catalog.schema import ModelSpec

REDACTED = "[redacted]"


@dataclass(frozen=True, slots=True)
class SmokeResult:
    """One call through one route, as recorded."""

    model: str
    route: str
    gateway: str
    protocol: str
    gateway_model: str
    started_at: str
    """UTC, ISO 8601 with seconds' fraction."""
    ok: bool
    http_status: int | None
    attempts: int
    latency_ms: float | None
    """Measured by the runner: first byte sent to the final answer (polls included)."""
    gateway_latency_ms: float | None = None
    """What the gateway says the call took."""
    provider: str | None = None
    gateway_cost: str | None = None
    cache: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    polls: int | None = None
    """Predictions: how many times the prediction was polled."""
    catalog_cost: str | None = None
    """The catalog's cost of `usage` at `started_at` (catalog.pricing), None when unknown."""
    catalog_cost_missing: tuple[str, ...] = ()
    """Why the catalog's cost is unknown: the prices it lacks."""
    cost_difference: str | None = None
    """gateway_cost - catalog_cost, when both are known."""
    error_class: str | None = None
    error_message: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["catalog_cost_missing"] = list(self.catalog_cost_missing)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SmokeResult:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["catalog_cost_missing"] = tuple(values.get("catalog_cost_missing") or ())
        values["usage"] = dict(values.get("usage") or {})
        return cls(**values)

    @property
    def started(self) -> dt.datetime:
        """`started_at` as an aware UTC datetime (a line without a zone is read as UTC)."""
        when = dt.datetime.fromisoformat(self.started_at)
        return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def usage_json(usage: pricing.Usage | None) -> dict[str, Any]:
    """The non-zero quantities of a usage, as the result line records them."""
    if usage is None:
        return {}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(usage):
        value = getattr(usage, f.name)
        if value:
            out[f.name] = value if isinstance(value, (int, str)) else pricing.decimal_text(value)
    return out


def catalog_cost(model: ModelSpec, usage: pricing.Usage, at: dt.datetime) -> tuple[Decimal | None, tuple[str, ...]]:
    """What the catalog says `usage` costs on `model` at `at`, and the prices it lacks."""
    try:
        est = pricing.estimate(model, usage, at)
    except (pricing.UsageError, pricing.EstimateError) as error:
        return None, (f"usage: {error}",)
    return est.total, tuple(m.reason for m in est.unknown)


def costs(model: ModelSpec, usage: pricing.Usage | None, gateway_cost: Decimal | None,
          at: dt.datetime) -> dict[str, Any]:
    """The cost fields of a result: the catalog's cost for the usage and the difference."""
    if usage is None:
        return {"catalog_cost": None, "catalog_cost_missing": (), "cost_difference": None}
    total, missing = catalog_cost(model, usage, at)
    difference = None if total is None or gateway_cost is None else gateway_cost - total
    return {
        "catalog_cost": None if total is None else pricing.decimal_text(total),
        "catalog_cost_missing": missing,
        "cost_difference": None if difference is None else pricing.decimal_text(difference),
    }


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced; the one guard between a key and any output."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def results_file(folder: Path, day: dt.date) -> Path:
    """Results are appended to one file per UTC day: `data/smoke/2026-11-30.jsonl`."""
    return folder / f"{day.isoformat()}.jsonl"


class ResultWriter:
    """Appends result lines to a file, each written whole and flushed as its call finishes,
    so an interrupted run keeps every finished result."""

    def __init__(self, path: Path, secrets: Iterable[str] = ()) -> None:
        self.path = path
        # A key as written inside a JSON string too (a quote or backslash in it is escaped there).
        self._secrets = tuple({form for s in secrets if s for form in (s, json.dumps(s)[1:-1])})
        self._file: IO[str] | None = None
        self.written = 0

    def open(self) -> None:
        """Create the folder and open the file, so a results folder that cannot be written
        stops the run before any call is paid for."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")

    def write(self, result: SmokeResult) -> None:
        self.open()
        assert self._file is not None
        line = json.dumps(result.to_json(), ensure_ascii=False, sort_keys=False)
        self._file.write(redact(line, self._secrets) + "\n")
        self._file.flush()
        self.written += 1

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> ResultWriter:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
