"""Workloads: named usage patterns (a chatbot, a RAG pipeline) priced as a monthly bill.

A workload gives one typical request's usage, how many requests a day, the share of the prompt
read from the prompt cache and the share of requests sent through the batch variant. Its
monthly bill is the per-request cost x requests per day x days per month, the tier decided
on each request, never on the month's tokens:

    - name: chatbot
      description: A support assistant answering short questions.
      kinds: [chat]
      usage: {input_tokens: 1500, output_tokens: 350}
      requests_per_day: 2000
      cache_hit_rate: 0.5      # half of each prompt is a cached prefix
      batch_share: 0

The cache hit rate only applies to models that list a cache-read price (a model without prompt
caching reads the whole prompt uncached), and the batch share only to models that offer a
batch variant (the rest of the traffic, or all of it, goes through the standard service).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError, model_validator

from catalog.findings import Finding
from catalog.layers import merge_layers
from catalog.load import Locator, SpecFileError, read_yaml
from catalog.schema_errors import schema_findings
from catalog.pricing import (
    Bill,
    Estimate,
    PriceTable,
    Usage,
    UsageError,
    bill,
    bill_json,
    check_quantity,
    compile_prices,
    decimal_text,
    estimate_json,
    estimate_request,
)
from catalog.pricing import today as current_day
from catalog.schema import (
    IMAGE_SIZE_PATTERN,
    MAX_TOKENS,
    SLUG_PATTERN,
    SPEC_FILE,
    Kind,
    ModelSpec,
    Spec,
    Text,
    YamlNumber,
)

DEFAULT_DAYS_PER_MONTH = Decimal("30.4")
"""365 / 12, rounded: the days in an average month."""

MAX_REQUESTS_PER_DAY = 1_000_000_000
"""A billion requests a day: more than any one workload sends, few enough to price quickly."""

Count = Annotated[int, Field(ge=0, le=MAX_TOKENS), YamlNumber]
Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False), YamlNumber]


class WorkloadError(ValueError):
    """A workloads file that cannot be used; the message names the file and line, and
    `findings` holds the same problems for `catalog validate`."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> WorkloadError:
        found = tuple(findings)
        return cls("\n".join(str(f) for f in found), found)


class UnknownWorkloadError(WorkloadError):
    """A workload name that the file does not define: a mistake on the command line."""


class RequestUsage(Spec):
    """What one typical request of the workload consumes. Counts are inclusive like a
    provider's usage report; cache reads come from the workload's `cache_hit_rate`."""

    input_tokens: Count = 0
    """The whole text prompt, cached part included."""
    output_tokens: Count = 0
    """Generated tokens, reasoning tokens included."""
    reasoning_tokens: Count = 0
    """The part of `output_tokens` spent thinking."""
    cache_write_5m_tokens: Count = 0
    """Prompt tokens written to a 5-minute cache (part of `input_tokens`)."""
    cache_write_1h_tokens: Count = 0
    """Prompt tokens written to a 1-hour cache (part of `input_tokens`)."""
    input_audio_tokens: Count = 0
    """Audio prompt tokens (not part of `input_tokens`)."""
    output_audio_tokens: Count = 0
    """Generated audio tokens."""
    input_image_tokens: Count = 0
    """Image prompt tokens (not part of `input_tokens`)."""
    output_image_tokens: Count = 0
    """Generated image tokens."""
    input_video_tokens: Count = 0
    """Video prompt tokens."""
    images_in: Count = 0
    """Input images priced per image."""
    images_out: Count = 0
    """Generated images."""
    image_size: Annotated[str, StringConstraints(pattern=IMAGE_SIZE_PATTERN)] | None = None
    """Size of the generated images, `WIDTHxHEIGHT`."""
    image_quality: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] | None = None
    """Quality of the generated images (standard, hd, low, medium, high)."""
    input_seconds: Count = 0
    """Seconds of input media (audio to transcribe)."""
    output_seconds: Count = 0
    """Seconds of generated media (speech, video)."""
    searches: Count = 0
    """Web searches the model runs."""
    input_characters: Count = 0
    """Input characters (text to speech)."""
    pages: Count = 0
    """Document pages processed."""

    @model_validator(mode="after")
    def _reasoning_within_output(self) -> RequestUsage:
        if self.reasoning_tokens > self.output_tokens:
            raise ValueError("reasoning_tokens must not exceed output_tokens, which include them")
        if self.cache_write_5m_tokens + self.cache_write_1h_tokens > self.input_tokens:
            raise ValueError("cache writes must not exceed input_tokens, which include them")
        return self


