"""Money and counts as people read them: the one formatter for the CLI, the site and (through
its JavaScript twin, templates/static/js/money.mjs, held to it by tests/vectors/money.json)
the calculator.

A *price* keeps every significant digit it has, with at least two decimals; a *bill* (what a
request or a month costs) is rounded to the cent, except that an amount under a cent keeps
two significant digits so it never reads as $0.00. Unknown is "unknown", never $0, and minus
zero is zero:

    format_price(Decimal("0.0375"))    -> "$0.0375"
    format_price(Decimal("15"))        -> "$15.00"
    format_bill(Decimal("2827.2"))     -> "$2,827.20"
    format_bill(Decimal("0.000042"))   -> "$0.000042"
    format_bill(None)                  -> "unknown"
    format_count(1234567)              -> "1,234,567"
    format_count(Decimal("2.125"))     -> "2.13"
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

UNKNOWN = "unknown"
CENT = Decimal("0.01")


def _rounded(value: Decimal, quantum: Decimal) -> Decimal:
    """`value` rounded half up to a multiple of `quantum`, however many digits that takes: the
    default context's 28 digits would refuse a count or a bill as large as a user can ask for."""
    digits = max(value.adjusted() - quantum.adjusted() + 2, 28)
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=digits))


def _signed(text: str, negative: bool) -> str:
    return f"-${text}" if negative else f"${text}"


def format_price(amount: Decimal | int | None) -> str:
    """A unit price, exact: `$0.60`, `$0.0375`, `$1,250.00`, `$0.00` for free."""
    if amount is None:
        return UNKNOWN
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not a price: {value}")
    negative = value < 0
    text = f"{abs(value).normalize():,f}"
    whole, _, fraction = text.partition(".")
    return _signed(f"{whole}.{fraction.ljust(2, '0')}", negative)


def format_bill(amount: Decimal | int | None) -> str:
    """A cost: to the cent (`$2,827.20`); under a cent, two significant digits (`$0.0042`)."""
    if amount is None:
        return UNKNOWN
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not an amount: {value}")
    negative = value < 0
    size = abs(value)
    if size == 0:
        return "$0.00"
    if size >= CENT:
        return _signed(f"{_rounded(size, CENT):,f}", negative)
    # Two significant digits: the exponent of the leading digit decides the quantum.
    quantum = Decimal(1).scaleb(size.adjusted() - 1)
    return _signed(f"{_rounded(size, quantum).normalize():f}", negative)


def format_count(value: int | Decimal | None) -> str:
    """A count with thousands separators (`128,000`), at most two decimals; unknown stays "unknown"."""
    if value is None:
        return UNKNOWN
    if isinstance(value, int):  # the common case, and already whole: skip the rounding below
        return f"{value:,}"
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a count: {number}")
    # A count shown to people needs no more than two decimals: a month's blended quantity
    # (share of requests x tokens) is 15,000,000, not 14,999,999.99999999999999999999.
    number = _rounded(number, CENT)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}".rstrip("0")  # not integral: the trailing zero of 2.10 only
