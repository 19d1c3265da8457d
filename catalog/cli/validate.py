"""`catalog validate` and `catalog schema`: is the data right, and the JSON Schema editors use.

validate prints every finding (text, JSON or GitHub annotations) and exits 1 on any error:

    $ catalog validate --format github
    ::error file=data/models/acme/x.yaml,line=7,col=3,title=schema.unknown-key::unknown key ...
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from catalog.cli.common import (
    Number,
    UsageError,
    data_option,
    display_path,
    load,
    no_cache_option,
    print_json,
    summary,
)
from catalog.files import write_atomically
from catalog.findings import Finding, has_errors
from catalog.money import format_count

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schemas"
"""Where `catalog schema` writes by default: the repository's schemas/ folder."""


@click.command()
@data_option
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              help="text (default), json, or GitHub workflow annotations")
@click.option("--only", type=click.Choice(["curated", "imported"]),
              help="judge only the curated specs, or only the imported ones (a pull request's scope)")
@click.option("--severity", type=click.Choice(["error", "warning"]), default="warning", show_default=True,
              help="the least severe finding shown: error hides warnings")
@click.option("--stale-days", type=Number(), metavar="N",
              help="warn when prices were verified more than N days ago (default: the loader's DEFAULT_STALE_DAYS, 180)")
@no_cache_option
def validate(data: Path | None, output: str, only: str | None, severity: str, stale_days: int | None,
             no_cache: bool) -> int:
    """Check every spec; exit 1 if any has an error.

    \b
    For a pull request: catalog validate --only curated --severity error --format github
    """
    from catalog.checks.check import validation_findings
    from catalog.checks.github import capped_with_notice, finding_annotation, finding_line
    from catalog.checks.stale import is_imported_file
    from catalog.dataset import DEFAULT_STALE_DAYS

    if stale_days is None:
        stale_days = DEFAULT_STALE_DAYS
    catalog = load(data, no_cache=no_cache, stale_days=stale_days)
    findings: Sequence[Finding] = validation_findings(catalog)
    if only is not None:
        findings = [f for f in findings if is_imported_file(f.file, catalog.data_dir) == (only == "imported")]
    if severity == "error":
        findings = [f for f in findings if f.severity == "error"]
    if output == "json":
        print_json({
            "models": len(catalog.models),
            "providers": len(catalog.providers),
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "rules": {rule: dict(counts) for rule, counts in rule_counts(findings).items()},
            "findings": [_finding_json(f) for f in findings],
        })
    elif output == "github":
        # Errors first, and curated files (what a pull request changes) before imported ones.
        ordered = sorted(findings, key=lambda f: (f.severity != "error", is_imported_file(f.file, catalog.data_dir)))
        for line in capped_with_notice([(f.severity, finding_annotation(f), finding_line(f)) for f in ordered],
                                       "catalog validate", "`catalog validate` lists every finding"):
            print(line)
        print(summary(catalog, findings))
    else:
        for finding in findings:
            print(finding_line(finding))
        for line in _rule_lines(findings):
            print(line)
        print(summary(catalog, findings))
    return 1 if has_errors(findings) else 0


def rule_counts(findings: Sequence[Finding]) -> dict[str, Counter[str]]:
    """Rule -> how many errors and warnings it raised, the most frequent rule first."""
    counts: dict[str, Counter[str]] = {}
    for finding in findings:
        counts.setdefault(finding.rule, Counter())[finding.severity] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1].total(), item[0])))


def _rule_lines(findings: Sequence[Finding]) -> list[str]:
    counts = rule_counts(findings)
    if not counts:
        return []
    lines = ["by rule:"]
    for rule, count in counts.items():
        parts = [f"{format_count(count[s])} {s}{'s' * (count[s] != 1)}" for s in ("error", "warning") if count[s]]
        lines.append(f"  {rule}: {', '.join(parts)}")
    return lines


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "file": display_path(finding.file),
        "line": finding.line,
        "column": finding.column,
        "severity": finding.severity,
        "rule": finding.rule,
        "message": finding.message,
    }


# --- schema -------------------------------------------------------------------------------


def schema_files() -> dict[str, str]:
    """File name -> JSON Schema text, deterministic (sorted keys, trailing newline)."""
    from catalog.schema import ModelSpec, ProviderSpec

    return {
        "model.schema.json": _schema_text(ModelSpec),
        "provider.schema.json": _schema_text(ProviderSpec),
    }


def _schema_text(spec_class: type) -> str:
    from catalog.field_docs import DescribedSchema

    schema = spec_class.model_json_schema(schema_generator=DescribedSchema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=SCHEMA_DIR, metavar="DIR",
              help="folder to write into (default: the repository's schemas/)")
@click.option("--check", is_flag=True, help="write nothing; exit 1 if the files in --out are not up to date")
def schema(out: Path, check: bool) -> int:
    """Write the JSON Schema of model and provider specs."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder")
    stale = []
    for name, text in schema_files().items():
        path = out / name
        if _current_text(path) == text:
            continue
        if check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))
            print(f"wrote {display_path(path)}")
    for path in stale:
        print(f"{display_path(path)} is out of date; run `catalog schema --out {out}`", file=sys.stderr)
    return 1 if stale else 0


def _current_text(path: Path) -> str | None:
    """The file's text, or None when it is missing or not UTF-8 (either way: out of date)."""
    try:
        return path.read_text("utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


