"""Sphinx configuration of the thermobond documentation (build: ``thermobond docs``)."""

from __future__ import annotations

import thermobond

project = "thermobond"
author = "thermobond developers"
copyright = "thermobond developers"
release = thermobond.__version__
version = release

extensions = [
    "myst_parser",  # Markdown (MyST) pages
    "sphinx.ext.autodoc",  # the Python API from the docstrings
    "sphinx.ext.napoleon",  # Google-style docstrings
    "sphinx.ext.mathjax",
    "thermobond.docsite.sphinxext",  # the generated pages: input reference, V&V, gallery
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "casefile/examples"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_custom_sections = [("Keys", "params_style")]
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}

html_theme = "furo"
html_title = f"thermobond {release}"