class Workload(Spec):
    """A named usage pattern, priced per request and per month."""

    name: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
    """Slug used on the command line and in page URLs."""
    description: Annotated[Text, StringConstraints(min_length=1, max_length=300)]
    """One sentence saying what the workload is."""
    kinds: tuple[Kind, ...] = Field(min_length=1)
    """Model kinds the workload makes sense for."""
    usage: RequestUsage
    """One typical request."""
    requests_per_day: Annotated[Decimal, Field(gt=0, le=MAX_REQUESTS_PER_DAY, allow_inf_nan=False), YamlNumber]
    """Requests sent per day."""
    cache_hit_rate: Share = Decimal(0)
    """Share of each prompt read from the prompt cache, on models that cache prompts."""
    batch_share: Share = Decimal(0)
    """Share of requests sent through the batch variant, on models that offer one."""

    @model_validator(mode="after")
    def _cache_fits_prompt(self) -> Workload:
        writes = self.usage.cache_write_5m_tokens + self.usage.cache_write_1h_tokens
        if self.usage.input_tokens * self.cache_hit_rate + writes > self.usage.input_tokens:
            raise ValueError("cache reads (input_tokens x cache_hit_rate) plus cache writes exceed input_tokens")
        return self


class WorkloadsFile(Spec):
    """The file `data/workloads.yaml`."""

    workloads: tuple[Workload, ...]
    """The presets, each with a unique name."""

    @model_validator(mode="after")
    def _not_empty(self) -> WorkloadsFile:
        if not self.workloads:
            raise ValueError("the file lists no workloads")
        return self


# --- reading --------------------------------------------------------------------------------


def load_workloads(path: Path) -> dict[str, Workload]:
    """Read (with the project's safe YAML reader) and validate a workloads file; every error
    names `file:line`."""
    try:
        data = read_yaml(path)
    except SpecFileError as err:
        raise WorkloadError.of(err.findings) from None
    locator = Locator()
    try:
        parsed = WorkloadsFile.model_validate(data, context=SPEC_FILE)
    except ValidationError as err:
        findings = schema_findings(err, merge_layers([(path, data)]), WorkloadsFile, locator)
        raise WorkloadError.of(findings) from None
    by_name: dict[str, Workload] = {}
    for index, workload in enumerate(parsed.workloads):
        if workload.name in by_name:  # said at the second use, where the fix goes
            line, column = locator.position(path, ("workloads", index, "name"))
            raise WorkloadError.of([Finding(path, line, column, "error", "workloads.unique-names",
                                            f"workload name '{workload.name}' is used twice")])
        by_name[workload.name] = workload
    return by_name


def workloads_findings(path: Path) -> tuple[Finding, ...]:
    """What `catalog validate` says about a workloads file: nothing when it can be used."""
    try:
        load_workloads(path)
    except WorkloadError as error:
        return error.findings
    return ()


BUNDLED = Path(__file__).resolve().parent.parent / "data" / "workloads.yaml"


def find_workload(name: str, data_dir: Path | None = None) -> Workload:
    """The preset called `name` from `<data_dir>/workloads.yaml` (the bundled data by default)."""
    path = (data_dir / "workloads.yaml") if data_dir is not None else BUNDLED
    workloads = load_workloads(path)
    if name not in workloads:
        raise UnknownWorkloadError(f"no workload {name!r} in {path} (known: {', '.join(sorted(workloads))})")
    return workloads[name]


# --- pricing --------------------------------------------------------------------------------


