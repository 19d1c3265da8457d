"""Findings: what validation says about the data, each pinned to a file and line.

Every stage that judges data (the loader, the rules, the importers, the CI checks) reports
`Finding`s instead of raising, so one run lists every problem at once:

    data/models/google/gemini-2.0-flash.yaml:12:5: error [limits.output-within-context]
        max_output 65536 exceeds context_window 32768

Errors fail `catalog validate`; warnings are printed and do not. A finding is one line of
visible text wherever it is printed: a control or invisible character in its message or file
name (a quoted bad value) is shown escaped, `\\x1b`, never sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from catalog.text import escaped

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place. `rule` is the id of the check that found it."""

    file: Path
    line: int | None
    column: int | None
    severity: Severity
    rule: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote values from the data; escaped once here, every output is safe.
        object.__setattr__(self, "message", escaped(self.message))

    @property
    def location(self) -> str:
        """`file:line:column`, leaving out what is not known."""
        parts = [escaped(str(self.file))]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity} [{self.rule}] {self.message}"


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding fails validation."""
    return any(f.severity == "error" for f in findings)

