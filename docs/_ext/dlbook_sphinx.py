"""dlbook's local Sphinx extension: only what the libraries the book uses do not do.

- ``build-info``: a line saying what the build ran on and how long executing the chapters and
  the examples took, from myst-nb's and sphinx-gallery's own records.
- :func:`gallery_setup`, sphinx-gallery's ``reset_modules`` hook: the book's matplotlib style
  before each example. It seeds nothing: each example seeds itself, and prints the same
  numbers when run on its own.
- sphinx-gallery's execution-times pages load jQuery and DataTables from CDNs, and no option
  turns that off: that block of raw HTML is dropped, and the table stays a plain local table.
- The theme's navigation tree opens each sub-list with a ``<summary>`` that holds only a
  chevron icon, which screen readers announce as a control with no name (axe-core:
  summary-name); each such summary is named after its section.
- ``sphinx.ext.viewcode`` lists in ``_modules/index.html`` also the modules whose source it
  could not read (``builtins``, reached through a type alias such as ``Params = list[...]``)
  and so wrote no page for: those broken links are dropped.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

#: The gallery's eras, and their examples, in the order the story tells them.
GALLERY_ORDER = {
    "perceptron": ["plot_perceptron_learns_and.py", "plot_perceptron_fails_xor.py"],
    "backprop": ["plot_xor_hand_built.py", "plot_backprop_xor.py", "plot_encoder_838.py"],
    "vanishing": [
        "plot_gradient_norms_by_depth.py",
        "plot_deep_sigmoid_vs_relu.py",
        "plot_svm_rf_vs_mlp.py",
    ],
    "breakthrough": ["plot_greedy_pretraining.py", "plot_init_activation_histograms.py"],
    "imagenet": [
        "plot_ilsvrc_by_year.py",
        "plot_top1_vs_top5.py",
        "plot_lenet_vs_mlp.py",
        "plot_alexnet_filters.py",
        "plot_relu_vs_tanh_speed.py",
        "plot_dropout.py",
    ],
    "whynow": ["plot_data_size.py", "plot_cpu_vs_gpu.py", "plot_gpu_training.py"],
}


def gallery_jobs() -> int:
    """Gallery examples to run at a time, from ``DLBOOK_GALLERY_JOBS`` (unset or empty: 1)."""
    text = os.environ.get("DLBOOK_GALLERY_JOBS", "").strip()
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise ValueError(
            f"DLBOOK_GALLERY_JOBS={text!r}: give a whole number of examples to run at a time, "
            "at least 1 (e.g. 2 on a 2-core machine), or leave it unset"
        )
    return int(text)


def gallery_setup(gallery_conf, fname):
    """sphinx-gallery ``reset_modules`` hook, after its matplotlib reset: the book's style.

    When examples run in parallel (``DLBOOK_GALLERY_JOBS=N``), each worker process also limits
    torch to its share of the cores, so N examples do not fight over the same threads.
    """
    import dlbook.plot

    if hasattr(dlbook.plot, "use_style"):
        dlbook.plot.use_style()
    if (jobs := gallery_jobs()) > 1:
        import torch

        torch.set_num_threads(max(1, (os.cpu_count() or 1) // jobs))


def example_seconds(srcdir) -> dict[str, float]:
    """Seconds each gallery example ran, by ``era/plot_name``, from the ``.cost.json`` files
    sphinx-gallery keeps (an example not run again keeps its last time); also for bench/."""
    root = Path(srcdir, "auto_examples")
    return {
        path.relative_to(root).as_posix().removesuffix(".cost.json"): float(
            json.loads(path.read_text(encoding="utf-8"))["time"]
        )
        for path in sorted(root.rglob("plot_*.cost.json"))
    }


def chapter_seconds(env) -> dict[str, float]:
    """Seconds each executed notebook ran (myst-nb's record), keyed by document name."""
    from myst_nb.sphinx_ import NbMetadataCollector

    return {
        doc: float(data["exec_data"].get("runtime") or 0.0)
        for doc, data in sorted(NbMetadataCollector.get_doc_data(env).items())
        if data.get("exec_data")
    }


def build_info_text(app) -> str:
    import torch

    from dlbook.device import describe

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = time.strftime("%Y-%m-%d", time.gmtime(int(epoch) if epoch else None))
    chapters = sum(chapter_seconds(app.env).values())
    gallery = sum(example_seconds(app.srcdir).values())
    return (
        f"Built on {describe()} with torch {torch.__version__} on {when}; executing the "
        f"chapters took {chapters:.0f} s and the gallery examples {gallery:.0f} s."
    )


class BuildInfoDirective(SphinxDirective):
    """``build-info``: a paragraph filled in with :func:`build_info_text` once all has run."""

    def run(self):
        from myst_nb.ext.execution_tables import METADATA_KEY
        from myst_nb.sphinx_ import NbMetadataCollector

        # read again when a chapter ran (as myst-nb does for its {nb-exec-table}) or an
        # example ran (sphinx-gallery then rewrites its execution-times page)
        NbMetadataCollector.set_doc_data(self.env, self.env.docname, METADATA_KEY, True)
        self.env.note_dependency(str(Path(self.env.srcdir, "sg_execution_times.rst")))
        return [nodes.paragraph(classes=["dlbook-build-info"])]


def _fill_build_info(app, doctree, docname):
    for para in list(doctree.findall(nodes.paragraph)):
        if "dlbook-build-info" in para["classes"]:
            para.append(nodes.emphasis(text=build_info_text(app)))


_CDN_BLOCK = re.compile(r"\n *\.\. raw:: html\n.*?</script>\n(?=\n *\.\. list-table::)", re.DOTALL)


def _strip_cdn(app, docname, source):
    if docname.endswith("sg_execution_times"):
        source[0] = _CDN_BLOCK.sub("", source[0])


def _name_nav_toggles(app, pagename, templatename, context, doctree):
    generate = context.get("generate_toctree_html")  # pydata-sphinx-theme's, one per page
    if generate is None:
        return

    def named(kind, *args, **kwargs):
        html = generate(kind, *args, **kwargs)
        return _name_summaries(str(html)) if kind == "sidebar" else html

    context["generate_toctree_html"] = named


def _name_summaries(html: str) -> str:
    from bs4 import BeautifulSoup  # a dependency of pydata-sphinx-theme

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue  # a section caption inside names it already
        link = summary.parent.find_previous_sibling("a")
        title = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Show or hide the pages under {title}"
    return str(soup)


def _drop_sourceless_modules(app):
    modules = getattr(app.env, "_viewcode_modules", {})
    for name in [name for name, entry in modules.items() if entry is False]:
        del modules[name]
    return []


def setup(app):
    app.add_directive("build-info", BuildInfoDirective)
    app.connect("doctree-resolved", _fill_build_info)
    app.connect("source-read", _strip_cdn)
    # after the theme's own handler (priority 500), which puts the function in the context
    app.connect("html-page-context", _name_nav_toggles, priority=900)
    # before viewcode's own html-collect-pages handler (priority 500) writes the index
    app.connect("html-collect-pages", _drop_sourceless_modules, priority=400)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
