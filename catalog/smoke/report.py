"""`catalog smoke report`: the latest result per model and route, for people and for CI.

A route fails the report when its latest call failed, or when the gateway billed more or less
than the catalog's prices say beyond the tolerance (the pricing data is then to be checked):

    model                route                ok  latency  gateway   catalog   check
    openai/gpt-4o-mini   agentcc:openai-chat  ok  412 ms   $0.0000036 $0.0000036 match
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.checks.check import CheckContext, CheckResult
from catalog.money import format_bill
from catalog.smoke.latest import CostCheck, Tolerance, cost_check, latest_by_route
from catalog.smoke.results import SmokeResult

FORMATS = ("markdown", "json", "github")


@dataclass(frozen=True, slots=True)
class ReportRow:
    result: SmokeResult
    check: CostCheck

    @property
    def failing(self) -> bool:
        return not self.result.ok or self.check == "mismatch"


@dataclass(frozen=True, slots=True)
class SmokeReport:
    rows: tuple[ReportRow, ...]
    problems: tuple[str, ...] = ()

    @property
    def failures(self) -> tuple[ReportRow, ...]:
        return tuple(row for row in self.rows if not row.result.ok)

    @property
    def mismatches(self) -> tuple[ReportRow, ...]:
        return tuple(row for row in self.rows if row.check == "mismatch")

    @property
    def exit_code(self) -> int:
        """1 when a latest call failed or a cost does not reconcile, for CI; else 0."""
        return 1 if any(row.failing for row in self.rows) else 0


def build_report(results: Iterable[SmokeResult], tolerance: Tolerance, problems: tuple[str, ...] = ()) -> SmokeReport:
    rows = tuple(ReportRow(r, cost_check(r, tolerance)) for r in latest_by_route(results).values())
    return SmokeReport(rows, problems)


def _money(text: str | None) -> str:
    return "—" if text is None else format_bill(Decimal(text))


def _latency(ms: float | None) -> str:
    return "—" if ms is None else f"{ms:,.0f} ms"


def _status(row: ReportRow) -> str:
    return "ok" if row.result.ok else f"failed ({row.result.error_class})"


def _check_text(row: ReportRow) -> str:
    if row.check == "mismatch":
        return f"mismatch ({_money(row.result.cost_difference)})"
    if row.check == "unchecked" and row.result.ok and row.result.gateway_cost is not None:
        return "unchecked (catalog cost unknown)"
    return row.check


def _columns(row: ReportRow) -> list[str]:
    r = row.result
    return [r.model, r.route, _status(row), r.started_at[:10], str(r.attempts), _latency(r.latency_ms),
            _money(r.gateway_cost), _money(r.catalog_cost), _check_text(row)]


HEADERS = ["model", "route", "status", "date", "attempts", "latency", "gateway cost", "catalog cost", "cost check"]


def _summary(report: SmokeReport) -> str:
    return (f"{len(report.rows)} routes: {len(report.rows) - len(report.failures)} answered, "
            f"{len(report.failures)} failed, {len(report.mismatches)} cost mismatches")


def table_rows(report: SmokeReport) -> list[list[str]]:
    """The report as a table, header first (the CLI prints it fitted to the terminal)."""
    return [HEADERS, *(_columns(row) for row in report.rows)]


def text_notes(report: SmokeReport) -> list[str]:
    """What follows the table in text: why each failed call failed, then the summary."""
    notes = [f"{row.result.model} via {row.result.route}: {row.result.error_message}"
             for row in report.rows if not row.result.ok]
    return [*notes, _summary(report) if report.rows else "no smoke results yet"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: SmokeReport) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(_cell(c) for c in _columns(row)) + " |" for row in report.rows]
    lines += ["", _summary(report) + "."]
    failures = [row for row in report.rows if row.failing]
    if failures:
        lines += ["", "To look at:", ""]
        for row in failures:
            why = row.result.error_message if not row.result.ok else (
                f"the gateway billed {_money(row.result.gateway_cost)}, the catalog's prices say "
                f"{_money(row.result.catalog_cost)}: check the pricing data")
            lines.append(f"- `{row.result.model}` via `{row.result.route}`: {_cell(why or '')}")
    return "\n".join(lines) + "\n"


def render_json(report: SmokeReport) -> str:
    doc: dict[str, Any] = {
        "routes": [{**row.result.to_json(), "cost_check": row.check, "failing": row.failing} for row in report.rows],
        "failed": len(report.failures),
        "cost_mismatches": len(report.mismatches),
        "unreadable_lines": list(report.problems),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(report: SmokeReport) -> str:
    """Workflow commands: an error annotation per failing route, then the summary."""
    lines = []
    for row in report.rows:
        r = row.result
        if not r.ok:
            lines.append(f"::error title=smoke call failed::{_escape(f'{r.model} via {r.route}: {r.error_message}')}")
        elif row.check == "mismatch":
            lines.append("::error title=cost mismatch::" + _escape(
                f"{r.model} via {r.route}: the gateway billed {_money(r.gateway_cost)}, the catalog's prices say "
                f"{_money(r.catalog_cost)}; check the pricing data"))
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def render(report: SmokeReport, fmt: str) -> str:
    """The report as markdown, json or github workflow commands (text is `table_rows` and
    `text_notes`, which the CLI prints fitted to the terminal)."""
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "github":
        return render_github(report)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def smoke_check(context: CheckContext) -> CheckResult:
    """`catalog check`'s smoke step: the latest result per model and route answered, and its
    cost reconciles with the catalog's; skipped when the data folder holds no results."""
    from catalog.config import config_path, load_config
    from catalog.smoke.latest import read_results, smoke_folder

    config = load_config(config_path(context.data_dir))
    history = read_results(smoke_folder(context.data_dir, config.smoke.results_dir))
    if not history.results:
        return CheckResult("smoke", True, "no smoke results to report", skipped=True)
    tolerance = Tolerance(config.smoke.cost_tolerance_percent, config.smoke.cost_tolerance_usd)
    report = build_report(history.results, tolerance, history.problems)
    fmt = "github" if context.output == "github" else "json" if context.output == "json" else "markdown"
    return CheckResult("smoke", report.exit_code == 0, _summary(report),
                       details="" if report.exit_code == 0 else render(report, fmt))
