"""The one mkdocs hook of ours: every page's HTML goes through the sanitiser before the theme or the
search index sees it, so Markdown from content/ cannot put script on a page however it is written.

Registered by sites.write_sources in each area's mkdocs.yml (`hooks:`). Pages the kit renders from its
own templates carry `jobclub_template: true` in their front matter and keep the events JSON-LD the kit
writes; every other page keeps no script at all.
"""

from __future__ import annotations

from typing import Any

# mkdocs loads this file by its path, outside the package: the import is absolute.
from generator.sanitise import sanitise_page


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    return sanitise_page(html, structured_data=page.meta.get("jobclub_template") is True)
