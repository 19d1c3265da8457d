"""Markdown fields render with raw HTML off and only http(s) and mailto links."""

from __future__ import annotations

import pytest

from catalog.markdown import render_markdown


def test_markdown_renders_emphasis_lists_and_web_links():
    html = render_markdown("Use **batch**:\n\n- for [offline](https://example.com/a?b=1&c=2) work")
    assert "<strong>batch</strong>" in html
    assert '<a href="https://example.com/a?b=1&amp;c=2">offline</a>' in html
    assert '<a href="mailto:team@example.com">' in render_markdown("[mail](mailto:team@example.com)")


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "hello <b onclick='x()'>there</b>",
])
def test_raw_html_is_shown_as_text(text):
    html = render_markdown(text)
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "&lt;" in html


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
    "vbscript:msgbox", "file:///etc/passwd", "/relative/path",
])
def test_only_web_and_mail_links_become_links(url):
    for text in (f"[click]({url})", f"![pic]({url})", f"<{url}>"):
        html = render_markdown(text)
        assert "href=" not in html and "src=" not in html, (text, html)
