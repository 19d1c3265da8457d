"""model-prices' snapshot to model specs with an effective-dated price history.

The snapshot holds, per provider and model, each mode's price periods (standard, batch,
flex, ...), each with the moment it started and the source that dates it, plus time-of-day
schedules. Every day on which something changed becomes a pricing block `effective` that day
(the newest is `pricing`, the rest `price_history`, newest first), holding the standard
prices, the variants and the time-of-day windows in force that day:

    "deepseek": {"deepseek-chat": {"standard": [
        {"start": null, "rates": {"input": 0.27, "output": 1.1, "source": "https://..."}},
        {"start": "2025-08-25T16:35:54Z", "rates": {"input": 0.57, "output": 1.68, ...}}]}}
    -> deepseek/deepseek-chat: pricing {effective: 2025-08-25, input: 0.57, output: 1.68},
       price_history [{input: 0.27, output: 1.1}]   (the oldest block has no `effective`)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.importers.common import (
    parse_json,
    BadPrice,
    Dataset,
    ImportResult,
    ImportSourceError,
    ProviderDirectory,
    Schedule,
    Tally,
    as_list,
    as_mapping,
    display_name,
    exact,
    first_http_url,
    freeze,
    own_tiers,
    prune,
    short_repr,
    slug,
    tier_start,
    validated_model,
)
from catalog.importers.kinds import DEFAULT_KIND
from catalog.importers.models_dev import provider_id, zero_policy
from catalog.importers.upstream import bundled_snapshot
from catalog.schema import ModelSpec, ProviderSpec
from catalog.units import price_units

NAME = "model-prices"
UPSTREAM = "https://github.com/wakamex/model-prices/tree/data"
STATES_KIND = False
"""A kind is derived from the modalities and names (catalog.importers.kinds)."""

RATES = {"input": "input", "output": "output", "cache_read": "cache_read", "cache_write": "cache_write_5m"}
VARIANTS = {"batch": "batch", "flex": "flex"}
MODES_NOT_IMPORTED = {
    "fast": "a faster service whose kind (priority tier or another) the snapshot does not say",
    "thinking": "output priced apart when thinking is on; the spec has no such variant",
    "ultrafast": "a faster service the spec has no variant for",
}
RATE_KEYS_NOT_IMPORTED = {
    "cache_write_1h_multiple": "longer-lived cache writes as a multiple of input (1 h at some "
                               "providers, 12 h at others); the spec's cache_write_1h is a 1-hour price",
    "model": "the dated model whose prices an undated name carries",
}
TOP_LEVEL_NOT_IMPORTED = {
    "plans": "monthly subscriptions, not per-use prices",
    "estimates": "estimated prices no provider publishes",
    "bases": "links to the model an id serves; left to the canonical-identity normaliser",
    "models_dev": "the models.dev commit the snapshot was built from",
    "schema": "the snapshot's format version",
}
TOP_LEVEL_KEYS = {"prices", "status", "aliases", "schedules", "updated_at", *TOP_LEVEL_NOT_IMPORTED}
STATUSES = {"deprecated": "deprecated", "removed": "retired"}
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
# Bases of a period read from the provider's own pricing page, where a 0 is a stated price.
FROM_PROVIDER_PAGE = frozenset({"documented", "first observed"})


def default_location() -> tuple[str, bytes]:
    """The snapshot bundled under data/upstream/ (see its README)."""
    return bundled_snapshot(NAME)


def convert_bytes(raw: bytes, location: str, dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    """Parse a snapshot read from `location` and map it to specs."""
    data = parse_json(raw, location)
    if not isinstance(data, dict) or not isinstance(data.get("prices"), dict):
        raise ImportSourceError(f"{location}: expected a model-prices snapshot (an object with 'prices')")
    day = _day(data.get("updated_at"))
    if dataset.snapshot is None and day is not None:
        dataset = Dataset(dataset.name, dataset.version, dataset.upstream, day, day)
    return convert(data, dataset, providers)


def convert(data: dict[str, Any], dataset: Dataset, providers: ProviderDirectory) -> ImportResult:
    tally = Tally()
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        tally.unmapped[key] += 1
    for key in sorted(set(data) & set(TOP_LEVEL_NOT_IMPORTED)):
        tally.not_imported[f"{key} ({TOP_LEVEL_NOT_IMPORTED[key]})"] += 1
    rules = _rules(as_mapping(data.get("schedules"), "schedules", "schedules", tally), tally)
    schedules = _windows(rules, tally)
    status = as_mapping(data.get("status"), "status", "status", tally)
    aliases = _aliases(as_mapping(data.get("aliases"), "aliases", "aliases", tally), tally)
    models: dict[str, ModelSpec] = {}
    for upstream_provider in sorted(data["prices"]):
        provider = provider_id(upstream_provider, providers)
        entries = as_mapping(data["prices"][upstream_provider], upstream_provider, "prices", tally)
        provider_status = as_mapping(status.get(upstream_provider), upstream_provider, "status", tally)
        for model_key in sorted(entries):
            tally.entries += 1
            key = f"{upstream_provider}/{model_key}"
            model = slug(model_key)
            if not model:
                tally.skip("id has no usable slug", key)
                continue
            modes = as_mapping(entries[model_key], key, "modes", tally)
            windows = schedules.get((upstream_provider, model_key), ())
            if provider_status.get(model_key) != "removed":  # a rule for every model: those still sold
                windows += schedules.get((upstream_provider, None), ())
            raw = model_spec(key, provider, model, model_key, modes, provider_status.get(model_key),
                             windows, aliases.get(key, ()), dataset, tally)
            if raw is None:
                continue
            spec = validated_model(raw, key, tally)
            if spec is None:
                continue
            if spec.id in models:
                tally.collisions.append((spec.id, models[spec.id].provenance.upstream_key, (key,)))  # type: ignore[union-attr]
                continue
            models[spec.id] = spec
    for (upstream_provider, model_key), _ in sorted(schedules.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if model_key is not None and model_key not in (data["prices"].get(upstream_provider) or {}):
            tally.unmapped[f"schedule for {upstream_provider}/{model_key} (no prices to apply it to)"] += 1
    for key in sorted(set(aliases) - {m.provenance.upstream_key for m in models.values() if m.provenance}):
        tally.unmapped[f"aliases.models naming {key} (no such priced model)"] += 1
    names = sorted({m.provider for m in models.values()} - providers.curated)
    provider_specs = tuple(provider_spec(p, dataset) for p in names)
    ordered = tuple(models[i] for i in sorted(models))
    in_force = schedules_in_force(rules, models, dataset.verified)
    return ImportResult(ordered, provider_specs, freeze(tally, dataset, len(ordered), len(provider_specs)), in_force)


# --- the spec -----------------------------------------------------------------------------


def model_spec(
    key: str,
    provider: str,
    model: str,
    model_key: str,
    modes: dict[str, Any],
    status: Any,
    windows: tuple[Window, ...],
    aliases: tuple[str, ...],
    dataset: Dataset,
    tally: Tally,
) -> dict[str, Any] | None:
    blocks = price_blocks(key, modes, windows, dataset, tally)
    if not blocks:
        tally.skip("no standard prices", key)
        return None
    spec: dict[str, Any] = {
        "id": f"{provider}/{model}",
        "name": model_key[:120],
        "provider": provider,
        "kind": DEFAULT_KIND,  # the dataset states none: the import step derives it (kinds.py)
        "aliases": list(aliases),
        "pricing": blocks[0],
        "price_history": blocks[1:],
        "provenance": {
            "dataset": dataset.name,
            "version": dataset.version,
            "imported": dataset.imported,
            "upstream": dataset.upstream,
            "upstream_key": key,
        },
    }
    if status is not None:
        if status in STATUSES:
            spec["status"] = STATUSES[status]
        else:
            tally.dropped.append(f"{key}: status={short_repr(status)} (not a known status)")
    return prune(spec)


@dataclass(frozen=True)
class Period:
    """One upstream period of one mode: from `start` (None: since the earliest record)."""

    start: dt.date | None
    rates: dict[str, Any] | None


@dataclass(frozen=True)
class Window:
    """A time-of-day window with its multiplier, on `days` (every day when empty), in force
    from `since` until `until`."""

    name: str
    start: str
    end: str
    multiplier: Decimal
    since: dt.date | None
    until: dt.date | None
    days: tuple[str, ...] = ()


def price_blocks(key: str, modes: dict[str, Any], windows: tuple[Window, ...], dataset: Dataset, tally: Tally) -> list[dict[str, Any]]:
    """Pricing blocks, newest first: one per day on which a standard, batch or flex period
    started or a window began or ended; the oldest has no `effective`."""
    periods: dict[str, list[Period]] = {}
    for mode in sorted(modes):
        if mode in MODES_NOT_IMPORTED:
            tally.not_imported[f"mode {mode} ({MODES_NOT_IMPORTED[mode]})"] += 1
            continue
        if mode != "standard" and mode not in VARIANTS:
            tally.unmapped[f"mode {mode}"] += 1
            continue
        periods[mode] = _periods(key, mode, modes[mode], tally)
    standard = periods.get("standard") or []
    if not any(p.rates for p in standard):
        return []
    days: set[dt.date | None] = {p.start for ps in periods.values() for p in ps}
    days |= {w.since for w in windows} | {w.until for w in windows if w.until is not None}
    first = min((p.start for p in standard if p.rates), key=lambda d: d or dt.date.min)
    days = {d for d in days if d is None or first is None or d >= first}
    blocks = []
    for day in sorted(days, key=lambda d: d or dt.date.min):
        block = _block(key, day, periods, windows, dataset, tally)
        if block is not None:
            blocks.append(block)
    blocks.reverse()
    if blocks:
        blocks[0]["verified"] = dataset.verified  # the snapshot confirms the prices now in force
    return blocks


def _periods(key: str, mode: str, value: Any, tally: Tally) -> list[Period]:
    """A mode's periods by start; of several starting on one day the last one holds that day."""
    by_day: dict[dt.date | None, Period] = {}
    for index, item in enumerate(as_list(value, key, mode, tally)):
        if not isinstance(item, dict):
            tally.dropped.append(f"{key}: {mode}[{index}]={short_repr(item)} (not an object)")
            continue
        start = _day(item.get("start"))
        if item.get("start") is not None and start is None:
            tally.dropped.append(f"{key}: {mode}[{index}].start={short_repr(item.get('start'))} (not a time)")
            continue
        rates = item.get("rates")
        if rates is not None and not isinstance(rates, dict):
            tally.dropped.append(f"{key}: {mode}[{index}].rates={short_repr(rates)} (not an object)")
            rates = None
        if "recorded" in item:
            tally.not_imported["recorded (the models.dev value a sourced correction replaces)"] += 1
        for extra in sorted(set(item) - {"start", "rates", "recorded"}):
            tally.unmapped[f"period {extra}"] += 1
        if start in by_day:
            tally.notes["period superseded by a later one starting the same day (the day's last kept)"] += 1
        by_day[start] = Period(start, rates)
    return [by_day[d] for d in sorted(by_day, key=lambda d: d or dt.date.min)]


