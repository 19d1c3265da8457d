"""`catalog import`: a public price dataset turned into data/imported/<source>/.

(`catalog crosscheck`, which compares our prices with a dataset's, is a CI check: checks.py.)

    $ catalog import litellm model_prices.json
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from catalog.cli.common import (
    UsageError,
    data_option,
    json_option,
    print_json,
    progress,
)


class IsoDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import datetime

        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(f"not a date (YYYY-MM-DD): {value!r}", param, ctx)


class Tolerance(click.ParamType):
    """A relative difference: at least 0 and under 1 (1 would accept any price)."""

    name = "FRACTION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite() or not 0 <= number < 1:
            self.fail(f"{value!r} is not a tolerance: it must be at least 0 and under 1 (0.01 is 1%)", param, ctx)
        return number


@click.command("import")
@data_option
@click.argument("source", metavar="SOURCE")
@click.argument("location", metavar="[PATH_OR_URL]", required=False)
@click.option("--check", is_flag=True, help="verify the committed snapshot is what the importer makes; exit 1 if not")
@click.option("--report", type=click.Path(path_type=Path), metavar="FILE", help="also write the import report (JSON)")
@click.option("--dataset-version", metavar="VERSION", help="the dataset's version (default: sha256 of the input)")
@click.option("--snapshot-date", type=IsoDate(),
              help="when the dataset's prices were published (default: prices dated today)")
@click.option("--force", is_flag=True,
              help="write even when the source yields no models or under half of the snapshot's")
@json_option
def import_command(data: Path | None, source: str, location: str | None, check: bool, report: Path | None,
                   dataset_version: str | None, snapshot_date: Any, force: bool, as_json: bool) -> int:
    """Generate data/imported/<source>/ from a public dataset (SOURCE: litellm, models-dev,
    model-prices, genai-prices, openrouter; PATH_OR_URL: the dataset file or URL; by default
    genai-prices reads the installed package, models-dev and model-prices their snapshot in
    data/upstream/)."""
    from catalog.importers import SOURCES, ImportSourceError, check_report_path, write_report
    from catalog.importers import import_command as run_import
    from catalog.dataset import bundled_data_dir

    if source not in SOURCES:
        raise UsageError(f"unknown source '{source}'; choose from {', '.join(SOURCES)}")

    folder = data if data is not None else bundled_data_dir()
    try:
        if report is not None:
            check_report_path(report)  # before the snapshot is written, not after
        with progress(f"importing {source}") as tell:
            tell(0)  # no count to report: an indeterminate bar with the time elapsed
            status, lines, result = run_import(source, location, folder, check=check, version=dataset_version,
                                               snapshot=snapshot_date, force=force)
        if as_json:
            print_json({"status": status, "lines": lines, "report": result.report.summary()})
        else:
            print("\n".join(lines))
        if report is not None:
            write_report(report, result.report.summary())
    except ImportSourceError as error:
        print(f"catalog import: {error}", file=sys.stderr)
        return 1
    return status
