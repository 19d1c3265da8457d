"""The command line as an application: Click's test runner and a real subprocess agree on exit
codes; numeric flags refuse what is not a quantity; --version, --help, completion, --json on
every command that prints data, plain output off a terminal, and the generated reference."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from catalog.cli import cli, main
from tests.conftest import model_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def catalog_dir(data_tree):
    image = ("id: acme/painter\nname: Painter\nprovider: acme\nkind: image-generation\n"
             "pricing:\n  source: https://acme.example/pricing\n  verified: 2026-11-01\n  output_per_image: 0.039\n")
    workloads = (ROOT / "data" / "workloads.yaml").read_text()
    return data_tree({"models/acme/alpha.yaml": model_yaml(), "models/acme/painter.yaml": image,
                      "workloads.yaml": workloads})


def invoke(*argv: str):
    return CliRunner().invoke(cli, list(argv))


def subprocess_run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "catalog.cli", *argv], capture_output=True, text=True,
                          check=False, env={**os.environ, **(env or {})}, timeout=120)


# --- exit codes, the same under the test runner, main() and a subprocess --------------------


def test_exit_codes_are_the_same_through_the_runner_main_and_a_subprocess(catalog_dir):
    cases = [
        (["show", "acme/alpha", "--data", str(catalog_dir)], 0),
        (["show", "acme/nope", "--data", str(catalog_dir)], 2),
        (["estimate", "acme/alpha", "--data", str(catalog_dir)], 2),  # no usage
        (["validate", "--data", str(ROOT / "tests/bad_specs/schema-typo-key")], 1),
        (["frobnicate"], 2),
    ]
    for argv, code in cases:
        assert invoke(*argv).exit_code == code, argv
        assert main(argv) == code, argv
        result = subprocess_run(*argv)
        assert result.returncode == code, (argv, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("flag", ["--input-tokens", "--output-tokens", "--images", "--requests-per-day",
                                  "--cache-hit-rate", "--days-per-month", "--requests", "--searches"])
@pytest.mark.parametrize("value", ["abc", "NaN", "sNaN", "inf", "-Infinity", "-1", "1e16", "1e400", ""])
def test_numeric_flags_refuse_what_is_not_a_quantity_naming_the_flag(catalog_dir, flag, value):
    result = invoke("estimate", "acme/alpha", "--input-tokens", "10", flag, value, "--data", str(catalog_dir))
    assert result.exit_code == 2, result.output
    assert f"'{flag}'" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("argv", [
    ["cheapest", "--workload", "chatbot", "--top", "NaN"],
    ["cheapest", "--workload", "chatbot", "--min-context", "-5"],
    ["cheapest", "--workload", "chatbot", "--days-per-month", "sNaN"],
    ["compare", "acme/alpha", "acme/painter", "--requests-per-day", "Infinity"],
    ["list", "--max-input-price", "NaN"],
    ["validate", "--stale-days", "1e999"],
])
def test_numeric_flags_of_every_command_are_usage_errors(catalog_dir, argv):
    result = subprocess_run(*argv, "--data", str(catalog_dir))
    assert result.returncode == 2 and "Invalid value for '--" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_ceiling_itself_is_accepted_and_one_more_is_not(catalog_dir):
    ok = invoke("estimate", "acme/alpha", "--input-tokens", str(10**15), "--json", "--data", str(catalog_dir))
    assert ok.exit_code == 0 and json.loads(ok.output)["total"] == "2500000000"
    over = invoke("estimate", "acme/alpha", "--input-tokens", str(10**15 + 1), "--data", str(catalog_dir))
    assert over.exit_code == 2 and "at most 1,000,000,000,000,000" in over.output


def test_a_fraction_where_a_count_is_expected_is_refused(catalog_dir):
    result = invoke("estimate", "acme/alpha", "--input-tokens", "1.5", "--data", str(catalog_dir))
    assert result.exit_code == 2 and "not a whole number" in result.output


# --- the application ------------------------------------------------------------------------


def test_version_and_help_of_every_command():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0 and version("model-catalog") in result.output
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        result = invoke(name, "--help")
        assert result.exit_code == 0 and f"Usage: catalog {name}" in result.output


def test_shell_completion_completes_commands_and_options():
    env = {"_CATALOG_COMPLETE": "bash_complete", "COMP_WORDS": "catalog es", "COMP_CWORD": "1"}
    result = subprocess.run([sys.executable, "-c", "from catalog.cli import cli; cli(prog_name='catalog')"],
                            capture_output=True, text=True, env={**os.environ, **env}, check=False, timeout=60)
    assert "estimate" in result.stdout
    env = {"_CATALOG_COMPLETE": "bash_complete", "COMP_WORDS": "catalog list --ca", "COMP_CWORD": "2"}
    result = subprocess.run([sys.executable, "-c", "from catalog.cli import cli; cli(prog_name='catalog')"],
                            capture_output=True, text=True, env={**os.environ, **env}, check=False, timeout=60)
    assert "--capability" in result.stdout


@pytest.mark.parametrize("argv", [
    ["list"], ["show", "acme/alpha"], ["estimate", "acme/alpha", "--input-tokens", "1000"],
    ["cheapest", "--workload", "chatbot"], ["compare", "acme/alpha", "acme/painter"],
])
def test_every_command_that_prints_data_has_json(catalog_dir, argv):
    result = invoke(*argv, "--json", "--data", str(catalog_dir))
    assert result.exit_code == 0
    json.loads(result.output)


def test_build_prints_json_too(catalog_dir, tmp_path):
    result = invoke("build", "--json", "--data", str(catalog_dir), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0 and json.loads(result.output)["pages"] >= 1


def test_output_off_a_terminal_is_plain_text(catalog_dir):
    # A pipe gets no colour codes and no table borders, whatever the width.
    result = subprocess_run("list", "--data", str(catalog_dir), env={"COLUMNS": "40"})
    assert result.returncode == 0 and "\x1b[" not in result.stdout
    assert result.stdout.splitlines()[0].split() == ["id", "kind", "status", "context", "price"]
    assert any(line.startswith("acme/painter") and "$0.039 per generated image" in line
               for line in result.stdout.splitlines())


def test_a_terminal_gets_a_table_fitted_to_its_width_and_no_colour_under_no_color(catalog_dir, monkeypatch):
    from rich.console import Console

    from catalog.cli import common

    printed: list[Console] = []

    def terminal() -> Console:
        console = Console(file=sys.stdout, force_terminal=True, width=60)
        printed.append(console)
        return console

    monkeypatch.setattr(common, "terminal_console", terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(cli, ["list", "--data", str(catalog_dir)])
    assert result.exit_code == 0 and printed
    lines = [click.unstyle(line) for line in result.output.splitlines()]
    assert all(len(line) <= 60 for line in lines), lines
    assert any("acme/painter" in line for line in lines)
    assert "\x1b[3" not in result.output  # no colour codes under NO_COLOR


def test_a_refused_build_names_its_first_errors_with_file_line_and_column(data_tree, tmp_path):
    bad = {f"models/acme/m{i:02}.yaml": model_yaml(f"acme/m{i:02}", extra="bogus: 1\n") for i in range(23)}
    data = data_tree(bad)
    result = subprocess_run("build", "--data", str(data), "--out", str(tmp_path / "site"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error [schema.unknown-key]" in line]
    assert len(errors) == 20 and re.search(r"models/acme/m00\.yaml:\d+:\d+$", errors[0].split(": error")[0])
    assert result.stderr.rstrip().endswith("... and 3 more")


def test_the_committed_cli_reference_is_up_to_date():
    from catalog.cli.reference import render_reference

    committed = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert committed == render_reference(cli), "docs/cli.md is stale: run `make docs`"


def test_the_reference_documents_every_command_and_option():
    from catalog.cli.reference import render_reference

    text = render_reference(cli)
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert f"## catalog {name}" in text
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--"):
                    assert flag in text, (name, flag)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_a_bar_on_a_terminal_only_once_work_is_reported(monkeypatch):
    from catalog.cli.common import progress

    silent = _Terminal()
    monkeypatch.setattr(sys, "stderr", silent)
    with progress("reading specs"):
        pass  # a warm command reports nothing: nothing is drawn
    assert silent.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("reading specs") as report:
        for done in range(1, 4):
            report(done, 3)
    assert "reading specs" in terminal.getvalue() and "3/3" in terminal.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with progress("reading specs") as report:
        report(1, 3)
    assert pipe.getvalue() == ""
