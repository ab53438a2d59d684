"""One allow-list for every piece of HTML that reaches a page, whoever wrote the Markdown it came from.

Python-Markdown passes raw HTML, `javascript:` links and attribute lists (`{: onclick=... }`) straight
through, so the rendered HTML is cleaned, not the Markdown source: whatever way something was written
(reference links, autolinks, entities), it is judged as the browser would read it. What is kept is what
the kit's own pages use: headings with ids, paragraphs, lists, links, tables, definition lists,
admonitions, line breaks and the small spans the timetable marks with a class. Links go only to
https, http, mailto, tel or another page of the site; pictures only come from the site itself.
"""

from __future__ import annotations

import functools
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},  # lang: a passage in another language (WCAG 3.1.2)
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"style"},  # the tables extension aligns columns with text-align
    "td": {"style"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
# A URL with no scheme that still leaves the site: //host, or /\host, which browsers read the same way.
_OTHER_HOST = re.compile(r"^[\s\x00-\x1f]*[/\\][/\\]")
_SCHEME = re.compile(r"^[\s\x00-\x1f]*[a-zA-Z][a-zA-Z0-9+.-]*:")
# Ids the theme's own scripts look up (`__config`, `__search`): a page must not shadow them.
_THEME_ID = re.compile(r"^(__|md-)")
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and _OTHER_HOST.match(value):
        return None
    if tag == "img" and attribute == "src" and _SCHEME.match(value):
        return None  # a picture from another website: nothing on our pages asks another site
    if attribute == "id" and _THEME_ID.match(value):
        return None
    if attribute == "lang" and not _LANGUAGE_TAG.match(value):
        return None
    return value


@functools.lru_cache(maxsize=128)  # a guide's page is the same HTML in every area of a build
def sanitise_html(html: str) -> str:
    """`html` with everything outside the allow-list removed: no script, no event handler, no style
    but a table column's alignment, no comment, and no link or picture that runs code or leaves the site.
    A pure function of its input, so a cache of converted pages can call it too."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align"},
        strip_comments=True,
        link_rel=None,
    )
    # A picture whose address was removed shows its words instead (an <img> needs a src).
    return _IMAGE_WITHOUT_SOURCE.sub(lambda image: image[1] or "", clean)


_IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=)(?:[^>]*?\salt="([^"]*)")?[^>]*>')


# The one script the kit writes into its own pages: events for search engines, as JSON in which
# `<`, `>` and `&` are escaped (see events.structured_data), so it cannot hold markup.
_JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')


def sanitise_page(html: str, *, structured_data: bool = False) -> str:
    """A page's HTML through the allow-list. With `structured_data` (only for pages the kit renders from
    its own templates), the kit's JSON-LD blocks are kept where they were."""
    if not structured_data:
        return sanitise_html(html)
    kept: list[str] = []

    def hold(match: re.Match[str]) -> str:
        kept.append(match[0])
        return f"\ue000jsonld{len(kept) - 1}\ue000"

    clean = sanitise_html(_JSON_LD.sub(hold, html))
    return re.sub("\ue000jsonld(\\d+)\ue000", lambda match: kept[int(match[1])], clean)
