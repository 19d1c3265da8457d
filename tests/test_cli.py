"""The `catalog` command: the bad-spec corpus, output formats, exit codes, list/show/build.

Each folder of tests/bad_specs/ is a small data tree with exactly one failure; its
expected.txt says the rule, the file and the line the single error must name:

    # A typo'd key names the nearest valid key.
    schema.unknown-key models/acme/alpha.yaml:7
    message: did you mean 'context_window'?
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.load import bundled_data_dir
from tests.conftest import PROVIDER_YAML, model_yaml, write_tree

BAD_SPECS = Path(__file__).parent / "bad_specs"
CASES = sorted(p.name for p in BAD_SPECS.iterdir() if (p / "expected.txt").is_file())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def expectation(case: Path) -> tuple[str, str, int, str | None]:
    rule, file, line, message, _ = _expected(case)
    return rule, file, line, message


def _expected(case: Path) -> tuple[str, str, int, str | None, dict[str, str]]:
    lines = [line for line in (case / "expected.txt").read_text().splitlines() if not line.startswith("#")]
    rule, where = lines[0].split()
    file, line = where.rsplit(":", 1)
    fields = dict(entry.split(": ", 1) for entry in lines[1:])
    return rule, file, int(line), fields.get("message"), fields


ERROR_CASES = [case for case in CASES if _expected(BAD_SPECS / case)[4].get("severity", "error") == "error"]
WARNING_CASES = [case for case in CASES if case not in ERROR_CASES]
GENERATED = {"load.too-large", "load.unreadable", "load.not-a-file", "load.outside-data-folder", "load.unsafe-name"}
"""Rules whose cases are made at test time: a 1 MB file, symlinks, FIFOs, sockets and devices,
and file names with control characters (below)."""


def test_the_corpus_covers_every_rule_and_loader_rejection():
    assert len(ERROR_CASES) >= 30 and len(WARNING_CASES) >= 5
    covered = {_expected(BAD_SPECS / case)[0] for case in CASES} | GENERATED
    from catalog import rules

    registered = set(rules.rule_ids())
    assert registered <= covered, registered - covered
    for case in WARNING_CASES:  # a warning case is a rule registered as a warning
        rule = _expected(BAD_SPECS / case)[0]
        assert any(r.id == rule and r.severity == "warning" for r in (*rules.MODEL_RULES, *rules.CATALOG_RULES))
    loader = {"load.duplicate-key", "load.anchor", "load.alias", "load.not-a-mapping", "load.not-utf8",
              "load.id-mismatch", "load.unsafe-id", "load.yaml-syntax", "schema.unknown-key",
              "schema.not-finite", "schema.range", "schema.type", "schema.length", "schema.choice",
              "schema.pattern", "schema.url", "schema.missing-key", "schema.text", "load.number",
              "load.too-deep", "load.not-a-file", "load.outside-data-folder", "load.unsafe-name"}
    assert loader <= covered, loader - covered


@pytest.mark.parametrize("case", ERROR_CASES)
def test_bad_spec_gives_exactly_one_error_at_the_expected_line(capsys, case):
    rule, file, line, message = expectation(BAD_SPECS / case)
    code, out, err = run(capsys, "validate", "--data", str(BAD_SPECS / case), "--format", "json")
    assert code == 1
    report = json.loads(out)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error["rule"] == rule
    assert error["file"].endswith(f"{case}/{file}")
    assert error["line"] == line
    if message:
        assert message in error["message"]
    # The text format names file:line and the rule on one line, and nothing crashes.
    code, out, err = run(capsys, "validate", "--data", str(BAD_SPECS / case))
    assert code == 1 and "Traceback" not in out + err
    assert f"{case}/{file}:{line}:" in out and f"error [{rule}]" in out


@pytest.mark.parametrize("case", WARNING_CASES)
def test_warning_case_gives_exactly_one_warning_and_exit_zero(capsys, case):
    rule, file, line, message, fields = _expected(BAD_SPECS / case)
    # Far-off staleness unless the case is about it, so the corpus does not age into failing.
    stale_days = fields.get("stale-days", "100000")
    code, out, err = run(capsys, "validate", "--data", str(BAD_SPECS / case), "--format", "json",
                         "--stale-days", stale_days)
    (finding,) = json.loads(out)["findings"]
    assert code == 0 and finding["severity"] == "warning" and finding["rule"] == rule
    assert finding["file"].endswith(f"{case}/{file}") and finding["line"] == line


@pytest.mark.parametrize("target", ["alpha.yaml", "missing.yaml"])
def test_a_looping_or_dangling_symlink_is_one_unreadable_error(capsys, data_tree, target):
    root = data_tree({})
    (root / "models" / "acme").mkdir(parents=True)
    (root / "models" / "acme" / "alpha.yaml").symlink_to(target)
    code, out, err = run(capsys, "validate", "--data", str(root))
    assert code == 1 and "Traceback" not in err
    assert "models/acme/alpha.yaml: error [load.unreadable] cannot read file" in out


def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


def _socket(path: Path) -> None:
    import socket

    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # the socket file stays after closing
    server.close()


@pytest.mark.parametrize("make, rule, says", [
    # Outside the data folder, and a device: it would read until memory runs out.
    (lambda p: p.symlink_to("/dev/zero"), "load.outside-data-folder", "/dev/zero"),
    (lambda p: p.symlink_to("/dev/urandom"), "load.outside-data-folder", "/dev/urandom"),
    (_fifo, "load.not-a-file", "is a FIFO"),  # it would block validate forever
    (_socket, "load.not-a-file", "is a socket"),
])
def test_only_regular_files_are_read(capsys, data_tree, make, rule, says):
    root = data_tree({})
    (root / "models" / "acme").mkdir(parents=True)
    make(root / "models" / "acme" / "alpha.yaml")
    code, out, err = run(capsys, "validate", "--data", str(root), "--format", "json")
    errors = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    assert code == 1 and "Traceback" not in err
    (error,) = errors
    assert error["rule"] == rule and error["file"].endswith("models/acme/alpha.yaml") and says in error["message"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_by_the_reader_itself(device):
    from catalog.load import SpecFileError, read_yaml

    with pytest.raises(SpecFileError) as refused:
        read_yaml(Path(device))
    (finding,) = refused.value.findings
    assert finding.rule == "load.not-a-file" and "is a device" in finding.message


@pytest.mark.parametrize("link", ["models/acme/alpha.yaml", "providers/acme.yaml"])
def test_a_symlink_out_of_the_data_folder_is_an_error_naming_the_file(capsys, tmp_path, link):
    root = write_tree(tmp_path / "data", {"providers/acme.yaml": PROVIDER_YAML,
                                          "models/acme/alpha.yaml": model_yaml()})
    secret = tmp_path / "secret.yaml"
    secret.write_text((root / link).read_text())
    (root / link).unlink()
    (root / link).symlink_to(secret)
    code, out, err = run(capsys, "validate", "--data", str(root), "--format", "json")
    errors = [f for f in json.loads(out)["findings"] if f["rule"] == "load.outside-data-folder"]
    assert code == 1 and len(errors) == 1
    assert errors[0]["file"].endswith(link) and str(secret) in errors[0]["message"]


def test_a_folder_linked_from_outside_is_not_read_but_a_link_within_is(capsys, tmp_path):
    root = write_tree(tmp_path / "data", {"providers/acme.yaml": PROVIDER_YAML})
    outside = write_tree(tmp_path / "elsewhere", {"alpha.yaml": model_yaml()})
    (root / "models").mkdir()
    (root / "models" / "acme").symlink_to(outside)
    code, out, _ = run(capsys, "validate", "--data", str(root), "--format", "json")
    (error,) = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    assert code == 1 and error["rule"] == "load.outside-data-folder" and error["file"].endswith("models/acme")
    # A link that stays inside the data folder is read like the file it points to.
    (root / "models" / "acme").unlink()
    write_tree(root, {"shared/alpha.yaml": model_yaml()})
    (root / "models" / "acme").mkdir()
    (root / "models" / "acme" / "alpha.yaml").symlink_to(root / "shared" / "alpha.yaml")
    code, out, _ = run(capsys, "validate", "--data", str(root), "--stale-days", "100000")
    assert code == 0, out


@pytest.mark.parametrize("name", ["alpha\x1b[2J.yaml", "alpha\u202e.yaml", "al\npha.yaml"])
def test_a_file_name_with_control_characters_is_named_escaped_at_its_folder(capsys, data_tree, name):
    name = name.encode().decode("unicode_escape")
    root = data_tree({"models/acme/alpha.yaml": model_yaml()})
    (root / "models" / "acme" / name).write_text(model_yaml())
    code, out, err = run(capsys, "validate", "--data", str(root))
    assert code == 1 and "Traceback" not in err
    assert "\x1b" not in name or "\\x1b" in out
    assert all(c not in out + err for c in "\x1b\u202e") and "[load.unsafe-name]" in out
    (line,) = [entry for entry in out.splitlines() if "[load.unsafe-name]" in entry]
    assert line.split(": error")[0].endswith("models/acme")


def test_file_over_one_megabyte_is_an_error_not_a_crash(capsys, tmp_path):
    root = write_tree(tmp_path, {"providers/acme.yaml": PROVIDER_YAML,
                                 "models/acme/alpha.yaml": model_yaml(extra="# " + "x" * 1_000_000 + "\n")})
    code, out, _ = run(capsys, "validate", "--data", str(root))
    assert code == 1 and "[load.too-large]" in out and "models/acme/alpha.yaml:1:1" in out


def test_console_script_runs_as_a_subprocess_without_traceback():
    case = BAD_SPECS / "schema-typo-key"
    result = subprocess.run([sys.executable, "-m", "catalog.cli", "validate", "--data", str(case)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "did you mean 'context_window'?" in result.stdout
    assert "Traceback" not in result.stderr


# --- validate -----------------------------------------------------------------------------


def test_valid_data_exits_zero_with_a_summary(capsys, data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml()})
    code, out, _ = run(capsys, "validate", "--data", str(root), "--stale-days", "100000")
    assert code == 0
    assert out.strip().splitlines()[-1] == "1 model, 1 provider: 0 errors, 0 warnings"


def test_warnings_do_not_fail_validation(capsys, data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(extra="  cache_read: 3\n")})
    code, out, _ = run(capsys, "validate", "--data", str(root))
    assert code == 0 and "warning [pricing.cache-read-above-input]" in out


def test_github_format_is_workflow_annotations(capsys):
    case = BAD_SPECS / "schema-typo-key"
    code, out, _ = run(capsys, "validate", "--data", str(case), "--format", "github")
    line = out.splitlines()[0]
    assert code == 1
    assert line.startswith("::error file=") and ",line=7,col=3,title=schema.unknown-key::" in line
    assert line.endswith("did you mean 'context_window'?")


def test_usage_errors_exit_two(capsys, tmp_path):
    assert run(capsys, "validate", "--format", "xml")[0] == 2
    assert run(capsys, "validate", "--data", str(tmp_path / "missing"))[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2


def test_bundled_data_validates_and_is_not_empty(capsys, monkeypatch):
    monkeypatch.delenv("CATALOG_DATA", raising=False)
    code, out, _ = run(capsys, "validate", "--format", "json")
    report = json.loads(out)
    errors = [f"{f['file']}:{f['line']}: [{f['rule']}] {f['message']}" for f in report["findings"] if f["severity"] == "error"]
    assert errors == [] and code == 0
    assert report["models"] >= 1 and report["providers"] >= 1
    assert (bundled_data_dir() / "models").is_dir()


# --- list and show ------------------------------------------------------------------------


@pytest.fixture
def two_models(data_tree):
    image = ("id: acme/painter\nname: Painter\nprovider: acme\nkind: image-generation\n"
             "pricing:\n  source: https://acme.example/pricing\n  verified: 2026-11-01\n  output_per_image: 0.039\n")
    return data_tree({"models/acme/alpha.yaml": model_yaml(), "models/acme/painter.yaml": image})


def test_list_filters_and_prints_unknown_not_zero(capsys, two_models):
    code, out, _ = run(capsys, "list", "--data", str(two_models), "--kind", "image-generation")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("acme/painter"))
    # Priced per image; its prompt-token price is not published, so it is named unknown.
    assert "$0.039 per generated image" in row and "unknown per 1M input tokens" in row
    assert "$0 " not in row and " 0 " not in row
    assert "acme/alpha" not in out


def test_list_prices_what_each_model_is_billed_by(capsys, data_tree):
    def spec(model_id: str, kind: str, prices: str) -> str:
        return (f"id: {model_id}\nname: {model_id}\nprovider: acme\nkind: {kind}\n"
                f"pricing:\n  source: https://acme.example/pricing\n  verified: 2026-11-01\n{prices}")
    data = data_tree({
        "models/acme/sizes.yaml": spec("acme/sizes", "image-generation",
            "  input: 0\n  output_images:\n    - {size: 1024x1024, price: 0.04}\n"
            "    - {size: 1024x1792, price: 0.08}\n"),
        "models/acme/ears.yaml": spec("acme/ears", "transcription", "  input_per_second: 0.0001\n"),
        "models/acme/chatty.yaml": spec("acme/chatty", "chat", "  input: 0.15\n"),
    })
    code, out, _ = run(capsys, "list", "--data", str(data))
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert "$0.04-$0.08 per generated image, $0.00 per 1M input tokens (free)" in rows["acme/sizes"]
    assert "$0.0001 per second of input media" in rows["acme/ears"]
    assert "$0.15 per 1M input tokens, unknown per 1M output tokens" in rows["acme/chatty"]
    code, out, _ = run(capsys, "list", "--data", str(data), "--json")
    by_id = {entry["id"]: entry for entry in json.loads(out)}
    assert by_id["acme/chatty"]["price"] == "$0.15 per 1M input tokens, unknown per 1M output tokens"
    assert by_id["acme/chatty"]["output"] is None


def test_list_json(capsys, two_models):
    code, out, _ = run(capsys, "list", "--data", str(two_models), "--json", "--provider", "acme")
    entries = json.loads(out)
    assert [e["id"] for e in entries] == ["acme/alpha", "acme/painter"]
    assert entries[0]["input"] == "2.5" and entries[1]["input"] is None


def test_show_says_unknown_for_unpublished_prices(capsys, two_models):
    code, out, _ = run(capsys, "show", "--data", str(two_models), "acme/painter")
    assert code == 0
    assert "input              unknown" in out and "$0.039 per image" in out
    assert "$0 " not in out and "$0.00" not in out


def test_show_json_keeps_decimals_as_strings_and_unknown_as_null(capsys, two_models):
    code, out, _ = run(capsys, "show", "--data", str(two_models), "acme/painter", "--json")
    spec = json.loads(out)
    assert spec["pricing"]["output_per_image"] == "0.039" and spec["pricing"]["input"] is None


def test_show_unknown_id_suggests_near_ids(capsys, two_models):
    code, out, err = run(capsys, "show", "--data", str(two_models), "acme/paintr")
    assert code == 2 and "unknown model 'acme/paintr'" in err and "acme/painter" in err


# --- build --------------------------------------------------------------------------------


def test_build_writes_an_index_and_replaces_the_old_site(capsys, two_models, tmp_path):
    out_dir = tmp_path / "site"
    assert run(capsys, "build", "--data", str(two_models), "--out", str(out_dir))[0] == 0
    (out_dir / "stale.html").write_text("old")
    code, _, _ = run(capsys, "build", "--data", str(two_models), "--out", str(out_dir))
    assert code == 0
    page = (out_dir / "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<code>acme/painter</code>" in page
    assert not (out_dir / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]  # no leftovers


def test_build_refuses_invalid_data_and_keeps_the_previous_site(capsys, tmp_path):
    out_dir = tmp_path / "site"
    out_dir.mkdir()
    (out_dir / "index.html").write_text("previous")
    (out_dir / ".catalog-site").write_text("")
    code, _, err = run(capsys, "build", "--data", str(BAD_SPECS / "schema-nan-price"), "--out", str(out_dir))
    assert code == 1 and "not building" in err
    assert (out_dir / "index.html").read_text() == "previous"


def test_build_escapes_html(capsys, data_tree, tmp_path):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(name="'<script>alert(1)</script>'")})
    run(capsys, "build", "--data", str(root), "--out", str(tmp_path / "site"))
    page = (tmp_path / "site" / "index.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page


# --- the data folder ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["validate"], ["list"], ["show", "acme/alpha"], ["build", "--out", "SITE"],
    ["estimate", "acme/alpha", "--input-tokens", "1"], ["cheapest", "--workload", "chatbot"],
    ["import", "litellm", "x.json"], ["crosscheck", "--against", "litellm=x.json"],
])
def test_every_command_refuses_a_missing_or_wrong_data_folder(capsys, monkeypatch, data_tree, tmp_path, command):
    root = data_tree({"models/acme/alpha.yaml": model_yaml()})
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    argv = [str(tmp_path / "site") if a == "SITE" else a for a in command]
    for data, message in ((root / "models", "not a data folder"), (a_file, "not a folder"),
                          (tmp_path / "nope", "no such folder")):
        code, out, err = run(capsys, *argv, "--data", str(data))
        assert code == 2 and message in err, (data, err)
        monkeypatch.setenv("CATALOG_DATA", str(data))
        code, out, err = run(capsys, *argv)
        assert code == 2 and message in err and out == "", (data, err)
        monkeypatch.delenv("CATALOG_DATA")
    assert not (tmp_path / "site").exists()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("where, message", [
    ("data", "overlaps the data folder"),
    ("data/site", "overlaps the data folder"),
    (".", "overlaps the data folder"),  # tmp_path holds data/
    ("notes", "not a previous site"),
    ("afile", "is a file"),
])
def test_build_refuses_an_out_folder_it_would_destroy(capsys, two_models, tmp_path, where, message):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "NOTES.txt").write_text("keep")
    (tmp_path / "afile").write_text("keep")
    before = _tree(tmp_path)
    code, out, err = run(capsys, "build", "--data", str(two_models), "--out", str(tmp_path / where))
    assert code == 2 and message in err and "Traceback" not in err
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "data", "notes"]  # no staging left


def test_build_refuses_the_working_folder_and_its_ancestors(capsys, two_models, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for out in (".", "..", str(tmp_path.parent)):
        code, _, err = run(capsys, "build", "--data", str(two_models), "--out", out)
        assert code == 2 and "working folder" in err
    assert list(work.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["data", "work"]


def test_build_fills_an_empty_folder_and_marks_it_as_a_site(capsys, two_models, tmp_path):
    (tmp_path / "site").mkdir()
    assert run(capsys, "build", "--data", str(two_models), "--out", str(tmp_path / "site"))[0] == 0
    assert (tmp_path / "site" / ".catalog-site").is_file() and (tmp_path / "site" / "index.html").is_file()


def test_a_failed_write_keeps_the_previous_site_and_leaves_no_staging(capsys, two_models, tmp_path, monkeypatch):
    import errno

    out_dir = tmp_path / "site"
    assert run(capsys, "build", "--data", str(two_models), "--out", str(out_dir))[0] == 0
    before = _tree(out_dir)

    def disk_full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    spec = two_models / "models" / "acme" / "painter.yaml"  # a change, so the build has pages to write
    spec.write_text(spec.read_text().replace("name: Painter", "name: Painter 2"))
    monkeypatch.setattr(os, "write", disk_full)
    code, out, err = run(capsys, "build", "--data", str(two_models), "--out", str(out_dir))
    assert code == 1 and "No space left on device" in err and "index.html" in err
    assert len(err.strip().splitlines()) == 1
    assert _tree(out_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]


def test_an_os_error_that_escapes_a_command_is_one_line_naming_the_file(capsys, two_models, monkeypatch):
    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "data/models/acme/alpha.yaml")

    monkeypatch.setattr("catalog.load.load_reusing", unreadable)
    code, out, err = run(capsys, "list", "--data", str(two_models))
    assert code == 1 and err == "catalog: data/models/acme/alpha.yaml: Permission denied\n"


@pytest.mark.parametrize("command", [["show"], ["show", "--json"], ["show", "--enriched"],
                                     ["estimate", "--input-tokens", "1000"]])
def test_a_model_whose_spec_has_errors_is_named_with_its_first_error(capsys, command):
    data = BAD_SPECS / "schema-typo-key"
    code, out, err = run(capsys, command[0], "--data", str(data), "acme/alpha", *command[1:])
    assert code == 1 and out == ""
    assert err.startswith("catalog: acme/alpha has errors (") and "models/acme/alpha.yaml:7:3" in err
    assert "did you mean 'context_window'?" in err and err.rstrip().endswith("run `catalog validate`")


def test_show_notes_errors_elsewhere_in_the_catalog(capsys, data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(),
                      "models/acme/beta.yaml": model_yaml("acme/beta", extra="bogus: 1\n")})
    for command in (["show", "acme/alpha"], ["show", "acme/alpha", "--explain"],
                    ["estimate", "acme/alpha", "--input-tokens", "1000"]):
        code, out, err = run(capsys, *command, "--data", str(root))
        assert code == 0 and out and err.startswith("note: the data has errors (") and len(err.splitlines()) == 1


def test_show_explain_excludes_enriched_and_supports_json(capsys, two_models):
    code, _, err = run(capsys, "show", "--data", str(two_models), "acme/alpha", "--explain", "--enriched")
    assert code == 2 and "exclude each other" in err
    code, out, _ = run(capsys, "show", "--data", str(two_models), "acme/alpha", "--explain", "--json")
    fields = {entry["field"]: entry for entry in json.loads(out)}
    assert code == 0 and fields["limits.context_window"]["value"] == 128000
    assert fields["limits.context_window"]["file"].endswith("models/acme/alpha.yaml")


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00+01:00"])
@pytest.mark.parametrize("command", [["estimate", "acme/alpha", "--input-tokens", "1000"],
                                     ["cheapest", "--workload", "chatbot"]])
def test_at_outside_the_calendar_in_utc_is_a_usage_error(capsys, two_models, command, at):
    code, out, err = run(capsys, *command, "--data", str(two_models), "--at", at)
    assert code == 2 and "outside the calendar once converted to UTC" in err and "Traceback" not in err


def test_at_at_the_calendar_limits_in_utc_is_fine(capsys, two_models):
    for at in ("9999-12-31T23:59", "0001-01-01T00:00Z", "9999-12-31"):
        code, out, _ = run(capsys, "estimate", "acme/alpha", "--input-tokens", "1000", "--data", str(two_models), "--at", at)
        assert code == 0 and "$0.0025" in out


@pytest.mark.parametrize("argv", [
    ["import", "litellm", "PATH", "--check"],
    ["import", "litellm", "--check", "PATH"],
    ["import", "--check", "litellm", "PATH"],
    ["import", "litellm", "--data", "DATA", "PATH", "--check"],
])
def test_import_takes_its_path_before_or_after_the_options(data_tree, argv):
    from catalog.cli.data import import_command

    root = data_tree({})
    params = import_command.make_context("import", [str(root) if a == "DATA" else a for a in argv[1:]]).params
    assert (params["source"], params["location"], params["check"]) == ("litellm", "PATH", True)


@pytest.mark.parametrize("tolerance, message", [("abc", "is not a number"), ("-1", "not a tolerance"),
                                                ("NaN", "not a tolerance"), ("sNaN", "not a tolerance"),
                                                ("1", "not a tolerance"), ("inf", "not a tolerance")])
def test_crosscheck_tolerance_must_be_a_fraction(capsys, two_models, tolerance, message):
    code, out, err = run(capsys, "crosscheck", "--against", "litellm=x.json", "--data", str(two_models),
                         "--tolerance", tolerance)
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize("flags, message", [
    (["--workload", "chatbot", "--input-tokens", "5"], "drop --input-tokens"),
    (["--workload", "chatbot", "--requests", "3", "--image-size", "1024x1024"], "--requests prices N requests"),
    (["--input-tokens", "5", "--days-per-month", "5"], "--days-per-month only applies to a month"),
    (["--input-tokens", "5", "--cache-hit-rate", "0.5"], "--cache-hit-rate only applies to a month"),
])
def test_estimate_refuses_flags_it_would_ignore(capsys, two_models, flags, message):
    code, out, err = run(capsys, "estimate", "acme/alpha", *flags, "--data", str(two_models))
    assert code == 2 and message in err and out == ""


def test_list_unknown_kind_or_provider_is_a_usage_error_with_the_choices(capsys, two_models):
    code, out, err = run(capsys, "list", "--data", str(two_models), "--kind", "bogus")
    assert code == 2 and "unknown kind 'bogus'; kinds: chat, " in err and out == ""
    code, out, err = run(capsys, "list", "--data", str(two_models), "--provider", "acm")
    assert code == 2 and "unknown provider 'acm'; did you mean acme?" in err
    code, out, err = run(capsys, "list", "--data", str(two_models), "--provider", "nobody")
    assert code == 2 and "providers: acme" in err


def test_validate_also_checks_the_workloads_file(capsys, data_tree):
    # The presets feed estimates and workload pages: a broken file must fail the CI gate,
    # not the first `estimate --workload` after the merge.
    bad = ("workloads:\n  - name: chatbot\n    description: x\n    kinds: [chat]\n"
           "    usage: {input_tokens: 10, output_tokns: 5}\n    requests_per_day: 1\n")
    data = data_tree({"models/acme/alpha.yaml": model_yaml(), "workloads.yaml": bad})
    code, out, _ = run(capsys, "validate", "--data", str(data))
    assert code == 1
    assert "workloads.yaml:5:31: error [schema.unknown-key] unknown key 'output_tokns'" in out
    assert out.splitlines()[-1] == "1 model, 1 provider: 1 error, 0 warnings"
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "github")
    assert code == 1 and "::error file=" in out and "workloads.yaml,line=5,col=31" in out
