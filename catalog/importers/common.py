"""What every importer shares: reading a source, exact prices, slugs, providers, the report.

An importer turns one public dataset into model specs and an import report; the report
accounts for every upstream key it did not map, with the number of models carrying it:

    tally.unmapped("input_dbu_cost_per_token")     # counted once per model
    report.lines()  ->  ["unmapped: input_dbu_cost_per_token (79 models)", ...]

Prices are converted with `Decimal(str(x))`, never through float arithmetic, so
`2.5e-06` per token becomes exactly `2.5` per 1M tokens.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

# Reading a source is bounded (catalog.importers.fetch); importers import it from here.
from catalog.importers.fetch import ImportSourceError, is_url, read_source  # noqa: F401
from catalog.schema import SPEC_FILE, ModelSpec, ProviderSpec
from catalog.text import escaped

if TYPE_CHECKING:
    from catalog.importers.kinds import KindSummary

# --- values -------------------------------------------------------------------------------


class BadPrice(ValueError):
    """An upstream price that the spec cannot hold (negative, NaN, not a number)."""


def parse_json(raw: bytes, location: str, *, exact_numbers: bool = False) -> Any:
    """A source's JSON, or one `ImportSourceError` line naming it. With `exact_numbers`, a
    number with a fraction is the Decimal of its digits (no float round trip)."""
    try:
        return json.loads(raw, parse_float=Decimal if exact_numbers else float)
    # ValueError beside JSONDecodeError: an integer of more digits than Python converts;
    # RecursionError: arrays nested deeper than the parser goes.
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise ImportSourceError(f"{location}: not JSON: {error}") from error


def exact(value: Any) -> Decimal:
    """An upstream number as an exact Decimal, via its shortest decimal text."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise BadPrice(f"not a number: {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadPrice(f"not a finite number: {shown(value)}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise BadPrice(f"not a number: {shown(value)}") from error
    if not amount.is_finite():
        raise BadPrice(f"not a finite number: {shown(value)}")
    if amount < 0:
        raise BadPrice(f"negative: {shown(value)}")
    return tidy(amount)


def tidy(amount: Decimal) -> Decimal:
    """Drop trailing zeros so 0.2800000 is written 0.28 and 1E+1 is written 10."""
    normal = amount.normalize()
    if normal != normal.to_integral():
        return normal
    try:
        return normal.quantize(Decimal(1))
    except InvalidOperation:  # more digits than the context holds (1e300): keep the exponent
        return normal


def scaled(value: Any, factor: int) -> Decimal:
    """An upstream price quoted per `factor` times fewer units: per token x 1,000,000."""
    try:
        return tidy(exact(value) * factor)
    except DecimalException as error:  # "1e999999" per token overflows once scaled
        raise BadPrice(f"out of range: {shown(value)}") from error


def tier_start(value: Any) -> int:
    """An upstream tier's first token count as an int: a whole number of at least 0.
    Infinity, NaN, text, a negative or a fractional count is not a threshold (`BadPrice`)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise BadPrice(f"not a number: {short_repr(value)}")
    if not isinstance(value, int) and not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        raise BadPrice(f"not a finite number: {shown(value)}")
    if value != int(value):
        raise BadPrice(f"not a whole token count: {shown(value)}")
    if value < 0:
        raise BadPrice(f"negative: {shown(value)}")
    return int(value)


_NOT_SLUG = re.compile(r"[^a-z0-9._-]+")


def slug(text: str) -> str:
    """A lower-case URL segment: `us.anthropic.claude-3:0` -> `us.anthropic.claude-3-0`."""
    lowered = _NOT_SLUG.sub("-", text.strip().lower())
    lowered = re.sub(r"-{2,}", "-", lowered).strip("._-")
    return lowered[:128].rstrip("._-")


# --- providers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderDirectory:
    """Curated provider ids and the dataset names (aliases) that mean them."""

    by_alias: Mapping[str, str]
    curated: frozenset[str]

    def resolve(self, *names: str) -> str | None:
        """The curated provider id any of `names` (raw or slugged) is an alias of."""
        for name in names:
            for candidate in (name, slug(name), slug(name.replace("_", "-"))):
                found = self.by_alias.get(candidate)
                if found:
                    return found
        return None


def curated_providers(data_dir: Path) -> ProviderDirectory:
    """Curated provider ids and aliases, read as the loader reads them (`providers/*.yaml` and
    `*.yml`, safe YAML, the provider schema): a broken provider file is an error naming its
    file and line, never a silent change of which provider an upstream name maps to."""
    by_alias: dict[str, str] = {}
    curated: set[str] = set()
    folder = data_dir / "providers"
    files = sorted(p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))) if folder.is_dir() else []
    for path in files:
        spec = _curated_provider(path)
        curated.add(spec.id)
        by_alias[spec.id] = spec.id
        for alias in spec.aliases:
            by_alias.setdefault(alias, spec.id)
    return ProviderDirectory(by_alias, frozenset(curated))


def _curated_provider(path: Path) -> ProviderSpec:
    from catalog.yamlfile import SpecFileError, read_yaml_document  # the loader's reader

    try:
        document = read_yaml_document(path)
    except SpecFileError as error:
        raise ImportSourceError(f"curated provider {error.findings[0]}") from None
    try:
        return ProviderSpec.model_validate(document.data, context=SPEC_FILE)
    except ValidationError as error:
        problem = error.errors()[0]
        line, column = document.position(tuple(problem["loc"]))
        where = ".".join(str(part) for part in problem["loc"]) or "file"
        raise ImportSourceError(
            f"{path}:{line}:{column}: invalid curated provider spec: {where}: {problem['msg']}"
        ) from None


_ACRONYMS = {"ai": "AI", "aws": "AWS", "api": "API", "nim": "NIM", "oci": "OCI", "xai": "xAI", "ibm": "IBM"}


def display_name(provider_id: str) -> str:
    """`fireworks-ai` -> `Fireworks AI`, for providers no curated spec names."""
    words = re.split(r"[-_.]+", provider_id)
    return " ".join(_ACRONYMS.get(w, w[:1].upper() + w[1:]) for w in words if w) or provider_id


# --- the result and its report ------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Which public dataset, which version of it, and when it was imported."""

    name: str
    version: str
    upstream: str
    imported: dt.date
    snapshot: dt.date | None = None
    """The day the dataset's prices were published, when known; else prices are dated
    `imported`."""

    @property
    def verified(self) -> dt.date:
        return self.snapshot or self.imported


@dataclass
class Tally:
    """Counts gathered while importing; frozen into an `ImportReport` at the end."""

    entries: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: dict[str, list[str]] = field(default_factory=dict)
    unmapped: Counter[str] = field(default_factory=Counter)
    not_imported: Counter[str] = field(default_factory=Counter)
    zero_unknown: Counter[str] = field(default_factory=Counter)
    zero_free: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)
    collisions: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    price_conflicts: list[str] = field(default_factory=list)
    """Merged entries (one id) whose prices differ: the kept value and the alias's, per price."""
    folded: list[tuple[str, str]] = field(default_factory=list)
    """(upstream key, model id) of each entry folded into a model's per-image prices."""
    not_folded: list[str] = field(default_factory=list)
    """Keys that looked like per-image price entries but could not be folded, with why."""

    def skip(self, reason: str, key: str) -> None:
        self.skipped[reason] += 1
        examples = self.skipped_examples.setdefault(reason, [])
        if len(examples) < 3:
            examples.append(key)


@dataclass(frozen=True)
class RuleBreak:
    """One upstream value that breaks a rule of the catalog: imported as is, and listed."""

    rule: str
    model_id: str
    file: str
    """The spec's file, relative to the snapshot folder: `models/azure/gpt-x.yaml`."""
    field: str
    """Dotted path of the offending field: `limits.max_output`, `pricing.tiers.0.input`."""
    message: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "model": self.model_id, "file": self.file, "field": self.field,
                "message": self.message}


