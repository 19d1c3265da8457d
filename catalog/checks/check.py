"""`catalog check`: every CI check on the pricing data in one run, one summary, one exit code.

Each check is a function of the loaded catalog that returns a `CheckResult`; `CHECKS` lists
them in the order they run (validate, stale, crosscheck against the datasets kept in
`data/upstream/`, and the smoke report when results exist). A stage adds its own check by
listing it there:

    catalog check      # validate: ok ... / stale: ok ... / crosscheck: ok ... / smoke: skipped ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from catalog.checks.github import capped, finding_annotation, finding_line, shown_path
from catalog.findings import Finding, has_errors
from catalog.dataset import Catalog

Output = Literal["text", "github", "json"]


@dataclass(frozen=True)
class CheckContext:
    """What every check is given: the catalog loaded once, the day, and the thresholds."""

    catalog: Catalog
    today: dt.date
    stale_days: int
    output: Output
    tolerance: Decimal = Decimal("0.01")

    @property
    def data_dir(self) -> Path:
        return self.catalog.data_dir


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    summary: str
    """One line: what was checked and what was found."""
    details: str = ""
    """What to fix, in the run's output format; printed when the check fails (or annotates)."""
    skipped: bool = False
    """Nothing to check (no dataset bundled, no smoke results): passes, and says so."""


CheckFunction = Callable[[CheckContext], CheckResult]



def validation_findings(catalog: Catalog) -> tuple[Finding, ...]:
    """What `catalog validate` judges: the specs' findings, and the workload presets' when the
    data folder has them (estimates and workload pages are built on them)."""
    from catalog.workloads import workloads_findings

    workloads = catalog.data_dir / "workloads.yaml"
    return (*catalog.findings, *(workloads_findings(workloads) if workloads.exists() else ()))


def validate_check(context: CheckContext) -> CheckResult:
    """The specs and the workload presets validate (warnings allowed)."""
    findings = validation_findings(context.catalog)
    errors = [f for f in findings if f.severity == "error"]
    summary = (f"{len(context.catalog.models):,} models, {len(context.catalog.providers):,} providers: "
               f"{len(errors):,} errors, {len(findings) - len(errors):,} warnings (catalog validate lists them)")
    if context.output == "github":
        details = "\n".join(capped([("error", finding_annotation(f), finding_line(f)) for f in errors]))
    else:
        details = "\n".join(map(finding_line, errors))
    return CheckResult("validate", not has_errors(findings), summary, details)


def stale_check(context: CheckContext) -> CheckResult:
    """No curated price is older than the threshold."""
    from catalog.checks import stale

    report = stale.stale_report(context.catalog, context.stale_days, context.today)
    details = stale.as_github(report) if context.output == "github" else stale.as_text(report)
    return CheckResult("stale", not report.failed, stale.summary_line(report), details)


def crosscheck_check(context: CheckContext) -> CheckResult:
    """Curated prices agree with every dataset bundled in data/upstream/, or are acknowledged."""
    from catalog.checks import crosscheck
    from catalog.importers import SOURCES

    against = crosscheck.bundled_datasets(context.data_dir, list(SOURCES))
    if not against:
        return CheckResult("crosscheck", True, f"no dataset in {shown_path(context.data_dir / 'upstream')}", skipped=True)
    report = crosscheck.check_catalog(context.catalog, against, tolerance=context.tolerance)
    names = ", ".join(Path(a.split("=", 1)[1]).name for a in against)
    if context.output == "github":
        details = crosscheck.as_github(report)
    else:
        failing = [line for line in crosscheck.as_text(report).splitlines()[1:] if line.startswith(("DIFFER", "STALE"))]
        details = "\n".join([*[line for line in failing if "(curated" in line or line.startswith("STALE")],
                             *crosscheck.acknowledge_hint(report)])
    return CheckResult("crosscheck", not report.failed, f"against {names}: {crosscheck.summary_line(report)}", details)


def smoke_report_check(context: CheckContext) -> CheckResult:
    """The latest smoke calls answered and their costs reconcile (skipped without results)."""
    from catalog.smoke.report import smoke_check

    return smoke_check(context)


CHECKS: list[CheckFunction] = [validate_check, stale_check, crosscheck_check, smoke_report_check]
"""The checks `catalog check` runs, in order; a stage adds its own by appending here."""


def run_checks(context: CheckContext, checks: Sequence[CheckFunction] | None = None) -> list[CheckResult]:
    """Run each check; one that raises is a failed check naming the error, and the rest still run."""
    results = []
    for check in CHECKS if checks is None else checks:
        try:
            results.append(check(context))
        except Exception as error:  # noqa: BLE001 - one broken check must not hide the others' verdicts
            name = getattr(check, "__name__", "check").removesuffix("_check")
            results.append(CheckResult(name, False, f"could not run: {type(error).__name__}: {error}"))
    return results


def _verdict(r: CheckResult) -> str:
    return "skipped" if r.skipped else "ok" if r.ok else "FAILED"


def summary_line(results: Sequence[CheckResult]) -> str:
    failed = [r.name for r in results if not r.ok]
    return (f"catalog check: {len(results)} checks, {len(failed)} failed"
            + (f" ({', '.join(failed)})" if failed else ""))


def as_text(results: Sequence[CheckResult]) -> str:
    lines = []
    for r in results:
        lines.append(f"{r.name}: {_verdict(r)}: {r.summary}")
        if not r.ok and r.details:
            lines += ["  " + line for line in r.details.splitlines()]
    lines.append(summary_line(results))
    return "\n".join(lines)


def as_github(results: Sequence[CheckResult]) -> str:
    lines = []
    for r in results:
        if not r.ok and r.details:
            lines.append(r.details)
        lines.append(f"{r.name}: {_verdict(r)}: {r.summary}")
    lines.append(summary_line(results))
    return "\n".join(lines)


def as_json(results: Sequence[CheckResult]) -> dict[str, Any]:
    return {
        "failed": any(not r.ok for r in results),
        "checks": [{"name": r.name, "ok": r.ok, "skipped": r.skipped, "summary": r.summary, "details": r.details}
                   for r in results],
    }
