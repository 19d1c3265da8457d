"""Properties of hostile input: whatever bytes a spec file holds, whatever YAML value any field
of a spec is given, whatever number an estimate flag is given, the command line returns an
exit code (it is called without catching anything), answers in bounded time and output, and
every finding names the file and line (every usage error, the flag).

The fields are found by walking the pydantic model, so a field added later is covered too.
"""

from __future__ import annotations

import json
import os
import string
import types
import typing
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from catalog.cli import main
from catalog.schema import ModelSpec
from catalog.text import UNSAFE
from tests.conftest import PROVIDER_YAML, model_yaml

SETTINGS = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
"""40 examples a test keep the file within seconds in CI; HOSTILE_EXAMPLES=2000 explores further."""
MAX_OUTPUT_CHARS = 200_000
"""What one command may print about a one-model catalog: a page, not a gigabyte."""

FieldPath = tuple[str | int, ...]


# --- every field of a spec ---------------------------------------------------------------


def _members(annotation: typing.Any) -> list[typing.Any]:
    """The types an annotation may hold, Annotated and Optional unwrapped."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) if a is not type(None) for m in _members(a)]
    return [annotation]


def field_paths(model: type[BaseModel], prefix: FieldPath = ()) -> list[FieldPath]:
    """Every leaf field of `model`, with a path through lists (index 0) and mappings (a valid key)."""
    paths: list[FieldPath] = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        paths.append(path)  # the field itself may be given any scalar, even a mapping's field
        for member in _members(info.annotation):
            origin, args = typing.get_origin(member), typing.get_args(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                paths += field_paths(member, path)
            elif origin is tuple and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
                paths += field_paths(args[0], (*path, 0))
            elif origin is dict and isinstance(args[1], type) and issubclass(args[1], BaseModel):
                key = typing.get_args(args[0])[0] if typing.get_args(args[0]) else "key"
                paths += field_paths(args[1], (*path, key))
    return paths


PATHS = field_paths(ModelSpec)


def test_the_walk_reaches_every_kind_of_field():
    names = {".".join(map(str, p)) for p in PATHS}
    assert {"name", "pricing.input", "pricing.tiers.0.above", "pricing.variants.batch.multiplier",
            "limits.context_window", "capabilities.vision", "api.parameters.0.name",
            "api.rate_limits.requests_per_minute", "benchmarks.0.score", "links.0.title",
            "editorial.overview", "aliases"} <= names
    assert len(PATHS) > 150


# --- arbitrary YAML scalars --------------------------------------------------------------

SPECIAL_SCALARS = [
    "1e400", "-1e400", "1e999999999", "1e-999999999", "1.0e+400", ".inf", "-.inf", ".nan", ".NaN",
    "0100000", "0x10", "0o17", "0b11", "1_000", "1:30", "190:20:30", "-0", "-0.0", "+.5", "08",
    "9" * 5000, "1" + "0" * 30, "yes", "no", "on", "off", "Y", "NO", "~", "null", "", "true",
    "2024-13-45", "2026-11-21", "2026-11-21T25:61:00Z", "0001-01-01", "9999-12-31",
    '"0.039"', '"$0.039"', '"\\e[2J"', '"\\u202e"', '"\\x9b"', '"\\0"', '"a\\nb"', "'\u200b'",
    "[]", "{}", "[1, [2, [3]]]", "{a: 1}", "[" * 100 + "]" * 100, "!!binary aGk=", "&a 1", "*a",
    "? complex", "- item", "|\n  block", ">\n  folded", '"' + "x" * 5000 + '"', "https://x.example/\u202e",
]

_plain_text = st.text(alphabet=string.ascii_letters + string.digits + " .-_:/+$%", max_size=30)
scalars = st.one_of(
    st.sampled_from(SPECIAL_SCALARS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(str),
    st.dates().map(str),
    st.booleans().map(str),
    _plain_text,
    st.text(max_size=20).map(lambda t: json.dumps(t)),  # any characters, as a double-quoted YAML string
    st.binary(max_size=20).map(lambda b: b.decode("utf-8", "surrogateescape")),  # any bytes, written raw
)

PLACEHOLDER = "__HOSTILE_VALUE__"


def _set(document: dict, path: FieldPath, value: object) -> None:
    node: typing.Any = document
    for part, following in zip(path, path[1:]):
        if isinstance(node, list):
            while len(node) <= part:
                node.append({})
            if not isinstance(node[part], dict | list):
                node[part] = {}
            node = node[part]
            continue
        child = node.get(part)
        wanted = list if isinstance(following, int) else dict
        if not isinstance(child, wanted):
            node[part] = child = wanted()
        node = child
    last = path[-1]
    if isinstance(node, list):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def spec_with(path: FieldPath, raw_scalar: str) -> str:
    """The valid test spec with the field at `path` written as `raw_scalar`, verbatim."""
    document = yaml.safe_load(model_yaml())
    _set(document, path, PLACEHOLDER)
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6)
    indent = next(line for line in text.splitlines() if PLACEHOLDER in line)
    indent = " " * (len(indent) - len(indent.lstrip()) + 2)
    return text.replace(PLACEHOLDER, raw_scalar.replace("\n", "\n" + indent))


def _validate(capsys, data: Path) -> tuple[int, list[dict]]:
    code = main(["validate", "--data", str(data), "--format", "json", "--stale-days", "100000"])
    out, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    assert "Traceback" not in err and len(out) < MAX_OUTPUT_CHARS
    findings = json.loads(out)["findings"]
    for finding in findings:  # every finding names its file and line
        assert finding["file"].endswith((".yaml", ".yml")), finding
        assert isinstance(finding["line"], int) and finding["line"] >= 1, finding
        assert UNSAFE.search(finding["message"]) is None, finding
    assert (code == 1) == any(f["severity"] == "error" for f in findings)
    return code, findings


def _browse(capsys, data: Path) -> None:
    """A catalog that validated is shown, listed and priced without a traceback or a flood."""
    for argv in (["show", "acme/alpha"], ["show", "acme/alpha", "--json"], ["show", "acme/alpha", "--enriched"],
                 ["list"],
                 ["estimate", "acme/alpha", "--input-tokens", "1000", "--output-tokens", "1000"]):
        code = main([*argv, "--data", str(data)])
        out, err = capsys.readouterr()
        assert code in (0, 1), (argv, code, err)
        assert "Traceback" not in err and len(out) + len(err) < MAX_OUTPUT_CHARS
        assert UNSAFE.search((out + err).replace("\n", "")) is None, (argv, out)


@pytest.fixture
def tree(tmp_path):
    counter = iter(range(10**9))

    def make(spec: bytes) -> Path:
        root = tmp_path / f"data{next(counter)}"
        (root / "providers").mkdir(parents=True)
        (root / "providers" / "acme.yaml").write_text(PROVIDER_YAML)
        (root / "models" / "acme").mkdir(parents=True)
        (root / "models" / "acme" / "alpha.yaml").write_bytes(spec)
        return root

    return make


@SETTINGS
@given(path=st.sampled_from(PATHS), raw=scalars)
def test_any_yaml_value_in_any_field_is_a_finding_with_a_line_or_a_usable_spec(capsys, tree, path, raw):
    data = tree(spec_with(path, raw).encode("utf-8", "surrogateescape"))
    code, _ = _validate(capsys, data)
    if code == 0:
        _browse(capsys, data)


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_are_a_finding_with_a_line(capsys, tree, raw):
    _validate(capsys, tree(raw))


@SETTINGS
@given(position=st.integers(min_value=0, max_value=len(model_yaml())), raw=st.binary(min_size=1, max_size=40))
def test_any_bytes_inside_a_valid_spec_are_a_finding_with_a_line(capsys, tree, position, raw):
    valid = model_yaml().encode()
    data = tree(valid[:position] + raw + valid[position:])
    code, _ = _validate(capsys, data)
    if code == 0:
        _browse(capsys, data)


# --- arbitrary numbers into the estimate flags -------------------------------------------

ESTIMATE_FLAGS = ["--input-tokens", "--output-tokens", "--cache-read-tokens", "--cache-write-tokens",
                  "--reasoning-tokens", "--images", "--seconds", "--searches", "--requests"]

numbers = st.one_of(
    st.sampled_from(["NaN", "nan", "sNaN", "-sNaN", "inf", "-Infinity", "1e400", "1e999999999", "-0", "-1",
                     "0x10", "1_000", " 7 ", "1e15", "1e16", "1000000000000000", "0.5", "1e-999999", "",
                     "9" * 5000, "١٢٣", "1,000", "$5"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=8),
)


@pytest.fixture(scope="module")
def priced(tmp_path_factory) -> Path:
    from catalog.workloads import BUNDLED

    root = tmp_path_factory.mktemp("priced")
    (root / "providers").mkdir()
    (root / "providers" / "acme.yaml").write_text(PROVIDER_YAML)
    (root / "models" / "acme").mkdir(parents=True)
    (root / "models" / "acme" / "alpha.yaml").write_text(model_yaml())
    (root / "workloads.yaml").write_text(BUNDLED.read_text())
    return root


def _estimate(capsys, priced: Path, argv: list[str], flag: str) -> None:
    code = main(["estimate", "acme/alpha", *argv, "--data", str(priced)])
    out, err = capsys.readouterr()
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in err and len(out) < MAX_OUTPUT_CHARS
    if code == 2:  # a usage error names the flag it is about
        assert flag in err, (argv, err)


@SETTINGS
@given(flag=st.sampled_from(ESTIMATE_FLAGS), value=numbers)
def test_any_number_in_an_estimate_flag_is_priced_or_a_usage_error_naming_the_flag(capsys, priced, flag, value):
    # The prompt and the output are as large as a flag allows, so that cached and reasoning
    # tokens (parts of them) are judged on their own value, not on how they compare.
    largest = {"--input-tokens": "1000000000000000", "--output-tokens": "1000000000000000"}
    largest.pop(flag, None)
    _estimate(capsys, priced, [*(f"{name}={n}" for name, n in largest.items()), f"{flag}={value}"], flag)


@SETTINGS
@given(value=numbers)
def test_any_number_of_days_per_month_is_priced_or_a_usage_error_naming_the_flag(capsys, priced, value):
    _estimate(capsys, priced, ["--workload", "chatbot", f"--days-per-month={value}"], "--days-per-month")
