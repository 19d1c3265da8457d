"""One effective status: dates move a model along whatever its spec's status says."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.lifecycle import effective_status, is_retired
from catalog.schema import ModelSpec

DAY = dt.date(2026, 11, 30)


def model(**fields) -> ModelSpec:
    return ModelSpec(id="acme/alpha", name="Alpha", provider="acme", kind="chat", **fields)


@pytest.mark.parametrize(("fields", "status"), [
    ({}, "active"),
    ({"status": "preview"}, "preview"),
    ({"status": "deprecated"}, "deprecated"),
    ({"status": "retired"}, "retired"),
    ({"retires_on": DAY}, "retired"),                      # the shutdown day itself
    ({"retires_on": DAY + dt.timedelta(days=1)}, "active"),
    ({"deprecated_on": DAY - dt.timedelta(days=3)}, "deprecated"),
    ({"status": "preview", "deprecated_on": DAY}, "deprecated"),
    ({"deprecated_on": DAY - dt.timedelta(days=9), "retires_on": DAY - dt.timedelta(days=1)}, "retired"),
    ({"status": "deprecated", "retires_on": DAY + dt.timedelta(days=30)}, "deprecated"),
])
def test_effective_status_follows_the_dates(fields, status):
    assert effective_status(model(**fields), DAY) == status
    assert is_retired(model(**fields), DAY) == (status == "retired")


@pytest.mark.parametrize(("fields", "text"), [
    ({"retires_on": dt.date(2026, 5, 15)}, "retired on 2026-05-15"),
    ({"deprecated_on": dt.date(2025, 11, 14), "retires_on": dt.date(2027, 2, 1)},
     "deprecated on 2025-11-14, retires on 2027-02-01"),
    ({"retires_on": dt.date(2027, 1, 14)}, "active, retires on 2027-01-14"),
    ({"deprecated_on": dt.date(2027, 1, 1)}, "active, to be deprecated on 2027-01-01"),
    ({"status": "preview"}, "preview"),
])
def test_status_text_is_in_the_tense_of_the_day(fields, text):
    from catalog.lifecycle import status_text

    assert status_text(model(**fields), dt.date(2026, 11, 30)) == text