@dataclass(frozen=True)
class Disagreement:
    """One field of one offering that two imported datasets state differently."""

    field: str
    """Dotted field: `pricing.input`, `capabilities.vision`, `limits.context_window`."""
    model_id: str
    dataset: str
    """The other dataset (this import's is the report's)."""
    ours: str
    theirs: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "model": self.model_id, "dataset": self.dataset,
                "ours": self.ours, "theirs": self.theirs}


def day_minutes(start: str, end: str) -> frozenset[int]:
    """Minutes of the day in [start, end) UTC, across midnight when end <= start."""
    a = int(start[:2]) * 60 + int(start[3:])
    b = int(end[:2]) * 60 + int(end[3:])
    return frozenset(range(a, b)) if a < b else frozenset(range(a, 1440)) | frozenset(range(0, b))


@dataclass(frozen=True)
class Schedule:
    """A time-of-day rule a dataset states for one offering, in force on its snapshot day:
    during `hours` (UTC) the price is `factor` times the price at other hours."""

    model_id: str
    kind: str
    """`off-peak` (hours that are discounted) or `peak` (hours that cost more)."""
    hours: tuple[tuple[str, str], ...]
    factor: Decimal
    weekdays_only: bool = False
    """The rule applies Monday to Friday only (weekends are all off-peak)."""

    def discounted_minutes(self) -> frozenset[int]:
        """The minutes of a weekday at the lower price."""
        listed = frozenset().union(*(day_minutes(a, b) for a, b in self.hours))
        return listed if self.kind == "off-peak" else frozenset(range(1440)) - listed

    def discounted_minutes_on(self, day: str) -> frozenset[int]:
        """The minutes of `day` (`mon` ... `sun`) at the lower price: the whole of a weekend
        day when the rule is for weekdays only."""
        if self.weekdays_only and day in ("sat", "sun"):
            return frozenset(range(1440))
        return self.discounted_minutes()

    @property
    def ratio(self) -> Decimal:
        """The lower price over the higher one."""
        return self.factor if self.kind == "off-peak" else 1 / self.factor

    def describe(self) -> str:
        hours = "; ".join(f"{a}-{b}" for a, b in self.hours)
        days = " on weekdays" if self.weekdays_only else ""
        return f"{self.kind} {hours}{days} x{self.factor}"


