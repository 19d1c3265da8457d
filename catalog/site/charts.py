"""Inline SVG charts, laid out at build time: the geometry is computed here and the template
only draws it.

A standing chart is a strip from the worst peer (left) to the best (right) with a mark where the
model sits; its title and description say the same in words, for screen readers:

    standing_chart(Standing(metric=MAX_OUTPUT, value=32768, n=25, rank=2, ...))
    # {"title": "max output among 25 image-generation models", "x": 228.5, ...}

A scatter chart puts models by context window (across) and a price (up), both on log scales:

    scatter_chart([(128000, Decimal("2.5"), "GPT-4o")], title=..., y_label="Input price", y_text=price_text)
    # {"dots": [{"x": 72.0, "y": 260.0, "label": "GPT-4o: 128,000 tokens, $2.50"}], ...}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from catalog.claims import format_value
from catalog.enrich import standing_text
from catalog.money import format_count
from catalog.peers import Standing

WIDTH = 240
HEIGHT = 30
PAD = 8
TRACK_Y = 12


def standing_chart(standing: Standing, kind: str) -> dict[str, Any] | None:
    """Geometry and words of one standing, or None when too few peers were ranked."""
    if standing.rank is None or standing.n < 2:
        return None
    # The share of peers this model beats or ties, 0 (worst) .. 1 (best).
    share = 1 - (standing.rank - 1) / (standing.n - 1)
    x = round(PAD + share * (WIDTH - 2 * PAD), 1)
    value = format_value(standing.metric, standing.value)
    return {
        "title": f"{standing.metric.label} among {standing.n:,} {kind} models",
        "desc": (f"{value}: rank {standing.rank:,} of {standing.n:,} ({standing_text(standing)}); "
                 f"{'higher' if standing.metric.higher_is_better else 'lower'} is better."),
        "label": standing.metric.label,
        "value": value,
        "standing": standing_text(standing),
        "width": WIDTH,
        "height": HEIGHT,
        "track_x": PAD,
        "track_width": WIDTH - 2 * PAD,
        "track_y": TRACK_Y,
        "fill_width": round(x - PAD, 1),
        "x": x,
    }


# --- price against context --------------------------------------------------------------------

SCATTER_WIDTH = 640
SCATTER_HEIGHT = 300
SCATTER_LEFT = 72   # room for the price labels
SCATTER_BOTTOM = 40  # room for the context labels and the axis title
SCATTER_TOP = 12
SCATTER_RIGHT = 16


def _log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from below `low` to above `high`, with some room so no dot sits on the
    frame (at least two)."""
    first = math.floor(math.log10(low) - 0.1)
    last = max(math.ceil(math.log10(high) + 0.1), first + 1)
    return [10.0 ** e for e in range(first, last + 1)]


def scatter_chart(points: Sequence[tuple[int, Decimal, str]], *, title: str, y_label: str,
                  y_text: Callable[[Decimal], str], left_out: str = "") -> dict[str, Any] | None:
    """A price-against-context chart: one dot per (context window, price, name), both axes on a
    log scale (context windows and prices each span several powers of ten). Only positive
    values can be drawn; `left_out` says in words what was not (free or unknown prices). None
    when there is nothing to draw."""
    drawn = [(x, y, name) for x, y, name in points if x and y and y > 0]
    if not drawn:
        return None
    xs = _log_ticks(min(x for x, _, _ in drawn), max(x for x, _, _ in drawn))
    ys = _log_ticks(float(min(y for _, y, _ in drawn)), float(max(y for _, y, _ in drawn)))
    inner_w = SCATTER_WIDTH - SCATTER_LEFT - SCATTER_RIGHT
    inner_h = SCATTER_HEIGHT - SCATTER_TOP - SCATTER_BOTTOM

    def at_x(value: float) -> float:
        span = math.log10(xs[-1]) - math.log10(xs[0])
        return round(SCATTER_LEFT + (math.log10(value) - math.log10(xs[0])) / span * inner_w, 1)

    def at_y(value: float) -> float:
        span = math.log10(ys[-1]) - math.log10(ys[0])
        return round(SCATTER_TOP + inner_h - (math.log10(value) - math.log10(ys[0])) / span * inner_h, 1)

    cheapest = min(drawn, key=lambda p: (p[1], -p[0], p[2]))
    widest = max(drawn, key=lambda p: (p[0], -p[1], p[2]))
    desc = (f"{len(drawn):,} model{'s' * (len(drawn) != 1)} drawn. Lowest {y_label[0].lower()}{y_label[1:]}: {cheapest[2]}, "
            f"{y_text(cheapest[1])} with {format_count(cheapest[0])} tokens of context. Largest context: "
            f"{widest[2]}, {format_count(widest[0])} tokens at {y_text(widest[1])}.")
    if left_out:
        desc += f" Not drawn: {left_out}."
    return {
        "title": title,
        "desc": desc,
        "width": SCATTER_WIDTH,
        "height": SCATTER_HEIGHT,
        "left": SCATTER_LEFT,
        "right": SCATTER_WIDTH - SCATTER_RIGHT,
        "top": SCATTER_TOP,
        "bottom": SCATTER_TOP + inner_h,
        "x_ticks": [{"at": at_x(t), "text": _short_count(t)} for t in xs],
        "y_ticks": [{"at": at_y(t), "text": y_text(Decimal(str(t)).normalize())} for t in ys],
        "x_label": "Context window (tokens, log scale)",
        "y_label": f"{y_label} (log scale)",
        "dots": [{"x": at_x(x), "y": at_y(float(y)),
                  "label": f"{name}: {format_count(x)} tokens, {y_text(y)}"} for x, y, name in drawn],
    }


def _short_count(value: float) -> str:
    """1000 -> "1k", 1000000 -> "1M": tick labels of the context axis."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"
