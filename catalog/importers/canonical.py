"""Canonical model ids: which model an imported offering sells, whoever resells it.

Upstream keys name one model many ways (`azure/eu/gpt-4o-2024-08-06`, `gpt-4o`,
`us.meta.llama3-3-70b-instruct-v1:0`, `together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo`);
the rules below strip only what never changes the weights (dated snapshots, regional and
deployment prefixes, a reseller's vendor path, case and separators), and the reviewed overrides
in `data/canonical.yaml` decide what a rule cannot:

    canonical_model("azure/eu-gpt-4o-2024-08-06", "azure/eu/gpt-4o-2024-08-06")  -> "gpt-4o"
    canonical_model("bedrock/us.meta.llama3-3-70b-instruct-v1-0",
                    "us.meta.llama3-3-70b-instruct-v1:0")               -> "llama-3.3-70b-instruct"

The rules are conservative: a fine-tune (`ft:`), a quantisation (`-fp8`, `-gguf`), a speed or
size variant (`-turbo`, `-mini`, `-fast`) or a dated version written as a release number
(`mistral-large-2411`) keeps a canonical id of its own; two different models must never meet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import StringConstraints

from catalog.importers.common import ImportResult, slug
from catalog.importers.reviewed import read_reviewed
from catalog.schema import ModelSpec, Slug, Spec

OVERRIDES_FILE = "canonical.yaml"
"""The reviewed overrides, beside `models/` and `providers/` in the data folder."""

# --- the rules ------------------------------------------------------------------------------

# Bedrock and OCI write `<region>.<vendor>.<model>`: cross-region inference profiles are routes
# to the same model, and the vendor is the maker's name.
_REGION_PREFIX = re.compile(r"^(?:us-gov|us|eu|apac|global|au|jp|ca|in)\.")
_VENDOR_DOT_PREFIX = re.compile(r"^([a-z][a-z-]*)\.(?=[a-z0-9])")
# A resolver's own prefix on a model it resells (Databricks names every endpoint so).
_DEPLOYMENT_PREFIX = re.compile(r"^databricks-(?!dbrx)")
# A vendor written before a known family by a reseller (`meta-llama-3.3-70b`, `openai-gpt-4o`).
_VENDOR_HYPHEN_PREFIX = re.compile(
    r"^(?:meta|openai|anthropic|google|mistralai|deepseek-ai|microsoft)-"
    r"(?=llama|gpt|claude|gemini|gemma|mistral|mixtral|deepseek|phi|o\d)"
)
_DEPLOYMENT_SUFFIX = re.compile(r"-maas$")
# Snapshot and revision suffixes: each names a version of the same model.
_SNAPSHOT_SUFFIXES = (
    re.compile(r"@(?:\d{8}|\d{3}|latest)$"),            # vertex: claude-3-5-sonnet@20240620, @001
    re.compile(r"(?:-v?1)?:0$"),                         # bedrock API version 1, revision 0; `claude-v2:1` is Claude 2.1, kept
    re.compile(r"-\d{4}-\d{2}-\d{2}$"),                  # -2024-08-06
    re.compile(r"-20\d{6}$"),                            # -20240806
    re.compile(r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"),   # -05-06 (a preview's day)
    re.compile(r"-(?:0[1-9]|1[0-2])-20\d{2}$"),          # -09-2025
    re.compile(r"-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$"),    # -0613, -0825
    re.compile(r"-latest$"),                             # an alias of the newest snapshot
)
_NUMBERED_REVISION = re.compile(r"-00\d$")   # gemini-2.0-flash-001; text-embedding-004 is a model
_API_VERSION = re.compile(r"-v1$")           # bedrock's -v1:0 once `:0` is gone
_HAS_VERSION = re.compile(r"\d")
# Llama's version written every way: llama3.3, llama3-3, llama-v3p3, Llama-3_3 -> llama-3.3.
_LLAMA = re.compile(r"llama-?v?(\d)(?:[-._p](\d))?(?=-|$)")
_DIGIT_UNDERSCORE_DIGIT = re.compile(r"(?<=\d)_(?=\d)")
_FIREWORKS_DECIMAL = re.compile(r"(?<=\d)p(?=\d)")   # fireworks writes qwen2p5 for qwen2.5
_CLAUDE_VERSION = re.compile(r"(?<=\d)\.(?=\d)")


# Path segments of a key that say where or how a model is served, never which model.
_ROUTE_SEGMENT = re.compile(
    r"^(?:us|eu|global|global-standard|apac|us-gov|\*|accounts|fireworks|models|routers|@cf|@hf|"
    r"claude_platform|invoke|\d+-month-commitment|[a-z]{2}(?:-gov)?-[a-z]+-\d)$"
)
# Organisations that publish weights, as resellers write them before the model's name.
ORGANISATIONS = frozenset({
    "allenai", "amazon", "anthropic", "baai", "black-forest-labs", "cohere", "deepseek",
    "deepseek-ai", "google", "ibm", "ibm-granite", "meta", "meta-llama", "meta-models", "microsoft",
    "minimax", "minimaxai", "mistral", "mistralai", "moonshotai", "nousresearch", "nvidia", "openai",
    "perplexity", "qwen", "stabilityai", "thinkingmachines", "xai", "xiaomimimo", "zai", "zai-org",
})


def canonical_model(offering: str, upstream_key: str, overrides: Overrides | None = None) -> str:
    """The canonical id of the model an offering (`azure/eu-gpt-4o`) sells, from its upstream
    key; the reviewed overrides (by offering id, then by normalised name) have the last word."""
    provider = offering.partition("/")[0]
    overrides = overrides or NO_OVERRIDES
    if offering in overrides.offerings:
        return overrides.offerings[offering]
    model = normalised_name(offering, upstream_key)
    if model in overrides.models:
        return overrides.models[model]
    if not _HAS_VERSION.search(model) and model not in overrides.shared_names:
        # `search`, `chat`, `mistral-large`: a name without a version is too generic to say
        # that two providers sell one model; a reviewed list says when it does.
        return slug(f"{provider}-{model}")
    return model


def normalised_name(offering: str, upstream_key: str) -> str:
    """The rules alone, before the reviewed overrides."""
    provider, _, model_part = offering.partition("/")
    segments = upstream_key.strip().split("/")
    if len(segments) > 1 and (slug("/".join(segments[1:])) == model_part
                              or not model_part.startswith(slug(segments[0]))):
        segments = segments[1:]   # the dataset's provider prefix, which the offering's id left out
    segments = [s for s in segments[:-1] if not _ROUTE_SEGMENT.match(s.lower())] + segments[-1:]
    while len(segments) > 1 and segments[0].lower() in ORGANISATIONS:
        segments = segments[1:]
    name = "-".join(segments).lower()
    if name.startswith("ft:"):
        return slug("ft-" + _strip_snapshots(name[3:].split(":")[0]))   # a fine-tune: never the base
    name = _REGION_PREFIX.sub("", name)
    vendor = _VENDOR_DOT_PREFIX.match(name)
    if vendor:
        rest = name[vendor.end():]
        # `deepseek.v3.2` is DeepSeek V3.2: a bare version keeps the maker's name.
        name = f"{vendor.group(1)}-{rest}" if re.match(r"v?\d", rest) else rest
    if provider == "fireworks-ai":
        name = _FIREWORKS_DECIMAL.sub(".", name)
    name = _DEPLOYMENT_PREFIX.sub("", name)
    name = _VENDOR_HYPHEN_PREFIX.sub("", name)
    name = _DIGIT_UNDERSCORE_DIGIT.sub(".", name).replace("_", "-")
    name = _strip_snapshots(_DEPLOYMENT_SUFFIX.sub("", name))
    name = _LLAMA.sub(lambda m: f"llama-{m.group(1)}" + (f".{m.group(2)}" if m.group(2) else ""), name)
    if name.startswith("claude-"):
        name = _CLAUDE_VERSION.sub("-", name)   # Anthropic writes claude-haiku-4-5, resellers 4.5
    return slug(name)


def _strip_snapshots(name: str) -> str:
    """Strip snapshot suffixes until none is left (`-20240307-v1:0` is two of them)."""
    while True:
        before = name
        for pattern in _SNAPSHOT_SUFFIXES:
            name = pattern.sub("", name)
        rest = _NUMBERED_REVISION.sub("", name)
        if rest != name and _HAS_VERSION.search(rest):
            name = rest
        rest = _API_VERSION.sub("", name)
        if rest != name and _HAS_VERSION.search(rest):
            name = rest
        if name == before:
            return name


# --- the reviewed overrides -----------------------------------------------------------------

Reason = Annotated[str, StringConstraints(min_length=10, max_length=400)]


class OfferingOverride(Spec):
    """One offering's canonical model, where the rules get it wrong."""

    offering: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$")]
    """The offering's id, `<provider>/<model>`."""
    base_model: Slug
    reason: Reason
    """Why: the source that says these are the same weights (or different ones)."""


