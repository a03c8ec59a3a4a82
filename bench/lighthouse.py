"""Lighthouse scores of the built book, on a phone, served compressed as GitHub Pages serves it.

Serves the built HTML (``docs/_build/html``, or ``--site DIR``) from a local HTTP server that
gzips text (HTML, CSS, JavaScript, JSON, SVG), as GitHub Pages does, and runs Lighthouse
(``npx lighthouse``, or ``--lighthouse PATH``; Chromium from ``CHROME_PATH`` or the PATH) with
its default, mobile, settings, all four categories, on four pages: the index, a chapter, the
gallery index and an example. Each page runs ``--runs`` times (default 3); the run with the
median performance score gives every number recorded for that page. Writes
``bench/results/lighthouse.json`` (``--json FILE`` to change) with the scores, the main
opportunities (what Lighthouse estimates would save the most) and the audits that failed.

Exits with status 0 and a message saying what is missing when node, Lighthouse or Chromium
is not there (``--require`` makes that an error). Only the standard library.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGES = {
    "index": "index.html",
    "chapter": "chapters/backprop.html",
    "gallery index": "auto_examples/index.html",
    "example": "auto_examples/vanishing/plot_deep_sigmoid_vs_relu.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Content types the server compresses (GitHub Pages gzips these, not images or fonts).
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it and the type is text."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".json": "application/json",
        ".inv": "application/octet-stream",
    }

    def log_message(self, *args) -> None:  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # 404 (or a redirect to the folder with a slash)
        ctype = self.guess_type(str(path))
        body = path.read_bytes()
        encode = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSED)
        if encode:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        if encode:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self._body = body
        return _Once(body)


class _Once:
    """The file-like object send_head returns: the (maybe compressed) body."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self, *_):
        body, self.body = self.body, b""
        return body

    def close(self) -> None:
        pass


