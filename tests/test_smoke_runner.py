"""The run holds its limits under load, survives cancellation with every finished result
kept, and records the calls its deadline cut short."""

from __future__ import annotations

import asyncio
import json
import random

import pytest

from catalog.smoke.limiter import RateLimiter, backoff_delay, retry_after_seconds
from catalog.smoke.plan import plan_calls
from catalog.smoke.results import ResultWriter
from catalog.smoke.runner import run_plan
from gateway import TestGateway
from smoke_helpers import KEY, chat_model, run_models, test_gateway_config


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def test_the_limiter_spaces_requests_evenly():
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)

    async def burst():
        for _ in range(5):
            await limiter.acquire()

    asyncio.run(burst())
    # The first goes at once; the others are reserved 0.1 s apart although none waited yet.
    assert clock.sleeps == pytest.approx([0.1, 0.2, 0.3, 0.4])


def test_the_limiter_holds_with_many_tasks_acquiring_at_once():
    clock = FakeClock()
    limiter = RateLimiter(600, clock=clock, sleep=clock.sleep)

    async def many():
        await asyncio.gather(*(limiter.acquire() for _ in range(50)))

    asyncio.run(many())
    # Every task reserved its own slot: 49 waits, 0.1 s apart, none shared.
    assert sorted(clock.sleeps) == pytest.approx([0.1 * k for k in range(1, 50)])


def test_the_limiter_does_not_save_up_idle_time_for_a_burst():
    clock = FakeClock()
    limiter = RateLimiter(60, clock=clock, sleep=clock.sleep)
    asyncio.run(limiter.acquire())
    clock.now = 100.0  # idle for 100 s
    asyncio.run(limiter.acquire())
    asyncio.run(limiter.acquire())
    assert clock.sleeps == pytest.approx([1.0])


def test_retry_after_holds_off_the_whole_gateway():
    clock = FakeClock()
    limiter = RateLimiter(6000, clock=clock, sleep=clock.sleep)
    asyncio.run(limiter.acquire())
    limiter.hold_off(2.0)
    asyncio.run(limiter.acquire())
    assert clock.sleeps == pytest.approx([2.0])


def test_backoff_doubles_with_jitter_and_a_cap():
    rng = random.Random(7)
    delays = [backoff_delay(n, 1.0, 5.0, rng) for n in (1, 2, 3, 4, 5)]
    for n, delay in zip((1, 2, 3, 4, 5), delays, strict=True):
        full = min(5.0, 2 ** (n - 1))
        assert full / 2 <= delay <= full


def test_retry_after_reads_seconds_and_http_dates():
    import datetime as dt

    now = dt.datetime(2026, 11, 30, 12, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Mon, 30 Nov 2026 12:00:05 GMT", now) == 5.0
    assert retry_after_seconds("Mon, 30 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    assert retry_after_seconds("nan") is None


@pytest.fixture()
def gw():
    with TestGateway(key=KEY) as server:
        yield server


def test_concurrency_holds_under_load(gw, tmp_path):
    gw.queue(*["slow"] * 12)
    gw.slow_seconds = 0.3
    models = [chat_model(f"openai/model-{i}") for i in range(12)]
    lines, _ = run_models(models, test_gateway_config(gw, concurrent_requests=3, timeout_seconds=2), tmp_path)
    assert len(lines) == 12 and all(line["ok"] for line in lines)
    assert gw.max_in_flight == 3


def test_cancelling_keeps_every_finished_result(gw, tmp_path):
    gw.queue(*["ok"] * 3, *["timeout"] * 10)
    gw.hang_seconds = 5
    models = [chat_model(f"openai/model-{i}") for i in range(8)]
    gateway = test_gateway_config(gw, concurrent_requests=1, timeout_seconds=10)
    plan = plan_calls(models, {gateway.name: gateway}, gateway.name)
    path = tmp_path / "results.jsonl"

    async def interrupted():
        with ResultWriter(path, [KEY]) as writer:
            task = asyncio.create_task(run_plan(plan, {gateway.name: KEY}, writer))
            while writer.written < 3:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # the fourth call is now hanging
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(interrupted())
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["model"] for line in lines] == ["openai/model-0", "openai/model-1", "openai/model-2"]
    assert all(line["ok"] for line in lines)


def test_the_deadline_records_calls_in_flight_and_stops(gw, tmp_path):
    gw.queue("ok", "timeout", "timeout", "timeout")
    gw.hang_seconds = 6
    models = [chat_model(f"openai/model-{i}") for i in range(4)]
    gateway = test_gateway_config(gw, concurrent_requests=1, timeout_seconds=10)
    lines, summary = run_models(models, gateway, tmp_path, deadline_seconds=2)
    assert summary.deadline_passed and summary.not_run == 2
    assert [line["ok"] for line in lines] == [True, False]
    assert lines[1]["error_class"] == "DeadlineExceeded"
