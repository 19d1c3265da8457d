"""The CI commands on pricing data: `stale`, `diff`, `check`, `refresh` and `crosscheck`.

Each command parses its options, calls a function of `catalog.checks`, prints, and returns the
exit code: 0 ok, 1 a failed check or invalid data, 2 a usage error:

    $ catalog stale --days 90 --format github
    ::error file=data/models/acme/alpha.yaml,line=9,col=13,title=pricing.stale::acme/alpha prices ...
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import click

from catalog.cli.common import InvalidDataError, UsageError, data_option, load, no_cache_option, print_json, progress
from catalog.cli.data import IsoDate, Tolerance


def _folder(data: Path | None) -> Path:
    from catalog.dataset import bundled_data_dir

    return data if data is not None else bundled_data_dir()


def _stale_days(data: Path | None, days: int | None) -> int:
    """--days, else `checks.stale_days` of the catalog.yaml beside the data folder."""
    if days is not None:
        return days
    from catalog.config import config_path, load_config
    from catalog.load import SpecFileError

    try:
        return load_config(config_path(_folder(data))).checks.stale_days
    except SpecFileError as error:
        raise InvalidDataError("\n".join(str(f) for f in error.findings)) from None


days_option = click.option("--days", type=click.IntRange(0, 100_000), metavar="N",
                           help="flag curated prices verified more than N days ago "
                                "(default: checks.stale_days in catalog.yaml, 90)")


# --- stale --------------------------------------------------------------------------------


@click.command("stale")
@data_option
@days_option
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text, json, or GitHub workflow annotations")
@no_cache_option
def stale(data: Path | None, days: int | None, output: str, no_cache: bool) -> int:
    """List curated prices verified too long ago (exit 1 if any); imported ones by dataset date."""
    from catalog import pricing
    from catalog.checks import stale as staleness

    threshold = _stale_days(data, days)
    report = staleness.stale_report(load(data, no_cache=no_cache), threshold, pricing.today())
    click.echo(staleness.FORMATS[output](report))
    return 1 if report.failed else 0


# --- diff ---------------------------------------------------------------------------------


@click.command("diff")
@click.argument("rev", metavar="REV")
@click.option("--to", "to_rev", metavar="REV2", help="compare with this revision instead of the work tree")
@data_option
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="markdown is a pull-request comment with a marker line for a sticky comment")
@click.option("--strict", is_flag=True, help="exit 1 when something is flagged for review")
def diff(rev: str, to_rev: str | None, data: Path | None, output: str, strict: bool) -> int:
    """Models and prices changed since git revision REV (against the work tree, or --to REV2)."""
    from catalog import pricing
    from catalog.checks import diff as price_diff
    from catalog.checks.gitrev import GitError

    try:
        result = price_diff.diff_revisions(_folder(data), rev, to_rev, pricing.today())
    except GitError as error:
        raise UsageError(str(error)) from None
    click.echo(price_diff.FORMATS[output](result).rstrip("\n"))
    return 1 if strict and result.flags else 0


# --- check --------------------------------------------------------------------------------


@click.command("check")
@data_option
@days_option
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@no_cache_option
def check(data: Path | None, days: int | None, output: str, no_cache: bool) -> int:
    """Validate, stale and crosscheck (and every check a stage adds) in one run, for CI."""
    from catalog import pricing
    from catalog.checks import check as checks

    threshold = _stale_days(data, days)
    context = checks.CheckContext(load(data, no_cache=no_cache, stale_days=threshold), pricing.today(), threshold,
                                  output)  # type: ignore[arg-type]
    results = checks.run_checks(context)
    if output == "json":
        print_json(checks.as_json(results))
    else:
        click.echo((checks.as_github if output == "github" else checks.as_text)(results))
    return 1 if any(not r.ok for r in results) else 0


# --- refresh ------------------------------------------------------------------------------


@click.command("refresh")
@click.argument("source", metavar="SOURCE")
@click.argument("location", metavar="PATH_OR_URL")
@data_option
@click.option("--dataset-version", "version", metavar="VERSION", help="the dataset's version (default: sha256 of the input)")
@click.option("--snapshot-date", type=IsoDate(), help="when the dataset's prices were published (default: prices dated today)")
@click.option("--format", "output", type=click.Choice(["markdown", "text", "json", "github"]), default="markdown",
              show_default=True, help="markdown is the pull request's body")
@click.option("--dry-run", is_flag=True, help="compare only; leave data/imported/ as it is")
@click.option("--force", is_flag=True, help="write even when the source yields under half of the snapshot's models")
def refresh(source: str, location: str, data: Path | None, version: str | None, snapshot_date: dt.date | None,
            output: str, dry_run: bool, force: bool) -> int:
    """Import a newer upstream snapshot of SOURCE and print what it changes, as a pull-request body."""
    from catalog import pricing
    from catalog.checks import diff as price_diff
    from catalog.checks import refresh as refreshing
    from catalog.importers import SOURCES, ImportSourceError

    if source not in SOURCES:
        raise UsageError(f"unknown source '{source}'; choose from {', '.join(SOURCES)}")
    folder = _folder(data)
    try:
        done = refreshing.refresh(source, location, folder, version=version, snapshot=snapshot_date,
                                  today=pricing.today(), dry_run=dry_run, force=force)
    except ImportSourceError as error:
        print(f"catalog refresh: {error}", file=sys.stderr)
        return 1
    if output == "markdown":
        click.echo(refreshing.pull_request_body(done, source, location).rstrip("\n"))
    else:
        click.echo(price_diff.FORMATS[output](done.diff).rstrip("\n"))
    state = "written" if done.written else ("not written (--dry-run)" if dry_run else "unchanged")
    print(f"{folder}/imported/{source}: {state}; {done.changed_files:,} spec files differ", file=sys.stderr)
    return 0


# --- crosscheck ---------------------------------------------------------------------------


@click.command("crosscheck")
@data_option
@click.option("--against", multiple=True, required=True, metavar="DATASET[=PATH]",
              help="litellm=PATH, models-dev[=PATH], model-prices[=PATH] (default: their snapshots in data/upstream/), genai-prices[=PATH] or openrouter=PATH; repeatable")
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True)
@click.option("--tolerance", type=Tolerance(), default=Decimal("0.01"),
              help="relative difference allowed (default 0.01, i.e. 1%)")
def crosscheck(data: Path | None, against: tuple[str, ...], output: str, tolerance: Decimal) -> int:
    """Compare our prices with other public datasets; exit 1 when a curated price differs
    without an acknowledgement in `pricing.known_differences`."""
    from catalog.checks import crosscheck as cross
    from catalog.importers import SOURCES, ImportSourceError

    unknown = sorted({name for name, _ in map(cross.parse_against, against)} - set(SOURCES))
    if unknown:
        print(f"catalog crosscheck: --against: unknown source {', '.join(unknown)}; "
              f"choose from {', '.join(SOURCES)}", file=sys.stderr)
        return 2  # a usage error, not bad data
    try:
        with progress(f"comparing with {', '.join(against)}") as tell:
            tell(0)
            status, text = cross.run(list(against), data, tolerance=tolerance, output=output)
    except ImportSourceError as error:
        print(f"catalog crosscheck: {error}", file=sys.stderr)
        return 1  # invalid input data, as under `import`
    click.echo(text)
    return status
