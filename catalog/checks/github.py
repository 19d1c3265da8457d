"""GitHub workflow annotations: one line a check prints so that GitHub shows it on the diff.

A workflow command is `::LEVEL PROPERTIES::MESSAGE`; the properties and the message are escaped
as GitHub's runner expects, so a message with a newline or a comma stays one annotation:

    annotation("error", "prices verified 2026-01-02, 332 days ago", file="data/models/a/b.yaml",
               line=12, column=3, title="pricing.stale")
    -> ::error file=data/models/a/b.yaml,line=12,col=3,title=pricing.stale::prices verified ...
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from catalog.money import format_count
from catalog.text import escaped

if TYPE_CHECKING:
    from catalog.findings import Finding

Level = Literal["error", "warning", "notice"]

MAX_PER_LEVEL = 10
"""GitHub shows at most 10 annotations of each level per step; a check prints the rest as text."""


def shown_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it: what an annotation's `file=`
    needs (CI runs in the repository's top folder) and what an editor opens from a log line."""
    try:
        # absolute(), not resolve(): the path may be a looping symlink, and is shown as named.
        return str(Path(os.path.normpath(Path(path).absolute())).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: Level,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command line; a location part that is not known is left out."""
    properties = []
    if file is not None:
        properties.append(f"file={escape_property(file)}")
        if line is not None:
            properties.append(f"line={line}")
            if column is not None:
                properties.append(f"col={column}")
    if title is not None:
        properties.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(properties)}" if properties else f"::{level}"
    return f"{head}::{escape_data(message)}"


def finding_annotation(finding: Finding) -> str:
    """A validation finding as the annotation GitHub shows on its file and line."""
    return annotation(finding.severity, finding.message, file=shown_path(finding.file), line=finding.line,
                      column=finding.column, title=finding.rule)


def finding_line(finding: Finding) -> str:
    """A validation finding as one plain line, `file:line:column: severity [rule] message`,
    its file shown relative to the working folder."""
    where = ":".join([escaped(shown_path(finding.file)),
                      *(str(n) for n in (finding.line, finding.column if finding.line is not None else None)
                        if n is not None)])
    return f"{where}: {finding.severity} [{finding.rule}] {finding.message}"


Entry = tuple[Level, str, str]
"""(level, annotation, the same as plain text)."""


def split_at_cap(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """The entries GitHub will show (the first `MAX_PER_LEVEL` of each level, in the order given,
    so a check orders the most important first) and the ones it would drop."""
    seen: Counter[str] = Counter()
    shown, rest = [], []
    for entry in entries:
        seen[entry[0]] += 1
        (shown if seen[entry[0]] <= MAX_PER_LEVEL else rest).append(entry)
    return shown, rest


def capped(entries: list[Entry]) -> list[str]:
    """Entries as lines: the first `MAX_PER_LEVEL` of each level as annotations, the rest as
    plain text after them, so nothing is silently dropped."""
    shown, rest = split_at_cap(entries)
    lines = [line for _, line, _ in shown]
    if rest:
        lines.append(f"{len(rest)} more not annotated (GitHub shows {MAX_PER_LEVEL} of each level per step):")
        lines += [plain for _, _, plain in rest]
    return lines


def capped_with_notice(entries: list[Entry], title: str, hint: str) -> list[str]:
    """Entries as lines: the first `MAX_PER_LEVEL` of each level as annotations, then one notice
    counting the rest by level and saying where to read them (`hint`), for a check whose full
    list is one command away and would bury the log."""
    shown, rest = split_at_cap(entries)
    lines = [line for _, line, _ in shown]
    left_out = Counter(level for level, _, _ in rest)
    if left_out:
        parts = [f"{format_count(left_out[level])} more {level}{'s' * (left_out[level] != 1)}"
                 for level in ("error", "warning", "notice") if left_out[level]]
        lines.append(annotation("notice", f"{' and '.join(parts)} not annotated (GitHub shows {MAX_PER_LEVEL} errors "
                                          f"and {MAX_PER_LEVEL} warnings per step); {hint}", title=title))
    return lines
