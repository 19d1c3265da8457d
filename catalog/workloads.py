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

Traffic is spread evenly over the week's UTC hours unless the workload names its busy hours
(`busy_hours: {start: "08:00", end: "18:00", days: [mon, tue, wed, thu, fri], share: 0.8}`:
80% of the requests in those hours, the rest spread evenly over the others). On a model with
time-of-day prices (DeepSeek's off-peak hours) the month is the weighted sum, over its windows,
of the per-request cost in each window times the share of requests sent while it is in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import Field, StringConstraints, ValidationError, model_validator

from catalog.findings import Finding
from catalog.identity import canonical_id
from catalog.lifecycle import effective_status, is_retired
from catalog.pricing import (
    WEEKDAYS,
    Bill,
    Estimate,
    Moment,
    PriceTable,
    Usage,
    UsageError,
    bill,
    bill_json,
    block_at,
    check_quantity,
    compile_prices,
    decimal_text,
    estimate_json,
    estimate_request,
    no_prices_reason,
    window_covers,
    window_index,
)
from catalog.pricing import today as current_day
from catalog.schema import (
    IMAGE_SIZE_PATTERN,
    MAX_TOKENS,
    SLUG_PATTERN,
    SPEC_FILE,
    ClockTime,
    Kind,
    ModelSpec,
    Spec,
    Text,
    TimeWindow,
    Weekday,
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


class BusyHours(Spec):
    """When most of a workload's requests are sent: `share` of them between `start` and `end`
    (UTC) on `days`, the rest spread evenly over the other hours of the week."""

    start: ClockTime
    """Start of the busy hours, UTC, inclusive."""
    end: ClockTime
    """End of the busy hours, UTC, exclusive; earlier than `start` when they span midnight."""
    days: tuple[Weekday, ...] = ()
    """Days of the week with busy hours (UTC); empty means every day."""
    share: Share
    """Share of the requests sent in the busy hours."""

    @model_validator(mode="after")
    def _part_of_the_week(self) -> BusyHours:
        if self.start == self.end:
            raise ValueError("busy hours must start and end at different times")
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
    busy_hours: BusyHours | None = None
    """When most requests are sent; absent, traffic is spread evenly over the week."""

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
    # The reader is imported here: pricing a workload made of flags reads no file.
    from catalog.layers import merge_layers
    from catalog.load import Locator, SpecFileError, read_yaml
    from catalog.schema_errors import schema_findings

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


WEEK_MINUTES = 7 * 24 * 60


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def traffic_by_window(windows: tuple[TimeWindow, ...], busy: BusyHours | None) -> tuple[tuple[Decimal, Moment], ...]:
    """The share of a week's requests sent while each of `windows` (or none) is in force, each
    with the first UTC moment of the week it is in force. The week is cut wherever a window or
    the busy hours start or end; each piece weighs its minutes times the traffic density there.

        windows [off-peak 16:30-00:30], no busy hours
        -> ((Decimal("0.6667"), Moment("00:30", "mon")), (Decimal("0.3333"), Moment("00:00", "mon")))
    """
    edges = {0, 24 * 60}
    for span in (*windows, *((busy,) if busy is not None else ())):
        edges |= {_minutes(span.start), _minutes(span.end)}
    cuts = sorted(edges)
    pieces = []  # (minutes, in the busy hours, moment)
    for day in WEEKDAYS:
        for start, end in zip(cuts, cuts[1:]):
            moment = Moment(f"{start // 60:02d}:{start % 60:02d}", day)
            pieces.append((end - start, busy is not None and window_covers(busy, moment), moment))
    busy_minutes = sum(minutes for minutes, is_busy, _ in pieces if is_busy)
    # Minutes are summed per window first and divided once, so shares are exact fractions.
    in_busy: dict[int | None, int] = {}
    in_rest: dict[int | None, int] = {}
    first: dict[int | None, Moment] = {}
    for minutes, is_busy, moment in pieces:
        index = window_index(windows, moment)
        tally = in_busy if is_busy else in_rest
        tally[index] = tally.get(index, 0) + minutes
        first.setdefault(index, moment)
    shares: dict[int | None, Decimal] = {}
    for index in first:
        busy_part, rest = in_busy.get(index, 0), in_rest.get(index, 0)
        if busy is None:
            shares[index] = Decimal(rest) / WEEK_MINUTES
        else:
            shares[index] = (busy.share * busy_part / busy_minutes
                             + (1 - busy.share) * rest / (WEEK_MINUTES - busy_minutes))
    return tuple((shares[index], first[index]) for index in first if shares[index])


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """A workload priced on one model: the per-request estimates and the monthly bill."""

    workload: str
    days_per_month: Decimal
    requests_per_day: Decimal
    batch_share: Decimal
    """The batch share actually applied (0 when the model offers no batch variant)."""
    per_request: Estimate
    """One request at the standard prices outside any time window (or at `at`'s time of day)."""
    per_request_batch: Estimate | None
    monthly: Bill
    """Every part of the traffic: each time window's share (when the model has windows), split
    between standard and batch."""


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
    workload's batch share is not applied. A datetime `at` prices every request at its time of
    day; otherwise the traffic is spread over the model's time windows (`traffic_by_window`)."""
    check_days_per_month(days_per_month)
    table = compile_prices(model, at, variant)
    per_request = estimate_request(table, request_usage(workload, table))
    share = Decimal(0)
    batch: Estimate | None = None
    with_batch = variant in (None, "standard") and workload.batch_share and "batch" in table.variants_offered
    if with_batch:
        batch_table = compile_prices(model, at, "batch")
        batch = estimate_request(batch_table, request_usage(workload, batch_table))
        share = workload.batch_share
    block = block_at(model, at)
    if isinstance(at, dt.datetime) or block is None or not block.windows:
        spread: tuple[tuple[Decimal, Moment | None], ...] = ((Decimal(1), None),)
    else:
        spread = traffic_by_window(block.windows, workload.busy_hours)
    parts: list[tuple[Decimal, Estimate]] = []
    for traffic, moment in spread:
        standard, batched = per_request, batch
        if moment is not None:
            timed = compile_prices(model, at, variant, moment)
            standard = estimate_request(timed, request_usage(workload, timed))
            if with_batch:
                timed_batch = compile_prices(model, at, "batch", moment)
                batched = estimate_request(timed_batch, request_usage(workload, timed_batch))
        parts.append((traffic * (1 - share), standard))
        if batched is not None:
            parts.append((traffic * share, batched))
    requests = workload.requests_per_day * days_per_month
    return WorkloadCost(
        workload=workload.name,
        days_per_month=days_per_month,
        requests_per_day=workload.requests_per_day,
        batch_share=share,
        per_request=per_request,
        per_request_batch=batch,
        monthly=bill(_same_prices_together(parts), requests),
    )


def _same_prices_together(parts: list[tuple[Decimal, Estimate]]) -> list[tuple[Decimal, Estimate]]:
    """Parts whose requests cost the same (three spans of one off-peak rate) as one part, in
    the order they first appear."""
    merged: list[tuple[Decimal, Estimate]] = []
    for share, estimate in parts:
        index = next((i for i, (_, seen) in enumerate(merged) if seen == estimate), None)
        if index is None:
            merged.append((share, estimate))
        else:
            merged[index] = (merged[index][0] + share, estimate)
    return merged


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
                "window": est.window,
                "share": decimal_text(share),
                "total": None if est.total is None else decimal_text(est.total),
                "known_subtotal": decimal_text(est.known_subtotal),
                "unit_prices": {line.component: decimal_text(line.unit_price) for line in est.lines},
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
    """Canonical models that fit a workload, each at its cheapest live offering, cheapest first;
    apart, those that cannot be priced, those that no longer answer (with why), and how many
    local-runtime offerings were left out."""

    workload: str
    priced: tuple[tuple[ModelSpec, WorkloadCost], ...]
    """One row per canonical model: its cheapest offering and that offering's cost."""
    unpriced: tuple[tuple[ModelSpec, WorkloadCost], ...]
    """Offerings that cannot be priced, of canonical models with no priced offering."""
    retired: tuple[tuple[ModelSpec, str], ...] = ()
    day: dt.date | None = None
    """The day the lifecycle was judged on."""
    other_offerings: Mapping[str, int] = field(default_factory=dict)
    """Row model id -> how many other priced offerings of its canonical model fit."""
    local_left_out: int = 0
    """Offerings of local runtimes (you bring the hardware) not ranked; see `include_local`."""


def retirement(model: ModelSpec, day: dt.date) -> str | None:
    """Why `model` no longer answers on `day`, or None while it does."""
    if not is_retired(model, day):
        return None
    if model.retires_on is not None and model.retires_on <= day:
        return f"retired on {model.retires_on.isoformat()}"
    return "status retired"


def is_deprecated(model: ModelSpec, day: dt.date) -> bool:
    """Still answering, but its provider discourages new use."""
    return effective_status(model, day) == "deprecated"


def fits(model: ModelSpec, kinds: Iterable[str], require: Iterable[str] = (), min_context: int | None = None) -> bool:
    """Whether `model` is of one of `kinds`, advertises every required capability, and takes a
    prompt of at least `min_context` tokens: its published context window, or where only the
    most input tokens is published, that (an unpublished limit does not fit)."""
    if model.kind not in kinds:
        return False
    if any(getattr(model.capabilities, c) is not True for c in require):
        return False
    if min_context is not None:
        window = model.limits.prompt_room
        if window is None or window < min_context:
            return False
    return True


def _monthly_total(cost: WorkloadCost) -> Decimal | None:
    return cost.monthly.total


class MonthlyTotal(NamedTuple):
    """What a ranking or a table of monthly bills shows of a workload's cost on a model: the
    monthly total (None when a price it needs is unknown), the part of it known, the batch
    share applied, and the components whose price is unknown. Small enough for a site build
    to keep per model between builds (a tuple, which pickles several times faster than a
    dataclass)."""

    total: Decimal | None
    known: Decimal
    batch_share: Decimal
    unknown: tuple[str, ...]

    @staticmethod
    def of(cost: WorkloadCost) -> MonthlyTotal:
        month = cost.monthly
        return MonthlyTotal(month.total, month.known_subtotal, cost.batch_share, tuple(u.component for u in month.unknown))


def rank_models(
    models: Iterable[ModelSpec],
    workload: Workload,
    kind: str | None = None,
    require: Iterable[str] = (),
    min_context: int | None = None,
    at: dt.date | dt.datetime | None = None,
    days_per_month: Decimal = DEFAULT_DAYS_PER_MONTH,
    today: dt.date | None = None,
    local_providers: Collection[str] = frozenset(),
    include_local: bool = False,
    cost_of: Callable[[ModelSpec], WorkloadCost] | None = None,
    total_of: Callable[[Any], Decimal | None] | None = None,
) -> Ranking:
    """Rank the canonical models that fit the workload by the monthly cost of their cheapest
    offering; ties go by offering id. Offerings retired on the day judged (`today`, else the
    day of `at`, else the current UTC day) are listed apart: a model that no longer answers
    has no cost. Offerings of `local_providers` (local runtimes, $0 because you bring the
    hardware) are left out unless `include_local`. `cost_of(model)`, when given, is this
    workload's `workload_cost` on the model at `at`, remembered by the caller (a site build
    prices each preset on each model once, for rankings and model pages alike). A caller that
    keeps less than a `WorkloadCost` per model (a build keeps each model's `MonthlyTotal`
    between builds) gives `cost_of` returning that and `total_of` reading its monthly total;
    the ranking then holds those in place of costs."""
    total = total_of if total_of is not None else _monthly_total
    kinds = (kind,) if kind else workload.kinds
    require = tuple(require)
    if today is None:
        today = current_day() if at is None else (at.date() if isinstance(at, dt.datetime) else at)
    priced, unpriced, retired = [], [], []
    local_left_out = 0
    for model in models:
        if not fits(model, kinds, require, min_context):
            continue
        why = retirement(model, today)
        if why is not None:
            retired.append((model, why))
            continue
        if model.provider in local_providers and not include_local:
            local_left_out += 1
            continue
        cost = (cost_of(model) if cost_of is not None
                else workload_cost(model, workload, at=at, days_per_month=days_per_month))
        (unpriced if total(cost) is None else priced).append((model, cost))
    priced.sort(key=lambda mc: (total(mc[1]), mc[0].id))
    # One row per canonical model, at its cheapest offering (the first in price order).
    rows: dict[str, tuple[ModelSpec, WorkloadCost]] = {}
    others: dict[str, int] = {}
    for model, cost in priced:
        row = rows.setdefault(canonical_id(model), (model, cost))
        others[row[0].id] = others.get(row[0].id, -1) + 1
    unpriced = [mc for mc in unpriced if canonical_id(mc[0]) not in rows]
    unpriced.sort(key=lambda mc: mc[0].id)
    retired.sort(key=lambda mw: mw[0].id)
    return Ranking(workload.name, tuple(rows.values()), tuple(unpriced), tuple(retired), today,
                   others, local_left_out)


def ranking_json(ranking: Ranking, top: int | None = None) -> dict[str, Any]:
    """The `cheapest` result: the `top` cheapest canonical models, each at its cheapest offering
    with how many other offerings of it fit (deprecated ones flagged), every offering that fits
    but cannot be priced, with the prices it lacks, and those retired."""
    priced = ranking.priced if top is None else ranking.priced[:top]
    day = ranking.day or current_day()
    return {
        "workload": ranking.workload,
        "day": day.isoformat(),
        "currency": "USD",
        "priced_count": len(ranking.priced),
        "local_runtime_offerings_left_out": ranking.local_left_out,
        "priced": [
            {
                "rank": rank,
                "model": model.id,
                "name": model.name,
                "canonical": canonical_id(model),
                "other_offerings": ranking.other_offerings.get(model.id, 0),
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
                "no_prices": no_prices_reason(model, day),
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
    # "of kind X" reads right for every kind ("a embedding model" did not)
    return f"workload {workload.name} is meant for {meant} models, and {model.id} is of kind {model.kind}{hint}"


def workloads_file(data_dir: Path | None) -> Path:
    """`<data_dir>/workloads.yaml`, or the bundled presets (as `find_workload` reads them)."""
    return (data_dir / "workloads.yaml") if data_dir is not None else BUNDLED
