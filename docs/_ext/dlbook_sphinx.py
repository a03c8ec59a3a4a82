"""dlbook's local Sphinx extension: keep the built site offline-readable and the runs seeded.

- MathJax is served from the site itself (copied from the ``django-static-mathjax`` wheel,
  MathJax 3 with no other dependency), never from a CDN.
- sphinx-gallery's execution-times pages load jQuery and DataTables from CDNs; those lines are
  dropped so the table renders as a plain, local table.
- ``reset_seeds`` runs before each gallery example: every example starts from the same seeds.
- The ``build-info`` directive is replaced, once every notebook and example has run, by a
  line saying what the build ran on: device, torch version, date, total execution time.
- The theme's navigation tree opens each sub-list with a ``<summary>`` that holds only a
  chevron icon, which screen readers announce as a control with no name (axe-core:
  summary-name); each such summary is named after its section.
- ``sphinx.ext.viewcode`` lists in ``_modules/index.html`` every module it looked at, also
  those whose source it could not read (``builtins``, reached through a documented type alias
  such as ``dlbook.backprop.Params = list[...]``), for which it writes no page: those broken
  links are dropped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

_CDN_LINE = re.compile(r"^\s*<(link|script)[^>]*https?://[^>]*>(</script>)?\s*$")


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


def reset_seeds(gallery_conf, fname):
    """sphinx-gallery ``reset_modules`` hook: seed Python, NumPy and torch before each example.

    When examples run in parallel (``DLBOOK_GALLERY_JOBS=N``), each worker process also limits
    torch to its share of the cores, so N examples do not fight over the same threads.
    """
    import torch

    from dlbook.seed import seed_everything

    jobs = gallery_jobs()
    if jobs > 1:
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // jobs))
    seed_everything(0)


#: The gallery's eras, and their examples, in the order the story tells them; examples not
#: listed follow their era's listed ones, by file name.
GALLERY_ORDER = {
    "perceptron": ["plot_perceptron_learns_and.py", "plot_perceptron_fails_xor.py"],
    "backprop": ["plot_xor_hand_built.py", "plot_backprop_xor.py", "plot_encoder_838.py"],
    "vanishing": [
        "plot_gradient_norms_by_depth.py",
        "plot_deep_sigmoid_digits.py",
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


class ExampleOrder:
    """sphinx-gallery ``within_subsection_order``: the story's order from ``GALLERY_ORDER``."""

    def __init__(self, src_dir):
        self.order = GALLERY_ORDER.get(Path(src_dir).name, [])

    def __call__(self, filename):
        if filename in self.order:
            return (0, self.order.index(filename), filename)
        return (1, 0, filename)

    def __repr__(self):
        return f"ExampleOrder({self.order})"


def _strip_cdn(app, docname, source):
    if not docname.endswith("sg_execution_times"):
        return
    text = source[0]
    lines = [ln for ln in text.splitlines() if not _CDN_LINE.match(ln)]
    text = "\n".join(lines)
    # the DataTables initialiser needs jQuery, which is no longer loaded
    text = re.sub(
        r"\s*<script type=\"text/javascript\" class=\"init\">.*?</script>",
        "",
        text,
        flags=re.DOTALL,
    )
    source[0] = text


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


def _mathjax_dir() -> Path:
    import mathjax  # the django-static-mathjax distribution

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / "mathjax"
    if not (dest / "tex-chtml.js").exists():
        src = _mathjax_dir()
        shutil.copytree(src / "output" / "chtml", dest / "output" / "chtml", dirs_exist_ok=True)
        for part in ("input", "a11y", "ui", "sre", "adaptors"):
            if (src / part).exists():
                shutil.copytree(src / part, dest / part, dirs_exist_ok=True)
        shutil.copy2(src / "tex-chtml.js", dest / "tex-chtml.js")


class build_info(nodes.General, nodes.Element):  # docutils names nodes in lower case
    """Placeholder for the build-info line, filled in when the document is resolved."""


class BuildInfoDirective(SphinxDirective):
    """``build-info``: a line saying what this build ran on and how long execution took."""

    def run(self):
        return [build_info()]


_RUN_TIME = re.compile(
    r"\*\*Total running time of the script:\*\*\s*\((\d+) minutes ([\d.]+) seconds\)"
)


