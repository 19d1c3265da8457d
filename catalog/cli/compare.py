"""`catalog compare`: models side by side, with the cost of the same workload on each.

    $ catalog compare openai/gpt-4o-mini google/gemini-2.0-flash --workload chatbot
    $ catalog compare A B --requests-per-day 2000 --input-tokens 3000 --output-tokens 500
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from catalog.cli.browse import lookup_model
from catalog.cli.common import (
    UsageError,
    data_option,
    json_option,
    load_with_rows,
    no_cache_option,
    print_json,
    print_table,
)
from catalog.cli.costs import AtDate, UsageFlags, days, parse_at, usage_flags


@click.command()
@data_option
@click.argument("model_ids", nargs=-1, required=True, metavar="MODEL_ID MODEL_ID [MODEL_ID ...]")
@click.option("--workload", metavar="NAME", help="also price this preset of data/workloads.yaml on each")
@usage_flags
@click.option("--at", type=AtDate(), help="prices in force then (YYYY-MM-DD)")
@json_option
@no_cache_option
def compare(data: Path | None, model_ids: tuple[str, ...], workload: str | None, at: str | None, as_json: bool,
            no_cache: bool, **options: Any) -> int:
    """Compare models side by side: limits, modalities, capabilities, prices, status, peer
    standing, and the monthly cost of a workload (--workload NAME, or usage flags with
    --requests-per-day)."""
    from catalog import pricing
    from catalog.compare import compare as build
    from catalog.compare import comparison_json, comparison_rows

    if len(model_ids) < 2:
        raise UsageError("compare needs at least two models")
    flags = UsageFlags.of(options)
    if workload is None and flags.requests_per_day is None and flags.given():
        raise UsageError("compare prices a month: add --requests-per-day N to the usage, or give --workload NAME")
    loaded = load_with_rows(data, no_cache=no_cache)
    models = [lookup_model(loaded, name) for name in model_ids]
    seen = [m.id for m in models]
    repeated = sorted({i for i in seen if seen.count(i) > 1})
    if repeated:
        raise UsageError(f"{', '.join(repeated)} named twice")
    month: Any = None
    if workload is not None:
        month = flags.workload(workload, models[0].kind, data)
    elif flags.requests_per_day is not None:
        month = {m.id: flags.workload(None, m.kind, data) for m in models}
    kinds = {m.kind for m in models}
    peers = [loaded.catalog.models[row.id] for row in loaded.rows if row.kind in kinds]
    comparison = build(models, peers=peers, day=pricing.today(), workload=month,
                       days_per_month=days(flags.days_per_month), at=parse_at(at))
    if as_json:
        print_json(comparison_json(comparison))
        return 0
    rows = comparison_rows(comparison)
    print_table([("", *(m.id for m in models)), *((label, *cells) for label, cells in rows)])
    return 0
