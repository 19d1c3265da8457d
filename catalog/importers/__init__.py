"""Importers: public datasets (LiteLLM, models.dev, model-prices, genai-prices, OpenRouter) turned into model specs.

Each source module maps its dataset's keys to our price components and units, and reports
every key it could not map; `catalog.importers.run` runs one of them and writes or checks the
snapshot under `data/imported/<source>/`:

    from catalog.importers import run_import
    run_import("litellm", "model_prices_and_context_window.json", Path("data"), version="1.109.1")

The runner's names are imported on first use, so that reading a reviewed file of this package
(`catalog.yaml`, `canonical.yaml`) does not load every dataset's converter.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["SOURCES", "Imported", "ImportSourceError", "check_import", "check_report_path", "import_command",
           "load_source", "run_import", "write_report"]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(importlib.import_module("catalog.importers.run"), name)