def request_usage(workload: Workload, table: PriceTable) -> Usage:
    """One typical request as the engine's `Usage`, its cache reads set by the hit rate when
    the model caches prompts."""
    u = workload.usage
    cache_read = u.input_tokens * workload.cache_hit_rate if table.caches_prompts else 0
    return Usage(
        input_tokens=u.input_tokens,
        cache_read_tokens=cache_read,
        cache_write_5m_tokens=u.cache_write_5m_tokens,
        cache_write_1h_tokens=u.cache_write_1h_tokens,
        output_tokens=u.output_tokens,
        reasoning_tokens=u.reasoning_tokens,
        input_audio_tokens=u.input_audio_tokens,
        output_audio_tokens=u.output_audio_tokens,
        input_image_tokens=u.input_image_tokens,
        output_image_tokens=u.output_image_tokens,
        input_video_tokens=u.input_video_tokens,
        images_in=u.images_in,
        images_out=u.images_out,
        image_size=u.image_size,
        image_quality=u.image_quality,
        input_seconds=u.input_seconds,
        output_seconds=u.output_seconds,
        searches=u.searches,
        input_characters=u.input_characters,
        pages=u.pages,
        requests=1,
    )


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """A workload priced on one model: the per-request estimates and the monthly bill."""

    workload: str
    days_per_month: Decimal
    requests_per_day: Decimal
    batch_share: Decimal
    """The batch share actually applied (0 when the model offers no batch variant)."""
    per_request: Estimate
    per_request_batch: Estimate | None
    monthly: Bill


def check_days_per_month(days: Decimal) -> None:
    """Raise `UsageError` unless `days` is a month's worth of days: more than 0, at most 31,
    and a quantity the engine can price (finite, no finer than `pricing.MIN_QUANTITY_EXPONENT`)."""
    check_quantity("days per month", days)
    if not 0 < days <= 31:
        raise UsageError(f"days per month must be more than 0 and at most 31, got {days}")


def workload_cost(
    model: ModelSpec,
    workload: Workload,
    at: dt.date | dt.datetime | None = None,
    variant: str | None = None,
    days_per_month: Decimal = DEFAULT_DAYS_PER_MONTH,
) -> WorkloadCost:
    """Price `workload` on `model`. With an explicit `variant` every request uses it and the
    workload's batch share is not applied."""
    check_days_per_month(days_per_month)
    table = compile_prices(model, at, variant)
    per_request = estimate_request(table, request_usage(workload, table))
    share = Decimal(0)
    batch: Estimate | None = None
    if variant in (None, "standard") and workload.batch_share and "batch" in table.variants_offered:
        batch_table = compile_prices(model, at, "batch")
        batch = estimate_request(batch_table, request_usage(workload, batch_table))
        share = workload.batch_share
    requests = workload.requests_per_day * days_per_month
    parts = [(1 - share, per_request)] + ([(share, batch)] if batch is not None else [])
    return WorkloadCost(
        workload=workload.name,
        days_per_month=days_per_month,
        requests_per_day=workload.requests_per_day,
        batch_share=share,
        per_request=per_request,
        per_request_batch=batch,
        monthly=bill(parts, requests),
    )


def workload_json(cost: WorkloadCost) -> dict[str, Any]:
    """The estimate shape whose top level is the monthly bill, with the per-request detail."""
    month = cost.monthly
    top = estimate_json(cost.per_request)
    return {
        "model": top["model"],
        "currency": "USD",
        "at": top["at"],
        "variant": top["variant"],
        "workload": cost.workload,
        "tier": top["tier"],
        "total": None if month.total is None else decimal_text(month.total),
        "known_subtotal": decimal_text(month.known_subtotal),
        "unknown": bill_json(month)["unknown"],
        "lines": bill_json(month)["by_component"],
        "per_request": top,
        "per_request_batch": None if cost.per_request_batch is None else estimate_json(cost.per_request_batch),
        "parts": [
            {
                "variant": est.variant or "standard",
                "share": decimal_text(share),
                "total": None if est.total is None else decimal_text(est.total),
                "known_subtotal": decimal_text(est.known_subtotal),
            }
            for share, est in month.parts
        ],
        "monthly": {
            "requests_per_day": decimal_text(cost.requests_per_day),
            "days": decimal_text(cost.days_per_month),
            "batch_share": decimal_text(cost.batch_share),
            **bill_json(month),
            "average_per_request": None if month.total is None or not month.requests
            else decimal_text(month.total / month.requests),
        },
    }