def _in_force(periods: list[Period], day: dt.date | None) -> Period | None:
    found = None
    for period in periods:
        if period.start is None or (day is not None and period.start <= day):
            found = period
    return found


def _block(key: str, day: dt.date | None, periods: dict[str, list[Period]], windows: tuple[Window, ...],
           dataset: Dataset, tally: Tally) -> dict[str, Any] | None:
    standard = _in_force(periods["standard"], day)
    if standard is None or not standard.rates:
        return None
    rates = standard.rates
    base, tiers = _prices(key, rates, tally)
    units = price_units()
    variants: dict[str, Any] = {}
    notes = [f"{rates.get('valid_from_basis') or 'source'}, valid from {rates.get('valid_from')}"]
    for mode, variant in VARIANTS.items():
        period = _in_force(periods.get(mode, []), day)
        if period is None or not period.rates:
            continue
        flat, own = _prices(key, period.rates, tally)
        kept = own_tiers(f"{variant} variant", own, tiers, units, tally)
        if flat or kept:
            variants[variant] = {**flat, "tiers": kept}
            if period.rates.get("source") != rates.get("source"):
                notes.append(f"{variant}: {period.rates.get('source')}")
    zero_policy(base, tiers, tally, says_free=rates.get("valid_from_basis") in FROM_PROVIDER_PAGE)
    source = first_http_url(rates.get("source"))
    if source is None:
        tally.notes["period without a source URL: the dataset URL"] += 1
    valid_from = _day(rates.get("valid_from"))
    block: dict[str, Any] = {
        "source": source or UPSTREAM,
        "verified": valid_from or dataset.verified,
        "effective": day,
        "note": "; ".join(notes)[:500],
        **base,
        "tiers": [{"above": above, **prices} for above, prices in sorted(tiers.items()) if prices],
        "variants": variants,
        "windows": [
            {"name": w.name, "start": w.start, "end": w.end, "days": list(w.days), "multiplier": w.multiplier}
            for w in windows
            if (w.since is None or (day is not None and w.since <= day)) and (w.until is None or (day is not None and day < w.until))
        ],
    }
    return block


