"""Our mkdocs hooks: every page's HTML goes through the sanitiser before the theme or the search index
sees it, so Markdown from content/ cannot put script on a page however it is written; and the site
name, escaped once, is not escaped again.

Registered by sites.write_sources in each area's mkdocs.yml (`hooks:`). Pages the kit renders from its
own templates carry `jobclub_template: true` in their front matter and keep the events JSON-LD the kit
writes; every other page keeps no script at all.
"""

from __future__ import annotations

import sys
from typing import Any

from markupsafe import Markup

# mkdocs loads this file by its path, outside the package: the import is absolute.
from generator.sanitise import sanitise_page


def on_config(config: Any) -> Any:
    """The site name arrives escaped (sites.write_sources): the theme prints it as it is in most places
    and escapes it again in the logo's tooltip. As Markup, it is printed as it is everywhere."""
    config.site_name = Markup(config.site_name)
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    template = page.meta.get("jobclub_template") is True
    if template and "<!--jobclub-block:" in html:  # session blocks the kit converted
        from generator.render import expand_blocks

        html = expand_blocks(html)
    return sanitise_page(html, structured_data=template)


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Every page is read and converted: keep what the next build needs to draw only the pages that
    changed (sites.keep_pages)."""
    # Only in the kit's own builds, which import sites.py: `mkdocs build` run by hand on the
    # sources (as the benchmark's naive way does) neither needs it nor pays for importing it.
    sites = sys.modules.get("generator.sites")
    if sites is not None:
        sites.keep_pages(files)
    return env
