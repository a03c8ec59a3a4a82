"""The Korean edition: Korean search, a link to the same page in the other language, and
generated text kept out of the translation catalogs.

The book is built twice from one source: English into ``html/`` and, with
``-D language=ko``, Korean into ``html/ko/`` (translations in ``docs/locale/ko``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from myst_nb.core.variables import RetrievalError, VariableOutput
from myst_nb.ext.glue import roles as glue_roles
from myst_nb.ext.glue.crossref import read_glue_cache
from sphinx.search import SearchLanguage
from sphinx.transforms import SphinxTransform

#: The editions, each with the folder it is built into (relative to the English one).
EDITIONS = {"en": ("English", ""), "ko": ("한국어", "ko/")}

#: Korean particles (josa) and copulas that follow a noun without a space, longest first:
#: 역전파를, 역전파는 and 역전파의 all index (and search) as 역전파.
_PARTICLES = """에서부터 으로부터 로부터 에게서 이라는 이라고 이라면 이었다 입니다 에서는 에서도
    으로는 으로도 이지만 이므로 에서 에게 한테 으로 부터 까지 처럼 보다 마다 만큼 이나 이란
    라는 라고 이다 이며 에는 에도 와는 과는 로는 로도 만이 은 는 이 가 을 를 의 에 도 만
    와 과 로 나 란 며"""
PARTICLES = sorted(set(_PARTICLES.split()), key=lambda p: (-len(p), p))
MIN_STEM = 2  # syllables a word keeps: 차이 stays 차이, 층이 stays 층이


def strip_particle(word: str) -> str:
    """``word`` without one trailing particle, if at least two syllables remain."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
            return word[: -len(particle)]
    return word


class SearchKorean(SearchLanguage):
    """Korean full-text search: words split on spaces and punctuation, particles stripped
    from the end of each word, in the index (Python) and in the query (JavaScript) alike."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = f"""
const PARTICLES = {PARTICLES!r};
var Stemmer = function() {{
  this.stemWord = function(word) {{
    for (const p of PARTICLES) {{
      if (word.endsWith(p) && [...word].length - [...p].length >= {MIN_STEM}) {{
        return word.slice(0, word.length - p.length);
      }}
    }}
    return word;
  }};
}};
"""

    def stem(self, word: str) -> str:
        return strip_particle(word.lower())


class KeepGeneratedText(SphinxTransform):
    """Mark text that is computed at build time as not translatable (it would change the
    catalogs on every build): sphinx-gallery's running-time line, and the cells of tables of
    measured data (class ``dlbook-data``: the bench results on the Performance page)."""

    default_priority = 10  # before the translation (Locale, 20)
    GENERATED = re.compile(r"^Total running time of the script:")

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.paragraph):
            if self.GENERATED.match(node.astext()):
                node["translatable"] = False
        for table in self.document.findall(nodes.table):
            if "dlbook-data" in table["classes"]:
                for node in table.findall(nodes.TextElement):
                    if not isinstance(node, nodes.title):  # the caption is prose
                        node["translatable"] = False


def _glue_from_the_page(retrieve):
    """Wrap myst-nb's glue roles' lookup. Sphinx parses each translated paragraph as a
    document of its own, in which the page's glued values are missing: look a missing key up
    in the glue data myst-nb saved for the page being read. (The chapters glue text only:
    ``{glue:text}``, which needs no notebook renderer.)"""

    def retrieve_glue_data(document, key):
        try:
            return retrieve(document, key)
        except RetrievalError:
            env = getattr(document.settings, "env", None)
            if env is None:
                raise
            saved = read_glue_cache(env.mystnb_config.output_folder, env.docname)
            if key not in saved:
                raise
            return VariableOutput(
                data=saved[key]["data"],
                metadata=saved[key].get("metadata", {}),
                nb_renderer=document.get("nb_renderer"),  # {glue:text} renders without it
                vtype="glue",
            )

    return retrieve_glue_data


def other_edition(pagename: str, language: str) -> tuple[str, str, str]:
    """(language code, name, relative href) of the same page in the other edition."""
    up = "../" * pagename.count("/")
    if language == "ko":
        return "en", EDITIONS["en"][0], f"{up}../{pagename}.html"
    return "ko", EDITIONS["ko"][0], f"{up}ko/{pagename}.html"


def add_language_link(app, pagename, templatename, context, doctree) -> None:
    """Give the page template a link to this page in the other language (lang-switch.html)
    and, where the site's address is known, tell search engines about both (hreflang)."""
    language = app.config.language or "en"
    code, name, href = other_edition(pagename, language)
    context["dlbook_other_edition"] = {"code": code, "name": name, "href": href}
    base = app.config.html_baseurl.rstrip("/")
    if base:  # hreflang wants absolute addresses
        base = base.removesuffix("/ko")
        tags = [
            f'<link rel="alternate" hreflang="{lang}" href="{base}/{folder}{pagename}.html" />'
            for lang, (_, folder) in EDITIONS.items()
        ]
        context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


#: Sphinx's Korean catalog leaves these empty, so the search page says nothing when it is done.
SEARCH_MESSAGES_KO = {
    "Search finished, found one page matching the search query.": [
        "검색을 마쳤습니다. 검색어와 일치하는 페이지를 ${resultCount}개 찾았습니다."
    ],
}


def fill_search_messages(app, exception) -> None:
    """Fill the messages Sphinx's Korean catalog leaves empty in the search page's
    translations (_static/translations.js)."""
    if exception is not None or app.config.language != "ko" or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / "translations.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    head, body = text.split("(", 1)
    catalog = json.loads(body.rstrip().removesuffix(");"))
    for message, translation in SEARCH_MESSAGES_KO.items():
        if not any(catalog["messages"].get(message) or [""]):
            catalog["messages"][message] = translation
    path.write_text(f"{head}({json.dumps(catalog, indent=4, sort_keys=True)});\n", encoding="utf-8")


def setup(app):
    app.add_search_language(SearchKorean)
    app.add_transform(KeepGeneratedText)
    app.add_css_file("dlbook-i18n.css")
    glue_roles.retrieve_glue_data = _glue_from_the_page(glue_roles.retrieve_glue_data)
    app.connect("html-page-context", add_language_link)
    app.connect("build-finished", fill_search_messages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