class ModelOverride(Spec):
    """A normalised name that is another name of one canonical model."""

    name: Slug
    """What the rules make of the upstream key."""
    base_model: Slug
    reason: Reason


class SharedName(Spec):
    """A name without a version number that still names one model wherever it is sold."""

    name: Slug
    reason: Reason


class OverridesFile(Spec):
    """`data/canonical.yaml`: every entry says why, so a reviewer can check it."""

    shared_names: tuple[SharedName, ...] = ()
    models: tuple[ModelOverride, ...] = ()
    offerings: tuple[OfferingOverride, ...] = ()
    first_party: tuple[Slug, ...] = ()
    """Providers that sell the models they make: their offering represents a canonical model
    among its resellers (peer statistics, similar models)."""


@dataclass(frozen=True)
class Overrides:
    """The overrides file as lookups."""

    models: Mapping[str, str] = field(default_factory=dict)
    """Normalised name -> canonical id."""
    offerings: Mapping[str, str] = field(default_factory=dict)
    """Offering id -> canonical id."""
    shared_names: frozenset[str] = frozenset()
    """Names without a version that name one model at every provider."""
    first_party: frozenset[str] = frozenset()


NO_OVERRIDES = Overrides()


def load_overrides(data_dir: Path) -> Overrides:
    """The overrides of a data folder (none when it has no `canonical.yaml`).

    Raises `SpecFileError` (findings with file:line:column) when the file is not valid."""
    return _load_overrides(Path(data_dir) / OVERRIDES_FILE)


