"""GitHub workflow annotations: one line a check prints so that GitHub shows it on the diff.

A workflow command is `::LEVEL PROPERTIES::MESSAGE`; the properties and the message are escaped
as GitHub's runner expects, so a message with a newline or a comma stays one annotation:

    annotation("error", "prices verified 2026-01-02, 332 days ago", file="data/models/a/b.yaml",
               line=12, column=3, title="pricing.stale")
    -> ::error file=data/models/a/b.yaml,line=12,col=3,title=pricing.stale::prices verified ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Level = Literal["error", "warning", "notice"]

MAX_PER_LEVEL = 10
"""GitHub shows at most 10 annotations of each level per step; a check prints the rest as text."""


def shown_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it: what an annotation's `file=`
    needs (CI runs in the repository's top folder) and what an editor opens from a log line."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
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


def capped(entries: list[tuple[Level, str, str]]) -> list[str]:
    """(level, annotation, plain text) entries as lines: the first `MAX_PER_LEVEL` of each level
    as annotations, the rest as plain text after them, so nothing is silently dropped."""
    shown: dict[str, int] = {}
    lines, rest = [], []
    for level, line, plain in entries:
        shown[level] = shown.get(level, 0) + 1
        (lines if shown[level] <= MAX_PER_LEVEL else rest).append(line if shown[level] <= MAX_PER_LEVEL else plain)
    if rest:
        lines.append(f"{len(rest)} more not annotated (GitHub shows {MAX_PER_LEVEL} of each level per step):")
        lines += rest
    return lines