def build_info_text(app) -> str:
    """The sentence the ``build-info`` directive shows."""
    import torch

    from dlbook.device import describe

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = time.strftime("%Y-%m-%d", time.gmtime(int(epoch) if epoch else None))
    gallery = sum(example_seconds(app.srcdir).values())
    chapters = sum(chapter_seconds(app.env).values())
    return (
        f"Built on {describe()} with torch {torch.__version__} on {when}. Executing the "
        f"chapters and examples took {gallery + chapters:.0f} s ({chapters:.1f} s for the "
        f"chapters, {gallery:.1f} s for the gallery examples)."
    )


def _fill_build_info(app, doctree, docname):
    for node in doctree.findall(build_info):
        para = nodes.paragraph(classes=["dlbook-build-info"])
        para += nodes.emphasis(text=build_info_text(app))
        node.replace_self(para)


class timing_table(nodes.General, nodes.Element):
    """Placeholder for a table of this build's execution times (``kind``: examples, chapters)."""


class TimingTableDirective(SphinxDirective):
    """``execution-times examples|chapters``: this build's per-page execution times."""

    required_arguments = 1

    def run(self):
        kind = self.arguments[0]
        if kind not in ("examples", "chapters"):
            raise self.error(f"execution-times takes 'examples' or 'chapters', not {kind!r}")
        return [timing_table(kind=kind)]


class _ResultsDirective(SphinxDirective):
    """A directive that reads JSON results named relative to the page."""

    def _project_path(self, path) -> str:
        """``path`` relative to the project (the folder above ``docs/``), for readers."""
        root = Path(self.env.srcdir).parent.resolve()
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)


class BenchResultsDirective(_ResultsDirective):
    """``bench-results FILE``: a table of a JSON file written by ``nox -s bench``."""

    required_arguments = 1

    def run(self):
        rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(rel)
        if not Path(path).exists():
            return [_missing_note([self._project_path(path)], "nox -s bench", "")]
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = [
            (key.replace("_", " "), _fmt(value))
            for key, value in data.items()
            if not isinstance(value, (dict, list))
        ]
        return [_table(["measure", "value"], rows)]


class BuildComparisonDirective(_ResultsDirective):
    """``build-comparison CPU_JSON GPU_JSON``: two ``bench/docs_build.py`` results side by side.

    A summary table (hardware, clean build, execution, no-change rebuild, parallel gallery)
    and a table of every executed page's seconds with the GPU's speed-up. A file not written
    yet gives a column that says so.
    """

    required_arguments = 2

    def run(self):
        results, missing = [], []
        for arg in self.arguments:
            rel, path = self.env.relfn2path(arg, self.env.docname)
            self.env.note_dependency(rel)
            if Path(path).exists():
                results.append(json.loads(Path(path).read_text(encoding="utf-8")))
            else:
                results.append(None)
                missing.append(self._project_path(path))
        cpu, gpu = results
        nodes_ = [_table(["measure", "CPU build", "GPU build"], build_summary_rows(cpu, gpu))]
        nodes_.append(_table(["page", "CPU (s)", "GPU (s)", "GPU speed-up"], page_rows(cpu, gpu)))
        if missing:
            where = ""
            if gpu is None:
                where = " on a machine with a CUDA GPU" if cpu else " (the GPU's on a CUDA GPU)"
            nodes_.insert(0, _missing_note(missing, "nox -s bench -- docs", where))
        return nodes_


def _missing_note(paths: list[str], command: str, where: str) -> nodes.paragraph:
    """'Not measured yet: FILE is written by COMMAND WHERE.' with file and command as code."""
    note = nodes.paragraph(classes=["dlbook-missing-bench"])
    note += nodes.Text("Not measured yet: ")
    for k, path in enumerate(paths):
        if k:
            note += nodes.Text(" and ")
        note += nodes.literal(text=path)
    note += nodes.Text(" is written by " if len(paths) == 1 else " are written by ")
    note += nodes.literal(text=command)
    note += nodes.Text(f"{where}.")
    return note


