"""Hostile input, class by class: files, numbers and text that a stranger's pull request can
hold. The bad-spec corpus (tests/bad_specs/, run by test_cli.py) pins one error per case; these
tests pin what a corpus case cannot say: nothing unsafe reaches the terminal, reads are bounded,
the JSON Schema says number, minus zero reads as zero.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.cli.validate import schema_files
from catalog.findings import Finding
from catalog.load import load_catalog
from catalog.text import UNSAFE, escaped, unsafe_character
from catalog.yamlfile import MAX_FILE_BYTES, SpecFileError, read_spec_bytes, read_yaml
from tests.conftest import TODAY, model_yaml

BAD_SPECS = Path(__file__).parent / "bad_specs"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# --- text ---------------------------------------------------------------------------------


def test_the_unsafe_characters_are_every_control_format_and_separator_character():
    categories = {"Cc", "Cf", "Zl", "Zp", "Cs"}
    missed = [hex(cp) for cp in range(sys.maxunicode + 1)
              if unicodedata.category(chr(cp)) in categories and not UNSAFE.match(chr(cp))]
    assert missed == []
    assert unsafe_character("Gemini 2.0 Flash — 日本語 ñ") is None


@pytest.mark.parametrize("text, index", [("a\x1b[2J", 1), ("x\u202egnp.exe", 1), ("\ufeffname", 0),
                                         ("tab\there", 3), ("zero\u200bwidth", 4), ("c1\x9b", 2)])
def test_one_line_text_refuses_what_prose_may_hold(text, index):
    assert unsafe_character(text) == (index, text[index])
    assert unsafe_character("line one\nline two\tindented", multiline=True) is None
    assert unsafe_character("bell\x07", multiline=True) == (4, "\x07")


def test_a_finding_quoting_a_control_character_prints_it_escaped():
    finding = Finding(Path("models/acme/a\x1bb.yaml"), 3, 7, "error", "schema.text", "name: got 'A\x1b[2J\u202e'")
    printed = str(finding)
    assert UNSAFE.search(printed) is None
    assert printed == "models/acme/a\\x1bb.yaml:3:7: error [schema.text] name: got 'A\\x1b[2J\\u202e'"
    assert escaped("plain text") == "plain text"


@pytest.mark.parametrize("case", sorted(p.name for p in BAD_SPECS.iterdir() if p.is_dir()))
@pytest.mark.parametrize("output", ["text", "github", "json"])
def test_nothing_from_a_bad_spec_reaches_the_terminal_unescaped(capsys, case, output):
    code, out, err = run(capsys, "validate", "--data", str(BAD_SPECS / case), "--format", output,
                         "--stale-days", "100000")
    assert UNSAFE.search(out.replace("\n", "")) is None and UNSAFE.search(err.replace("\n", "")) is None
    assert "Traceback" not in err


def test_a_name_cannot_forge_a_finding_line_through_show(capsys, data_tree):
    root = data_tree({"models/acme/alpha.yaml": model_yaml(name='"Alpha\\e[2J\\nacme.yaml:1:1: error"')})
    code, out, err = run(capsys, "show", "acme/alpha", "--data", str(root))
    assert code == 1 and "\x1b" not in out + err and "acme.yaml:1:1: error\n" not in out + err


# --- numbers ------------------------------------------------------------------------------


def test_minus_zero_price_loads_as_zero_and_prints_as_zero(capsys, data_tree):
    spec = ("id: acme/painter\nname: Painter\nprovider: acme\nkind: image-generation\n"
            "pricing:\n  source: https://acme.example/pricing\n  verified: 2026-11-01\n"
            "  output_per_image: -0.0\n  input: -0\n")
    root = data_tree({"models/acme/painter.yaml": spec})
    catalog = load_catalog(root, today=TODAY)
    price = catalog.models["acme/painter"].pricing.output_per_image
    assert price == 0 and not price.is_signed()
    code, out, _ = run(capsys, "show", "acme/painter", "--data", str(root))
    assert code == 0 and re.search(r"\$0(\.0+)? per image", out) and "-0" not in out.replace("2026-11-01", "")
    code, out, _ = run(capsys, "list", "--data", str(root))
    assert re.search(r"\$0(\.0+)? per generated image", out) and "$-0" not in out


def test_the_json_schema_says_number_for_prices_and_documents_the_ceilings():
    schema = json.loads(schema_files()["model.schema.json"])
    prices = schema["$defs"]["PricingBlock"]["properties"]
    for name in ("input", "output", "output_per_image", "per_request"):
        branches = prices[name]["anyOf"]
        assert {b["type"] for b in branches} == {"number", "null"}, name
        number = next(b for b in branches if b["type"] == "number")
        assert number["minimum"] == 0 and number["maximum"] == 1_000_000
    limits = schema["$defs"]["Limits"]["properties"]
    window = next(b for b in limits["context_window"]["anyOf"] if b["type"] == "integer")
    assert window["maximum"] == 1_000_000_000
    assert "YAML 1.2" in schema["$comment"] and "yes/no/on/off" in schema["$comment"]


@pytest.mark.parametrize("value, read", [("1e-6", Decimal("0.000001")), ("2.5e-06", Decimal("0.0000025")), ("1_000", 1000), ("-0", 0),
                                         ("1:30", "1:30"), ("yes", "yes"), ("off", "off"), ("True", True),
                                         ("2026-11-21", "2026-11-21"), (".5", 0.5)])
def test_plain_values_are_read_as_yaml_1_2_reads_them(tmp_path, value, read):
    path = tmp_path / "x.yaml"
    path.write_text(f"x: {value}\n")
    assert read_yaml(path) == {"x": read}


@pytest.mark.parametrize("value, says", [
    ("0100000", "YAML 1.1 reads it as 32768; write 100000"),
    ("0x10", "YAML 1.1 reads it as 16; write 16"),
    ("0b101", "YAML 1.1 reads it as 5; write 5"),
    ("09", "write 9"),
    ("1e400", "too large"),
    ("-1e999999999", "too large"),
    ("1e-999999999", "too small to tell from 0"),
    ("9" * 5000, "an integer of 5,000 digits"),
])
def test_numbers_yaml_1_1_would_misread_are_errors_at_their_line(tmp_path, value, says):
    path = tmp_path / "x.yaml"
    path.write_text(f"a: 1\nx: {value}\n")
    with pytest.raises(SpecFileError) as refused:
        read_yaml(path)
    (finding,) = refused.value.findings
    assert (finding.rule, finding.line, finding.column) == ("load.number", 2, 4)
    assert says in finding.message


def test_exact_prices_from_code_and_json_are_still_accepted():
    """Spec files must write numbers; code and the catalog's own JSON carry exact prices as text."""
    from catalog.schema import SPEC_FILE, PricingBlock

    block = {"source": "https://acme.example", "verified": "2026-11-01", "input": "0.1"}
    assert PricingBlock.model_validate(block).input == Decimal("0.1")
    assert PricingBlock.model_validate_json(json.dumps(block)).input == Decimal("0.1")
    with pytest.raises(ValueError, match="without quotes"):
        PricingBlock.model_validate(block, context=SPEC_FILE)