def _prices(key: str, rates: dict[str, Any], tally: Tally) -> tuple[dict[str, Decimal], dict[int, dict[str, Decimal]]]:
    base: dict[str, Decimal] = {}
    for upstream, ours in RATES.items():
        if upstream in rates:
            try:
                base[ours] = exact(rates[upstream])
            except BadPrice as error:
                tally.dropped.append(f"{key}: rates.{upstream}={short_repr(rates[upstream])} ({error})")
    tiers: dict[int, dict[str, Decimal]] = {}
    for tier in as_list(rates.get("tiers"), key, "rates.tiers", tally):
        if not isinstance(tier, dict):
            continue
        try:
            above = tier_start(tier.get("above"))
        except BadPrice as error:
            tally.dropped.append(f"{key}: rates.tiers.above={short_repr(tier.get('above'))} ({error})")
            continue
        prices, _ = _prices(key, {k: v for k, v in tier.items() if k in RATES}, tally)
        tiers[above] = prices
        for extra in sorted(set(tier) - set(RATES) - {"above"}):
            tally.unmapped[f"rates.tiers.{extra}"] += 1
    for extra in sorted(set(rates) - set(RATES) - {"tiers", "source", "valid_from", "valid_from_basis"}):
        reason = RATE_KEYS_NOT_IMPORTED.get(extra)
        if reason:
            tally.not_imported[f"rates.{extra} ({reason})"] += 1
        else:
            tally.unmapped[f"rates.{extra}"] += 1
    return base, tiers


