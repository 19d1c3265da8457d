"""What a load got from each spec, kept so that the next load after an edit reads, merges and
validates only the specs whose files changed.

A spec's outcome (its validated spec, where each field came from, the findings of reading and
validating it) depends on its files alone, so it is reused when the spec has the same files,
each with the same stamp (`catalog.cache.file_stamp`: size, mtime and, while racily clean,
content). Rules judge the whole catalog and always run again; the positions they need in an
unchanged file are those found last time:

    catalog, reusable = load_reusing(data, stamp=file_stamp)                     # reads every file
    catalog, reusable = load_reusing(data, previous=reusable, stamp=file_stamp)  # reads what changed
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.findings import Finding
from catalog.layers import Origins
from catalog.yamlfile import Answers

Files = tuple[tuple[str, bytes], ...]
"""The files of one spec in merge order, each with its stamp."""


@dataclass(frozen=True)
class Outcome:
    """What loading one spec gave, from its files alone."""

    spec: Any
    """The validated spec, or None when it failed."""
    origins: Origins | None
    findings: tuple[Finding, ...]
    """Of reading, checking the id, and validating it."""
    claims: tuple[str, ...] = ()
    """Model ids its curated file lists as aliases (`catalog.load` drops imported-only ones)."""


@dataclass(frozen=True)
class Reusable:
    """What one load of `data_dir` got, per spec and per file, with the stamps it was got at."""

    data_dir: str
    """The data folder as the load was given it: every path below starts with it."""
    providers: Mapping[str, tuple[Files, Outcome]]
    models: Mapping[str, tuple[Files, Outcome]]
    positions: Mapping[str, tuple[bytes, Answers]]
    """File -> its stamp and the positions found in it."""


def files_of(paths: Sequence[Path], stamps: Mapping[str, bytes]) -> Files:
    """`paths` as a spec's entry names them: each with its stamp."""
    return tuple((str(path), stamps[str(path)]) for path in paths)


def kept(previous: Mapping[str, tuple[Files, Outcome]], found: Mapping[str, Sequence[Path]],
         stamps: Mapping[str, bytes]) -> dict[str, Outcome]:
    """The outcomes of the specs found whose files are the same files, unchanged."""
    outcomes = {}
    for spec_id, paths in found.items():
        entry = previous.get(spec_id)
        if entry is not None and entry[0] == files_of(paths, stamps):
            outcomes[spec_id] = entry[1]
    return outcomes


def known_positions(previous: Reusable, stamps: Mapping[str, bytes]) -> dict[str, Answers]:
    """The positions found in files that have not changed since."""
    return {name: answers for name, (stamp, answers) in previous.positions.items() if stamps.get(name) == stamp}


def entries(found: Mapping[str, Sequence[Path]], outcomes: Mapping[str, Outcome],
            stamps: Mapping[str, bytes]) -> dict[str, tuple[Files, Outcome]]:
    """Each outcome with its spec's files, stamped; none when the load stamped no file."""
    return {spec_id: (files_of(found[spec_id], stamps), outcome) for spec_id, outcome in outcomes.items()} if stamps else {}


def stamped(answered: Mapping[str, Answers], stamps: Mapping[str, bytes]) -> dict[str, tuple[bytes, Answers]]:
    """The positions found in each stamped file, with its stamp."""
    return {name: (stamps[name], answers) for name, answers in answered.items() if name in stamps}
