"""GitHub annotations: one formatter and one cap for every check that annotates."""

from __future__ import annotations

from pathlib import Path

from catalog.checks.github import MAX_PER_LEVEL, capped, capped_with_notice, finding_annotation, finding_line
from catalog.findings import Finding


def finding(i: int, severity: str = "warning") -> Finding:
    return Finding(Path(f"data/models/acme/m{i}.yaml"), 3, 5, severity, "rule.x", f"bad, 100%: {i}")  # type: ignore[arg-type]


def test_a_finding_becomes_one_escaped_annotation_and_one_plain_line():
    assert finding_annotation(finding(1, "error")) == (
        "::error file=data/models/acme/m1.yaml,line=3,col=5,title=rule.x::bad, 100%25: 1")
    assert finding_line(finding(1)) == "data/models/acme/m1.yaml:3:5: warning [rule.x] bad, 100%: 1"


def test_the_cap_counts_each_level_and_either_lists_the_rest_or_counts_it_in_one_notice():
    entries = [(f.severity, finding_annotation(f), finding_line(f))
               for f in [finding(i, "error") for i in range(2)] + [finding(i) for i in range(MAX_PER_LEVEL + 3)]]
    listed = capped(entries)  # type: ignore[arg-type]
    assert sum(line.startswith("::") for line in listed) == 2 + MAX_PER_LEVEL
    assert listed[2 + MAX_PER_LEVEL] == f"3 more not annotated (GitHub shows {MAX_PER_LEVEL} of each level per step):"
    assert listed[-1] == finding_line(finding(MAX_PER_LEVEL + 2))
    counted = capped_with_notice(entries, "catalog validate", "run it for all")  # type: ignore[arg-type]
    assert counted[:-1] == listed[:2 + MAX_PER_LEVEL]
    assert counted[-1] == ("::notice title=catalog validate::3 more warnings not annotated (GitHub shows 10 errors "
                           "and 10 warnings per step); run it for all")
