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
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from catalog.checks.github import shown_path
from catalog.findings import Finding
from catalog.money import format_count

if TYPE_CHECKING:
    from catalog.cache import Loaded
    from catalog.dataset import Catalog

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
        from catalog.dataset import data_dir_problem

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


def load(data: Path | None, *, no_cache: bool = False, stale_days: int | None = None) -> Catalog:
    """The validated catalog of `data` (default the bundled data/), from the cache when fresh."""
    return load_with_rows(data, no_cache=no_cache, stale_days=stale_days).catalog


def load_with_rows(data: Path | None, *, no_cache: bool = False, stale_days: int | None = None) -> Loaded:
    """The catalog and its list rows (catalog.listing) for today, from the cache when fresh."""
    from catalog.cache import load_cached

    with progress("reading specs") as report:
        return load_cached(data, stale_days=stale_days, use_cache=not no_cache, progress=report)


def note_errors(loaded: Loaded) -> None:
    """One line on stderr when the data has errors elsewhere than what the command printed."""
    if loaded.errors:
        print(f"note: the data has errors ({loaded_summary(loaded)}); run `catalog validate`", file=sys.stderr)


def loaded_summary(loaded: Loaded) -> str:
    return counts_summary(len(loaded.catalog.models), len(loaded.catalog.providers), loaded.errors, loaded.warnings)


def summary(catalog: Catalog, findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    return counts_summary(len(catalog.models), len(catalog.providers), errors, len(findings) - errors)


def counts_summary(models: int, providers: int, errors: int, warnings: int) -> str:
    """`4,195 models, 123 providers: 0 errors, 1,877 warnings`."""
    def counted(n: int, noun: str) -> str:
        return f"{format_count(n)} {noun}{'s' * (n != 1)}"

    return (f"{counted(models, 'model')}, {counted(providers, 'provider')}: "
            f"{counted(errors, 'error')}, {counted(warnings, 'warning')}")


def unknown_text(noun: str, value: str, choices: Sequence[str]) -> str:
    """`unknown kind 'chatt'; did you mean chat?`, or every choice when none is near."""
    import difflib

    folded = {choice.lower(): choice for choice in choices}
    near = ([folded[value.lower()]] if value.lower() in folded
            else [folded[n] for n in difflib.get_close_matches(value.lower(), list(folded), n=5)])
    if near:
        return f"unknown {noun} '{value}'; did you mean {', '.join(near)}?"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"unknown {noun} '{value}'; {plural}: {', '.join(choices)}"


# --- output -------------------------------------------------------------------------------


display_path = shown_path
"""A path relative to the working directory when it is inside it (as editors and CI expect)."""


def where(finding: Finding) -> str:
    """`file:line:column` of a finding, as much of it as is known."""
    text = display_path(finding.file)
    if finding.line is not None:
        text += f":{finding.line}" + (f":{finding.column}" if finding.column is not None else "")
    return text


FIRST_ERRORS = 20
"""How many errors a refusal prints before "... and N more": enough to fix a batch, short
enough to read; `catalog validate` lists them all."""


def print_first_errors(findings: Sequence[Finding], limit: int = FIRST_ERRORS) -> None:
    """The first `limit` errors on stderr, each as `file:line:column: error [rule] message`."""
    errors = [f for f in findings if f.severity == "error"]
    for finding in errors[:limit]:
        print(f"{where(finding)}: error [{finding.rule}] {finding.message}", file=sys.stderr)
    if len(errors) > limit:
        print(f"... and {format_count(len(errors) - limit)} more", file=sys.stderr)


def print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def console(stderr: bool = False) -> Any:
    """A Rich console on today's stdout (or stderr): colour on a terminal, none otherwise or
    under NO_COLOR (Rich reads it), and the terminal's width."""
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False)


def terminal_console() -> Any:
    """A Rich console on stdout when it is a terminal; None in a pipe or a file, where output
    is plain text and Rich is not even imported (it costs a warm command 50 ms)."""
    return console() if sys.stdout.isatty() else None


def print_table(rows: Sequence[Sequence[object]], *, indent: str = "", right_aligned: Sequence[int] = (),
                title: str | None = None) -> None:
    """Rows as columns, the first row being the header: a Rich table fitted to the terminal's
    width on a terminal; plain aligned text in a pipe or a file, where nothing wraps or colours."""
    cells = [[str(cell) for cell in row] for row in rows]
    out = terminal_console()
    if out is not None:
        from rich.table import Table

        table = Table(title=title, box=None, header_style="bold", pad_edge=bool(indent))
        from rich.text import Text

        for i, name in enumerate(cells[0]):
            table.add_column(name, justify="right" if i in right_aligned else "left",
                             no_wrap=i == 0, overflow="fold")
        for row in cells[1:]:
            table.add_row(*map(Text, row))  # data is text, never Rich markup: "[/bold]" in a name
        out.print(table)
        return
    if title:
        print(title)
    # Padded a column at a time and written at once: `catalog list` prints thousands of rows.
    padded = []
    for i, column in enumerate(zip(*cells, strict=True)):
        width = max(map(len, column))
        padded.append([cell.rjust(width) if i in right_aligned else cell.ljust(width) for cell in column])
    sys.stdout.write("".join(f"{(indent + '  '.join(row)).rstrip()}\n" for row in zip(*padded)))


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr for long work, shown only on a terminal and only once the work
    reports progress (a warm command that reports nothing prints nothing):

        with progress("importing") as report:
            for done, item in enumerate(items, 1): ...; report(done, len(items))
    """
    if not sys.stderr.isatty():
        yield lambda done, total=None: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console(stderr=True), transient=True)
    task = bar.add_task(label, total=None, start=False)

    def report(done: int, total: int | None = None) -> None:
        if not bar.live.is_started:
            bar.start()
            bar.start_task(task)
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        bar.stop()


def os_error_text(error: OSError) -> str:
    """`file: reason` in one line, e.g. "site/index.html: No space left on device"."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename is not None else reason


# --- numbers ------------------------------------------------------------------------------

CEILING = 10**15
"""The largest quantity any numeric flag accepts (10^15 tokens, images, requests, ...): far
above any real bill, and small enough that no computation overflows or hangs on it. It is the
cost engine's `pricing.MAX_QUANTITY`, written here so that parsing flags does not import the
engine; tests/test_cli_app.py holds the two together."""


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
