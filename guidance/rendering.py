"""Markdown to safe HTML, and the plain words for search snippets.

Markdown lets an author write raw HTML, so the rendered result is always passed
through nh3 with a short allow-list: no scripts, no event handlers, no styles,
and links only to http, https and mailto addresses (or relative ones).
"""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Snippets mark matches with these; they never occur in stored text (see plain_text).
MARK_START = "\u27e6"
MARK_STOP = "\u27e7"

_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"<th>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|td|th)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML, safe to show with |safe."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    # The page's own title is the only <h1>; an author's top-level heading becomes an <h2>.
    rendered = _H1.sub(r"<\1h2", rendered)
    rendered = _TABLE_HEADER.sub('<th scope="col">', rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(safe_html: str) -> str:
    """The words of already-sanitised HTML, one paragraph a line, without any markup."""
    spaced = _BLOCK_END.sub(lambda match: match.group(0) + "\n", safe_html)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")


def link_document_titles(safe_html: str, links: dict[str, str]) -> str:
    """Make each mention of another document's title (``{title: url}``) a link to it.

    Only text outside links and headings changes; titles are matched as whole
    words, longest first, so "Code of Conduct" does not eat "Code of Conduct guide".
    ``links`` holds only documents the reader may open, so no link leads to a 404.
    """
    if not links:
        return safe_html
    escaped = {html.escape(title, quote=False): url for title, url in links.items() if title.strip()}
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(t) for t in sorted(escaped, key=len, reverse=True)) + r")(?![\w])"
    )
    out, blocked = [], 0
    for part in _TAG_OR_TEXT.split(safe_html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in ("a", "h1", "h2", "h3", "h4", "h5", "h6"):
                blocked += -1 if part.startswith("</") else 1
            out.append(part)
        elif blocked <= 0 and part:
            out.append(
                pattern.sub(lambda m: f'<a href="{html.escape(escaped[m.group(1)])}">{m.group(1)}</a>', part)
            )
        else:
            out.append(part)
    return "".join(out)
