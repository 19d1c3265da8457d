"""Pacing: a requests-per-minute limiter, the backoff between attempts, and `Retry-After`.

The limiter spaces requests evenly (600 per minute: one every 0.1 s) instead of letting a
burst through, so a gateway counting over any window never sees more than the limit; a 429's
`Retry-After` pushes every later request of that gateway back, not only the one retried:

    limiter = RateLimiter(600)
    await limiter.acquire()      # returns at once, then 0.1 s, 0.2 s, ... after the first
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import random
import time
from collections.abc import Awaitable, Callable


class RateLimiter:
    """At most `per_minute` acquisitions a minute, evenly spaced. Safe for many tasks of one
    event loop: each acquisition reserves its slot before it waits."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.interval = 60.0 / per_minute
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    async def acquire(self) -> None:
        now = self._clock()
        slot = now if self._next is None else max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await self._sleep(slot - now)

    def hold_off(self, seconds: float) -> None:
        """No request before `seconds` from now (the gateway said so in `Retry-After`)."""
        until = self._clock() + seconds
        if self._next is None or self._next < until:
            self._next = until


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """The pause after failed attempt `attempt` (1, 2, ...): base * 2**(attempt-1), capped,
    with "equal jitter" (between half and all of it) so that retries do not march in step."""
    full = min(cap, base * 2 ** (attempt - 1))
    return full / 2 + (rng or random).uniform(0, full / 2)


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """`Retry-After` as seconds: either a number of seconds or an HTTP date; None if absent
    or unreadable (then the ordinary backoff applies)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        seconds = (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)
