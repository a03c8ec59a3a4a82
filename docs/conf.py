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
    "dlbook_mathml",  # formulas written as MathML at build time: no script draws them
    "sphinx.ext.viewcode",
    "sphinx_gallery.gen_gallery",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "dlbook_sphinx",
    "dlbook_claims",  # the reproduction scoreboard (docs/scoreboard.md)
    "dlbook_downloads",  # the wheel on the site; install lines atop every download (.ipynb too)
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
    # none: dlbook_downloads puts the install cell (the page's dlbook, then its plot style)
    # first in every downloaded notebook, at each build, so no notebook keeps an old version
    "first_notebook_cell": None,
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

# -- Editions: English, and Korean from docs/locale (sphinx-build -D language=ko) ----------
# One source: the Korean edition translates every page's prose through gettext catalogs
# (nox -s docs builds it into html/ko/ from the same executed notebooks and examples); figures,
# code and printed output stay as computed.
extensions.append("dlbook_i18n")  # Korean search, the other-language link, generated text
locale_dirs = ["locale/"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = False  # catalogs change only when the text does
html_theme_options["article_header_end"] = ["lang-switch.html", "article-header-buttons.html"]

# -- The site on a phone, light, and linked (issue 15): dlbook_site and the extensions below --
# docs/_templates/layout.html drops Font Awesome's 1.5 MB script and the search index from
# every page's <head>; dlbook_site sizes every image, gives the chapters' figures alt text said
# from each figure and takes the base URL from the environment (DLBOOK_BASE_URL, set by
# .github/workflows/pages.yml): unset, nothing absolute. dlbook_head joins each page's
# stylesheets into one file; dlbook_mathml writes formulas as MathML (no MathJax).
from dlbook_site import PYTHON_DOC_URL, base_url, python_inventory

extensions += [
    "dlbook_site",
    "dlbook_head",  # one stylesheet per page, documentation_options.js written in
    "dlbook_icons",  # Font Awesome's fonts cut to the icons the site shows
    "sphinxext.opengraph",  # OpenGraph data and a <meta name="description"> on every page
    "sphinx_codeautolink",  # names in chapter code link to the API pages (not the gallery's)
]
# A ">>>" example whose "# doctest: +SKIP" Sphinx trims cannot be matched to its page, so
# codeautolink leaves that one example unlinked and warns: it is not an error of the book.
suppress_warnings = [*globals().get("suppress_warnings", []), "codeautolink.match_block"]
html_math_renderer = "mathml"  # dlbook_mathml
html_favicon = "_static/favicon.svg"
# one search field: the sidebar's on a wide screen, the header's button on a phone
html_theme_options["navbar_persistent"] = []
ogp_enable_meta_description = True
ogp_site_name = "dlbook"
ogp_social_cards = {"enable": False}  # cards are drawn with matplotlib, per page: not needed
ogp_image = "_static/screenshot.png"
ogp_image_alt = "A chapter of dlbook, as the build renders it"
if base_url():  # known on GitHub Pages (the Pages workflow); unset, nothing is absolute
    # the sitemap needs absolute URLs; 404.md's links, rooted at the base URL's path, work at
    # any depth (unset, 404.html is a plain page whose relative links work from the root)
    extensions += ["sphinx_sitemap", "notfound.extension"]
    sitemap_url_scheme = "{link}"  # html_baseurl already ends in the edition's folder
    sitemap_excludes = ["404.html", "search.html", "genindex.html"]
    sitemap_locales = [None]  # each edition's sitemap lists its own pages (no alternates)
# The chapters' kernels mark every figure with its alt text (dlbook_site.describe_figures)
with (_IPYTHON / "profile_default" / "ipython_kernel_config.py").open("a", encoding="utf-8") as f:
    f.write(
        "c.InteractiveShellApp.exec_lines.append("
        + repr(f"import sys; sys.path.insert(0, {str(HERE / '_ext')!r}); "
               "import dlbook_site; dlbook_site.describe_figures()")
        + ")\n"
    )  # fmt: skip
# Intersphinx only from inventories on disk, never fetched at build time: Python's comes from
# Debian's python3.11-doc (nox -s docs puts it in the user cache). NumPy, PyTorch and
# matplotlib have no inventory that can be had offline here, so names from them do not link.
if python_inventory().is_file():
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {"python": (PYTHON_DOC_URL, str(python_inventory()))}
