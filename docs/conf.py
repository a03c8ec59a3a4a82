"""Sphinx configuration for dlbook: MyST-notebook chapters (myst-nb), a sphinx-gallery of
reproductions, API pages with "examples using this" back-references. Builds with no network."""

from __future__ import annotations

import os
import sys
from datetime import date
from itertools import chain
from pathlib import Path

from sphinx_gallery.sorting import ExplicitOrder

# Before torch is imported (by dlbook below): passive OpenMP waiting, so the examples slow
# down only in proportion to the CPU they get on a loaded machine (see dlbook/__init__.py).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from dlbook_sphinx import GALLERY_ORDER, gallery_jobs

import dlbook

project = "dlbook"
author = "the dlbook authors"
copyright = f"2026, {author}"
release = version = dlbook.__version__
today = date.today().isoformat()

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 served from the site itself (sets mathjax_path)
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "dlbook_sphinx",
    "dlbook_claims",  # the reproduction scoreboard (docs/scoreboard.md)
]

exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    # myst-nb must not parse (and re-execute) the notebooks sphinx-gallery writes
    "auto_examples/**.ipynb",
    "auto_examples/**.py",
    "auto_examples/**.md5",
    "auto_examples/**.zip",
    "auto_examples/**.json",
    "auto_examples/**.pickle",
]
templates_path = ["_templates"]
html_static_path = ["_static"]

# -- Strictness -------------------------------------------------------------------------
nitpicky = True
# No intersphinx: the build runs offline, and inventories are fetched from the web. Types
# from these packages therefore cannot be cross-referenced; the regexes below name them.
nitpick_ignore_regex = [
    ("py:class", r"(torch|numpy|np|matplotlib|sklearn|torchvision|tqdm)(\..*)?"),
    ("py:class", r"(Tensor|Module|Axes|Figure|Generator|ndarray|Path|PathLike|Callable)"),
    ("py:class", r"(collections\.abc|typing|os|pathlib|dataclasses)\..*"),
    ("py:class", r"(optional|array-like|tensor|module|callable|float|int|str|bool|dict|list)"),
    ("py:class", r"(nn\.\w+|dtype|device)"),
    ("py:obj", r"(torch|numpy|np|matplotlib|sklearn|torchvision)(\..*)?"),
]

# -- Narrative chapters: MyST notebooks executed by myst-nb -------------------------------
nb_execution_mode = os.environ.get("DLBOOK_NB_EXECUTION", "cache")
nb_execution_raise_on_error = True  # any cell error fails the build
nb_execution_timeout = 180
nb_execution_show_tb = True
if nb_execution_mode == "off":  # nox -s docs -- --no-exec: a preview without computed numbers
    suppress_warnings = ["mystnb.glue"]  # glued values exist only once a chapter has run
nb_merge_streams = True
# A Jupyter kernel started with MPLBACKEND set keeps that backend instead of the inline one,
# and the chapters show no figure. The kernels inherit this process's environment;
# sphinx-gallery selects Agg by itself.
os.environ.pop("MPLBACKEND", None)
# The chapter kernels draw hi-dpi (retina) figures, like the gallery's 2x images: an IPython
# profile in the build directory says so, and the kernels find it through IPYTHONDIR.
_IPYTHON = HERE / "_build" / "ipython"
(_IPYTHON / "profile_default").mkdir(parents=True, exist_ok=True)
# The kernels also apply the book's matplotlib style, as the gallery does (gallery_setup).
(_IPYTHON / "profile_default" / "ipython_kernel_config.py").write_text(
    'c.InlineBackend.figure_formats = {"retina"}\n'
    'c.InteractiveShellApp.exec_lines = ["import dlbook.plot; dlbook.plot.use_style()"]\n',
    encoding="utf-8",
)
os.environ["IPYTHONDIR"] = str(_IPYTHON)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# -- Gallery: sphinx-gallery ----------------------------------------------------------------
GALLERY_JOBS = gallery_jobs()  # DLBOOK_GALLERY_JOBS, checked
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py|/_",
    "abort_on_example_error": True,  # any example error fails the build
    "only_warn_on_example_error": False,
    "download_all_examples": True,  # zip of all .py and all .ipynb
    "image_srcset": ["2x"],  # hi-dpi figures
    "doc_module": ("dlbook",),
    "backreferences_dir": "gen_modules/backreferences",
    "reset_modules": ("matplotlib", "dlbook_sphinx.gallery_setup"),
    "remove_config_comments": True,
    "show_memory": False,
    # per-example times: <example>.cost.json, and the sg_execution_times pages (which
    # sphinx-gallery skips by default when SOURCE_DATE_EPOCH is set; the Performance page
    # links to them)
    "write_computation_times": True,
    # eras in historical order, and examples within each in the story's order
    "subsection_order": [f"../gallery/{era}" for era in GALLERY_ORDER],
    "within_subsection_order": ExplicitOrder([*chain(*GALLERY_ORDER.values()), "*"]),
    "parallel": GALLERY_JOBS if GALLERY_JOBS > 1 else False,
    "matplotlib_animations": False,
    # a cell ending in ax.legend(), ax.set_ylim(...) or ax.set_xticks(...) shows no repr of
    # what matplotlib returns (Text, tuples, lists of ticks) on the page
    "ignore_repr_types": r"<class '(matplotlib\.|tuple'|list')",
    "first_notebook_cell": (
        "# This notebook comes from https://dlbook.github.io; it needs `pip install dlbook`.\n"
        "%matplotlib inline\nimport dlbook.plot\n\ndlbook.plot.use_style()"
    ),
}

# -- API reference ---------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
# Packages (dlbook.data, dlbook.models, dlbook.train) document what their ``__all__`` exports,
# under the name readers import (dlbook.models.Perceptron), which is also the name
# sphinx-gallery's back-references use.
autosummary_ignore_module_all = False
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# -- Citations -------------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- HTML ------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "dlbook: deep learning, re-run"
html_last_updated_fmt = ""  # set by the build; blank keeps rebuilds byte-stable
html_theme_options = {
    "repository_url": "https://github.com/dlbook/dlbook",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_download_button": True,
    "use_source_button": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}
html_css_files = ["dlbook.css"]
# pydata-sphinx-theme's colour mode on a first visit (nothing in localStorage yet); unset, its
# script logs "Got invalid theme mode" as a console error on every reader's first page
html_context = {"default_mode": "auto"}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
