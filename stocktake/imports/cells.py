"""Cleaning cell text: HTML fragments to plain text, and joining text split by page breaks."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

_BULLET_CHARS = "•·▪‣◦-*"
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_LOOKS_HTML = re.compile(r"</?(p|ul|ol|li|br|div|span|strong|em|b|i)\b", re.I)
BLOCK_TAGS = {"p", "div", "ul", "ol", "li", "br", "h1", "h2", "h3", "h4", "tr"}


def clean_spaces(text: str) -> str:
    # _SPACES never matches a line break, so one pass over the whole text is one per line.
    lines = [line.strip() for line in _SPACES.sub(" ", text.replace("\r", "")).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(value: str) -> str:
    """Turn a cell's HTML fragment into text: paragraphs apart, list items as "• " lines."""
    if not _LOOKS_HTML.search(value):
        return clean_spaces(value)
    soup = BeautifulSoup(value, "html.parser")
    out: list[str] = []
    _walk(soup, out)
    text = "".join(out)
    # A bullet character typed inside a list item must not double up.
    text = re.sub(r"^• [•·▪]\s*", "• ", clean_spaces(text), flags=re.M)
    # Bullets typed inline ("• 2 Heads of Service • 9 Team Managers") become list lines.
    text = "\n".join(
        re.sub(r"\s*•\s*", "\n• ", line).strip() if line.count("•") >= 2 else line
        for line in text.split("\n")
    )
    # Consecutive list items sit on consecutive lines.
    return re.sub(r"^(• [^\n]*)\n\n(?=• )", r"\1\n", text, flags=re.M)


def _walk(node: Tag | BeautifulSoup, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(str(child).replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name == "br":
            out.append("\n")
        elif name == "li":
            out.append("\n• ")
            _walk(child, out)
            out.append("\n")
        elif name in BLOCK_TAGS:
            out.append("\n\n")
            _walk(child, out)
            out.append("\n\n")
        else:
            _walk(child, out)


def join_continued(before: str, after: str) -> str:
    """Join a cell's text with its continuation from the next page.

    Mid-sentence breaks ("Head of" + "Safeguarding…") join with a space; a continuation
    that starts a new sentence or list item starts a new paragraph.
    """
    before, after = before.rstrip(), after.lstrip()
    if not before:
        return after
    if not after:
        return before
    last_line = before.rsplit("\n", 1)[-1]
    ends_sentence = before[-1] in ".!?:;" or last_line.startswith("•")
    starts_new = after[0].isupper() or after[0].isdigit() or after[0] in _BULLET_CHARS
    if ends_sentence and starts_new:
        return f"{before}\n\n{after}"
    if not ends_sentence and after[0].islower():
        return f"{before} {after}"
    if ends_sentence:
        return f"{before}\n\n{after}"
    return f"{before} {after}"
