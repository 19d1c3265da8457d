"""A model's effective status on a day: the one place the lifecycle is decided.

The spec's `status` is what its author wrote; dates move a model along without anyone
editing the file. Retired once `retires_on` has come, deprecated once `deprecated_on` has,
otherwise the spec's status. Every view (CLI, pages, API, claims, FAQ, cheapest) asks here:

    effective_status(gpt_4o, date(2027, 1, 14))   -> "retired"   (retires_on: 2027-01-14)
    effective_status(gpt_4o, date(2026, 11, 30))  -> "active"
    effective_status(gpt_4o, today())             # the UTC day, when no other is asked for
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named: `catalog list` decides nothing here and loads no schema
    from catalog.schema import ModelSpec, Status

LIVE_STATUSES: frozenset[str] = frozenset({"preview", "active", "deprecated"})
"""Statuses of a model that still answers requests."""


def today() -> dt.date:
    """The current day in UTC: the day statuses are judged on, pages built and estimates
    priced when no other day is asked for."""
    return dt.datetime.now(dt.timezone.utc).date()


def effective_status(model: ModelSpec, day: dt.date) -> Status:
    """The status in force on `day` (a UTC calendar day)."""
    if model.status == "retired" or (model.retires_on is not None and model.retires_on <= day):
        return "retired"
    if model.status == "deprecated" or (model.deprecated_on is not None and model.deprecated_on <= day):
        return "deprecated"
    return model.status


def is_retired(model: ModelSpec, day: dt.date) -> bool:
    """Whether the model no longer answers on `day`."""
    return effective_status(model, day) == "retired"


def status_text(model: ModelSpec, day: dt.date) -> str:
    """The status a header shows, with the dates that explain it, in the tense of `day`:

        "retired on 2026-05-15"
        "deprecated on 2025-11-14, retires on 2026-02-01"
        "active, retires on 2027-01-14"
    """
    status = effective_status(model, day)
    deprecated, retires = model.deprecated_on, model.retires_on
    parts = [status]
    if status == "retired" and retires is not None:
        parts = [f"retired on {retires.isoformat()}"]
    elif deprecated is not None:
        parts[0] = (f"deprecated on {deprecated.isoformat()}" if status == "deprecated"
                    else f"{status}, to be deprecated on {deprecated.isoformat()}")
    if status != "retired" and retires is not None:
        parts.append(f"retires on {retires.isoformat()}")
    return ", ".join(parts)
