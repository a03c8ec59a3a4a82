"""The site on a phone, light and linked (issue 15): figures keep their shape at 412 px, every
image says what it shows and has its size, every page has a description and a favicon, one
search field (the index loaded only by the search page), formulas as MathML with no math
script, one stylesheet per page, no icon JavaScript, readable search highlights in dark mode, and code that links."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import sitecheck
from test_site_theme import luminance

PHONE = {"width": 412, "height": 915}  # Lighthouse's mobile viewport (Moto G Power)
DESKTOP = {"width": 1280, "height": 900}
ASPECT_TOLERANCE = 0.03
FILE_NAME = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|gif|svg|webp)$|_images/", re.IGNORECASE)
# content figures: myst-nb cell outputs, sphinx-gallery figures, figures in prose
FIGURES = ".cell_output img, img.sphx-glr-single-img, img.sphx-glr-multi-img, figure img"


@cache
def _pages(site_root):
    return {
        p.relative_to(site_root).as_posix(): sitecheck.parse(p) for p in sitecheck.pages(site_root)
    }


def _figure_pages(site_root) -> list[str]:
    """Pages that show figures: the chapters and the gallery's examples."""
    return [
        rel
        for rel, page in _pages(site_root).items()
        if rel.startswith(("chapters/", "auto_examples/"))
        and any(t.attrs.get("src", "").endswith(".png") for t in page.find("img"))
    ]


# -- Parsed: every page ---------------------------------------------------------------------
def test_every_img_has_width_and_height(site_root):
    missing = [
        f"{rel}:{tag.line} {tag.attrs.get('src')}"
        for rel, page in _pages(site_root).items()
        for tag in page.find("img")
        if not (tag.attrs.get("width", "").isdigit() and tag.attrs.get("height", "").isdigit())
    ]
    assert not missing, f"{len(missing)} <img> without width and height:\n" + "\n".join(missing)


def test_no_alt_text_is_a_file_name_and_figures_have_one(site_root):
    bad = []
    figures = 0
    for rel, page in _pages(site_root).items():
        for tag in page.find("img"):
            alt = tag.attrs.get("alt")
            classes = tag.attrs.get("class", "")
            if alt and FILE_NAME.search(alt.strip()):
                bad.append(f"{rel}:{tag.line} alt={alt!r}")
            if "sphx-glr-single-img" in classes or "sphx-glr-multi-img" in classes:
                figures += 1
                if not (alt or "").strip():
                    bad.append(f"{rel}:{tag.line} a gallery figure with no alt text")
    assert figures > 0, "no gallery figure found"
    assert not bad, "\n".join(bad)


def test_chapter_figures_say_what_they_show(site_root):
    """myst-nb's figures take their alt text from the figure (dlbook_site.describe_figures)."""
    alts = [
        tag.attrs.get("alt", "")
        for rel, page in _pages(site_root).items()
        if rel.startswith("chapters/")
        for tag in page.find("img")
        if tag.attrs.get("src", "").endswith(".png")
    ]
    if not alts:
        pytest.skip("no chapter figure (a build without execution?)")
    empty = [a for a in alts if len(a.split()) < 2]
    assert not empty, f"{len(empty)} of {len(alts)} chapter figures without words: {empty[:5]}"


def test_every_page_has_a_description_and_a_favicon(site_root):
    missing = []
    for rel, page in _pages(site_root).items():
        metas = {t.attrs.get("name") or t.attrs.get("property"): t.attrs for t in page.find("meta")}
        description = metas.get("description", {}).get("content", "").strip()
        if len(description) < 20:
            missing.append(f"{rel}: description {description!r}")
        if "og:title" not in metas:
            missing.append(f"{rel}: no og:title")
        icons = [t for t in page.find("link") if "icon" in t.attrs.get("rel", "").split()]
        if not icons:
            missing.append(f"{rel}: no <link rel=icon>")
    assert not missing, f"{len(missing)} problems:\n" + "\n".join(missing[:40])


