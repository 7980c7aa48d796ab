"""briefing: curated YAML content in, a paginated PDF briefing pack with page-bottom footnotes out.

The pipeline, one module a stage:

    load (YAML with positions) -> parse (typed, immutable model) -> check (rules)
    -> resolve (citations to note numbers, cross-references) -> render (ReportLab)
    -> write (atomic)
"""

__version__ = "0.1.0"

from briefing import codecache  # noqa: E402 - before any module of briefing makes its dataclasses

codecache.install()