RULE_BREAK_EXAMPLES = 3
"""Rule breaks the text report shows per rule; the JSON report and import.json list all."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did, in counts: nothing upstream is dropped without a line here."""

    dataset: Dataset
    entries: int
    models: int
    providers: int
    skipped: tuple[tuple[str, int, tuple[str, ...]], ...]
    unmapped: tuple[tuple[str, int], ...]
    not_imported: tuple[tuple[str, int], ...]
    zero_unknown: tuple[tuple[str, int], ...]
    zero_free: tuple[tuple[str, int], ...]
    notes: tuple[tuple[str, int], ...]
    dropped: tuple[str, ...]
    collisions: tuple[tuple[str, str, tuple[str, ...]], ...]
    findings: tuple[tuple[str, int], ...] = ()
    """Rule breaks on the imported specs per rule (rule id, count), most frequent first."""
    rule_breaks: tuple[RuleBreak, ...] = ()
    """Every rule break, sorted by rule then model id (see `catalog.importers.flagged`)."""
    folded: tuple[tuple[str, str], ...] = ()
    """(upstream key, model id) of entries folded into a model's `output_images`."""
    not_folded: tuple[str, ...] = ()
    """Per-image price entries that could not be folded, each with the reason."""
    price_conflicts: tuple[str, ...] = ()
    """Entries merged into one id whose prices differ, each with both values."""
    identity: Mapping[str, Any] | None = None
    """Offerings linked to canonical models (see `catalog.importers.canonical.identity_summary`)."""
    compared: tuple[tuple[str, int], ...] = ()
    """(other dataset, offerings both list) for each dataset this import was compared with."""
    disagreements: tuple[Disagreement, ...] = ()
    """Fields both datasets state differently (see `catalog.importers.agreement`)."""
    kinds: KindSummary | None = None
    """How each offering's kind was decided (see `catalog.importers.kinds`)."""

    @property
    def folded_models(self) -> int:
        return len({model_id for _, model_id in self.folded})

    def summary(self) -> dict[str, Any]:
        """The counts, as a JSON-ready mapping."""
        return {
            "dataset": self.dataset.name,
            "version": self.dataset.version,
            "imported": self.dataset.imported.isoformat(),
            "verified": self.dataset.verified.isoformat(),
            "verified_is": "dataset snapshot date" if self.dataset.snapshot else "import date",
            "entries_read": self.entries,
            "models_written": self.models,
            "providers_written": self.providers,
            "skipped": {reason: n for reason, n, _ in self.skipped},
            "unmapped_keys": dict(self.unmapped),
            "keys_not_imported": dict(self.not_imported),
            "zero_prices_treated_as_unknown": dict(self.zero_unknown),
            "zero_prices_kept_as_free": dict(self.zero_free),
            "notes": dict(self.notes),
            "invalid_values_dropped": list(self.dropped),
            "id_collisions": len(self.collisions),
            "id_collisions_with_other_prices": list(self.price_conflicts),
            "folded_into_output_images": {"entries": len(self.folded), "models": self.folded_models},
            "not_folded": list(self.not_folded),
            **({"canonical_models": dict(self.identity)} if self.identity is not None else {}),
            **({"kinds": self.kinds.summary()} if self.kinds is not None else {}),
            "rule_findings": dict(self.findings),
            **self._agreement_summary(),
            "rule_breaks": [b.as_json() for b in self.rule_breaks],
        }

    def _agreement_summary(self) -> dict[str, Any]:
        """Only for an import compared with others, so the first dataset's report is as it was."""
        if not self.compared:
            return {}
        counts = Counter(d.field for d in self.disagreements)
        return {
            "compared_with": {name: {"offerings_in_both": n} for name, n in self.compared},
            "disagreements_by_field": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "disagreements": [d.as_json() for d in self.disagreements],
        }

    def lines(self, examples: int = 10) -> list[str]:
        """The report as text, one fact per line."""
        d = self.dataset
        verified_is = "dataset snapshot date" if d.snapshot else "import date"
        out = [
            f"import {d.name} {d.version} on {d.imported.isoformat()} "
            f"(prices verified {d.verified.isoformat()}: the {verified_is})",
            f"entries read: {self.entries}",
            f"models written: {self.models}",
            f"providers written: {self.providers}",
        ]
        for reason, count, keys in self.skipped:
            out.append(f"skipped: {reason} ({count}; e.g. {', '.join(keys)})")
        for key, count in self.unmapped:
            out.append(f"unmapped: {key} ({count} models)")
        for key, count in self.not_imported:
            out.append(f"not imported: {key} ({count} models)")
        for reason, count in self.zero_unknown:
            out.append(f"zero price treated as unknown: {reason} ({count} prices)")
        for reason, count in self.zero_free:
            out.append(f"zero price kept as free: {reason} ({count} prices)")
        for note, count in self.notes:
            out.append(f"note: {note} ({count})")
        for text in self.dropped:
            out.append(f"invalid value dropped: {text}")
        if self.folded or self.not_folded:  # only LiteLLM has per-size image price entries
            out.append(f"folded into output_images: {len(self.folded)} entries into {self.folded_models} models")
        for text in self.not_folded:
            out.append(f"not folded: {text}")
        if self.identity is not None:
            i = self.identity
            top = ", ".join(f"{g['base_model']} ({g['offerings']})" for g in i["top_groups"])
            out.append(f"canonical models: {i['canonical_models']} for {i['offerings']} offerings; "
                       f"{i['linked']} offerings share theirs with another (largest: {top})")
        if self.kinds is not None:
            out += self.kinds.lines()
        out.append(f"id collisions merged: {len(self.collisions)}")
        for model_id, kept, others in self.collisions[:examples]:
            out.append(f"  {model_id}: kept {kept}, aliases {', '.join(others)}")
        if len(self.collisions) > examples:
            out.append(f"  ... and {len(self.collisions) - examples} more")
        for text in self.price_conflicts:
            out.append(f"merged despite other prices (both listed): {text}")
        for rule, count in self.findings:
            out.append(f"flagged [{rule}]: {count} findings")
            shown = [b for b in self.rule_breaks if b.rule == rule][:RULE_BREAK_EXAMPLES]
            out += [f"  {b.model_id} {b.field}: {b.message}" for b in shown]
            if count > len(shown):
                out.append(f"  ... and {count - len(shown)} more")
        for name, n in self.compared:
            out.append(f"compared with {name}: {n} offerings in both")
        counts = Counter(d.field for d in self.disagreements)
        for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"disagrees on {name}: {count}")
            shown = [x for x in self.disagreements if x.field == name][:RULE_BREAK_EXAMPLES]
            out += [f"  {x.model_id}: {x.ours} here, {x.theirs} in {x.dataset}" for x in shown]
        if self.rule_breaks:
            out.append(f"every rule break ({len(self.rule_breaks)}) is listed under rule_breaks in the "
                       f"snapshot's import.json (data/imported/{d.name}/) and in the --report file")
        return [escaped(line) for line in out]  # upstream keys are a stranger's text


