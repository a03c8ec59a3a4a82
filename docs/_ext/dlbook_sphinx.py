"""dlbook's local Sphinx extension: keep the built site offline-readable and the runs seeded.

- MathJax is served from the site itself (copied from the ``django-static-mathjax`` wheel,
  MathJax 3 with no other dependency), never from a CDN.
- sphinx-gallery's execution-times pages load jQuery and DataTables from CDNs; those lines are
  dropped so the table renders as a plain, local table.
- ``reset_seeds`` runs before each gallery example: every example starts from the same seeds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_CDN_LINE = re.compile(r"^\s*<(link|script)[^>]*https?://[^>]*>(</script>)?\s*$")


def reset_seeds(gallery_conf, fname):
    """sphinx-gallery ``reset_modules`` hook: seed Python, NumPy and torch before each example."""
    from dlbook.seed import seed_everything

    seed_everything(0)


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


def setup(app):
    app.connect("source-read", _strip_cdn)
    app.connect("build-finished", _copy_mathjax)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