# --- schedules and aliases ----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A time-of-day rule as the snapshot states it: for the named models, or (`model` None)
    for every model of the provider."""

    provider: str
    model: str | None
    kind: str
    hours: tuple[tuple[str, str], ...]
    factor: Decimal
    weekdays: bool
    """Monday to Friday only: weekends are off-peak all day."""
    since: dt.date | None
    until: dt.date | None


def _rules(value: Mapping[str, Any], tally: Tally) -> list[Rule]:
    """Every time-of-day rule of the snapshot, per model where it names them; a rule whose
    hours are not pairs of `HH:MM` or whose factor is not a number is dropped and listed."""
    if "holidays" in value:
        tally.not_imported["schedules.holidays (calendars of rules the spec cannot express)"] += 1
    rules: list[Rule] = []
    for index, rule in enumerate(as_list(value.get("schedule"), "schedules", "schedule", tally)):
        if not isinstance(rule, dict) or not isinstance(rule.get("provider"), str):
            tally.dropped.append(f"schedules.schedule[{index}]={short_repr(rule)} (not a rule with a provider)")
            continue
        since, until = _day(rule.get("valid_from")), _day(rule.get("valid_until"))
        weekdays = bool(rule.get("weekdays_only"))
        if rule.get("holidays"):
            tally.not_imported[f"schedule of {rule['provider']} from {since}: the exception for "
                               f"{rule['holidays']} public holidays (windows name weekdays, not dates)"] += 1
        for kind in ("off_peak", "peak"):
            hours, multiplier = rule.get(f"{kind}_hours_utc"), rule.get(f"{kind}_multiplier")
            if hours is None and multiplier is None:
                continue
            pairs = _hours(hours)
            factors = multiplier if isinstance(multiplier, dict) else {None: multiplier}
            for model, factor in sorted(factors.items(), key=lambda kv: str(kv[0])):
                try:
                    amount = exact(factor)
                except BadPrice as error:
                    amount = None
                    tally.dropped.append(f"schedule of {rule['provider']}: {kind}_multiplier={short_repr(factor)} ({error})")
                if pairs is None:
                    tally.dropped.append(f"schedule of {rule['provider']}: {kind}_hours_utc={short_repr(hours)} "
                                         "(not a list of [HH:MM, HH:MM])")
                if pairs is None or amount is None or amount == 0:
                    continue
                rules.append(Rule(rule["provider"], model if isinstance(model, str) else None,
                                  kind.replace("_", "-"), pairs, amount, weekdays, since, until))
    return rules


def _hours(value: Any) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(value, list) or not value:
        return None
    pairs = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(t, str) and CLOCK.fullmatch(t) for t in pair)):
            return None
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def schedules_in_force(rules: list[Rule], models: Mapping[str, ModelSpec], day: dt.date) -> tuple[Schedule, ...]:
    """The rules in force on `day`, per offering: a rule naming no model applies to every
    model of its provider priced that day and still sold (as its windows do)."""
    found = []
    for rule in rules:
        if (rule.since is not None and rule.since > day) or (rule.until is not None and rule.until <= day):
            continue
        for spec in models.values():
            upstream_provider, _, model_key = (spec.provenance.upstream_key if spec.provenance else "").partition("/")
            if rule.model is None and spec.status == "retired":
                continue
            if upstream_provider == rule.provider and rule.model in (None, model_key):
                found.append(Schedule(spec.id, rule.kind, rule.hours, rule.factor, rule.weekdays))
    return tuple(sorted(found, key=lambda s: (s.model_id, s.kind, s.hours)))


WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
WEEKEND = ("sat", "sun")


def _windows(rules: list[Rule], tally: Tally) -> dict[tuple[str, str | None], tuple[Window, ...]]:
    """Each rule's hours become windows of its models' blocks, keyed by (provider, model); a
    rule naming no model is keyed (provider, None) and applies to every model of the provider.
    A weekdays-only rule covers its hours Monday to Friday, and weekends are off-peak all day:

        DeepSeek from 2026-08-16: peak x2 at 01:00-04:00 and 06:00-10:00 UTC, weekdays only
        -> peak 01:00-04:00 [mon..fri] x2, peak 06:00-10:00 [mon..fri] x2
    """
    found: dict[tuple[str, str | None], list[Window]] = {}
    for rule in rules:
        days = WORKDAYS if rule.weekdays else ()
        windows = [Window(rule.kind, start, end, rule.factor, rule.since, rule.until, days) for start, end in rule.hours]
        if rule.weekdays and rule.kind == "off-peak":
            windows.append(Window(rule.kind, "00:00", "00:00", rule.factor, rule.since, rule.until, WEEKEND))
        found.setdefault((rule.provider, rule.model), []).extend(windows)
        tally.notes[f"schedule {rule.kind} hours mapped to windows"
                    f"{' on weekdays' if rule.weekdays else ''}{'' if rule.model else ' of every model of the provider'}"] += 1
    return {k: tuple(v) for k, v in found.items()}


def _aliases(value: Mapping[str, Any], tally: Tally) -> dict[str, tuple[str, ...]]:
    """`aliases.models`: another name -> `provider/model`; it becomes an alias of that model."""
    out: dict[str, list[str]] = {}
    for name, target in sorted(as_mapping(value.get("models"), "aliases", "models", tally).items()):
        if isinstance(target, str) and "/" in target:
            out.setdefault(target, []).append(name)
        else:
            tally.dropped.append(f"aliases.models.{name}={short_repr(target)} (not provider/model)")
    if "providers" in value:
        tally.not_imported["aliases.providers (names coding tools give providers)"] += 1
    return {k: tuple(v) for k, v in out.items()}


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None


def provider_spec(provider: str, dataset: Dataset) -> ProviderSpec:
    return ProviderSpec.model_validate({
        "id": provider,
        "name": display_name(provider),
        "provenance": {"dataset": dataset.name, "version": dataset.version, "imported": dataset.imported,
                       "upstream": dataset.upstream, "upstream_key": provider},
    })
