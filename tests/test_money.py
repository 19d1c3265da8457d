"""The one money formatter: prices keep their digits, bills round to the cent, never $-0,
and the JavaScript twin agrees on every vector in tests/vectors/money.json."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.money import format_bill, format_count, format_price

VECTORS = json.loads((Path(__file__).parent / "vectors" / "money.json").read_text())
FORMATTERS = {"price": format_price, "bill": format_bill, "count": format_count}


@pytest.mark.parametrize(("amount", "text"), [
    ("0.6", "$0.60"), ("0.0375", "$0.0375"), ("15", "$15.00"), ("2.99999", "$2.99999"),
    ("1250", "$1,250.00"), ("0", "$0.00"), ("-0", "$0.00"), ("-0.000", "$0.00"),
])
def test_a_price_keeps_the_digits_it_has(amount, text):
    assert format_price(Decimal(amount)) == text


@pytest.mark.parametrize(("amount", "text"), [
    ("2827.2", "$2,827.20"), ("0.6", "$0.60"), ("0.995", "$1.00"), ("0.0000425", "$0.000043"),
    ("0.004999", "$0.005"), ("-0", "$0.00"), ("-3.456", "-$3.46"),
])
def test_a_bill_is_rounded_to_the_cent_but_never_to_zero(amount, text):
    assert format_bill(Decimal(amount)) == text


def test_unknown_is_never_zero():
    assert format_price(None) == format_bill(None) == format_count(None) == "unknown"


def test_counts_have_thousands_separators():
    assert format_count(128000) == "128,000"
    assert format_count(Decimal("1234567")) == "1,234,567"
    assert format_count(Decimal("2.10")) == "2.1" and format_count(Decimal("2.125")) == "2.13"


def test_amounts_beyond_the_default_decimal_precision_are_formatted_whole():
    # 10^15 requests of 10^15 tokens: more digits than Decimal's default 28, which made rounding raise
    assert format_count(Decimal("1e30")) == "1" + ",000" * 10
    assert format_count(Decimal("1" + "0" * 30 + ".105")) == "1" + ",000" * 10 + ".11"
    assert format_bill(Decimal("12.5e27")) == "$12,500" + ",000" * 8 + ".00"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_a_non_finite_amount_is_refused(value):
    with pytest.raises(ValueError):
        format_price(value)
    with pytest.raises(ValueError):
        format_bill(value)


@pytest.mark.parametrize(("kind", "amount", "text"),
                         [(kind, amount, text) for kind, cases in VECTORS.items() for amount, text in cases])
def test_the_shared_vectors_hold_in_python(kind, amount, text):
    assert FORMATTERS[kind](None if amount is None else Decimal(amount)) == text
