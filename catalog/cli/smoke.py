"""`catalog smoke`: call models through their gateways, and report on the results.

`catalog smoke [MODEL_ID_OR_GLOB ...]` calls every route of the chosen models once and
appends a JSON line per call under data/smoke/; `catalog smoke report` shows the latest result
per model and route and exits 1 when one failed or its cost does not reconcile:

    $ catalog smoke 'openai/*' --dry-run
    $ AGENTCC_API_KEY=... catalog smoke --kind embedding
    $ catalog smoke report --format github
"""

from __future__ import annotations

import asyncio
import json
import sys
import typing
from pathlib import Path
from typing import Any

import click

from typing import TYPE_CHECKING

from catalog.cli.common import (
    InvalidDataError,
    Number,
    UsageError,
    data_option,
    display_path,
    load,
    print_table,
    where,
)


class SmokeGroup(click.Group):
    """`catalog smoke ARGS` runs the calls (the hidden `run` command) unless ARGS start with a
    subcommand's name, so `catalog smoke 'openai/*'` and `catalog smoke report` both read naturally."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The run's options are the ones people look for: list them with the group's.
        run_command = self.commands["run"]
        records = [r for p in run_command.get_params(ctx)
                   if isinstance(p, click.Option) and (r := p.get_help_record(ctx)) is not None]
        with formatter.section("Options"):
            formatter.write_dl(records)
        self.format_commands(ctx, formatter)

if TYPE_CHECKING:
    from catalog.config import ProjectConfig


@click.group(cls=SmokeGroup)
def smoke() -> None:
    """Call models through their gateways: do they answer, how fast, and does the bill match?

    \b
    catalog smoke [MODEL_ID_OR_GLOB ...] [--kind K] [--gateway NAME] [--base-url URL]
                  [--rpm N] [--concurrency N] [--out DIR] [--dry-run]
    catalog smoke report [--format text|markdown|json|github]
    """


def _config(data_dir: Path) -> ProjectConfig:
    from catalog.config import config_path, load_config
    from catalog.yamlfile import SpecFileError

    try:
        return load_config(config_path(data_dir))
    except SpecFileError as error:
        lines = "\n".join(f"{where(f)}: {f.severity} [{f.rule}] {f.message}" for f in error.findings)
        raise InvalidDataError(f"the configuration is not valid:\n{lines}") from None


@smoke.command("run", hidden=True)
@click.argument("patterns", nargs=-1, metavar="[MODEL_ID_OR_GLOB]...")
@click.option("--kind", metavar="K", help="only models of this kind (chat, embedding, ...)")
@click.option("--gateway", metavar="NAME", help="only routes through this gateway of catalog.yaml")
@click.option("--base-url", metavar="URL",
              help="an OpenAI-compatible gateway at URL (key in $CATALOG_GATEWAY_KEY), or move --gateway there")
@click.option("--rpm", type=Number(minimum=1, maximum=100_000), help="requests per minute, per gateway")
@click.option("--concurrency", type=Number(minimum=1, maximum=1_000), help="calls in flight at once, per gateway")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="results folder (default: data/smoke/, or smoke.results_dir in catalog.yaml)")
@click.option("--deadline", type=Number(whole=False, minimum=1, maximum=86_400), metavar="SECONDS",
              help="stop the whole run after this long (default: smoke.deadline_seconds)")
@click.option("--dry-run", is_flag=True, help="print the requests (without the key) and call nothing")
@data_option
def run(patterns: tuple[str, ...], kind: str | None, gateway: str | None, base_url: str | None, rpm: int | None,
        concurrency: int | None, out: Path | None, deadline: Any, dry_run: bool, data: Path | None) -> int:
    """Call each route of the chosen models once; append one JSON line per call."""
    from catalog import pricing
    from catalog.smoke.gateways import GatewayError, Overrides, gateways_for_run, read_keys
    from catalog.smoke.plan import PlanError, plan_calls, select_models
    from catalog.smoke.results import ResultWriter, redact, results_file
    from catalog.schema import Kind
    from catalog.smoke.runner import run_plan

    if kind is not None and kind not in typing.get_args(Kind):
        raise UsageError(f"--kind {kind!r}: no such kind; choose from {', '.join(typing.get_args(Kind))}")
    catalog = load(data)
    config = _config(catalog.data_dir)
    try:
        models = select_models(catalog.models.values(), patterns, kind)
        gateways, default = gateways_for_run(config, Overrides(gateway, base_url, rpm, concurrency))
    except (PlanError, GatewayError) as error:
        raise UsageError(str(error)) from None
    only = default if (gateway or base_url) else None
    through = default if (base_url and not gateway) else None
    plan = plan_calls(models, gateways, default, only_gateway=only, openai_through=through)
    _print_skipped(plan.skipped)
    if dry_run:
        for call in plan.calls:
            print(json.dumps(_shown_request(call), ensure_ascii=False))
        print(f"{len(plan.calls)} call{'s' * (len(plan.calls) != 1)} planned; nothing sent", file=sys.stderr)
        return 0
    if not plan.calls:
        print("nothing to call", file=sys.stderr)
        return 0
    used = list({call.gateway.name: call.gateway for call in plan.calls}.values())
    try:
        keys = read_keys(used)
    except GatewayError as error:
        raise UsageError(str(error)) from None
    folder = out if out is not None else catalog.data_dir / config.smoke.results_dir
    path = results_file(folder, pricing.today())
    secrets = tuple(keys.values())
    limit = float(deadline) if deadline is not None else config.smoke.deadline_seconds
    with ResultWriter(path, secrets) as writer, _Progress(len(plan.calls)) as advance:
        try:
            summary = asyncio.run(run_plan(plan, keys, writer, deadline_seconds=limit, on_result=advance))
        except KeyboardInterrupt:
            print(f"\ninterrupted: {writer.written} finished result{'s' * (writer.written != 1)} kept in "
                  f"{display_path(path)}", file=sys.stderr)
            return 130
    errors = ", ".join(f"{name} {count}" for name, count in sorted(summary.by_error.items()))
    line = (f"{summary.ok + summary.failed} call{'s' * (summary.ok + summary.failed != 1)}: {summary.ok} answered, "
            f"{summary.failed} failed" + (f" ({errors})" if errors else ""))
    if summary.deadline_passed:
        line += f"; the deadline passed with {summary.not_run} not called"
    print(redact(f"{line}; results appended to {display_path(path)}", secrets))
    return 1 if summary.failed or summary.not_run else 0


def _print_skipped(skipped: Any, listed: int = 10) -> None:
    """Each route that cannot be called, with the reason; past `listed`, one line per reason."""
    if len(skipped) <= listed:
        for s in skipped:
            print(f"skipped {s.model_id} via {s.route}: {s.reason}", file=sys.stderr)
        return
    by_reason: dict[str, list[str]] = {}
    for s in skipped:
        by_reason.setdefault(s.reason, []).append(s.model_id)
    for reason, models in by_reason.items():
        examples = ", ".join(models[:3]) + (", ..." if len(models) > 3 else "")
        print(f"skipped {len(models)} route{'s' * (len(models) != 1)}: {reason} ({examples})", file=sys.stderr)


def _shown_request(call: Any) -> dict[str, Any]:
    gateway = call.gateway
    return {
        "model": call.model.id,
        "route": call.route_id,
        "method": call.request.method,
        "url": f"{gateway.base_url}/{call.request.path}",
        "headers": gateway.shown_auth_headers(),
        "body": call.request.shown_body(),
    }


class _Progress:
    """A Rich progress bar on stderr when it is a terminal (the latest model and its outcome
    as the description); a line per failed call otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            from catalog.cli.common import console

            self.bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=console(stderr=True), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("smoke calls", total=self.total)
        return self.advance

    def advance(self, result: Any) -> None:
        outcome = "ok" if result.ok else f"failed: {result.error_class}"
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{result.model} via {result.route}: {outcome}")
        if not result.ok:
            print(f"{result.model} via {result.route}: {result.error_class}: {result.error_message}", file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@smoke.command("report")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="text for people, markdown for a pull request, json, github annotations")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="results folder (default: data/smoke/, or smoke.results_dir in catalog.yaml)")
@data_option
def report(fmt: str, out: Path | None, data: Path | None) -> int:
    """The latest result per model and route; exit 1 on a failure or a cost mismatch."""
    from catalog.smoke.latest import Tolerance, read_results
    from catalog.smoke.report import build_report, render

    from catalog.dataset import bundled_data_dir

    data_dir = data if data is not None else bundled_data_dir()
    config = _config(data_dir)
    folder = out if out is not None else data_dir / config.smoke.results_dir
    history = read_results(folder)
    for problem in history.problems:
        print(f"warning: {problem}", file=sys.stderr)
    tolerance = Tolerance(config.smoke.cost_tolerance_percent, config.smoke.cost_tolerance_usd)
    built = build_report(history.results, tolerance, history.problems)
    if fmt == "text":
        from catalog.smoke.report import table_rows, text_notes

        if built.rows:
            print_table(table_rows(built), right_aligned=(4, 5, 6, 7))
        print("\n".join(text_notes(built)))
    else:
        sys.stdout.write(render(built, fmt))
    return built.exit_code
