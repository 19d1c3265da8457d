"""Inline SVG charts, laid out at build time: the geometry is computed here and the template
only draws it.

A standing chart is a strip from the worst peer (left) to the best (right) with a mark where the
model sits; its title and description say the same in words, for screen readers:

    standing_chart(Standing(metric=MAX_OUTPUT, value=32768, n=25, rank=2, ...))
    # {"title": "max output among 25 image-generation models", "x": 228.5, ...}
"""

from __future__ import annotations

from typing import Any

from catalog.claims import format_value
from catalog.enrich import standing_text
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
