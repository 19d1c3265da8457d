"""The `catalog` command: a thin layer that parses arguments and calls library functions.

Each subcommand is one `add_<name>` function that declares its arguments and one `run_<name>`
function that does the work; adding a command is adding those two and one line to COMMANDS.
Exit codes: 0 ok, 1 invalid data or a failed check, 2 usage error:

    $ catalog validate --data data --format github
    ::error file=data/models/acme/x.yaml,line=7,col=3,title=schema.unknown-key::unknown key ...
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import sys
import typing
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog import pricing
from catalog.claims import price_summary
from catalog.findings import Finding, has_errors
from catalog.load import (
    DEFAULT_STALE_DAYS,
    Catalog,
    data_dir_problem,
    find_model,
    load_catalog,
    model_errors,
    near_ids,
)
from catalog.schema import Capabilities, Kind, ModelSpec, ProviderSpec
from catalog.units import price_units
from catalog.workloads import (
    DEFAULT_DAYS_PER_MONTH,
    UnknownWorkloadError,
    WorkloadError,
    workloads_findings,
    find_workload,
    rank_models,
    ranking_json,
    workload_cost,
    workload_json,
)

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
"""Where `catalog schema` writes by default: the repository's schemas/ folder."""


class UsageError(Exception):
    """A command-line mistake: printed to stderr, exit status 2."""


class InvalidDataError(Exception):
    """The data cannot answer the command (e.g. the model's spec has errors): exit status 1."""


# --- shared helpers -----------------------------------------------------------------------


def _data_option(parser: argparse.ArgumentParser) -> None:
    # $CATALOG_DATA is the default as a string, so argparse checks it with the same type as
    # --data: no command can run on a missing or wrong folder, whichever way it was named.
    parser.add_argument("--data", type=_data_argument, default=os.environ.get("CATALOG_DATA") or None,
                        metavar="DIR", help="catalog data folder (default: $CATALOG_DATA, or the bundled data/)")


def _data_argument(text: str) -> Path:
    problem = data_dir_problem(Path(text))
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem} (from --data or $CATALOG_DATA)")
    return Path(text)


def _load(args: argparse.Namespace, **options: Any) -> Catalog:
    return load_catalog(getattr(args, "data", None), **options)