@contextmanager
def serve(site: Path):
    """Serve ``site`` on a free localhost port; yield the base URL (ending in /)."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def find_tools(lighthouse: str | None) -> tuple[list[str], str] | str:  # noqa: PLR0911
    """The Lighthouse command and Chromium's path, or a sentence saying what is missing."""
    chrome = os.environ.get("CHROME_PATH") or next(
        (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
        None,
    )
    if not chrome or not Path(chrome).exists():
        return "no Chromium: install it (apt-get install chromium) or set CHROME_PATH"
    if lighthouse:
        if not Path(lighthouse).exists() and not shutil.which(lighthouse):
            return f"no Lighthouse at {lighthouse}"
        return [lighthouse], chrome
    if found := shutil.which("lighthouse"):
        return [found], chrome
    if shutil.which("node") is None or shutil.which("npx") is None:
        return "no node/npx: install Node.js and Lighthouse (npm install -g lighthouse)"
    probe = subprocess.run(
        ["npx", "--no-install", "lighthouse", "--version"],
        check=False,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return (
            "no Lighthouse: npm install --prefix DIR lighthouse, then pass "
            "--lighthouse DIR/node_modules/.bin/lighthouse"
        )
    return ["npx", "--no-install", "lighthouse"], chrome


def run_once(cmd: list[str], chrome: str, url: str, out: Path) -> dict:
    """One Lighthouse run of ``url`` with the default (mobile) settings; its JSON report."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-dev-shm-usage"
    subprocess.run(
        [
            *cmd,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    return json.loads(out.read_text(encoding="utf-8"))


def summarize(report: dict) -> dict:
    """Scores (0-100), key metrics, main opportunities and failed audits of one report."""
    cats = report["categories"]
    audits = report["audits"]
    scores = {name: round(100 * cats[name]["score"]) for name in CATEGORIES}
    metrics = {}
    for key in (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
    ):
        if key in audits and audits[key].get("numericValue") is not None:
            metrics[key] = round(audits[key]["numericValue"], 3)
    opportunities = []
    for key, audit in audits.items():
        details = audit.get("details") or {}
        ms = details.get("overallSavingsMs") or 0
        kb = (details.get("overallSavingsBytes") or 0) / 1024
        if (audit.get("score") is not None and audit["score"] < 0.9) and (ms > 0 or kb > 1):
            opportunities.append(
                {
                    "id": key,
                    "title": audit["title"],
                    "savings_ms": round(ms),
                    "savings_kib": round(kb),
                }
            )
    opportunities.sort(key=lambda o: (-o["savings_ms"], -o["savings_kib"]))
    failed = {}
    for name in CATEGORIES:
        for ref in cats[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failed.setdefault(name, []).append(
                    {"id": ref["id"], "title": audit["title"], "score": audit["score"]}
                )
    weight = (audits.get("total-byte-weight") or {}).get("numericValue")
    return {
        "scores": scores,
        "metrics_ms": metrics,
        "total_kib": round(weight / 1024) if weight else None,
        "opportunities": opportunities[:8],
        "failed_audits": failed,
    }


def table_rows(before: dict | None, after: dict | None) -> list[list[str]]:
    """Rows of the Performance page's table: each page, each category, ``before -> after``
    (medians of the runs; a result not measured yet says so)."""
    names = ["performance", "accessibility", "best-practices", "seo"]
    rows = [["page", *(n.replace("-", " ") for n in names), "weight (KiB)"]]
    for name, rel in PAGES.items():

        def cell(result, key, name=name):
            page = (result or {}).get("pages", {}).get(name)
            if page is None:
                return "not measured"
            return str(page["total_kib"] if key == "weight" else page["scores"][key])

        rows.append(
            [f"{name} (``{rel}``)"]
            + [f"{cell(before, k)} -> {cell(after, k)}" for k in [*names, "weight"]]
        )
    return rows


def write_table(results: Path = RESULTS) -> Path:
    """``lighthouse.csv`` from ``lighthouse_before.json`` and ``lighthouse.json``."""

    def load(name):
        path = results / name
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    out = results / "lighthouse.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table_rows(load("lighthouse_before.json"), load("lighthouse.json")))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "docs" / "_build" / "html")
    parser.add_argument("--json", type=Path, default=RESULTS / "lighthouse.json")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lighthouse", help="the lighthouse executable (default: npx's)")
    parser.add_argument("--label", default="", help="a word saying what build this is")
    parser.add_argument("--require", action="store_true", help="fail if tools are missing")
    parser.add_argument(
        "--table-only", action="store_true", help="only write lighthouse.csv from the JSON"
    )
    args = parser.parse_args(argv)
    if args.table_only:
        print(f"written to {write_table()}")
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site at {args.site}: run `nox -s docs` first")
    tools = find_tools(args.lighthouse)
    if isinstance(tools, str):
        print(f"lighthouse: skipped, {tools}", file=sys.stderr)
        return 1 if args.require else 0
    cmd, chrome = tools
    version = subprocess.run(
        [*cmd, "--version"], check=False, capture_output=True, text=True
    ).stdout.strip()
    pages = {}
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, rel in PAGES.items():
            if not (args.site / rel).is_file():
                print(f"lighthouse: {rel} is not in the site, skipped", file=sys.stderr)
                continue
            runs = []
            for i in range(args.runs):
                report = run_once(cmd, chrome, base + rel, Path(tmp) / f"{i}.json")
                runs.append(summarize(report))
                print(f"{rel} run {i + 1}: {runs[-1]['scores']}", flush=True)
            perf = [r["scores"]["performance"] for r in runs]
            median = sorted(runs, key=lambda r: r["scores"]["performance"])[len(runs) // 2]
            pages[name] = {
                "page": rel,
                "performance_runs": perf,
                "performance_median": statistics.median(perf),
                **median,
            }
    result = {
        "label": args.label,
        "date": date.today().isoformat(),
        "lighthouse": version,
        "settings": "Lighthouse defaults: mobile form factor, simulated throttling; "
        "served gzipped from localhost",
        "runs_per_page": args.runs,
        "pages": pages,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, page in pages.items():
        print(f"{name:14s} {page['scores']}  (performance runs {page['performance_runs']})")
    print(f"written to {args.json}")
    if args.json.parent == RESULTS:
        print(f"written to {write_table()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