# --- files --------------------------------------------------------------------------------


def test_a_read_stops_one_byte_past_the_cap_whatever_the_file_says(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES * 3))
    taken = []
    real_read = os.read

    def counting_read(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size)
        taken.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(SpecFileError) as refused:
        read_spec_bytes(path)
    assert refused.value.findings[0].rule == "load.too-large"
    assert sum(taken) == MAX_FILE_BYTES + 1


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # no writer: a blocking open would wait forever
    with pytest.raises(SpecFileError) as refused:
        read_spec_bytes(fifo)
    assert refused.value.findings[0].rule == "load.not-a-file"


# --- the cost engine refuses what would overflow -------------------------------------------


@pytest.mark.parametrize("value, says", [
    (Decimal("sNaN"), "finite"), (Decimal("NaN"), "finite"), (Decimal("-Infinity"), "finite"),
    (Decimal("1e999999999"), "at most 1,000,000,000,000,000"), pytest.param(10**5000, "at most", id="5000-digits"),
    (Decimal("1e-999999"), "finer than"), (-1, "zero or more"), (True, "number of units"), (2.5, "number of units"),
])
def test_usage_refuses_quantities_the_engine_cannot_price(value, says):
    from catalog.pricing import Usage, UsageError

    with pytest.raises(UsageError, match=says):
        Usage(output_tokens=value)
    assert Usage(output_tokens=10**15, cache_read_tokens=Decimal("0.5")).output_tokens == 10**15