def test_search_index_only_on_the_search_page(site_root):
    pages = _pages(site_root)
    with_index = sorted(
        rel
        for rel, page in pages.items()
        if any(t.attrs.get("src", "").endswith("searchindex.js") for t in page.find("script"))
    )
    # each edition's own search page (the Korean one at ko/search.html, when built)
    editions = ["search.html"] + (["ko/search.html"] if (site_root / "ko").is_dir() else [])
    assert with_index == sorted(editions), with_index


def test_no_icon_javascript(site_root):
    loading = [
        rel
        for rel, page in _pages(site_root).items()
        for t in page.find("script", "link")
        if "fontawesome" in (t.attrs.get("src", "") + t.attrs.get("href", "")).lower()
    ]
    assert not loading, f"pages loading Font Awesome's JavaScript: {loading[:10]}"


def _has_math(page) -> bool:
    return any(
        {"math", "math-wrapper"} & set(t.attrs.get("class", "").split())
        for t in page.find("span", "div")
    )


def test_formulas_are_mathml_and_no_page_loads_a_math_script(site_root):
    """dlbook_mathml writes every formula as MathML at build time: no MathJax anywhere, and
    no formula left as TeX (its fallback when docutils cannot convert it)."""
    wrong = []
    with_math = 0
    for rel, page in _pages(site_root).items():
        text = (site_root / rel).read_text(encoding="utf-8")
        if _MATH_SCRIPT.search(text):
            wrong.append(f"{rel}: loads MathJax")
        starts = _MATH_CONTENT.findall(text)
        with_math += bool(starts) and _has_math(page)
        wrong += [f"{rel}: a formula that is not MathML: {s!r}" for s in starts if s != "<math"]
    assert with_math > 10, f"only {with_math} pages with MathML formulas"
    assert not wrong, "\n".join(wrong)


#: what follows each formula's opening tag (after its equation number): "<math", or the TeX
_MATH_CONTENT = re.compile(
    r'class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?\s*(.{5})',
    re.DOTALL,
)
_MATH_SCRIPT = re.compile(r"<script[^>]*mathjax|MathJax\s*=|_static/mathjax/", re.IGNORECASE)
_STYLESHEET = re.compile(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>")


def test_each_page_links_one_stylesheet_whose_urls_resolve(site_root):
    """dlbook_head joins a page's local stylesheets into one file (render-blocking requests
    cost a phone most of its first paint): every page links exactly one, it exists, imports
    nothing, and each relative url() in it names a file of the site."""
    wrong, joined = [], {}
    for rel in _pages(site_root):
        path = site_root / rel
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        hrefs = [re.search(r'href="([^"?]*)', t)[1] for t in _STYLESHEET.findall(head)]
        local = [h for h in hrefs if "://" not in h]
        if len(local) != 1:
            wrong.append(f"{rel}: {len(local)} local stylesheets {local}")
            continue
        if not local[0].startswith("/"):  # the 404 page's links are rooted at the base URL
            joined.setdefault((path.parent / local[0]).resolve(), rel)
        if "documentation_options.js" in head:
            wrong.append(f"{rel}: requests documentation_options.js (it is written in)")
    assert joined, "no stylesheet"
    for css, rel in joined.items():
        if not css.is_file():
            wrong.append(f"{rel}: links {css}, which does not exist")
            continue
        text = css.read_text(encoding="utf-8")
        if "@import" in text:
            wrong.append(f"{css.name} still imports a file")
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text):
            local = not url.startswith(("data:", "#")) and "://" not in url
            if local and not (css.parent / url.split("?")[0].split("#")[0]).is_file():
                wrong.append(f"{css.name}: url({url}) names no file")
    assert not wrong, "\n".join(wrong[:40])


_ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+,)*\.fa-[a-z0-9-]+)\{--fa:\"\\([0-9a-f]+)\"\}")
_ICON_CLASSES = re.compile(r'class="([^"]*\bfa-[^"]*)"')