def _load_overrides(path: Path) -> Overrides:
    if not path.is_file():
        return Overrides()
    parsed = read_reviewed(path, OverridesFile)
    return Overrides(
        models={o.name: o.base_model for o in parsed.models},
        offerings={o.offering: o.base_model for o in parsed.offerings},
        shared_names=frozenset(o.name for o in parsed.shared_names),
        first_party=frozenset(parsed.first_party),
    )


# --- the import step ------------------------------------------------------------------------


def with_canonical_ids(result: ImportResult, overrides: Overrides) -> ImportResult:
    """Every imported offering with its `base_model`, and the report counting the links. A spec
    without provenance (no upstream key) is left as it is."""
    models = tuple(
        model.model_copy(update={"base_model": canonical_model(model.id, model.provenance.upstream_key, overrides)})
        if model.provenance is not None else model
        for model in result.models
    )
    report = replace(result.report, identity=identity_summary(models))
    return replace(result, models=models, report=report)


# --- the import report ----------------------------------------------------------------------

TOP_GROUPS = 10


def identity_summary(models: Iterable[ModelSpec]) -> dict[str, Any]:
    """How many offerings the importer linked to a canonical model, and the largest groups:

        {"offerings": 4191, "linked": 2948, "canonical_models": 1803,
         "top_groups": [{"base_model": "deepseek-v4-flash", "offerings": 40}, ...]}

    An offering is linked when another offering shares its canonical id."""
    sizes = Counter(model.base_model or model.id for model in models)
    offerings = sum(sizes.values())
    linked = sum(n for n in sizes.values() if n > 1)
    top = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_GROUPS]
    return {
        "offerings": offerings,
        "linked": linked,
        "canonical_models": len(sizes),
        "top_groups": [{"base_model": key, "offerings": n} for key, n in top if n > 1],
    }