# --- ranking --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ranking:
    """Models that fit a workload: those with a known monthly total, cheapest first, and
    apart those that cannot be priced and those that no longer answer (with why)."""

    workload: str
    priced: tuple[tuple[ModelSpec, WorkloadCost], ...]
    unpriced: tuple[tuple[ModelSpec, WorkloadCost], ...]
    retired: tuple[tuple[ModelSpec, str], ...] = ()
    day: dt.date | None = None
    """The day the lifecycle was judged on."""


def retirement(model: ModelSpec, day: dt.date) -> str | None:
    """Why `model` no longer answers on `day`, or None while it does."""
    if model.retires_on is not None and model.retires_on <= day:
        return f"retired on {model.retires_on.isoformat()}"
    if model.status == "retired":
        return "status retired"
    return None


def is_deprecated(model: ModelSpec, day: dt.date) -> bool:
    """Still answering, but its provider discourages new use."""
    return model.status == "deprecated" or (model.deprecated_on is not None and model.deprecated_on <= day)


def fits(model: ModelSpec, kinds: Iterable[str], require: Iterable[str] = (), min_context: int | None = None) -> bool:
    """Whether `model` is of one of `kinds`, advertises every required capability, and has at
    least `min_context` tokens of context (an unpublished context window does not fit)."""
    if model.kind not in kinds:
        return False
    if any(getattr(model.capabilities, c) is not True for c in require):
        return False
    if min_context is not None:
        window = model.limits.context_window
        if window is None or window < min_context:
            return False
    return True


def rank_models(
    models: Iterable[ModelSpec],
    workload: Workload,
    kind: str | None = None,
    require: Iterable[str] = (),
    min_context: int | None = None,
    at: dt.date | dt.datetime | None = None,
    days_per_month: Decimal = DEFAULT_DAYS_PER_MONTH,
    today: dt.date | None = None,
) -> Ranking:
    """Rank the models that fit the workload by monthly cost; ties go by model id. Models
    retired on the day judged (`today`, else the day of `at`, else the current UTC day) are
    left out of the ranking and listed apart: a model that no longer answers has no cost."""
    kinds = (kind,) if kind else workload.kinds
    require = tuple(require)
    if today is None:
        today = current_day() if at is None else (at.date() if isinstance(at, dt.datetime) else at)
    priced, unpriced, retired = [], [], []
    for model in models:
        if not fits(model, kinds, require, min_context):
            continue
        why = retirement(model, today)
        if why is not None:
            retired.append((model, why))
            continue
        cost = workload_cost(model, workload, at=at, days_per_month=days_per_month)
        (unpriced if cost.monthly.total is None else priced).append((model, cost))
    priced.sort(key=lambda mc: (mc[1].monthly.total, mc[0].id))
    unpriced.sort(key=lambda mc: mc[0].id)
    retired.sort(key=lambda mw: mw[0].id)
    return Ranking(workload.name, tuple(priced), tuple(unpriced), tuple(retired), today)