def freeze(tally: Tally, dataset: Dataset, models: int, providers: int) -> ImportReport:
    """Sorted, immutable counts: most frequent first, then by name, so reports diff well."""

    def ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

    return ImportReport(
        dataset=dataset,
        entries=tally.entries,
        models=models,
        providers=providers,
        skipped=tuple(
            (reason, count, tuple(tally.skipped_examples.get(reason, ())))
            for reason, count in ranked(tally.skipped)
        ),
        unmapped=ranked(tally.unmapped),
        not_imported=ranked(tally.not_imported),
        zero_unknown=ranked(tally.zero_unknown),
        zero_free=ranked(tally.zero_free),
        notes=ranked(tally.notes),
        dropped=tuple(sorted(tally.dropped)),
        collisions=tuple(sorted(tally.collisions)),
        folded=tuple(sorted(tally.folded)),
        not_folded=tuple(sorted(tally.not_folded)),
        price_conflicts=tuple(sorted(tally.price_conflicts)),
    )


@dataclass(frozen=True)
class ImportResult:
    """Validated specs from one dataset, and the report of how they were made."""

    models: tuple[ModelSpec, ...]
    providers: tuple[ProviderSpec, ...]
    report: ImportReport
    schedules: tuple[Schedule, ...] = ()
    """Time-of-day rules the dataset states, in force on its snapshot day, per offering."""


