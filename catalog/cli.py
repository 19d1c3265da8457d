"""The `catalog` command: a thin layer that parses arguments and calls library functions.

Each subcommand is one `add_<name>` function that declares its arguments and one `run_<name>`
function that does the work; adding a command is adding those two and one line to COMMANDS.
Exit codes: 0 ok, 1 invalid data or a failed check, 2 usage error:

    $ catalog validate --data data --format github
    ::error file=data/models/acme/x.yaml,line=7,col=3,title=schema.unknown-key::unknown key ...
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from catalog.findings import Finding, has_errors
from catalog.load import DEFAULT_STALE_DAYS, Catalog, find_model, load_catalog, near_ids
from catalog.schema import ModelSpec, ProviderSpec
from catalog.units import price_units

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
"""Where `catalog schema` writes by default: the repository's schemas/ folder."""


class UsageError(Exception):
    """A command-line mistake: printed to stderr, exit status 2."""


# --- shared helpers -----------------------------------------------------------------------


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR",
                        help="catalog data folder (default: the bundled data/, or $CATALOG_DATA)")


def _load(args: argparse.Namespace, **options: Any) -> Catalog:
    data = getattr(args, "data", None)
    if data is not None and not Path(data).is_dir():
        raise UsageError(f"--data {data}: no such folder")
    return load_catalog(data, **options)


def _display_path(path: Path) -> str:
    """A path relative to the working directory when it is inside it (as editors and CI expect)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _summary(catalog: Catalog) -> str:
    errors = sum(1 for f in catalog.findings if f.severity == "error")
    warnings = len(catalog.findings) - errors
    return (f"{len(catalog.models)} models, {len(catalog.providers)} providers: "
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
    if args.format == "json":
        _print_json({
            "models": len(catalog.models),
            "providers": len(catalog.providers),
            "errors": sum(1 for f in catalog.findings if f.severity == "error"),
            "warnings": sum(1 for f in catalog.findings if f.severity == "warning"),
            "findings": [_finding_json(f) for f in catalog.findings],
        })
    elif args.format == "github":
        for finding in catalog.findings:
            print(_github_annotation(finding))
        print(_summary(catalog))
    else:
        for finding in catalog.findings:
            print(f"{_display_path(finding.file)}{str(finding)[len(str(finding.file)):]}")
        print(_summary(catalog))
    return 1 if has_errors(catalog.findings) else 0


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
    stale = []
    for name, text in schema_files().items():
        path = args.out / name
        current = path.read_text("utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {_display_path(path)}")
    for path in stale:
        print(f"{_display_path(path)} is out of date; run `catalog schema --out {args.out}`",
              file=sys.stderr)
    return 1 if stale else 0


# --- list ---------------------------------------------------------------------------------


def add_list(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("list", help="list models")
    _data_option(parser)
    parser.add_argument("--kind", metavar="K", help="only models of this kind (chat, embedding, ...)")
    parser.add_argument("--provider", metavar="P", help="only models of this provider")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run_list)


def run_list(args: argparse.Namespace) -> int:
    catalog = _load(args)
    _note_errors(catalog)
    models = [m for m in catalog.models.values()
              if (args.kind is None or m.kind == args.kind)
              and (args.provider is None or m.provider == args.provider)]
    if args.json:
        _print_json([_list_entry(m) for m in models])
        return 0
    rows = [(m.id, m.kind, m.status, _tokens(m.limits.context_window),
             _price_text(m, "input"), _price_text(m, "output")) for m in models]
    header = ("id", "kind", "status", "context", "input $/1M", "output $/1M")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"{len(models)} model{'s' * (len(models) != 1)}")
    return 0


def _list_entry(model: ModelSpec) -> dict[str, object]:
    pricing = model.pricing
    return {
        "id": model.id,
        "name": model.name,
        "provider": model.provider,
        "kind": model.kind,
        "status": model.status,
        "context_window": model.limits.context_window,
        "max_output": model.limits.max_output,
        # Decimal as a string keeps it exact; null is unknown, never 0.
        "input": None if pricing is None or pricing.input is None else format(pricing.input, "f"),
        "output": None if pricing is None or pricing.output is None else format(pricing.output, "f"),
    }


def _tokens(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


def _price_text(model: ModelSpec, name: str) -> str:
    value = None if model.pricing is None else getattr(model.pricing, name)
    return "unknown" if value is None else f"{value:f}"


# --- show ---------------------------------------------------------------------------------


def add_show(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("show", help="show one model")
    _data_option(parser)
    parser.add_argument("model_id", metavar="MODEL_ID", help="a model id (provider/model) or alias")
    parser.add_argument("--json", action="store_true", help="print the spec as JSON")
    parser.set_defaults(run=run_show)


def run_show(args: argparse.Namespace) -> int:
    catalog = _load(args)
    model = find_model(catalog, args.model_id)
    if model is None:
        _unknown_model(catalog, args.model_id)
        return 1
    if args.json:
        _print_json(model.model_dump(mode="json"))
    else:
        print("\n".join(describe_model(model)))
    return 0


def _unknown_model(catalog: Catalog, name: str) -> None:
    near = near_ids(catalog, name)
    hint = f"; did you mean {', '.join(near)}?" if near else "; `catalog list` shows every id"
    print(f"unknown model '{name}'{hint}", file=sys.stderr)


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
    from catalog.site import build_site

    catalog = _load(args)
    if has_errors(catalog.findings):
        print(f"not building: {_summary(catalog)}; run `catalog validate`", file=sys.stderr)
        return 1
    pages = build_site(catalog, args.out)
    print(f"built {len(pages)} page{'s' * (len(pages) != 1)} into {_display_path(args.out)}")
    return 0


# --- the parser ---------------------------------------------------------------------------

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_validate,
    add_schema,
    add_list,
    add_show,
    add_build,
]
"""One entry per subcommand, in the order `catalog --help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog",
        description="Validate, price and publish a catalog of AI models.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        return args.run(args)
    except UsageError as error:
        parser.exit(2, f"catalog: error: {error}\n")
    except BrokenPipeError:  # `catalog list | head` is fine
        return 0


if __name__ == "__main__":
    sys.exit(main())
