"""The CI commands on pricing data: `stale`, `diff`, `check` and `refresh`, as Click commands.

Each command parses its options, calls a function of `catalog.checks`, prints, and exits 0 (ok),
1 (a failed check or invalid data) or 2 (a usage error):

    $ catalog stale --days 90 --format github
    ::error file=data/models/acme/alpha.yaml,line=9,col=13,title=pricing.stale::acme/alpha prices ...
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

import click

from catalog.load import bundled_data_dir, data_dir_problem


def _data_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> Path:
    """--data, else $CATALOG_DATA, else the bundled data/; never a folder that is not a catalog."""
    path = Path(value) if value else (Path(os.environ["CATALOG_DATA"]) if os.environ.get("CATALOG_DATA")
                                      else bundled_data_dir())
    problem = data_dir_problem(path)
    if problem is not None:
        raise click.BadParameter(f"{problem} (from --data or $CATALOG_DATA)", ctx=ctx, param=param)
    return path


data_option = click.option("--data", metavar="DIR", callback=_data_dir,
                           help="catalog data folder (default: $CATALOG_DATA, or the bundled data/)")


def _stale_days(data: Path, days: int | None) -> int:
    """--days, else `checks.stale_days` of the catalog.yaml beside the data folder."""
    if days is not None:
        return days
    from catalog.config import config_path, load_config
    from catalog.load import SpecFileError

    try:
        return load_config(config_path(data)).checks.stale_days
    except SpecFileError as error:
        click.echo("\n".join(str(f) for f in error.findings), err=True)
        sys.exit(1)


# --- stale --------------------------------------------------------------------------------


@click.command("stale")
@data_option
@click.option("--days", type=click.IntRange(0, 100_000), metavar="N",
              help="flag prices verified more than N days ago (default: checks.stale_days in catalog.yaml, 90)")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text, json, or GitHub workflow annotations")
def stale_command(data: Path, days: int | None, output: str) -> None:
    """List curated prices verified too long ago (exit 1 if any); imported ones by dataset date."""
    from catalog import pricing
    from catalog.checks import stale
    from catalog.load import load_catalog

    threshold = _stale_days(data, days)
    report = stale.stale_report(load_catalog(data), threshold, pricing.today())
    click.echo(stale.FORMATS[output](report))
    sys.exit(1 if report.failed else 0)


# --- diff ---------------------------------------------------------------------------------


@click.command("diff")
@click.argument("rev", metavar="REV")
@click.option("--to", "to_rev", metavar="REV2", help="compare with this revision instead of the work tree")
@data_option
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="markdown is a pull-request comment with a marker line for a sticky comment")
@click.option("--strict", is_flag=True, help="exit 1 when something is flagged for review")
def diff_command(rev: str, to_rev: str | None, data: Path, output: str, strict: bool) -> None:
    """Models and prices changed since git revision REV (the work tree, or --to REV2)."""
    from catalog import pricing
    from catalog.checks import diff
    from catalog.checks.gitrev import GitError

    try:
        result = diff.diff_revisions(data, rev, to_rev, pricing.today())
    except GitError as error:
        raise click.UsageError(str(error)) from None
    click.echo(diff.FORMATS[output](result).rstrip("\n"))
    sys.exit(1 if strict and result.flags else 0)


# --- refresh ------------------------------------------------------------------------------


@click.command("refresh")
@click.argument("source", type=click.Choice(["litellm", "genai-prices", "openrouter"]))
@click.argument("location", metavar="PATH_OR_URL")
@data_option
@click.option("--dataset-version", "version", metavar="VERSION", help="the dataset's version (default: sha256 of the input)")
@click.option("--snapshot-date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="when the dataset's prices were published (default: prices dated today)")
@click.option("--format", "output", type=click.Choice(["markdown", "text", "json", "github"]), default="markdown",
              show_default=True, help="markdown is the pull request's body")
@click.option("--dry-run", is_flag=True, help="compare only; leave data/imported/ as it is")
@click.option("--force", is_flag=True, help="write even when the source yields under half of the snapshot's models")
def refresh_command(source: str, location: str, data: Path, version: str | None, snapshot_date, output: str,
                    dry_run: bool, force: bool) -> None:
    """Import a newer upstream snapshot and print what it changes, as a pull-request body."""
    from catalog import pricing
    from catalog.checks import diff, refresh
    from catalog.importers import ImportSourceError

    try:
        done = refresh.refresh(source, location, data, version=version,
                               snapshot=snapshot_date.date() if snapshot_date else None,
                               today=pricing.today(), dry_run=dry_run, force=force)
    except ImportSourceError as error:
        click.echo(f"catalog refresh: {error}", err=True)
        sys.exit(1)
    if output == "markdown":
        click.echo(refresh.pull_request_body(done, source, location).rstrip("\n"))
    else:
        click.echo(diff.FORMATS[output](done.diff).rstrip("\n"))
    state = "written" if done.written else ("not written (--dry-run)" if dry_run else "unchanged")
    click.echo(f"{data}/imported/{source}: {state}; {done.changed_files:,} spec files differ", err=True)
    sys.exit(0)


# --- check --------------------------------------------------------------------------------


@click.command("check")
@data_option
@click.option("--days", type=click.IntRange(0, 100_000), metavar="N",
              help="stale threshold (default: checks.stale_days in catalog.yaml, 90)")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
def check_command(data: Path, days: int | None, output: str) -> None:
    """Validate, stale and crosscheck (and every check a stage adds) in one run, for CI."""
    import json

    from catalog import pricing
    from catalog.checks import check
    from catalog.load import load_catalog

    threshold = _stale_days(data, days)
    context = check.CheckContext(load_catalog(data, stale_days=threshold), pricing.today(), threshold, output)  # type: ignore[arg-type]
    results = check.run_checks(context)
    if output == "json":
        click.echo(json.dumps(check.as_json(results), indent=2))
    else:
        click.echo((check.as_github if output == "github" else check.as_text)(results))
    sys.exit(1 if any(not r.ok for r in results) else 0)


# --- crosscheck ---------------------------------------------------------------------------


def _tolerance(ctx: click.Context, param: click.Parameter, value: str) -> Decimal:
    """A relative difference: at least 0 and under 1 (1 would accept any price)."""
    try:
        tolerance = Decimal(value)
    except ArithmeticError:
        raise click.BadParameter(f"{value!r} is not a number") from None
    if not tolerance.is_finite() or not 0 <= tolerance < 1:
        raise click.BadParameter(f"{value!r} is not a tolerance: it must be at least 0 and under 1 (0.01 is 1%)")
    return tolerance


@click.command("crosscheck")
@data_option
@click.option("--against", multiple=True, required=True, metavar="DATASET[=PATH]",
              help="genai-prices[=PATH], litellm=PATH or openrouter=PATH; repeatable")
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True)
@click.option("--tolerance", default="0.01", callback=_tolerance, show_default=True,
              help="relative difference allowed (0.01 is 1%)")
def crosscheck_command(data: Path, against: tuple[str, ...], output: str, tolerance: Decimal) -> None:
    """Compare our prices with other public datasets; exit 1 when a curated price differs
    without an acknowledgement in `pricing.known_differences`."""
    from catalog.checks import crosscheck
    from catalog.importers import SOURCES, ImportSourceError

    unknown = sorted({name for name, _ in map(crosscheck.parse_against, against)} - set(SOURCES))
    if unknown:
        raise click.BadParameter(f"unknown source {', '.join(unknown)}; choose from {', '.join(SOURCES)}",
                                 param_hint="--against")
    try:
        status, text = crosscheck.run(list(against), data, tolerance=tolerance, output=output)
    except ImportSourceError as error:
        click.echo(f"catalog crosscheck: {error}", err=True)
        sys.exit(1)  # invalid input data, as under `import`
    click.echo(text)
    sys.exit(status)


COMMANDS: dict[str, click.Command] = {
    "stale": stale_command,
    "diff": diff_command,
    "refresh": refresh_command,
    "check": check_command,
    "crosscheck": crosscheck_command,
}
"""The commands of this module by name, for the root command to register."""
