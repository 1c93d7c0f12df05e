"""``make benchmark``: the figures the issues set targets for, measured the same way every run.

Each module here is one section with ``run(quick: bool) -> dict``: a JSON-able dict of figures, where a
figure with a target is ``{"value": ..., "target": "<= 100", "ok": bool}``. ``scripts/benchmark.py`` runs
the sections, prints them and writes ``build/benchmark.json`` so runs can be compared.
"""

SECTIONS = (
    "imports",
    "writes",
    "search",
    "transitions",
    "site_history",
    "maps",
    "open_data",
    "pre_application",
    "enforcement",
)