def test_icon_fonts_are_cut_and_hold_every_icon_the_pages_show(site_root):
    """dlbook_icons cuts Font Awesome's fonts (225 KB for solid and brands) to the site's
    icons: the stylesheet names only cut fonts, each small, and every icon class a page uses
    has its glyph in them."""
    from fontTools.ttLib import TTFont

    missing = []
    joined = [
        manifest.parent.parent / name
        for manifest in site_root.rglob("_static/dlbook-css.json")  # one per edition
        for name in json.loads(manifest.read_text(encoding="utf-8"))
    ]
    assert joined, "no joined stylesheet listed in _static/dlbook-css.json"
    for css in joined:
        text = css.read_text(encoding="utf-8")
        fonts = re.findall(r"url\(([^)]*\.woff2)\)", text)
        assert fonts, f"{css} names no font"
        assert all(f.startswith("dlbook-icons/") for f in fonts), fonts
        glyphs = set()
        for font in fonts:
            path = css.parent / font
            assert path.stat().st_size < 20_000, f"{path} is {path.stat().st_size} bytes"
            with TTFont(str(path)) as f:
                glyphs |= set(f.getBestCmap())
        icons = {
            name[1:]: int(code, 16)
            for names, code in _ICON_RULE.findall(text)
            for name in names.split(",")
        }
        edition = css.parents[1]
        for rel in _pages(site_root):
            path = site_root / rel
            if (edition / "_static") != _static_of(path, site_root):
                continue
            for classes in _ICON_CLASSES.findall(path.read_text(encoding="utf-8")):
                for name in classes.split():
                    if name in icons and icons[name] not in glyphs:
                        missing.append(f"{rel}: {name} (U+{icons[name]:X})")
    assert not missing, "icons without their glyph:\n" + "\n".join(sorted(set(missing))[:40])


def _static_of(page, site_root):
    """The _static folder of the edition a page belongs to (html/_static or html/ko/_static)."""
    for parent in page.parents:
        if (parent / "_static").is_dir():
            return parent / "_static"
    return site_root / "_static"


def test_404_page(site_root):
    page = _pages(site_root).get("404.html")
    assert page is not None, "no 404.html"
    assert "not found" in page.h1.lower()
    canonical = [t for t in page.find("link") if t.attrs.get("rel") == "canonical"]
    if canonical:  # built with the base URL: links rooted at its path, for any depth
        root = re.sub(r"^https?://[^/]+", "", canonical[0].attrs["href"]).rsplit("/", 1)[0] + "/"
        hrefs = [t.attrs.get("href", "") for t in page.find("a", "link")]
        local = [h for h in hrefs if h and not h.startswith(("http", "#", "mailto:"))]
        assert local
        assert all(h.startswith(root) for h in local), local[:10]


