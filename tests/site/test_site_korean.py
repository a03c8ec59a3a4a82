"""The Korean edition (html/ko/): the same pages as the English one, each linking to its twin,
Korean search that finds the chapters also where a word carries a particle, no web fonts."""

from __future__ import annotations

import pytest
import sitecheck

SEARCHES = {  # query -> the chapter it must find among the first hits
    "퍼셉트론": "chapters/perceptron.html",
    "퍼셉트론은": "chapters/perceptron.html",
    "역전파": "chapters/backprop.html",
    "역전파를": "chapters/backprop.html",
}

_FINISHED = """() => {
  const s = document.querySelector("#search-results .search-summary");
  return s !== null && s.textContent.trim().length > 0;
}"""
_HITS = """() => Array.from(document.querySelectorAll("#search-results ul.search > li > a"))
  .map(a => [a.getAttribute("href").split("?")[0].split("#")[0], Number(a.dataset.score || 0)])"""


@pytest.fixture(scope="module")
def korean(site_root):
    root = site_root / "ko"
    if not (root / "index.html").is_file():
        pytest.skip(f"no Korean edition at {root}: nox -s docs builds it")
    return root


def _pages(root, skip=("ko/",)):
    return {
        p.relative_to(root).as_posix()
        for p in sitecheck.pages(root)
        if not p.relative_to(root).as_posix().startswith(skip)
    }


def test_every_english_page_has_a_korean_twin(site_root, korean):
    english, hangul = _pages(site_root), _pages(korean, skip=())
    assert english - hangul == set(), f"pages without a Korean edition: {sorted(english - hangul)}"


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "chapters/backprop.html",
        "auto_examples/vanishing/plot_deep_sigmoid_vs_relu.html",
    ],
)
def test_each_edition_links_to_the_same_page_in_the_other(site_root, korean, page):
    for here, there, lang in (
        (site_root / page, korean / page, "ko"),
        (korean / page, site_root / page, "en"),
    ):
        html = sitecheck.parse(here)
        links = [
            a.attrs for a in html.find("a") if "dlbook-lang-switch" in a.attrs.get("class", "")
        ]
        assert len(links) == 1, f"{here}: {len(links)} language links"
        assert links[0].get("hreflang") == lang
        target = (here.parent / links[0]["href"]).resolve()
        assert target == there.resolve(), f"{here} links to {target}, not {there}"


def test_korean_pages_are_korean(korean):
    for rel in [
        "index.html",
        "chapters/perceptron.html",
        "auto_examples/perceptron/plot_perceptron_fails_xor.html",
    ]:
        text = (korean / rel).read_text(encoding="utf-8")
        assert '<html lang="ko"' in text, rel
        hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in sitecheck.parse(korean / rel).text)
        assert hangul > 200, f"{rel}: only {hangul} Hangul syllables in its main text"


@pytest.mark.parametrize("query", list(SEARCHES))
def test_korean_search_finds_the_chapter(query, korean, site_url, context):
    """The chapter is found, with the best score any page gets, and the search says it is
    done (in Korean: Sphinx's own Korean catalog leaves that message empty)."""
    page = context.new_page()
    page.goto(f"{site_url}ko/search.html?q={query}")
    page.wait_for_function(_FINISHED, timeout=60_000)
    summary = page.locator("#search-results .search-summary").inner_text()
    assert "검색을 마쳤습니다" in summary, summary
    hits: dict[str, float] = {}  # each page's best score
    for href, score in page.evaluate(_HITS):
        hits[href] = max(score, hits.get(href, 0))
    chapter = SEARCHES[query]
    assert chapter in hits, f"{query}: {chapter} not among {list(hits)}"
    assert hits[chapter] == max(hits.values()), f"{query}: {chapter} scores below the best: {hits}"
