"""Model Catalog: validated YAML specs of AI models, enriched, priced and rendered as a site.

The pipeline, one module per stage: `load` (YAML to raw specs with positions), `schema` and
`rules` (validation), `pricing` and `workloads` (cost estimates), `peers` (enrichment),
`site` (static website), `smoke` (live calls through a gateway), `checks` (CI reports),
`importers` (public datasets to specs), `cli` (the `catalog` command).
"""

__version__ = "0.1.0"
