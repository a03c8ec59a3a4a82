"""The colour-mode switch works, and figures stay legible in dark mode (on a white card)."""

from __future__ import annotations

import re

import pytest
import sitecheck

# a page with a gallery figure, and the chapter (whose cell outputs are figures when executed)
PAGES = ["auto_examples/perceptron/plot_perceptron_learns_and.html", "chapters/perceptron.html"]
FIGURES = "img.sphx-glr-single-img, img.sphx-glr-multi-img, .cell_output img"

_BACKGROUND = """el => {
  // the colour an element is drawn on: its own background, else the nearest ancestor's
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c)) return c;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}"""


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black, 1 white) of an ``rgb()``/``rgba()`` colour."""
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("rel", PAGES)
def test_dark_mode_switch_and_figures_on_white(rel, site_root, site_url, browser):
    with sitecheck.browsing(browser, color_scheme="light") as context:
        page = context.new_page()
        page.goto(site_url + rel)
        html = page.locator("html")
        assert html.get_attribute("data-theme") == "light"
        light_body = page.evaluate(_BACKGROUND, page.locator("body").element_handle())
        # the theme's colour-mode button opens a menu: Light, Dark, System Settings
        page.locator("button.theme-switch-button:visible").first.click()
        page.locator(".theme-change-button[data-mode=dark]:visible").first.click()
        assert html.get_attribute("data-theme") == "dark"
        body = page.evaluate(_BACKGROUND, page.locator("body").element_handle())
        assert luminance(body) < 0.1 < luminance(light_body), (body, light_body)
        # the choice is remembered on the next page
        page.reload()
        assert html.get_attribute("data-theme") == "dark"
        figures = page.locator(FIGURES)
        if figures.count() == 0:
            assert rel.startswith("chapters/"), f"no figure on {rel}"
            pytest.skip(f"{rel} shows no figure (see test_chapter_figures_are_drawn)")
        for i in range(figures.count()):
            colour = figures.nth(i).evaluate(_BACKGROUND)
            assert luminance(colour) > 0.9, f"figure {i} of {rel} is on {colour} in dark mode"
