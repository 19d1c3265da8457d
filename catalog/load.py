"""Loading: the files under data/ become one validated, immutable `Catalog`, and findings.

Spec files are found by their path (`models/<provider>/<model>.yaml`, `providers/<id>.yaml`,
and the same under `imported/<source>/`), read safely (`catalog.yamlfile`), merged imported
first and curated last (`catalog.layers`), validated by pydantic (`catalog.schema_errors`
words its errors) and judged by `catalog.rules`. Bad data never raises; it becomes findings:

    catalog = load_catalog(Path("data"))
    catalog.models["google/gemini-2.0-flash"].limits.context_window     # 1048576
    has_errors(catalog.findings)                                          # False
    catalog.sources["google/gemini-2.0-flash"]      # (Path("data/models/google/gemini-2.0-flash.yaml"),)
"""

from __future__ import annotations

import difflib
import os
import re
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from catalog import reuse, rules
from catalog.dataset import DEFAULT_STALE_DAYS, Catalog, bundled_data_dir, data_dir_problem
from catalog.findings import Finding, has_errors
from catalog.gcpause import gc_paused
from catalog.layers import Origins, merge_layers
from catalog.pricing import today as utc_today
from catalog.reuse import Outcome, Reusable
from catalog.schema import MODEL_ID_PATTERN, SLUG_PATTERN, SPEC_FILE, ModelSpec, ProviderSpec
from catalog.schema_errors import schema_findings
from catalog.text import escaped, unsafe_character
from catalog.yamlfile import (
    MAX_FILE_BYTES,
    Locator,
    SpecFileError,
    YamlDocument,
    read_yaml,
    read_yaml_document,
)

SPEC_SUFFIXES = (".yaml", ".yml")

# read_yaml, SpecFileError, Locator and MAX_FILE_BYTES are re-exported: every stage that
# reads YAML (workloads, importers) imports them from here; so are the catalog.dataset names.
__all__ = [
    "DEFAULT_STALE_DAYS",
    "MAX_FILE_BYTES",
    "Catalog",
    "Locator",
    "SpecFileError",
    "bundled_data_dir",
    "data_dir_problem",
    "find_model",
    "findings_for",
    "has_errors",
    "load_catalog",
    "load_reusing",
    "model_errors",
    "near_ids",
    "read_yaml",
    "read_yaml_document",
]


def _finding(file: Path, line: int | None, column: int | None, rule: str, message: str) -> Finding:
    return Finding(file, line, column, "error", rule, message)


def findings_for(catalog: Catalog, spec_id: str) -> tuple[Finding, ...]:
    """The findings about one model (or provider): those in the files merged into it."""
    files = set(catalog.sources.get(spec_id, ())) | set(catalog.provider_sources.get(spec_id, ()))
    return tuple(f for f in catalog.findings if f.file in files)


def find_model(catalog: Catalog, name: str) -> ModelSpec | None:
    """The model with this id, or the one model that lists it as an alias."""
    if name in catalog.models:
        return catalog.models[name]
    if name in catalog.replaced:
        return catalog.models.get(catalog.replaced[name])
    matches = [m for m in catalog.models.values() if name in m.aliases]
    return matches[0] if len(matches) == 1 else None


def model_errors(catalog: Catalog, name: str) -> tuple[Finding, ...]:
    """The errors that kept a model out of `catalog.models`, so a lookup can say "it has errors"
    instead of "unknown model"; empty when `name` is valid or no file declares it."""
    if name in catalog.models or name not in catalog.sources:
        return ()
    return tuple(f for f in findings_for(catalog, name) if f.severity == "error")


def near_ids(catalog: Catalog, name: str, limit: int = 5) -> list[str]:
    """Model ids close to a mistyped one, best first."""
    ids = list(catalog.models)
    near = difflib.get_close_matches(name, ids, n=limit, cutoff=0.6)
    if not near:  # "gpt-4o" typed without its provider: match on the model part
        tail = name.rsplit("/", 1)[-1]
        near = [i for i in ids if i.rsplit("/", 1)[-1] == tail][:limit]
    return near


@dataclass
class _Discovered:
    """Spec files by id, per layer, in merge order."""

    models: dict[str, list[Path]]
    providers: dict[str, list[Path]]
    duplicates: list[tuple[str, Path, Path]]
    findings: list[Finding]
    root: str
    """The data folder, its links resolved: no spec is read from outside it."""
    unsafe_names: set[str] = field(default_factory=set)


