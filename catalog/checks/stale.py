"""Staleness: which prices nobody has checked against their source for too long.

A curated pricing block is stale once its `verified` date is more than N days old (N from
`catalog.yaml`, `checks.stale_days`, or `--days`); it fails the check, because a person can
re-check it. Imported blocks carry their dataset's date, so they are reported per dataset
(refresh the snapshot to renew them) and never fail:

    data/models/openai/gpt-4o.yaml:21:13: stale: openai/gpt-4o prices verified 2026-01-10, 324 days ago
    imported litellm 1.109.1: 4,191 models dated 2026-11-21, 9 days ago (fresh)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.checks.github import annotation, capped, shown_path
from catalog.load import Catalog, Locator
from catalog.rules import stale_age


@dataclass(frozen=True)
class StaleBlock:
    """A curated pricing block verified longer ago than the threshold."""

    model_id: str
    file: Path
    line: int
    column: int
    verified: dt.date
    age: int


@dataclass(frozen=True)
class ImportedDataset:
    """The imported pricing blocks of one dataset version, dated by the dataset."""

    dataset: str
    version: str
    verified: dt.date
    models: int
    age: int
    stale: bool


@dataclass(frozen=True)
class StaleReport:
    today: dt.date
    days: int
    curated: tuple[StaleBlock, ...]
    curated_checked: int
    imported: tuple[ImportedDataset, ...]

    @property
    def failed(self) -> bool:
        return bool(self.curated)


def is_imported_file(file: Path, data_dir: Path) -> bool:
    """Whether a spec file belongs to an imported snapshot (`data/imported/<source>/...`)."""
    return relative_to_data(Path(file), Path(data_dir)).parts[:1] == ("imported",)


def relative_to_data(file: Path, data_dir: Path) -> Path:
    """`file` under `data_dir`; the loader joins its paths to the data folder, so resolving
    them (slow on thousands of files) is needed only for a path named another way."""
    try:
        return file.relative_to(data_dir)
    except ValueError:
        try:
            return file.resolve().relative_to(data_dir.resolve())
        except ValueError:
            return file


def stale_report(catalog: Catalog, days: int, today: dt.date) -> StaleReport:
    """Every curated block older than `days`, and each imported dataset's age."""
    locator = Locator()
    curated: list[StaleBlock] = []
    checked = 0
    datasets: dict[tuple[str, str, dt.date], int] = {}
    for model_id, model in catalog.models.items():
        if model.pricing is None:
            continue
        file = catalog.origins[model_id].file_for(("pricing", "verified"))
        if is_imported_file(file, catalog.data_dir):
            provenance = model.provenance
            key = (provenance.dataset, provenance.version, model.pricing.verified) if provenance else (
                "unknown", "?", model.pricing.verified)
            datasets[key] = datasets.get(key, 0) + 1
            continue
        checked += 1
        age = stale_age(model.pricing.verified, today, days)
        if age is not None:
            line, column = locator.position(file, ("pricing", "verified"))
            curated.append(StaleBlock(model_id, file, line, column, model.pricing.verified, age))
    imported = tuple(
        ImportedDataset(name, version, verified, count, (today - verified).days,
                        stale_age(verified, today, days) is not None)
        for (name, version, verified), count in sorted(datasets.items())
    )
    curated.sort(key=lambda s: (s.verified, s.model_id))
    return StaleReport(today, days, tuple(curated), checked, imported)




def _message(s: StaleBlock, days: int) -> str:
    return (f"{s.model_id} prices verified {s.verified}, {s.age:,} days ago (threshold {days:,}); "
            "check them against the source and update `verified`")


def _imported_text(d: ImportedDataset) -> str:
    state = "older than the threshold: refresh the snapshot" if d.stale else "fresh"
    return (f"imported {d.dataset} {d.version}: {d.models:,} models dated {d.verified}, "
            f"{d.age:,} days ago ({state})")


def summary_line(report: StaleReport) -> str:
    return (f"{len(report.curated)} of {report.curated_checked} curated pricing blocks verified more than "
            f"{report.days:,} days before {report.today}; {sum(d.models for d in report.imported):,} imported "
            f"blocks from {len(report.imported)} dataset version(s), reported, never failing")


def as_text(report: StaleReport) -> str:
    lines = [f"{shown_path(s.file)}:{s.line}:{s.column}: stale: {_message(s, report.days)}" for s in report.curated]
    lines += [_imported_text(d) for d in report.imported]
    lines.append(summary_line(report))
    return "\n".join(lines)


def as_github(report: StaleReport) -> str:
    entries = [("error", annotation("error", _message(s, report.days), file=shown_path(s.file), line=s.line,
                                    column=s.column, title="pricing.stale"),
                 f"{shown_path(s.file)}:{s.line}:{s.column}: stale: {_message(s, report.days)}") for s in report.curated]
    entries += [("notice", annotation("notice", _imported_text(d), title="pricing.stale (imported)"),
                 _imported_text(d)) for d in report.imported]
    return "\n".join([*capped(entries), summary_line(report)])


def as_json(report: StaleReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "days": report.days,
        "failed": report.failed,
        "curated_checked": report.curated_checked,
        "curated_stale": [
            {"model": s.model_id, "file": shown_path(s.file), "line": s.line, "column": s.column,
             "verified": s.verified.isoformat(), "age_days": s.age}
            for s in report.curated
        ],
        "imported": [
            {"dataset": d.dataset, "version": d.version, "verified": d.verified.isoformat(), "models": d.models,
             "age_days": d.age, "stale": d.stale}
            for d in report.imported
        ],
    }


FORMATS: Mapping[str, Any] = {
    "text": as_text,
    "github": as_github,
    "json": lambda report: json.dumps(as_json(report), indent=2),
}