def build_summary_rows(cpu: dict | None, gpu: dict | None) -> list[tuple]:
    """Rows of the CPU/GPU build summary; a missing result reads 'not measured'."""

    def cell(result, get, first):
        if result is None:
            return "not measured" if first else "-"
        try:
            return get(result)
        except KeyError:
            return "-"

    def parallel(r):
        p = r["parallel"]
        return f"{p['serial_s']:.0f} s -> {p['parallel_s']:.0f} s ({p['speedup']:.2f}x)"

    measures = [
        ("machine", lambda r: r["machine"]),
        ("device the examples ran on", lambda r: r["device"]),
        ("torch", lambda r: r["torch"]),
        ("measured on", lambda r: r["date"]),
        ("clean build, wall (s)", lambda r: f"{r['clean_build_s']:.0f}"),
        ("executing the chapters (s)", lambda r: f"{sum(r['chapters_s'].values()):.1f}"),
        ("executing the gallery (s)", lambda r: f"{sum(r['examples_s'].values()):.1f}"),
        (
            "executing everything (s; target <= 360 on 2 CPU cores)",
            lambda r: f"{sum(r['chapters_s'].values()) + sum(r['examples_s'].values()):.1f}",
        ),
        (
            "no-change rebuild, median wall (s; target <= 15)",
            lambda r: f"{r['rebuild_median_s']:.1f} (of {len(r['rebuilds_s'])})",
        ),
        ("gallery alone, serial -> parallel jobs, wall", parallel),
        ("parallel gallery jobs", lambda r: str(r["parallel"]["jobs"])),
    ]
    return [
        (name, cell(cpu, get, k == 0), cell(gpu, get, k == 0))
        for k, (name, get) in enumerate(measures)
    ]


def page_rows(cpu: dict | None, gpu: dict | None) -> list[tuple]:
    """One row per executed page (slowest on the CPU first): seconds and GPU speed-up."""

    def times(r):
        if r is None:
            return {}
        return {**{f"chapter {k}": v for k, v in r["chapters_s"].items()}, **r["examples_s"]}

    def seconds(result, value) -> str:
        if result is None:
            return "-"  # the whole column is missing; the note above the tables says so
        return "not measured" if value is None else f"{value:.1f}"

    c, g = times(cpu), times(gpu)
    rows = []
    for name in sorted(c.keys() | g.keys(), key=lambda n: (-c.get(n, 0.0), n)):
        speedup = f"{c[name] / g[name]:.1f}x" if name in c and g.get(name) else "-"
        rows.append((name, seconds(cpu, c.get(name)), seconds(gpu, g.get(name)), speedup))
    return rows


def _fmt(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _table(header: list[str], rows: list[tuple]) -> nodes.table:
    table = nodes.table(classes=["dlbook-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for section, section_rows in ((head, [header]), (body, rows)):
        for cells in section_rows:
            row = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                entry += nodes.paragraph(text=str(cell))
                row += entry
            section.append(row)
    return table


def example_seconds(srcdir) -> dict[str, float]:
    """Seconds each gallery example of the build in ``srcdir`` ran, keyed by ``era/plot_name``.

    Read from the pages sphinx-gallery wrote (also by ``bench/docs_build.py``).
    """
    times = {}
    root = Path(srcdir, "auto_examples")
    for rst in sorted(root.rglob("plot_*.rst")):
        match = _RUN_TIME.search(rst.read_text(encoding="utf-8"))
        if match:
            name = rst.relative_to(root).with_suffix("").as_posix()
            times[name] = 60 * int(match.group(1)) + float(match.group(2))
    return times


def chapter_seconds(env) -> dict[str, float]:
    """Seconds each executed notebook ran, keyed by document name."""
    from myst_nb.sphinx_ import NbMetadataCollector

    return {
        doc: float((data.get("exec_data") or {}).get("runtime") or 0.0)
        for doc, data in sorted(NbMetadataCollector.get_doc_data(env).items())
        if data.get("exec_data")
    }


def _fill_timing_tables(app, doctree, docname):
    for node in doctree.findall(timing_table):
        times = (
            example_seconds(app.srcdir) if node["kind"] == "examples" else chapter_seconds(app.env)
        )
        rows = [
            (name, f"{secs:.1f}") for name, secs in sorted(times.items(), key=lambda kv: -kv[1])
        ]
        rows.append(("total", f"{sum(times.values()):.1f}"))
        node.replace_self(_table(["page", "seconds"], rows))


def setup(app):
    app.add_node(build_info)
    app.add_node(timing_table)
    app.add_directive("build-info", BuildInfoDirective)
    app.add_directive("execution-times", TimingTableDirective)
    app.add_directive("bench-results", BenchResultsDirective)
    app.add_directive("build-comparison", BuildComparisonDirective)
    app.connect("doctree-resolved", _fill_timing_tables)
    app.connect("doctree-resolved", _fill_build_info)
    app.connect("source-read", _strip_cdn)
    app.connect("build-finished", _copy_mathjax)
    # after the theme's own handler (priority 500), which puts the function in the context
    app.connect("html-page-context", _name_nav_toggles, priority=900)
    # before viewcode's own html-collect-pages handler (priority 500) writes the index
    app.connect("html-collect-pages", _drop_sourceless_modules, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
