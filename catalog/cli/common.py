"""What every command shares: the --data and --json options, loading the catalog, errors, output.

A command is a Click function that parses, calls a library function and prints through these
helpers, so exit codes and formats are the same everywhere (0 ok, 1 invalid data, 2 usage):

    @click.command()
    @data_option
    @json_option
    def hello(data, as_json): print_json(load(data).providers) if as_json else ...
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from catalog.findings import Finding, has_errors
from catalog.load import Catalog, data_dir_problem

F = TypeVar("F", bound=Callable[..., Any])


class UsageError(Exception):
    """A command-line mistake: printed to stderr, exit status 2."""


class InvalidDataError(Exception):
    """The data cannot answer the command (e.g. the model's spec has errors): exit status 1."""


# --- options ------------------------------------------------------------------------------


class DataDir(click.ParamType):
    """A catalog data folder, checked before the command runs, whether named by flag or $CATALOG_DATA."""

    name = "DIR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        problem = data_dir_problem(Path(value))
        if problem is not None:
            self.fail(f"{problem} (from --data or $CATALOG_DATA)", param, ctx)
        return Path(value)


def data_option(function: F) -> F:
    return click.option("--data", type=DataDir(), envvar="CATALOG_DATA", metavar="DIR",
                        help="catalog data folder (default: $CATALOG_DATA, or the bundled data/)")(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="print JSON")(function)


def no_cache_option(function: F) -> F:
    return click.option("--no-cache", is_flag=True,
                        help="read every spec file again instead of the cached catalog")(function)


# --- loading ------------------------------------------------------------------------------


def load(data: Path | None, *, no_cache: bool = False, **options: Any) -> Catalog:
    """The validated catalog of `data` (default the bundled data/), from the cache when fresh."""
    from catalog.load import load_catalog

    return load_catalog(data, **options)


def note_errors(catalog: Catalog) -> None:
    if has_errors(catalog.findings):
        print(f"note: the data has errors ({summary(catalog)}); run `catalog validate`", file=sys.stderr)


def summary(catalog: Catalog, findings: Sequence[Finding] | None = None) -> str:
    findings = catalog.findings if findings is None else findings
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    models, providers = len(catalog.models), len(catalog.providers)
    return (f"{models} model{'s' * (models != 1)}, {providers} provider{'s' * (providers != 1)}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


# --- output -------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it (as editors and CI expect)."""
    try:
        # absolute(), not resolve(): the path may be a looping symlink, and is shown as named.
        return str(Path(os.path.normpath(path.absolute())).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def where(finding: Finding) -> str:
    """`file:line:column` of a finding, as much of it as is known."""
    text = display_path(finding.file)
    if finding.line is not None:
        text += f":{finding.line}" + (f":{finding.column}" if finding.column is not None else "")
    return text


def print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def console(stderr: bool = False) -> Any:
    """A Rich console on today's stdout (or stderr): colour on a terminal, none otherwise or
    under NO_COLOR (Rich reads it), and the terminal's width."""
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False)


def print_table(rows: Sequence[Sequence[object]], *, indent: str = "", right_aligned: Sequence[int] = (),
                title: str | None = None) -> None:
    """Rows as columns, the first row being the header: a Rich table fitted to the terminal's
    width on a terminal; plain aligned text in a pipe or a file, where nothing wraps or colours."""
    cells = [[str(cell) for cell in row] for row in rows]
    out = console()
    if out.is_terminal:
        from rich.table import Table

        table = Table(title=title, box=None, header_style="bold", pad_edge=bool(indent))
        from rich.text import Text

        for i, name in enumerate(cells[0]):
            table.add_column(name, justify="right" if i in right_aligned else "left",
                             overflow="fold")
        for row in cells[1:]:
            table.add_row(*map(Text, row))  # data is text, never Rich markup: "[/bold]" in a name
        out.print(table)
        return
    if title:
        print(title)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    for row in cells:
        print(indent + "  ".join(cell.rjust(width) if i in right_aligned else cell.ljust(width)
                                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip())


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while long work runs, when stderr is a terminal; silent otherwise.

        with progress("importing", total=len(items)) as advance:
            for item in items: ...; advance(1)
    """
    if not sys.stderr.isatty():
        yield lambda steps=1: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda steps=1: bar.advance(task, steps)


def os_error_text(error: OSError) -> str:
    """`file: reason` in one line, e.g. "site/index.html: No space left on device"."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename is not None else reason


# --- numbers ------------------------------------------------------------------------------

CEILING = 10**15
"""The largest quantity any numeric flag accepts (10^15 tokens, images, requests, ...): far
above any real bill, and small enough that no computation overflows or hangs on it."""


class Number(click.ParamType):
    """A finite number from `minimum` to `maximum` (at most CEILING): a whole one when `whole`.
    Everything else (words, NaN, sNaN, infinities, negatives, 1e400) is a usage error naming the flag."""

    def __init__(self, *, whole: bool = True, minimum: int = 0, maximum: Any = CEILING) -> None:
        self.whole, self.minimum, self.maximum = whole, minimum, maximum
        self.name = "N" if whole else "X"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal, InvalidOperation

        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            number = Decimal(value)
        else:
            try:
                number = Decimal(str(value).strip())
            except (InvalidOperation, ValueError):
                self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite():
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if number < self.minimum:
            self.fail(f"{value!r}: must be {'zero' if self.minimum == 0 else self.minimum} or more", param, ctx)
        if number > self.maximum:
            self.fail(f"{value!r}: must be at most {self.maximum:,}", param, ctx)
        if self.whole:
            if number != number.to_integral_value():
                self.fail(f"{value!r} is not a whole number", param, ctx)
            return int(number)
        return number