@pytest.fixture
def small_data(data_tree):
    from catalog.workloads import BUNDLED

    return data_tree({"models/acme/alpha.yaml": model_yaml(), "workloads.yaml": BUNDLED.read_text()})


def test_a_bill_and_a_workload_refuse_absurd_request_counts_and_months(small_data):
    from catalog.pricing import Usage, UsageError, bill, estimate
    from catalog.workloads import find_workload, workload_cost

    spec = load_catalog(small_data, today=TODAY).models["acme/alpha"]
    one = estimate(spec, Usage(input_tokens=1000))
    for requests in (Decimal("sNaN"), Decimal("Infinity"), Decimal("1e999999999"), 10**16):
        with pytest.raises(UsageError):
            bill([(Decimal(1), one)], requests)
    workload = find_workload("chatbot")
    for days in (Decimal("sNaN"), Decimal("NaN"), Decimal("1e999999999"), Decimal(0), Decimal(32)):
        with pytest.raises(UsageError, match="days per month"):
            workload_cost(spec, workload, days_per_month=days)
    assert workload_cost(spec, workload, days_per_month=Decimal(31)).monthly.requests > 0


@pytest.mark.parametrize("flags", [
    ["--input-tokens", "99999999999999999999"],
    ["--workload", "chatbot", "--days-per-month", "sNaN"],
    ["--workload", "chatbot", "--days-per-month", "1e999999999"],
    ["--workload", "chatbot", "--days-per-month", "Infinity"],
])
def test_estimate_refuses_flags_that_would_overflow_with_a_usage_error(capsys, small_data, flags):
    code, out, err = run(capsys, "estimate", "acme/alpha", *flags, "--data", str(small_data))
    assert code == 2 and "Traceback" not in err and out == ""


# --- Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "[x](JAVASCRIPT:alert(1))", "[x](java&#115;cript:alert(1))", "[x](&#106;avascript:1)",
    "[x](%6Aavascript:1)", "[x](vbscript:1)", "[x](//evil.example)", "<javascript:alert(1)>",
    "![i](data:image/svg+xml,<svg onload=alert(1)>)", "<img src=x onerror=alert(1)>",
    '[x](https://a.example "t" onmouseover=x")',
])
def test_markdown_from_a_stranger_renders_no_script_and_no_unsafe_link(text):
    from catalog.markdown import render_markdown

    html = render_markdown(text)
    assert "<a " not in html and "<img" not in html and "<svg" not in html
    assert "onmouseover=" not in html.replace("onmouseover=x&quot;", "")


def test_markdown_links_keep_their_href_quoted_and_encoded():
    from catalog.markdown import render_markdown

    html = render_markdown('<https://a.example"onmouseover="x> [y](https://a.example/\u202e)')
    assert 'href="https://a.example%22onmouseover=%22x"' in html and 'href="https://a.example/%E2%80%AE"' in html


@pytest.mark.parametrize("name", ["Alpha [/bold]", "[link=https://evil.example]Alpha[/link]", "[blink]Alpha"])
def test_a_table_prints_data_as_text_not_as_terminal_markup(capsys, monkeypatch, name):
    from catalog.cli.common import print_table

    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich draws its table as on a terminal
    monkeypatch.setenv("COLUMNS", "200")
    print_table([("id", "name"), ("acme/alpha", name)])
    out = capsys.readouterr().out
    assert name in out
    assert "\x1b]8;" not in out and "\x1b[5m" not in out  # no hyperlink, no blinking


@pytest.mark.parametrize("text", ["1e5", "-2E-3", "yes", "off", "0x10", "0100", "1_000", "1:30", "2026-11-21",
                                  "true", "null", "~", "-.inf", ".nan", "12", "3.5", "plain"])
def test_an_imported_spec_keeps_text_that_looks_like_a_number_as_text(tmp_path, text):
    import yaml

    from catalog.importers.snapshot import _Dumper

    path = tmp_path / "x.yaml"
    path.write_text(yaml.dump({"alias": text}, Dumper=_Dumper))
    assert read_yaml(path) == {"alias": text}
