"""The search page finds the chapters a reader looks for, and its hits lead to them."""

from __future__ import annotations

import pytest
import sitecheck

WORDS = ["perceptron", "backpropagation"]
FIRST_HITS = 10  # a chapter must be among the first hits, and ranked as a title match

_FINISHED = """() => {
  const s = document.querySelector("#search-results .search-summary");
  return s !== null && /finished|did not match/i.test(s.textContent);
}"""
_HITS = """() => Array.from(document.querySelectorAll("#search-results ul.search > li")).map(li => {
  const a = li.querySelector("a");
  return [a.getAttribute("href"), Number(a.dataset.score || 0), li.className, a.textContent];
})"""


@pytest.mark.parametrize("word", WORDS)
def test_search_finds_the_chapter(word, site_root, site_url, context):
    having = sitecheck.pages_containing(site_root, word)
    if not having:
        pytest.skip(f"no page of the site contains {word!r} yet")
    chapters = [
        p.relative_to(site_root).as_posix()
        for p in sorted((site_root / "chapters").glob("*.html"))
        if word in sitecheck.parse(p).h1.lower()
    ]
    page = context.new_page()
    page.goto(f"{site_url}search.html?q={word}")
    page.wait_for_function(_FINISHED, timeout=20_000)
    hits = page.evaluate(_HITS)
    assert hits, f"searching {word!r} found nothing"
    paths = [h[0].split("?")[0].split("#")[0] for h in hits]
    # page hits by title or text (not API objects or index entries), with their scores
    pages_hit = [
        (p, h[1]) for p, h in zip(paths, hits, strict=True) if h[2] in ("kind-text", "kind-title")
    ]
    if chapters:
        # the chapter about the word: among the first hits, with the best score a page gets
        wanted = [c for c in chapters if c in paths[:FIRST_HITS]]
        assert wanted, f"{chapters} not in the first {FIRST_HITS} hits for {word!r}: {hits}"
        target = wanted[0]
        best = max(score for _, score in pages_hit)
        score = max((score for path, score in pages_hit if path == target), default=0)
        assert score == best, f"{target} scores {score} for {word!r}, below the best {best}"
    else:
        # no chapter about the word yet: the first page hit is at least a page that has it
        assert pages_hit, f"searching {word!r} found no page: {hits}"
        target = pages_hit[0][0]
        rels = {p.relative_to(site_root).as_posix() for p in having}
        assert target in rels, f"first hit {target} for {word!r} does not contain it"
    # following the hit lands on that page
    page.locator(f'#search-results ul.search > li > a[href^="{target}"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.split("?")[0].split("#")[0] == site_url + target
    if chapters:
        assert word in page.locator("h1").first.inner_text().lower()
    page.close()
