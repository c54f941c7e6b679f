"""The documentation site: pages generated from the code and the repository, and its build.

* :mod:`.keyref` — the input-file reference, recorded from the readers (every key, its kind and
  unit, range, default and an example);
* :mod:`.pages` — Markdown pages of that reference, the verification and validation tables
  (``benchmarks/results/*.json``), the examples gallery;
* :mod:`.build` — :func:`build_site` (Sphinx, warnings as errors), what ``thermobond docs`` runs;
* :mod:`.sphinxext` — the Sphinx extension that writes the generated pages when a build starts.

Sphinx and MyST are the optional extra ``docs``; only :mod:`.build` and :mod:`.sphinxext` need them.
"""

from .keyref import KeyDoc, key_reference

__all__ = ["KeyDoc", "key_reference"]