def test_sitemap_when_the_base_url_is_known(site_root):
    index = _pages(site_root)["index.html"]
    canonical = [t.attrs["href"] for t in index.find("link") if t.attrs.get("rel") == "canonical"]
    if not canonical:
        pytest.skip("built without DLBOOK_BASE_URL: no absolute URLs, no sitemap")
    base = canonical[0].rsplit("/", 1)[0] + "/"
    sitemap = (site_root / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert base + "index.html" in urls
    assert all(u.startswith(base) for u in urls)
    assert len(urls) >= len(list((site_root / "chapters").glob("*.html")))


def test_chapter_code_links_to_the_api_and_the_gallery_is_not_linked_twice(site_root):
    pages = _pages(site_root)
    api_links = 0
    for rel, page in pages.items():
        links = [t for t in page.find("a") if "sphinx-codeautolink-a" in t.attrs.get("class", "")]
        if rel.startswith("chapters/"):
            api_links += sum("api/" in t.attrs.get("href", "") for t in links)
        if rel.startswith("auto_examples/"):
            assert not links, f"{rel}: codeautolink links on a page sphinx-gallery links"
    assert api_links > 0, "no name in chapter code links to the API pages"


# -- In the browser ------------------------------------------------------------------------------
_ASPECTS = """async (selector) => {
  const out = [];
  for (const img of document.querySelectorAll(selector)) {
    img.loading = "eager";
    try { await img.decode(); } catch (e) {}
    const r = img.getBoundingClientRect();
    if (!img.naturalWidth || !r.width) continue;
    out.push([img.getAttribute("src"), img.naturalWidth / img.naturalHeight, r.width / r.height,
              r.width, document.documentElement.clientWidth]);
  }
  return out;
}"""


def test_figures_keep_their_aspect_on_a_phone(site_root, site_url, browser):
    pages = _figure_pages(site_root)
    assert pages, "no page with figures"
    bad = []
    checked = 0
    with sitecheck.browsing(browser, viewport=PHONE, device_scale_factor=1.75) as context:
        page = context.new_page()
        for rel in pages:
            page.goto(site_url + rel)
            for src, natural, shown, width, viewport in page.evaluate(_ASPECTS, FIGURES):
                checked += 1
                if abs(shown / natural - 1) > ASPECT_TOLERANCE:
                    bad.append(f"{rel} {src}: shown at {shown / natural:.2f} of its aspect")
                if width > viewport:
                    bad.append(f"{rel} {src}: {width:.0f} px wide in a {viewport} px screen")
    assert checked > 0
    assert not bad, f"{len(bad)} of {checked} figures:\n" + "\n".join(bad)


_VISIBLE_SEARCH = """() => Array.from(document.querySelectorAll(
    ".search-button-field, .search-button, form.bd-search, #searchbox, input[type=search]"))
  .filter(e => !e.closest("dialog"))
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                 return r.width > 0 && r.height > 0 && s.visibility !== "hidden"; })
  .map(e => e.className || e.id)"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_one_search_field(viewport, site_url, browser):
    with sitecheck.browsing(browser, viewport=viewport) as context:
        page = context.new_page()
        page.goto(site_url + "chapters/backprop.html")
        visible = page.evaluate(_VISIBLE_SEARCH)
        assert len(visible) == 1, (
            f"{len(visible)} search fields at {viewport['width']} px: {visible}"
        )


def test_search_from_a_page_loads_the_index_on_demand(site_url, browser):
    with sitecheck.browsing(browser, viewport=DESKTOP) as context:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site_url + "chapters/backprop.html")
        page.wait_for_load_state("load")
        assert not [u for u in requests if "searchindex.js" in u], "index loaded by a chapter"
        page.locator(".search-button-field:visible").first.click()
        field = page.locator("#pst-search-dialog input[name=q]")
        field.fill("perceptron")
        field.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q=perceptron"))
        page.wait_for_selector("#search-results ul.search > li", timeout=20_000)
        assert [u for u in requests if "searchindex.js" in u], "the search page loaded no index"


def test_icons_drawn_by_the_web_font(site_url, browser):
    with sitecheck.browsing(browser, viewport=DESKTOP) as context:
        page = context.new_page()
        page.goto(site_url + "index.html")
        page.evaluate("document.fonts.ready")
        font = page.evaluate(
            """() => { const i = Array.from(document.querySelectorAll("i[class*='fa-']"))
                         .find(e => e.getBoundingClientRect().width > 0);
                       const s = getComputedStyle(i, "::before");
                       return [s.fontFamily, s.content, i.getBoundingClientRect().width]; }"""
        )
        assert "Font Awesome" in font[0], font
        assert font[1] not in ("none", "normal", ""), font
        assert font[2] > 0, font


def test_search_highlights_readable_in_dark_mode(site_url, browser):
    with sitecheck.browsing(browser, color_scheme="dark", viewport=DESKTOP) as context:
        page = context.new_page()
        page.goto(site_url + "chapters/backprop.html?highlight=gradient")
        assert page.locator("html").get_attribute("data-theme") == "dark"
        page.wait_for_selector("span.highlighted", timeout=10_000)
        colours = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector("span.highlighted"));
                       return [s.color, s.backgroundColor]; }"""
        )
        fg, bg = (luminance(c) for c in colours)
        ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
        assert ratio >= 4.5, f"search highlight contrast {ratio:.2f}:1 in dark mode {colours}"
