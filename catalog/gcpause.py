"""The cyclic garbage collector kept off the objects a load builds.

Loading makes hundreds of thousands of small objects that live as long as the catalog. The
collector would scan them each time their number grows by a quarter while they are made, and
scan them all again once they are made: a third of a full load's time, and most of a load that
reuses the last one's specs. They hold no reference cycles (a load leaves no cyclic garbage),
so the collector could never free one of them anyway: reference counting does.

`gc.freeze` hides every object alive at that moment, the caller's too: a command, which loads
once, loses nothing; a process that loads again and again (`catalog serve`) keeps at most the
cyclic garbage that was waiting for a collection at those moments.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Within the block the collector does not run; after it, it runs again but never scans
    what exists by then (`gc.freeze`). Nothing changes when it was off already."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
