"""One HTTP exchange with a gateway, retried the way gateways ask to be retried.

A 429 (after its `Retry-After`), a 5xx, a timeout or a dropped connection is tried again
after an exponential, jittered backoff, up to the gateway's `retries`; any other 4xx is an
answer, not an accident, and is never retried:

    attempt 1  503           wait ~1 s
    attempt 2  429 Retry-After: 2   wait 2 s (the whole gateway waits)
    attempt 3  200           -> Exchange(response, attempts=3)
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from catalog.smoke.gateways import Gateway
from catalog.smoke.limiter import RateLimiter, backoff_delay, retry_after_seconds
from catalog.smoke.results import redact

BODY_EXCERPT = 300


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a call did not answer: a class name for grouping, a message for people."""

    error_class: str
    message: str
    http_status: int | None = None
    retryable: bool = False


class CallFailed(Exception):
    """A call that failed for good, after `attempts` attempts."""

    def __init__(self, failure: Failure, attempts: int, extra: dict[str, Any] | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.attempts = attempts
        self.extra = extra or {}


@dataclass(frozen=True, slots=True)
class Exchange:
    response: httpx.Response
    attempts: int
    seconds: float
    """How long the answering attempt took, request sent to body read."""


@dataclass(frozen=True, slots=True)
class Session:
    """What every exchange with one gateway shares during a run."""

    client: httpx.AsyncClient
    gateway: Gateway
    limiter: RateLimiter
    key: str

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.gateway.timeout_seconds, connect=self.gateway.connect_timeout_seconds)


async def exchange(session: Session, method: str, path: str, **send: Any) -> Exchange:
    """Send one request (relative to the gateway's base URL) until it answers or fails for
    good; raises `CallFailed` with the last failure and the attempts made."""
    gateway = session.gateway
    url = f"{gateway.base_url}/{path}"
    headers = {**gateway.auth_headers(session.key), "Accept": "application/json, */*"}
    attempt = 0
    while True:
        attempt += 1
        await session.limiter.acquire()
        started = time.perf_counter()
        retry_after = None
        try:
            response = await session.client.request(method, url, headers=headers, timeout=session.timeout(), **send)
        except httpx.TimeoutException as error:
            failure = Failure("Timeout", _error_text(error, "timed out", session.key), None, True)
        except httpx.TransportError as error:
            failure = Failure("ConnectionError", _error_text(error, "connection failed", session.key), None, True)
        else:
            seconds = time.perf_counter() - started
            status = response.status_code
            if status < 400:
                return Exchange(response, attempt, seconds)
            failure = status_failure(response, session.key)
            if status in (429, 503):
                retry_after = retry_after_seconds(response.headers.get("retry-after"))
        if not failure.retryable or attempt > gateway.retries:
            raise CallFailed(failure, attempt)
        if retry_after is not None:
            if retry_after > gateway.backoff_max_seconds:
                raise CallFailed(Failure(failure.error_class, f"{failure.message} (asked to retry after "
                                         f"{retry_after:g} s, longer than backoff_max_seconds)", failure.http_status), attempt)
            session.limiter.hold_off(retry_after)
            delay = retry_after
        else:
            delay = backoff_delay(attempt, gateway.backoff_seconds, gateway.backoff_max_seconds)
        await asyncio.sleep(delay)


def status_failure(response: httpx.Response, key: str) -> Failure:
    """An HTTP error status as a failure; 429 and 5xx may be retried, other 4xx may not."""
    status = response.status_code
    excerpt = redact(response.text[:BODY_EXCERPT].strip(), (key,))
    message = f"HTTP {status} {response.reason_phrase}" + (f": {excerpt}" if excerpt else "")
    if status == 429:
        return Failure("RateLimited", message, status, True)
    if status >= 500:
        return Failure("ServerError", message, status, True)
    return Failure("ClientError", message, status, False)


def _error_text(error: Exception, fallback: str, key: str) -> str:
    text = str(error).strip() or fallback
    return redact(f"{type(error).__name__}: {text}", (key,))


def json_body(ex: Exchange, key: str) -> dict[str, Any]:
    """The answer's JSON object; a wrong content type or malformed JSON is a failure (not
    retried: the gateway answered, wrongly)."""
    response = ex.response
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        raise CallFailed(Failure("UnexpectedContentType", f"expected JSON, got {kind or 'no content type'}: "
                                 f"{redact(response.text[:BODY_EXCERPT].strip(), (key,))}", response.status_code), ex.attempts)
    try:
        body = response.json()
    except ValueError as error:
        raise CallFailed(Failure("MalformedResponse", f"invalid JSON ({error})", response.status_code), ex.attempts) from None
    if not isinstance(body, dict):
        raise CallFailed(Failure("MalformedResponse", f"expected a JSON object, got {type(body).__name__}",
                                 response.status_code), ex.attempts)
    return body