def ranking_json(ranking: Ranking, top: int | None = None) -> dict[str, Any]:
    """The `cheapest` result: the `top` cheapest priced models (deprecated ones flagged), every
    model that fits but cannot be priced, with the prices it lacks, and those retired."""
    priced = ranking.priced if top is None else ranking.priced[:top]
    day = ranking.day or current_day()
    return {
        "workload": ranking.workload,
        "day": day.isoformat(),
        "currency": "USD",
        "priced_count": len(ranking.priced),
        "priced": [
            {
                "rank": rank,
                "model": model.id,
                "name": model.name,
                "monthly_total": decimal_text(cost.monthly.total),  # type: ignore[arg-type]
                "per_request_total": None if cost.per_request.total is None else decimal_text(cost.per_request.total),
                "batch_share": decimal_text(cost.batch_share),
                "deprecated": is_deprecated(model, day),
            }
            for rank, (model, cost) in enumerate(priced, start=1)
        ],
        "unpriced": [
            {
                "model": model.id,
                "name": model.name,
                "deprecated": is_deprecated(model, day),
                "known_subtotal": decimal_text(cost.monthly.known_subtotal),
                "missing": [{"component": m.component, "unit": m.unit, "reason": m.reason} for m in cost.monthly.unknown],
            }
            for model, cost in ranking.unpriced
        ],
        "retired": [{"model": model.id, "name": model.name, "reason": why} for model, why in ranking.retired],
    }


# --- workloads from the command line ----------------------------------------------------------

OUTPUT_MEDIA_KINDS = ("image-generation", "image-edit", "video-generation", "speech")
"""Kinds whose images and seconds are generated media; for every other kind they are input."""


def usage_fields(kind: str, counts: dict[str, Any]) -> dict[str, Any]:
    """One request's usage as named on the command line (`images`, `seconds`, `cache_write_tokens`)
    in the names of `pricing.Usage` and `RequestUsage`: images and seconds are generated by an
    image, video or speech model and sent to any other. Zero and None counts are left out."""
    generated = kind in OUTPUT_MEDIA_KINDS
    renamed = {"images": "images_out" if generated else "images_in",
               "seconds": "output_seconds" if generated else "input_seconds",
               "cache_write_tokens": "cache_write_5m_tokens"}
    return {renamed.get(name, name): value for name, value in counts.items() if value not in (0, None)}


def custom_workload(kind: str, usage: dict[str, Any], requests_per_day: Decimal,
                    cache_hit_rate: Decimal = Decimal(0), batch_share: Decimal = Decimal(0)) -> Workload:
    """A workload made of one request's usage (RequestUsage field names), for models of `kind`;
    a usage that cannot be real raises ValueError saying why, in the words of the fields."""
    return _validated({"name": "custom", "description": "A workload described on the command line.",
                       "kinds": [kind], "usage": usage, "requests_per_day": requests_per_day,
                       "cache_hit_rate": cache_hit_rate, "batch_share": batch_share})


def adjust_workload(workload: Workload, usage: dict[str, Any] | None = None, **settings: Any) -> Workload:
    """A preset with some of its request's usage (`image_size`, `image_quality`, ...) and some
    of its settings (`requests_per_day`, `cache_hit_rate`, `batch_share`) replaced, checked again."""
    data = workload.model_dump()
    data["usage"] = {**data["usage"], **(usage or {})}
    data.update({name: value for name, value in settings.items() if value is not None})
    return _validated(data)


def _validated(data: dict[str, Any]) -> Workload:
    try:
        return Workload.model_validate(data)
    except ValidationError as error:
        problems = []
        for problem in error.errors(include_url=False):
            where = ".".join(str(part) for part in problem["loc"] if part != "usage")
            message = problem["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        raise ValueError("; ".join(problems)) from None


def kind_mismatch(workload: Workload, model: ModelSpec, others: Iterable[Workload] = ()) -> str | None:
    """Why `workload` does not apply to `model` (made for other kinds), naming the presets of
    `others` that do apply; None when it applies."""
    if model.kind in workload.kinds:
        return None
    meant = ", ".join(workload.kinds)
    fitting = sorted(w.name for w in others if model.kind in w.kinds)
    hint = f"; for {model.kind} models try {', '.join(fitting)}" if fitting else ""
    return (f"workload {workload.name} is meant for {meant} models, and {model.id} is a {model.kind} "
            f"model{hint}")


def workloads_file(data_dir: Path | None) -> Path:
    """`<data_dir>/workloads.yaml`, or the bundled presets (as `find_workload` reads them)."""
    return (data_dir / "workloads.yaml") if data_dir is not None else BUNDLED