# --- validation that drops, never fixes ---------------------------------------------------


def validated_model(raw: dict[str, Any], key: str, tally: Tally) -> ModelSpec | None:
    """Validate a raw spec; a field pydantic rejects is dropped and listed in the report, and
    a spec that still fails is skipped with the reason. Nothing is repaired."""
    data = raw
    for _ in range(8):
        try:
            return ModelSpec.model_validate(data)
        except ValidationError as error:
            problems = error.errors()
            locs = [p["loc"] for p in problems if p["loc"]]
            if not locs or any(loc[0] in ("id", "name", "provider", "kind") for loc in locs):
                tally.skip(f"invalid spec: {problems[0]['msg']}", key)
                return None
            for problem in problems:
                loc = problem["loc"]
                if _drop(data, loc):
                    where = ".".join(str(p) for p in loc)
                    tally.dropped.append(f"{key}: {where}={shown(problem.get('input'))} ({problem['msg']})")
    tally.skip("invalid spec: too many invalid fields", key)
    return None


def _drop(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Remove the value at `loc` (or its nearest removable parent) from nested data."""
    node: Any = data
    for part in loc[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    last = loc[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        node.pop(last)
        return True
    return _drop(data, loc[:-1]) if len(loc) > 1 else False


def own_tiers(
    layer: str,
    own: Mapping[int, Mapping[str, Decimal]],
    block_tiers: Mapping[int, Mapping[str, Decimal]],
    order: Iterable[str],
    tally: Tally,
) -> list[dict[str, Any]]:
    """A variant's or window's own prices above the block's context tiers, as `tiers` entries
    by ascending `above`. Only what can apply is kept: a threshold the block has no tier at,
    or a component that tier does not price, never prices a request (the engine falls back to
    the flat price there), so it is reported instead of written."""
    kept: list[dict[str, Any]] = []
    order = tuple(order)
    for above, prices in sorted(own.items()):
        tier = block_tiers.get(above)
        if not tier:
            if prices:
                tally.unmapped[f"{layer} prices above {above:,} prompt tokens (the block has no tier there)"] += 1
            continue
        for component in sorted(set(prices) - set(tier)):
            tally.unmapped[f"{layer} {component} above {above:,} prompt tokens (the block's tier does not price it)"] += 1
        listed = {c: prices[c] for c in order if c in prices and c in tier}
        if listed:
            kept.append({"above": above, **listed})
            tally.notes["context tiers of a variant or window mapped to its own tiers"] += 1
    return kept


def prune(value: Any) -> Any:
    """Remove empty mappings and lists, so generated files carry no empty keys."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ({}, [], (), None)}
    if isinstance(value, list | tuple):
        return [prune(v) for v in value]
    return value


def first_http_url(value: Any) -> str | None:
    """`value` if it is an http(s) URL (the first one, for lists)."""
    candidates: Iterable[Any] = value if isinstance(value, list) else (value,)
    for candidate in candidates:
        if isinstance(candidate, str) and re.match(r"^https?://\S+$", candidate.strip()):
            return candidate.strip()
    return None


# --- upstream values of the wrong type: dropped and counted, never a crash ---------------


def as_mapping(value: Any, key: str, where: str, tally: Tally) -> dict[str, Any]:
    """`value` if it is an object; anything else is dropped (listed in the report) as `{}`."""
    if value is None or isinstance(value, dict):
        return value or {}
    tally.dropped.append(f"{key}: {where}={short_repr(value)} (not an object)")
    return {}


def as_list(value: Any, key: str, where: str, tally: Tally) -> list[Any]:
    """`value` if it is a list; anything else (a bare string too) is dropped as `[]`."""
    if value is None or isinstance(value, list):
        return value or []
    tally.dropped.append(f"{key}: {where}={short_repr(value)} (not a list)")
    return []


def as_text(value: Any, key: str, where: str, tally: Tally) -> str | None:
    """`value` if it is a string; anything else is dropped as None."""
    if value is None or isinstance(value, str):
        return value
    tally.dropped.append(f"{key}: {where}={short_repr(value)} (not a string)")
    return None


def short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def shown(value: Any) -> str:
    """`repr`, but a number read from JSON as a Decimal shows as written: `1.5`, not
    `Decimal('1.5')`, so the report reads like the source."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    return repr(value)


def short_shown(value: Any) -> str:
    """`shown`, cut to 60 characters."""
    text = shown(value)
    return text if len(text) <= 60 else text[:57] + "..."
