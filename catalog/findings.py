"""Findings: what validation says about the data, each pinned to a file and line.

Every stage that judges data (the loader, the rules, the importers, the CI checks) reports
`Finding`s instead of raising, so one run lists every problem at once:

    data/models/google/gemini-2.0-flash.yaml:12:5: error [limits.output-within-context]
        max_output 65536 exceeds context_window 32768

Errors fail `catalog validate`; warnings are printed and do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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

    @property
    def location(self) -> str:
        """`file:line:column`, leaving out what is not known."""
        parts = [str(self.file)]
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

