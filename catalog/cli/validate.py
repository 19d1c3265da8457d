"""`catalog validate` and `catalog schema`: is the data right, and the JSON Schema editors use.

validate prints every finding (text, JSON or GitHub annotations) and exits 1 on any error:

    $ catalog validate --format github
    ::error file=data/models/acme/x.yaml,line=7,col=3,title=schema.unknown-key::unknown key ...
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from catalog.cli.common import UsageError, data_option, display_path, load, no_cache_option, print_json, summary
from catalog.findings import Finding, has_errors
from catalog.load import DEFAULT_STALE_DAYS

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schemas"
"""Where `catalog schema` writes by default: the repository's schemas/ folder."""


@click.command()
@data_option
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              help="text (default), json, or GitHub workflow annotations")
@click.option("--stale-days", type=int, default=DEFAULT_STALE_DAYS, metavar="N", show_default=True,
              help="warn when prices were verified more than N days ago")
@no_cache_option
def validate(data: Path | None, output: str, stale_days: int, no_cache: bool) -> int:
    """Check every spec; exit 1 if any has an error."""
    if stale_days < 0:
        raise UsageError("--stale-days must be 0 or more")
    from catalog.workloads import workloads_findings

    catalog = load(data, no_cache=no_cache, stale_days=stale_days)
    findings = catalog.findings
    workloads = catalog.data_dir / "workloads.yaml"
    if workloads.exists():  # the presets that estimates and workload pages are built on
        findings = (*findings, *workloads_findings(workloads))
    if output == "json":
        print_json({
            "models": len(catalog.models),
            "providers": len(catalog.providers),
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [_finding_json(f) for f in findings],
        })
    elif output == "github":
        for finding in findings:
            print(_github_annotation(finding))
        print(summary(catalog, findings))
    else:
        for finding in findings:
            print(f"{display_path(finding.file)}{str(finding)[len(str(finding.file)):]}")
        print(summary(catalog, findings))
    return 1 if has_errors(findings) else 0


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "file": display_path(finding.file),
        "line": finding.line,
        "column": finding.column,
        "severity": finding.severity,
        "rule": finding.rule,
        "message": finding.message,
    }


def _github_annotation(finding: Finding) -> str:
    """`::error file=F,line=L,col=C,title=RULE::message`, escaped as workflow commands need."""
    properties = [f"file={_escape_property(display_path(finding.file))}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
    if finding.column is not None:
        properties.append(f"col={finding.column}")
    properties.append(f"title={_escape_property(finding.rule)}")
    return f"::{finding.severity} {','.join(properties)}::{_escape_data(finding.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# --- schema -------------------------------------------------------------------------------


def schema_files() -> dict[str, str]:
    """File name -> JSON Schema text, deterministic (sorted keys, trailing newline)."""
    from catalog.schema import ModelSpec, ProviderSpec

    return {
        "model.schema.json": _schema_text(ModelSpec),
        "provider.schema.json": _schema_text(ProviderSpec),
    }


def _schema_text(spec_class: type) -> str:
    schema = spec_class.model_json_schema()
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
            write_atomically(path, text)
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


def write_atomically(path: Path, text: str) -> None:
    """Write beside `path` and rename over it, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, "utf-8")
        temporary.chmod(0o644)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
