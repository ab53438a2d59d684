"""The allow-list every page's HTML goes through: what content could inject is gone, what the kit
itself writes is kept."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.sanitise import sanitise_html, sanitise_page

# The Markdown extensions mkdocs.yml turns on, so the HTML is what mkdocs would give the hook.
EXTENSIONS = ["toc", "attr_list", "tables", "admonition", "def_list"]


def converted(text: str) -> str:
    return sanitise_html(markdown.markdown(text, extensions=EXTENSIONS))


ATTACKS = {
    "attribute list on a link": '[A](https://ok.example){: onclick="alert(1)" }',
    "attribute list under a paragraph": 'Hello\n{: onmouseover="alert(1)" style="position:fixed" }',
    "attribute list on a heading": "## Hi {: onfocus=alert(1) tabindex=1 autofocus }",
    "reference definition": "[click][r]\n\n[r]: javascript:alert(1)",
    "entity-encoded scheme": "[click](&#106;avascript:alert(1))",
    "escaped entity in raw HTML": '<a href="&#x6A;avascript:alert(1)">x</a>',
    "data URL": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript URL": "[x](vbscript:msgbox(1))",
    "autolink-shaped tag": "<javascript:alert(1)>",
    "raw script": "<script>alert(1)</script>",
    "raw image with handler": '<img src="x" onerror="alert(1)">',
    "svg": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "form": '<form action="https://evil.example"><input name="pin"></form>',
    "style element": "<style>body{background:url(https://evil.example/t.png)}</style>",
    "comment": "<!-- a note for editors --> Text",
    "remote image": "![tracker](https://evil.example/pixel.png)",
    "protocol-relative image": "![tracker](//evil.example/pixel.png)",
    "protocol-relative link": "[x](//evil.example/)",
    "backslash host link": "[x](/\\evil.example/)",
    "remote image by reference": "![tracker][p]\n\n[p]: https://evil.example/p.png",
    "shadowing a theme id": "Text\n{: #__config }",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
}


@pytest.mark.parametrize("source", ATTACKS.values(), ids=ATTACKS.keys())
def test_nothing_content_writes_can_run_or_reach_another_site(source: str) -> None:
    html = converted(source).lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html), html
    assert not re.search(r"(javascript|data|vbscript):", html), html
    for tag in ("<script", "<svg", "<iframe", "<form", "<input", "<style", "<meta", "<!--"):
        assert tag not in html, html
    assert "style=" not in html, html
    assert "evil.example" not in html or "<a href=\"https://evil" in html, html
    assert not re.search(r'(src|href)="[/\\]{2}', html), html
    assert 'id="__config"' not in html, html


def test_what_the_kit_writes_is_kept() -> None:
    source = (
        "# Timetable {#timetable}\n\n"
        "## Tuesday 1 December\n\n"
        '- <span class="jc-off">Not on: closed</span><br>\n'
        "  **10am to midday**: [Writing a CV](../courses/cv-writing.md)\n\n"
        '- Phone: <a href="tel:01632960123">01632 960123</a>\n'
        '- Email: <a href="mailto:jobclub@example.org">jobclub@example.org</a>\n'
        "- Website: [Find a job](https://findajob.dwp.gov.uk/)\n\n"
        "| Day | Hours |\n| :-- | --: |\n| Monday | 9am to 5pm |\n\n"
        "!!! note\n    Bring photo ID.\n\n"
        "Step-free access\n:   Yes\n\n"
        "![A map of the library](../assets/map.png)\n"
    )
    html = converted(source)
    for kept in (
        '<h1 id="timetable">Timetable</h1>',
        '<h2 id="tuesday-1-december">',
        '<span class="jc-off">Not on: closed</span><br>',
        '<a href="../courses/cv-writing.md">Writing a CV</a>',
        '<a href="tel:01632960123">',
        '<a href="mailto:jobclub@example.org">',
        '<a href="https://findajob.dwp.gov.uk/">',
        '<th style="text-align:left">Day</th>',
        '<td style="text-align:right">9am to 5pm</td>',
        '<div class="admonition note">',
        "<dt>Step-free access</dt>",
        '<img alt="A map of the library" src="../assets/map.png">',
    ):
        assert kept in html, (kept, html)


def test_the_kits_structured_data_is_kept_only_on_its_own_pages() -> None:
    block = '<script type="application/ld+json">[{"name":"CV \\u003cb\\u003e"}]</script>'
    html = f"<h1>Courses</h1>\n{block}\n<p>Text</p>"
    assert block in sanitise_page(html, structured_data=True)
    assert "<script" not in sanitise_page(html)
    # Any other script on a kit page still goes.
    assert "alert" not in sanitise_page(f"{html}<script>alert(1)</script>", structured_data=True)
