"""Editorial Markdown to HTML, safely: CommonMark with raw HTML off and only http(s) and
mailto links, so a spec from a stranger cannot put a script or a `javascript:` link on a page.
Rendered text is cached by content, since the same paragraph repeats across thousands of pages:

    render_markdown("Use **batch** for [offline](https://example.com) work.")
    -> '<p>Use <strong>batch</strong> for <a href="https://example.com">offline</a> work.</p>\\n'
    render_markdown("[x](javascript:alert(1)) <b>hi</b>")
    -> '<p>[x](javascript:alert(1)) &lt;b&gt;hi&lt;/b&gt;</p>\\n'
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
"""Links and images may only point at the web or at a mail address."""

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]


@functools.lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """HTML for a Markdown field; raw HTML is shown as text, unsafe links stay plain text."""
    return _renderer.render(text)