def _display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it (as editors and CI expect)."""
    try:
        # absolute(), not resolve(): the path may be a looping symlink, and is shown as named.
        return str(Path(os.path.normpath(path.absolute())).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _summary(catalog: Catalog, findings: Sequence[Finding] | None = None) -> str:
    findings = catalog.findings if findings is None else findings
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    models, providers = len(catalog.models), len(catalog.providers)
    return (f"{models} model{'s' * (models != 1)}, {providers} provider{'s' * (providers != 1)}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


def _note_errors(catalog: Catalog) -> None:
    if has_errors(catalog.findings):
        print(f"note: the data has errors ({_summary(catalog)}); run `catalog validate`",
              file=sys.stderr)


def _print_json(value: object) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


# --- validate -----------------------------------------------------------------------------


def add_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check every spec; exit 1 if any has an error")
    _data_option(parser)
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text (default), json, or GitHub workflow annotations")
    parser.add_argument("--stale-days", type=int, default=DEFAULT_STALE_DAYS, metavar="N",
                        help=f"warn when prices were verified more than N days ago (default {DEFAULT_STALE_DAYS})")
    parser.set_defaults(run=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    if args.stale_days < 0:
        raise UsageError("--stale-days must be 0 or more")
    catalog = _load(args, stale_days=args.stale_days)
    findings = catalog.findings
    workloads = catalog.data_dir / "workloads.yaml"
    if workloads.exists():  # the presets that estimates and workload pages are built on
        findings = (*findings, *workloads_findings(workloads))
    if args.format == "json":
        _print_json({
            "models": len(catalog.models),
            "providers": len(catalog.providers),
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [_finding_json(f) for f in findings],
        })
    elif args.format == "github":
        for finding in findings:
            print(_github_annotation(finding))
        print(_summary(catalog, findings))
    else:
        for finding in findings:
            print(f"{_display_path(finding.file)}{str(finding)[len(str(finding.file)):]}")
        print(_summary(catalog, findings))
    return 1 if has_errors(findings) else 0


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "file": _display_path(finding.file),
        "line": finding.line,
        "column": finding.column,
        "severity": finding.severity,
        "rule": finding.rule,
        "message": finding.message,
    }


def _github_annotation(finding: Finding) -> str:
    """`::error file=F,line=L,col=C,title=RULE::message`, escaped as workflow commands need."""
    properties = [f"file={_escape_property(_display_path(finding.file))}"]
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
    return {
        "model.schema.json": _schema_text(ModelSpec),
        "provider.schema.json": _schema_text(ProviderSpec),
    }


def _schema_text(spec_class: type[ModelSpec] | type[ProviderSpec]) -> str:
    schema = spec_class.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def add_schema(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("schema", help="write the JSON Schema of model and provider specs")
    parser.add_argument("--out", type=Path, default=SCHEMA_DIR, metavar="DIR",
                        help="folder to write into (default: the repository's schemas/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out are not up to date")
    parser.set_defaults(run=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out}: is a file, not a folder")
    stale = []
    for name, text in schema_files().items():
        path = args.out / name
        if _current_text(path) == text:
            continue
        if args.check:
            stale.append(path)
        else:
            _write_atomically(path, text)
            print(f"wrote {_display_path(path)}")
    for path in stale:
        print(f"{_display_path(path)} is out of date; run `catalog schema --out {args.out}`",
              file=sys.stderr)
    return 1 if stale else 0


def _current_text(path: Path) -> str | None:
    """The file's text, or None when it is missing or not UTF-8 (either way: out of date)."""
    try:
        return path.read_text("utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside `path` and rename over it, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, "utf-8")
        temporary.chmod(0o644)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


# --- list ---------------------------------------------------------------------------------


def add_list(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("list", help="list models")
    _data_option(parser)
    parser.add_argument("--kind", metavar="K", help="only models of this kind (chat, embedding, ...)")
    parser.add_argument("--provider", metavar="P", help="only models of this provider")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run_list)


def run_list(args: argparse.Namespace) -> int:
    kinds = typing.get_args(Kind)
    if args.kind is not None and args.kind not in kinds:
        raise UsageError(f"unknown kind '{args.kind}'; kinds: {', '.join(kinds)}")
    catalog = _load(args)
    if args.provider is not None and args.provider not in catalog.providers:
        near = difflib.get_close_matches(args.provider, list(catalog.providers), n=5)
        hint = f"did you mean {', '.join(near)}?" if near else f"providers: {', '.join(catalog.providers)}"
        raise UsageError(f"unknown provider '{args.provider}'; {hint}")
    _note_errors(catalog)
    models = [m for m in catalog.models.values()
              if (args.kind is None or m.kind == args.kind)
              and (args.provider is None or m.provider == args.provider)]
    today = pricing.today()
    if args.json:
        _print_json([_list_entry(m, today) for m in models])
        return 0
    rows = [(m.id, m.kind, m.status, _tokens(m.limits.context_window), price_summary(m, today))
            for m in models]
    _print_table([("id", "kind", "status", "context", "price"), *rows])
    print(f"{len(models)} model{'s' * (len(models) != 1)}")
    return 0


def _print_table(rows: Sequence[Sequence[object]], *, indent: str = "",
                 right_aligned: Sequence[int] = ()) -> None:
    """Rows as aligned columns, the first row being the header."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    for row in cells:
        print(indent + "  ".join(cell.rjust(width) if i in right_aligned else cell.ljust(width)
                                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip())


def _list_entry(model: ModelSpec, today: datetime.date) -> dict[str, object]:
    prices = pricing.block_at(model, today)  # a price announced for later is not today's
    return {
        "id": model.id,
        "name": model.name,
        "provider": model.provider,
        "kind": model.kind,
        "status": model.status,
        "context_window": model.limits.context_window,
        "max_output": model.limits.max_output,
        # Decimal as a string keeps it exact; null is unknown, never 0.
        "input": None if prices is None or prices.input is None else format(prices.input, "f"),
        "output": None if prices is None or prices.output is None else format(prices.output, "f"),
        "price": price_summary(model, today),
    }


def _tokens(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


# --- show ---------------------------------------------------------------------------------


def add_show(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("show", help="show one model")
    _data_option(parser)
    parser.add_argument("model_id", metavar="MODEL_ID", help="a model id (provider/model) or alias")
    parser.add_argument("--json", action="store_true", help="print the spec as JSON")
    parser.add_argument("--enriched", action="store_true",
                        help="show where it stands among its peers: strengths, caveats, similar, FAQ")
    parser.add_argument("--explain", action="store_true",
                        help="list every field with its value and the file it came from")
    parser.set_defaults(run=run_show)


def run_show(args: argparse.Namespace) -> int:
    if args.explain and args.enriched:
        raise UsageError("--explain and --enriched exclude each other: one shows where each value "
                         "came from, the other where the model stands among its peers")
    catalog = _load(args)
    model = lookup_model(catalog, args.model_id)
    if args.explain:
        from catalog.layers import explain

        explained = explain(catalog, model.id)
        if args.json:
            origins = catalog.origins[model.id]
            _print_json([{"field": path, "value": value, "file": _display_path(file), "source": origins.label(file)}
                         for path, value, file in explained])
            return 0
        origins = catalog.origins[model.id]
        for path, value, file in explained:
            print(f"{path}: {json.dumps(value, ensure_ascii=False)}  <- {_display_path(file)} ({origins.label(file)})")
        return 0
    if args.enriched:
        return _show_enriched(catalog, model, as_json=args.json)
    if args.json:
        _print_json(model.model_dump(mode="json"))
    else:
        print("\n".join(describe_model(model)))
    return 0


def _show_enriched(catalog: Catalog, model: ModelSpec, *, as_json: bool) -> int:
    from catalog.enrich import describe_enriched, enrich_catalog, to_json

    enriched = enrich_catalog(catalog, today=pricing.today(), only={model.id})[model.id]
    if as_json:
        _print_json(to_json(enriched))
    else:
        print("\n".join(describe_enriched(enriched)))
    return 0


def lookup_model(catalog: Catalog, name: str) -> ModelSpec:
    """The model with this id or alias; an unknown name is a usage error suggesting near ids, a
    model whose spec has errors is invalid data naming the first one. Notes errors elsewhere."""
    model = find_model(catalog, name)
    if model is not None:
        _note_errors(catalog)
        return model
    errors = model_errors(catalog, name)
    if errors:
        first = errors[0]
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        where = _display_path(first.file)
        if first.line is not None:
            where += f":{first.line}" + (f":{first.column}" if first.column is not None else "")
        raise InvalidDataError(f"{name} has errors ({where} [{first.rule}] {first.message}{more}); "
                               "run `catalog validate`")
    near = near_ids(catalog, name)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `catalog list` shows every id"
    raise UsageError(f"unknown model '{name}'{hint}")


_ALWAYS_SHOWN = ("input", "output")
"""Prices shown even when absent, so an unpublished price reads "unknown", never $0."""


def describe_model(model: ModelSpec) -> list[str]:
    """The facts of one model as lines of text; absent values say "unknown" or "not advertised"."""
    lines = [f"{model.id}: {model.name}"]
    status = model.status
    if model.deprecated_on:
        status += f", deprecated on {model.deprecated_on}"
    if model.retires_on:
        status += f", retires on {model.retires_on}"
    if model.successor:
        status += f", successor {model.successor}"
    lines.append(f"  provider {model.provider}, kind {model.kind}, status {status}")
    limits = model.limits
    lines.append(f"  context {_tokens(limits.context_window)} tokens, "
                 f"max output {_tokens(limits.max_output)} tokens")
    if model.modalities.input or model.modalities.output:
        lines.append(f"  in: {', '.join(model.modalities.input) or 'unknown'}; "
                     f"out: {', '.join(model.modalities.output) or 'unknown'}")
    caps = model.capabilities.model_dump()
    advertised = [name for name, value in caps.items() if value is True]
    denied = [name for name, value in caps.items() if value is False]
    lines.append(f"  capabilities: {', '.join(advertised) or 'none advertised'}")
    if denied:
        lines.append(f"  not supported: {', '.join(denied)}")
    lines.extend(_describe_pricing(model))
    if model.api is not None:
        lines.append(f"  api: {model.api.protocol}, gateway model {model.api.gateway_model}")
    return lines


def _describe_pricing(model: ModelSpec) -> list[str]:
    pricing = model.pricing
    if pricing is None:
        return ["  pricing: unknown (no prices published)"]
    lines = [f"  pricing (verified {pricing.verified}, {pricing.source}):"]
    for name, unit in price_units().items():
        value = getattr(pricing, name)
        if value is None and name not in _ALWAYS_SHOWN:
            continue
        shown = "unknown" if value is None else f"${value:f} {unit.label}"
        lines.append(f"    {name:<18} {shown}")
    for image in pricing.output_images:
        quality = f" {image.quality}" if image.quality else ""
        lines.append(f"    image {image.size}{quality:<10} ${image.price:f} per image")
    for tier in pricing.tiers:
        listed = ", ".join(f"{n} ${getattr(tier, n):f}" for n in price_units() if getattr(tier, n) is not None)
        lines.append(f"    prompts above {tier.above:,} tokens: {listed}")
    for name, variant in pricing.variants.items():
        parts = [f"x{variant.multiplier:f}"] if variant.multiplier is not None else []
        parts += [f"{n} ${getattr(variant, n):f}" for n in price_units() if getattr(variant, n) is not None]
        lines.append(f"    {name}: {', '.join(parts)}")
    return lines


# --- build --------------------------------------------------------------------------------


def add_build(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="render the static site")
    _data_option(parser)
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="output folder (default: site/)")
    parser.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    from catalog.site import OutputFolderError, build_site, check_output_folder

    catalog = _load(args)
    try:
        check_output_folder(args.out, catalog.data_dir)  # refuse before saying anything else
        if has_errors(catalog.findings):
            print(f"not building: {_summary(catalog)}; run `catalog validate`", file=sys.stderr)
            return 1
        pages = build_site(catalog, args.out)
    except OutputFolderError as error:
        raise UsageError(str(error)) from None
    except OSError as error:  # the previous site is still in place
        print(f"catalog: cannot write the site into {args.out}: {_os_error_text(error)}", file=sys.stderr)
        return 1
    print(f"built {len(pages)} page{'s' * (len(pages) != 1)} into {_display_path(args.out)}")
    return 0


# --- estimate -----------------------------------------------------------------------------

_OUTPUT_MEDIA_KINDS = ("image-generation", "image-edit", "video-generation", "speech")
"""Kinds whose `--images` and `--seconds` are generated media; for the others they are input."""


def add_estimate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("estimate", help="what a request, or a workload, costs on a model")
    _data_option(parser)
    parser.add_argument("model_id", metavar="MODEL_ID", help="a model id (provider/model) or alias")
    parser.add_argument("--workload", metavar="NAME", help="price a preset of data/workloads.yaml per month")
    for flag, what in (("input-tokens", "prompt tokens, cached ones included"),
                       ("output-tokens", "output tokens, reasoning ones included"),
                       ("cache-read-tokens", "prompt tokens read from the cache"),
                       ("cache-write-tokens", "prompt tokens written to the 5-minute cache"),
                       ("cache-write-1h-tokens", "prompt tokens written to the 1-hour cache"),
                       ("reasoning-tokens", "output tokens spent reasoning"),
                       ("images", "images generated (image models) or sent (other models)"),
                       ("seconds", "seconds of media generated (speech, video) or sent (others)"),
                       ("searches", "web searches")):
        parser.add_argument(f"--{flag}", type=int, default=0, metavar="N", help=what)
    parser.add_argument("--image-size", metavar="S", help="size of generated images, e.g. 1024x1024")
    parser.add_argument("--image-quality", metavar="Q", help="quality of generated images, e.g. hd")
    parser.add_argument("--requests", type=int, metavar="N", help="price N requests of this usage")
    parser.add_argument("--variant", choices=("standard", "batch", "priority", "flex"), help="service variant")
    parser.add_argument("--at", type=_at_argument, metavar="DATE", help="prices in force then: YYYY-MM-DD, or YYYY-MM-DDTHH:MM (UTC) for time windows")
    parser.add_argument("--days-per-month", type=_decimal_argument, default=DEFAULT_DAYS_PER_MONTH, metavar="D",
                        help=f"days in a month of a workload (default {DEFAULT_DAYS_PER_MONTH})")
    parser.add_argument("--json", action="store_true", help="print JSON (amounts as decimal strings)")
    parser.set_defaults(run=run_estimate)


_REQUEST_FLAGS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                  "cache_write_1h_tokens", "reasoning_tokens", "images", "seconds", "searches",
                  "image_size", "image_quality", "requests")
"""estimate flags that describe one request; a --workload describes its own requests."""


def _check_estimate_flags(args: argparse.Namespace) -> None:
    """Refuse flags the chosen mode would silently ignore."""
    if args.workload:
        given = [f"--{name.replace('_', '-')}" for name in _REQUEST_FLAGS if getattr(args, name) not in (0, None)]
        if given:
            raise UsageError(f"--workload {args.workload} sets the usage itself; drop {', '.join(given)} "
                             "or drop --workload to price one request")
    elif args.days_per_month != DEFAULT_DAYS_PER_MONTH:
        raise UsageError("--days-per-month only applies with --workload")


def run_estimate(args: argparse.Namespace) -> int:
    _check_estimate_flags(args)
    catalog = _load(args)
    model = lookup_model(catalog, args.model_id)
    at = None if args.at is None else pricing.parse_at(args.at)
    if args.workload:
        workload = find_workload(args.workload, getattr(args, "data", None))
        doc = workload_json(workload_cost(model, workload, at, args.variant, _days(args.days_per_month)))
    else:
        generated = model.kind in _OUTPUT_MEDIA_KINDS
        usage = pricing.Usage(
            input_tokens=args.input_tokens, output_tokens=args.output_tokens,
            cache_read_tokens=args.cache_read_tokens, cache_write_5m_tokens=args.cache_write_tokens,
            cache_write_1h_tokens=args.cache_write_1h_tokens, reasoning_tokens=args.reasoning_tokens,
            images_out=args.images if generated else 0, images_in=0 if generated else args.images,
            output_seconds=args.seconds if generated else 0, input_seconds=0 if generated else args.seconds,
            image_size=args.image_size, image_quality=args.image_quality, searches=args.searches, requests=1,
        )
        one = pricing.estimate(model, usage, at, args.variant)
        if args.requests is not None and args.requests < 1:
            raise UsageError("--requests must be 1 or more")
        doc = pricing.estimate_json(one) if args.requests is None else pricing.repeated_json(one, args.requests)
    if args.json:
        _print_json(doc)
    else:
        print("\n".join(pricing.describe_estimate(doc)))
    return 0


def _at_argument(text: str) -> str:
    """--at checked as the pricing engine will read it, including its conversion to UTC (a
    time zone can push 9999-12-31 or 0001-01-01 out of the calendar); kept as the text."""
    try:
        at = pricing.parse_at(text)
        if isinstance(at, datetime.datetime) and at.tzinfo is not None:
            at.astimezone(datetime.timezone.utc)
    except pricing.EstimateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    except OverflowError:
        raise argparse.ArgumentTypeError(f"--at {text!r} is outside the calendar once converted to UTC") from None
    return text


def _decimal_argument(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _tolerance_argument(text: str) -> Decimal:
    """A relative difference: at least 0 and under 1 (1 would accept any price)."""
    value = _decimal_argument(text)
    if not value.is_finite() or not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a tolerance: it must be at least 0 and under 1 (0.01 is 1%)")
    return value


def _days(days: Decimal) -> Decimal:
    if not days.is_finite() or not 0 < days <= 31:
        raise UsageError("--days-per-month must be more than 0 and at most 31")
    return days


# --- cheapest -----------------------------------------------------------------------------


def add_cheapest(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cheapest", help="rank the models that fit a workload by monthly cost")
    _data_option(parser)
    parser.add_argument("--workload", required=True, metavar="NAME", help="a preset of data/workloads.yaml")
    parser.add_argument("--kind", metavar="K", help="models of this kind (default: the workload's kinds)")
    parser.add_argument("--require", default="", metavar="CAPABILITY,...",
                        help="capabilities the model must advertise, e.g. function_calling,vision")
    parser.add_argument("--min-context", type=int, metavar="N", help="at least N tokens of context")
    parser.add_argument("--top", type=int, default=10, metavar="N", help="show the N cheapest (default 10)")
    parser.add_argument("--at", type=_at_argument, metavar="DATE", help="prices in force then (YYYY-MM-DD)")
    parser.add_argument("--days-per-month", type=_decimal_argument, default=DEFAULT_DAYS_PER_MONTH, metavar="D",
                        help=f"days in a month (default {DEFAULT_DAYS_PER_MONTH})")
    parser.add_argument("--json", action="store_true", help="print JSON (amounts as decimal strings)")
    parser.set_defaults(run=run_cheapest)


def run_cheapest(args: argparse.Namespace) -> int:
    require = [c.strip() for c in args.require.split(",") if c.strip()]
    unknown_caps = [c for c in require if c not in Capabilities.model_fields]
    if unknown_caps:
        raise UsageError(f"--require: unknown capability {', '.join(unknown_caps)} "
                         f"(known: {', '.join(Capabilities.model_fields)})")
    if args.top < 1:
        raise UsageError("--top must be 1 or more")
    kinds = typing.get_args(Kind)
    if args.kind is not None and args.kind not in kinds:
        raise UsageError(f"unknown kind '{args.kind}'; kinds: {', '.join(kinds)}")
    catalog = _load(args)
    at = None if args.at is None else pricing.parse_at(args.at)
    workload = find_workload(args.workload, getattr(args, "data", None))
    ranking = rank_models(catalog.models.values(), workload, args.kind, require, args.min_context,
                          at, _days(args.days_per_month))
    doc = ranking_json(ranking, args.top)
    if args.json:
        _print_json(doc)
        return 0
    print(f"cheapest for {workload.name}: {workload.description}")
    rows = [("rank", "model", "per month", "per request")]
    rows += [(str(r["rank"]), r["model"] + " (deprecated)" * r["deprecated"], f"${r['monthly_total']}",
              f"${r['per_request_total']}") for r in doc["priced"]]
    _print_table(rows, indent="  ", right_aligned=(0, 2, 3))
    if doc["priced_count"] > len(doc["priced"]):
        print(f"  ... {doc['priced_count'] - len(doc['priced'])} more priced models (--top N shows more)")
    if not doc["priced"]:
        print("  no model that fits has all the prices this workload needs")
    _print_apart(f"cannot be priced ({len(doc['unpriced'])}): unknown is not $0", doc["unpriced"], args.top,
                 lambda entry: f"missing {', '.join(m['reason'] for m in entry['missing'])}")
    _print_apart(f"left out, no longer answering on {doc['day']} ({len(doc['retired'])}):", doc["retired"],
                 args.top, lambda entry: entry["reason"])
    return 0


def _print_apart(title: str, entries: list[dict[str, Any]], top: int,
                 why: Callable[[dict[str, Any]], str]) -> None:
    """Models listed apart from a ranking, each with why; the first `top` of them."""
    if not entries:
        return
    print(title)
    for entry in entries[:top]:
        print(f"  {entry['model']}: {why(entry)}")
    if len(entries) > top:
        print(f"  ... and {len(entries) - top} more (--json lists them all)")


# --- import -------------------------------------------------------------------------------


def add_import(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("import", help="generate data/imported/<source>/ from a public dataset")
    _data_option(parser)
    parser.add_argument("source", choices=_import_sources(), help="the dataset")
    parser.add_argument("location", metavar="PATH_OR_URL", nargs="?",
                        help="the dataset file or URL (default: genai-prices the installed package, models-dev "
                             "and model-prices their snapshot in data/upstream/); "
                             "before or after the options")
    parser.add_argument("--check", action="store_true",
                        help="verify the committed snapshot is what the importer makes; exit 1 if not")
    parser.add_argument("--report", type=Path, metavar="FILE", help="also write the import report (JSON)")
    parser.add_argument("--dataset-version", metavar="VERSION",
                        help="the dataset's version (default: sha256 of the input)")
    parser.add_argument("--snapshot-date", type=_iso_date, metavar="YYYY-MM-DD",
                        help="when the dataset's prices were published (default: prices dated today)")
    parser.add_argument("--force", action="store_true",
                        help="write even when the source yields no models or under half of the snapshot's")
    parser.set_defaults(run=run_import)


def _import_sources() -> tuple[str, ...]:
    from catalog.importers import SOURCES

    return tuple(SOURCES)


def _iso_date(text: str) -> Any:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def run_import(args: argparse.Namespace) -> int:
    from catalog.importers import ImportSourceError, check_report_path, import_command, write_report
    from catalog.load import bundled_data_dir

    data = Path(args.data) if args.data is not None else bundled_data_dir()
    try:
        if args.report is not None:
            check_report_path(args.report)  # before the snapshot is written, not after
        status, lines, result = import_command(args.source, args.location, data, check=args.check,
                                               version=args.dataset_version, snapshot=args.snapshot_date,
                                               force=args.force)
        print("\n".join(lines))
        if args.report is not None:
            write_report(args.report, result.report.summary())
    except ImportSourceError as error:
        print(f"catalog import: {error}", file=sys.stderr)
        return 1
    return status


# --- crosscheck ---------------------------------------------------------------------------


def add_crosscheck(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("crosscheck", help="compare our prices with other public datasets")
    _data_option(parser)
    parser.add_argument("--against", action="append", required=True, metavar="DATASET[=PATH]",
                        help="genai-prices[=PATH], litellm=PATH or openrouter=PATH; repeatable")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--tolerance", type=_tolerance_argument, default=Decimal("0.01"),
                        help="relative difference allowed (default 0.01, i.e. 1%%)")
    parser.set_defaults(run=run_crosscheck)


def run_crosscheck(args: argparse.Namespace) -> int:
    from catalog.checks import crosscheck
    from catalog.importers import SOURCES, ImportSourceError

    unknown = sorted({name for name, _ in map(crosscheck.parse_against, args.against)} - set(SOURCES))
    if unknown:
        print(f"catalog crosscheck: --against: unknown source {', '.join(unknown)}; "
              f"choose from {', '.join(SOURCES)}", file=sys.stderr)
        return 2  # a usage error, not bad data
    try:
        status, text = crosscheck.run(args.against, args.data, tolerance=args.tolerance, output=args.format)
    except ImportSourceError as error:
        print(f"catalog crosscheck: {error}", file=sys.stderr)
        return 1  # invalid input data, as under `import`; usage errors are argparse's 2
    print(text)
    return status


# --- the parser ---------------------------------------------------------------------------

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_validate,
    add_schema,
    add_list,
    add_show,
    add_build,
    add_estimate,
    add_cheapest,
    add_import,
    add_crosscheck,
]
"""One entry per subcommand, in the order `catalog --help` lists them."""


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser in which options and positionals may come in any order.

    Plain argparse gives an optional positional nothing once an option follows the first
    positional, so `catalog import litellm --check PATH` said "unrecognized arguments: PATH".
    """

    _mixing = False

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        if self._mixing:  # the intermixed parse calls back in here for its two passes
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog",
        description="Validate, price and publish a catalog of AI models.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True,
                                     parser_class=_CommandParser)
    for add in COMMANDS:
        add(commands)
    return parser


def _os_error_text(error: OSError) -> str:
    """`file: reason` in one line, e.g. "site/index.html: No space left on device"."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename is not None else reason


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        return args.run(args)
    # Mistakes on the command line exit 2; data that cannot answer the command exits 1.
    except (UsageError, pricing.UsageError, pricing.EstimateError, UnknownWorkloadError) as error:
        parser.exit(2, f"catalog: error: {error}\n")
    except (InvalidDataError, WorkloadError) as error:
        print(f"catalog: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `catalog list | head` is fine
        return 0
    except OSError as error:
        # The last line of defence: a file that cannot be read or written is one line naming
        # it, never a traceback. Commands that can name the file better catch it themselves.
        print(f"catalog: {_os_error_text(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
