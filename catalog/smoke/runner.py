"""The run: every planned call, paced per gateway, each result appended as it finishes.

Each gateway gets `concurrent_requests` workers taking calls from its own queue and one
requests-per-minute limiter; all share one `httpx.AsyncClient`. A call that fails, however it
fails, becomes a failed result and the workers go on. Cancelling the run (Ctrl-C) keeps every
result already written; at the run's deadline the calls in flight are recorded as failed:

    summary = await run_plan(plan, keys={"agentcc": key}, writer=ResultWriter(path, [key]))
    summary.ok, summary.failed   # (41, 2)
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from catalog.smoke.clients import Answer, call_route
from catalog.smoke.exchange import CallFailed, Session
from catalog.smoke.limiter import RateLimiter
from catalog.smoke.plan import Call, Plan
from catalog.smoke.results import ResultWriter, SmokeResult, costs, redact, usage_json


@dataclass
class RunSummary:
    planned: int
    ok: int = 0
    failed: int = 0
    not_run: int = 0
    deadline_passed: bool = False
    by_error: dict[str, int] = field(default_factory=dict)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def answered(call: Call, started: dt.datetime, answer: Answer) -> SmokeResult:
    report = answer.report
    return SmokeResult(
        model=call.model.id, route=call.route_id, gateway=call.gateway.name, protocol=call.route.protocol,
        gateway_model=call.route.model, started_at=started.isoformat(), ok=True, http_status=answer.http_status,
        attempts=answer.attempts, latency_ms=round(answer.seconds * 1000, 1),
        gateway_latency_ms=report.latency_ms, provider=report.provider,
        gateway_cost=None if report.cost is None else format(report.cost, "f"), cache=report.cache,
        usage=usage_json(answer.usage), polls=answer.polls,
        **costs(call.model, answer.usage, report.cost, started),
    )


def failed(call: Call, started: dt.datetime, error_class: str, message: str, *, attempts: int,
           http_status: int | None = None, polls: int | None = None) -> SmokeResult:
    return SmokeResult(
        model=call.model.id, route=call.route_id, gateway=call.gateway.name, protocol=call.route.protocol,
        gateway_model=call.route.model, started_at=started.isoformat(), ok=False, http_status=http_status,
        attempts=attempts, latency_ms=None, polls=polls, error_class=error_class, error_message=message,
    )


async def run_call(session: Session, call: Call) -> SmokeResult:
    """One call to its result; never raises except on cancellation (a BaseException)."""
    started = _now()
    try:
        answer = await call_route(session, call)
    except CallFailed as error:
        f = error.failure
        return failed(call, started, f.error_class, f.message, attempts=error.attempts,
                      http_status=f.http_status, polls=error.extra.get("polls"))
    except Exception as error:  # a bug or an unforeseen answer must not stop the other models
        return failed(call, started, type(error).__name__, redact(str(error)[:300], (session.key,)), attempts=1)
    return answered(call, started, answer)


async def run_plan(
    plan: Plan,
    keys: dict[str, str],
    writer: ResultWriter,
    *,
    deadline_seconds: float | None = None,
    on_result: Callable[[SmokeResult], None] | None = None,
    client: httpx.AsyncClient | None = None,
) -> RunSummary:
    """Run every call of `plan`; results go to `writer` (and `on_result`) as they finish."""
    summary = RunSummary(planned=len(plan.calls))
    queues: dict[str, deque[Call]] = {}
    for call in plan.calls:
        queues.setdefault(call.gateway.name, deque()).append(call)
    gateways = {call.gateway.name: call.gateway for call in plan.calls}
    loop = asyncio.get_running_loop()
    deadline_at = None if deadline_seconds is None else loop.time() + deadline_seconds

    def record(result: SmokeResult) -> None:
        writer.write(result)
        if result.ok:
            summary.ok += 1
        else:
            summary.failed += 1
            summary.by_error[result.error_class or "?"] = summary.by_error.get(result.error_class or "?", 0) + 1
        if on_result is not None:
            on_result(result)

    async def worker(session: Session, queue: deque[Call]) -> None:
        while queue:
            call = queue.popleft()
            started = _now()
            try:
                result = await run_call(session, call)
            except asyncio.CancelledError:
                if deadline_at is not None and loop.time() >= deadline_at:
                    record(failed(call, started, "DeadlineExceeded",
                                  f"the run's deadline of {deadline_seconds:g} s passed during the call", attempts=1))
                raise
            record(result)

    connections = sum(g.concurrent_requests for g in gateways.values()) or 1
    own_client = client is None
    if client is None:
        client = httpx.AsyncClient(limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
                                   follow_redirects=False)
    try:
        async with asyncio.timeout_at(deadline_at):
            async with asyncio.TaskGroup() as group:
                for name, queue in queues.items():
                    gateway = gateways[name]
                    session = Session(client, gateway, RateLimiter(gateway.requests_per_minute), keys.get(name, ""))
                    for _ in range(min(gateway.concurrent_requests, len(queue))):
                        group.create_task(worker(session, queue))
    except TimeoutError:
        summary.deadline_passed = True
    except ExceptionGroup as group:
        # Calls never raise (run_call records every failure), so this is the writer failing,
        # say a full disk: stop, and report it as the one error it is.
        raise group.exceptions[0] from None
    finally:
        if own_client:
            await client.aclose()
        summary.not_run = sum(len(q) for q in queues.values())
    return summary
