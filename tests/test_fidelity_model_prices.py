"""Fidelity of the model-prices import over its whole bundled snapshot, through the cost
engine: on the day each upstream period starts, the pricing block in force (`block_at`) holds
exactly that period's prices, for the standard rates and the batch and flex variants; every
block is a day on which something changed; every entry is a spec or a counted skip.

The expectations are read from the upstream JSON here, independently of the importer."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers.common import Dataset, ProviderDirectory
from catalog.importers.model_prices import convert
from catalog.pricing import EARLIEST, block_at, compile_prices

SNAPSHOT = next((Path(__file__).parent.parent / "data" / "upstream").glob("model-prices-*.json.gz"))
RATES = {"input": "input", "output": "output", "cache_read": "cache_read", "cache_write": "cache_write_5m"}
FROM_PAGE = {"documented", "first observed"}


@pytest.fixture(scope="module")
def upstream() -> dict:
    return json.loads(gzip.decompress(SNAPSHOT.read_bytes()))


@pytest.fixture(scope="module")
def specs(upstream) -> dict:
    dataset = Dataset("model-prices", "test", "https://example.org/", dt.date(2026, 10, 26), dt.date(2026, 10, 26))
    result = convert(upstream, dataset, ProviderDirectory({}, frozenset()))
    assert len(result.models) == sum(len(m) for m in upstream["prices"].values())  # every entry, no collision
    return {m.provenance.upstream_key: m for m in result.models}


def _start(period) -> dt.date | None:
    s = period["start"]
    return None if s is None else dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.UTC).date()


def _last_per_day(periods) -> dict:
    """The period that holds each day: of several starting on one day, the last."""
    return {_start(p): p for p in periods}


def _expected(rates, says_free: bool) -> tuple[dict, dict]:
    flat = {ours: Decimal(str(rates[k])) for k, ours in RATES.items() if k in rates}
    tiers = {t["above"]: {RATES[k]: Decimal(str(v)) for k, v in t.items() if k in RATES} for t in rates.get("tiers", [])}
    everything = [*flat.values(), *(v for t in tiers.values() for v in t.values())]
    if all(v == 0 for v in everything) and not says_free:
        return {}, {}
    for group in (flat, *tiers.values()):
        if group.get("cache_write_5m") == 0 and group.get("input"):
            del group["cache_write_5m"]
    return flat, tiers


def _flat(prices) -> dict:
    return {k: v for k, v in prices.model_dump(exclude_none=True).items() if k in RATES.values()}


def test_each_period_is_the_block_in_force_on_its_first_day(upstream, specs):
    checked = 0
    for provider, models in upstream["prices"].items():
        for model, modes in models.items():
            spec = specs[f"{provider}/{model}"]
            standard = _last_per_day(modes["standard"])
            first_day = min((d or EARLIEST for d, p in standard.items() if p["rates"]), default=None)
            for day, period in standard.items():
                if not period["rates"] or (day or EARLIEST) < first_day:
                    continue
                block = block_at(spec, day or EARLIEST)
                says_free = period["rates"].get("valid_from_basis") in FROM_PAGE
                flat, tiers = _expected(period["rates"], says_free)
                assert _flat(block) == flat, (spec.id, day)
                assert {t.above: _flat(t) for t in block.tiers} == {a: p for a, p in tiers.items() if p}, (spec.id, day)
                assert str(block.source) == period["rates"]["source"], (spec.id, day)
                checked += 1
            for mode, variant in (("batch", "batch"), ("flex", "flex")):
                for day, period in _last_per_day(modes.get(mode, [])).items():
                    block = block_at(spec, day or EARLIEST)
                    if period["rates"] is None or (day or EARLIEST) < first_day:
                        assert variant not in block.variants or (day or EARLIEST) < first_day
                        continue
                    flat, _ = _expected(period["rates"], True)
                    assert _flat(block.variants[variant]) == flat, (spec.id, mode, day)
                    checked += 1
    assert checked > 1000  # the loops above did not skip the snapshot


def test_every_block_is_a_day_on_which_something_changed(upstream, specs):
    for provider, models in upstream["prices"].items():
        for model, modes in models.items():
            spec = specs[f"{provider}/{model}"]
            days = {_start(p) for mode in ("standard", "batch", "flex") for p in modes.get(mode, [])}
            for rule in upstream["schedules"]["schedule"]:
                factor = rule.get("off_peak_multiplier", rule.get("peak_multiplier"))
                named = model in factor if isinstance(factor, dict) else upstream["status"].get(provider, {}).get(model) != "removed"
                if rule["provider"] == provider and named:
                    days |= {_start({"start": rule.get("valid_from")}), _start({"start": rule.get("valid_until")})}
            blocks = (spec.pricing, *spec.price_history)
            assert all(b.effective in days for b in blocks), spec.id
            assert len({b.effective for b in blocks}) == len(blocks)  # one block per day


def test_daily_off_peak_windows_apply_between_their_dates(specs):
    """DeepSeek's 2025 discount (16:30-00:30 UTC, half price on V3) is in force on 2025-03-01
    and gone after 2025-09-05."""
    chat = specs["deepseek/deepseek-chat"]
    during = block_at(chat, dt.date(2025, 3, 1))
    assert [(w.start, w.end, w.multiplier) for w in during.windows] == [("16:30", "00:30", Decimal("0.5"))]
    assert block_at(chat, dt.date(2025, 9, 6)).windows == ()
    assert [w.multiplier for w in block_at(specs["deepseek/deepseek-reasoner"], dt.date(2025, 3, 1)).windows] == [Decimal("0.25")]


def test_a_weekday_peak_rule_for_every_model_prices_weekday_peaks_double(specs):
    """DeepSeek since 2026-08-16: every model it still sells costs twice as much at 01:00-04:00
    and 06:00-10:00 UTC on weekdays, and the base price the rest of the time (weekends too)."""
    flash = specs["deepseek/deepseek-v4-flash"]
    when = dt.datetime(2026, 10, 20, tzinfo=dt.UTC)  # a Tuesday
    def price(hours: int, days: int = 0) -> Decimal:
        return compile_prices(flash, when + dt.timedelta(days=days, hours=hours)).base.prices["input"]
    assert [price(h) for h in (0, 1, 3, 4, 6, 9, 10, 23)] == [Decimal(x) for x in
                                                              "0.15 0.30 0.30 0.15 0.30 0.30 0.15 0.15".split()]
    assert price(2, days=4) == Decimal("0.15")  # Saturday
    assert block_at(flash, dt.date(2026, 8, 15)).windows == ()  # before the rule
    assert block_at(specs["deepseek/deepseek-chat"], None).windows == ()  # removed: not sold under the rule


def test_statuses_and_aliases_are_the_snapshots(upstream, specs):
    statuses = {f"{p}/{m}": s for p, models in upstream["status"].items() for m, s in models.items()}
    for key, spec in specs.items():
        assert spec.status == {"deprecated": "deprecated", "removed": "retired", None: "active"}[statuses.get(key)], key
    named = {}
    for name, target in upstream["aliases"]["models"].items():
        named.setdefault(target, set()).add(name)
    for key, spec in specs.items():
        assert set(spec.aliases) == named.get(key, set()), key