def _entries(directory: Path, found: _Discovered) -> list[os.DirEntry[str]]:
    """The entries of a folder, by name; a name that holds a control or invisible character is
    reported at the folder (so that no finding prints it) and left out."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    kept = []
    for entry in entries:
        if unsafe_character(entry.name) is None:
            kept.append(entry)
        elif entry.path not in found.unsafe_names:  # a folder is listed for files and for subfolders
            found.unsafe_names.add(entry.path)
            found.findings.append(_finding(directory, None, None, "load.unsafe-name",
                f"'{escaped(entry.name)}' has a control or invisible character in its name; rename it"))
    return kept


def _spec_files(directory: Path, found: _Discovered) -> list[Path]:
    # Every *.yaml that is not a folder is a spec: a dangling or looping symlink is kept so
    # that reading it reports load.unreadable instead of skipping it silently.
    spec_files = []
    for entry in _entries(directory, found):
        if not entry.name.endswith(SPEC_SUFFIXES) or _is_dir(entry):
            continue
        path = Path(entry.path)  # once: five thousand Paths are a measurable part of a load
        if _inside(path, found, entry.is_symlink()):
            spec_files.append(path)
    return spec_files


def _inside(path: Path, found: _Discovered, is_link: bool = True) -> bool:
    """Whether `path`, its links followed, stays inside the data folder; reported when not.
    Only links need resolving: the folders above `path` were checked on the way down."""
    if not is_link:
        return True
    target = os.path.realpath(path)
    if target == found.root or target.startswith(found.root.rstrip(os.sep) + os.sep):
        return True
    found.findings.append(_finding(path, None, None, "load.outside-data-folder",
        f"is a link to {escaped(target)}, outside the data folder; only files inside it are read"))
    return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: not a folder; reading it will say why
        return False


def _subdirs(directory: Path, found: _Discovered) -> list[Path]:
    return [Path(e.path) for e in _entries(directory, found)
            if not e.name.startswith(".") and _is_dir(e) and _inside(Path(e.path), found, e.is_symlink())]


def _discover(data_dir: Path) -> _Discovered:
    found = _Discovered({}, {}, [], [], os.path.realpath(data_dir))
    layers = [data_dir / "imported" / source.name for source in _subdirs(data_dir / "imported", found)]
    layers.append(data_dir)  # curated last: it overrides the imported layers
    for layer in layers:
        if not all(_inside(layer / name, found, (layer / name).is_symlink()) for name in ("providers", "models")):
            continue
        seen: dict[str, Path] = {}
        for path in _spec_files(layer / "providers", found):
            _add(found, found.providers, seen, path.stem, path)
        for path in _spec_files(layer / "models", found):
            found.findings.append(_finding(path, 1, 1, "load.misplaced-file",
                "model specs live in models/<provider>/<model>.yaml; move it into a provider folder"))
        for provider_dir in _subdirs(layer / "models", found):
            for path in _spec_files(provider_dir, found):
                _add(found, found.models, seen, f"{provider_dir.name}/{path.stem}", path)
            for nested in _subdirs(provider_dir, found):
                found.findings.append(_finding(nested, None, None, "load.misplaced-file",
                    "model specs live directly in models/<provider>/; nested folders are not read"))
    return found


def _add(found: _Discovered, by_id: dict[str, list[Path]], seen: dict[str, Path], spec_id: str, path: Path) -> None:
    key = f"{'model' if '/' in spec_id else 'provider'}:{spec_id}"
    if key in seen:
        found.duplicates.append((spec_id, seen[key], path))
        return
    seen[key] = path
    by_id.setdefault(spec_id, []).append(path)


ReadResult = YamlDocument | tuple[Finding, ...]
"""A parsed file, or the findings that say why it could not be read."""


def _read_one(path: Path) -> ReadResult:
    try:
        return read_yaml_document(path)
    except SpecFileError as error:
        return error.findings


def _read_layers(
    paths: list[Path], documents: Mapping[str, ReadResult], findings: list[Finding], locator: Locator
) -> list[tuple[Path, dict[str, Any]]] | None:
    layers = []
    for path in paths:
        document = documents[str(path)]
        if isinstance(document, tuple):
            findings.extend(document)
            continue
        locator.remember(document)
        layers.append((path, document.data))
    return layers if len(layers) == len(paths) else None


def _check_id(
    spec_id: str, pattern: str, layers: list[tuple[Path, dict[str, Any]]], locator: Locator, what: str
) -> list[Finding]:
    """The id written in each file must be the id its path gives, and a safe URL slug."""
    findings = []
    if not re.fullmatch(pattern, spec_id):
        path, data = layers[-1]
        line, column = locator.position(path, ("id",)) if "id" in data else (1, 1)
        return [_finding(path, line, column, "load.unsafe-id",
            f"{what} id '{spec_id}' (from the file path) is not a safe URL slug: use lower-case "
            "letters a-z, digits, '.', '_' and '-', starting and ending with a letter or digit; "
            "rename the file")]
    for path, data in layers:
        written = data.get("id")
        if written is not None and written != spec_id:
            line, column = locator.position(path, ("id",))
            findings.append(_finding(path, line, column, "load.id-mismatch",
                f"id {written!r} does not match the file's path, which gives '{spec_id}'; "
                "rename the file or fix the id"))
        provider = data.get("provider")
        folder = spec_id.split("/", 1)[0]
        if what == "model" and provider is not None and provider != folder:
            line, column = locator.position(path, ("provider",))
            findings.append(_finding(path, line, column, "load.id-mismatch",
                f"provider {provider!r} does not match the folder the file is in, models/{folder}/; "
                "move the file or fix the provider"))
    return findings


def _validate(
    spec_id: str,
    paths: list[Path],
    documents: Mapping[str, ReadResult],
    spec_class: type[BaseModel],
    pattern: str,
    what: str,
    locator: Locator,
    claims: tuple[str, ...] = (),
) -> Outcome:
    """The validated spec (None when it fails), its origins and the findings about it."""
    findings: list[Finding] = []
    layers = _read_layers(paths, documents, findings, locator)
    if layers is None:
        return Outcome(None, None, tuple(findings), claims)
    id_findings = _check_id(spec_id, pattern, layers, locator, what)
    if id_findings:
        return Outcome(None, None, tuple(id_findings), claims)
    layered = merge_layers(layers, imported_source)
    try:
        return Outcome(spec_class.model_validate(layered.data, context=SPEC_FILE), layered.origins, (), claims)
    except ValidationError as error:
        return Outcome(None, None, tuple(schema_findings(error, layered, spec_class, locator)), claims)


def load_catalog(
    data_dir: Path | None = None,
    *,
    today: date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> Catalog:
    """Read, merge, validate and judge every spec under `data_dir` (default: the bundled data).

    Never raises for bad data; check `has_errors(catalog.findings)`. `progress(done, total)`
    is told of each file read, for a progress bar.
    """
    return load_reusing(data_dir, today=today, stale_days=stale_days, progress=progress)[0]


def load_reusing(
    data_dir: Path | None = None,
    *,
    previous: Reusable | None = None,
    stamp: Callable[[Path], bytes] | None = None,
    today: date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Catalog, Reusable]:
    """`load_catalog`, and what it got from each spec (`catalog.reuse`), for the next load.

    Given `previous`, what an earlier load of the same folder got, a spec whose files are the
    same files with the same `stamp(path)` is taken from it instead of read and validated
    again; rules run over the whole catalog as always. The catalog is the one `load_catalog`
    gives. Without `stamp` nothing is reused (and nothing given back can be).
    """
    data_dir = Path(data_dir) if data_dir is not None else bundled_data_dir()
    today = today or utc_today()  # the same day estimates and pages are judged on
    with gc_paused():
        return _load(data_dir, today, stale_days, progress, previous, stamp)


def _load(data_dir: Path, today: date, stale_days: int, progress: Callable[[int, int], None] | None,
          previous: Reusable | None, stamp: Callable[[Path], bytes] | None) -> tuple[Catalog, Reusable]:
    found = _discover(data_dir)
    findings = list(found.findings)
    # Keyed by str: hashing a Path is slow enough to show when there are thousands.
    stamps = {} if stamp is None else {str(p): stamp(p) for ps in (*found.providers.values(),
                                                                  *found.models.values()) for p in ps}
    if previous is None or not stamps or previous.data_dir != str(data_dir):
        previous = Reusable(str(data_dir), {}, {}, {})
    kept_providers = reuse.kept(previous.providers, found.providers, stamps)
    kept_models = reuse.kept(previous.models, found.models, stamps)
    unread = [path for kept, by_id in ((kept_providers, found.providers), (kept_models, found.models))
              for spec_id, paths in by_id.items() if spec_id not in kept for path in paths]
    documents = {}
    for done, path in enumerate(unread, 1):
        documents[str(path)] = _read_one(path)
        if progress is not None:
            progress(done, len(unread))
    claims = {spec_id: kept_models[spec_id].claims if spec_id in kept_models
              else _claims(spec_id, paths, documents, data_dir) for spec_id, paths in found.models.items()}
    replaced = _replaced_by_curated_aliases(found, claims, data_dir)

    locator = Locator(reuse.known_positions(previous, stamps))
    provider_outcomes = {spec_id: kept_providers.get(spec_id) or _validate(
        spec_id, found.providers[spec_id], documents, ProviderSpec, SLUG_PATTERN, "provider", locator)
        for spec_id in sorted(found.providers)}
    model_outcomes = {spec_id: kept_models.get(spec_id) or _validate(
        spec_id, found.models[spec_id], documents, ModelSpec, MODEL_ID_PATTERN, "model", locator, claims[spec_id])
        for spec_id in sorted(found.models)}
    for outcome in (*provider_outcomes.values(), *model_outcomes.values()):
        findings.extend(outcome.findings)
    providers, provider_origins = _valid(provider_outcomes)
    models, origins = _valid(model_outcomes)

    context = rules.RuleContext(
        today=today,
        stale_days=stale_days,
        models=models,
        providers=providers,
        duplicate_files=tuple(found.duplicates),
        declared_models=frozenset(found.models),
        declared_providers=frozenset(found.providers),
    )
    for violation in rules.check_catalog(context):
        findings.append(_violation_finding(violation, data_dir, origins, provider_origins, locator))

    catalog = Catalog(
        data_dir=data_dir,
        providers=types.MappingProxyType(providers),
        models=types.MappingProxyType(models),
        sources=types.MappingProxyType({k: tuple(v) for k, v in sorted(found.models.items())}),
        origins=types.MappingProxyType(origins),
        provider_sources=types.MappingProxyType({k: tuple(v) for k, v in sorted(found.providers.items())}),
        provider_origins=types.MappingProxyType(provider_origins),
        findings=tuple(sorted(findings, key=_finding_order)),
        replaced=types.MappingProxyType(replaced),
    )
    return catalog, Reusable(str(data_dir), reuse.entries(found.providers, provider_outcomes, stamps),
                             reuse.entries(found.models, model_outcomes, stamps), reuse.stamped(locator.answered, stamps))


def _valid(outcomes: Mapping[str, Outcome]) -> tuple[dict[str, Any], dict[str, Origins]]:
    """The specs that validated, and their origins, by id."""
    valid = {spec_id: outcome for spec_id, outcome in outcomes.items() if outcome.spec is not None}
    return {k: o.spec for k, o in valid.items()}, {k: o.origins for k, o in valid.items() if o.origins is not None}


def _claims(spec_id: str, paths: list[Path], documents: Mapping[str, ReadResult], data_dir: Path) -> tuple[str, ...]:
    """The model ids the curated file of `spec_id` lists as its aliases (an alias written
    without its provider, `grok-code-fast`, is one of the same provider)."""
    curated = [p for p in paths if not _is_imported(p, data_dir)]
    document = documents.get(str(curated[-1])) if curated else None
    if not isinstance(document, YamlDocument) or not isinstance(document.data, dict):
        return ()
    aliases = document.data.get("aliases")
    provider = spec_id.split("/", 1)[0]
    return tuple(alias if "/" in alias else f"{provider}/{alias}"
                 for alias in (aliases if isinstance(aliases, list) else ()) if isinstance(alias, str))


def _replaced_by_curated_aliases(found: _Discovered, claims: Mapping[str, tuple[str, ...]],
                                 data_dir: Path) -> dict[str, str]:
    """Drop every imported-only model whose id a curated spec lists as its alias (`claims`,
    by model id); returns dropped id -> curated id.

    A curated spec that says `xai/grok-code-fast` is another name of `xai/grok-code-fast-1`
    means the dataset's separate entry for it is the same model, and its prices are the ones
    the curated spec corrects: keeping both would price one model two ways."""
    replaced: dict[str, str] = {}
    for spec_id in found.models:
        for claimed in claims.get(spec_id, ()):
            others = found.models.get(claimed)
            if claimed != spec_id and others and all(_is_imported(p, data_dir) for p in others):
                replaced[claimed] = spec_id
    for claimed in replaced:
        del found.models[claimed]
    return replaced


def _finding_order(finding: Finding) -> tuple[str, int, int, str]:
    return (str(finding.file), finding.line or 0, finding.column or 0, finding.rule)


def _violation_finding(
    violation: rules.Violation,
    data_dir: Path,
    origins: Mapping[str, Origins],
    provider_origins: Mapping[str, Origins],
    locator: Locator,
) -> Finding:
    if violation.file is not None:
        file = violation.file
    else:
        owner = provider_origins if violation.subject == "provider" else origins
        file = owner[violation.spec_id].file_for(violation.path)
    line, column = locator.position(file, violation.path)
    severity, message = violation.severity, violation.message
    if _is_imported(file, data_dir):
        # Upstream data that breaks a rule is kept and flagged, never fatal, never fixed.
        severity, message = "warning", f"{message} (imported; flagged)"
    return Finding(file, line, column, severity, violation.rule, message)


def imported_source(file: Path) -> str | None:
    """The dataset an imported spec file belongs to (`data/imported/<dataset>/models/<p>/<m>.yaml`),
    None for a curated file; the layers of several datasets combine by `layers.PRECEDENCE`."""
    parts = Path(file).parts
    if len(parts) >= 5 and parts[-5] == "imported" and parts[-3] in ("models", "providers"):
        return parts[-4]
    if len(parts) >= 4 and parts[-4] == "imported" and parts[-2] == "providers":
        return parts[-3]
    return None


def _is_imported(file: Path, data_dir: Path) -> bool:
    try:
        return file.relative_to(data_dir).parts[0] == "imported"
    except (ValueError, IndexError):
        return False
