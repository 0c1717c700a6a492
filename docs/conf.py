"""Sphinx configuration of the raphe documentation.

Build (from the repository root, after ``python3 -m pip install -e '.[docs]'``)::

    python3 -m sphinx -W --keep-going -b html docs docs/_build/html

The model pages are generated from the package's specs when the docs are
built (``docs/_ext/raphe_docs.py``); the gallery runs every script of the
top-level ``experiments/`` folder with ``--quick``; the tutorial notebook is
executed (myst-nb). ``RAPHE_DOCS_GALLERY=0`` skips running the scripts and
``RAPHE_DOCS_NOTEBOOK=off`` the notebook (the pages then show code only).
"""

import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

import raphe  # noqa: E402

project = "raphe"
author = "the raphe developers"
copyright = "raphe developers"
version = release = raphe.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "raphe_docs",
]

source_suffix = {".rst": "restructuredtext", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_gallery_src", "**.ipynb_checkpoints", "gallery/*.ipynb",
                    "gallery/*.py", "gallery/*.zip", "gallery/*.codeobj.json", "gallery/*.json"]
templates_path = []
html_theme = "furo"
html_title = f"raphe {release}"
html_static_path = []
pygments_style = "sphinx"

# numpydoc: the API reference documents what the docstrings say, without a class-members table
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "none"

myst_heading_anchors = 3

# the tutorial notebook runs while the docs build (at its quick settings), in a temporary
# directory; an error in a cell fails the build
nb_execution_mode = os.environ.get("RAPHE_DOCS_NOTEBOOK", "force")
nb_execution_in_temp = True
nb_execution_timeout = 1800
nb_execution_raise_on_error = True
nb_execution_show_tb = True
suppress_warnings = ["myst.header"]  # VALIDATION.md is written for GitHub, its first heading may be H2


# ---------------------------------------------------------------- gallery: the experiments/ scripts

import raphe_gallery  # noqa: E402  (docs/_ext)

#: the gallery runs its scripts unless RAPHE_DOCS_GALLERY=0 (the index says which)
RUN_GALLERY = os.environ.get("RAPHE_DOCS_GALLERY", "1") != "0"


def _gallery_source() -> str:
    """Copy ``experiments/*.py`` next to a generated gallery header (the folder stays the users')."""
    src = DOCS / "_gallery_src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir()
    (src / "GALLERY_HEADER.rst").write_text(raphe_gallery.header_rst(RUN_GALLERY), encoding="utf-8")
    for script in sorted((ROOT / "experiments").glob("*.py")):
        # the gallery needs a title: the script's name, above its docstring (the folder's copy only)
        text = script.read_text(encoding="utf-8")
        title = f'"""{script.stem}\n{"=" * len(script.stem)}\n\n'
        (src / script.name).write_text(text.replace('"""', title, 1) if text.startswith('"""') else text,
                                        encoding="utf-8")
    return str(src)


sphinx_gallery_conf = {
    "examples_dirs": _gallery_source(),
    "gallery_dirs": "gallery",
    "filename_pattern": r".*\.py$",
    "reset_argv": "raphe_gallery.quick_argv",
    "plot_gallery": RUN_GALLERY,
    "abort_on_example_error": True,
    "image_scrapers": ("matplotlib", "raphe_gallery.png_files_scraper"),
    "reset_modules": ("raphe_gallery.reset",),
    "download_all_examples": False,
    "remove_config_comments": True,
    "min_reported_time": 0,
    "show_memory": False,
}
