"""What changed between two versions, line by line and, within a changed line, word by word.

The result is plain data; the template marks additions with <ins> and removals
with <del>, each with visually hidden words, so the change is not told by colour
alone.
"""

import difflib
import re
from dataclasses import dataclass, field

from guidance.rendering import plain_text, render_markdown

CONTEXT = 2  # unchanged lines kept around each change
SIMILAR = 0.5  # lines at least this alike count as one line edited, not one removed and one added
MAX_ALIGN_CELLS = 40_000  # beyond this, a replaced block is shown as removed then added
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class Line:
    kind: str  # "same", "added", "removed", "changed" or "skipped"
    segments: list = field(default_factory=list)
    skipped: int = 0  # for "skipped": how many unchanged lines are hidden
    block: str = ""  # for a rendered diff: the HTML element the line was ("h2", "p", "li", ...)


@dataclass
class Diff:
    lines: list
    added: int
    removed: int
    changed: int

    @property
    def has_changes(self):
        return bool(self.added or self.removed or self.changed)


def _words(old: str, new: str) -> list[Segment]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    segments = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(old_words[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            segments.append(Segment("removed", "".join(old_words[i1:i2])))
        if tag in ("replace", "insert"):
            segments.append(Segment("added", "".join(new_words[j1:j2])))
    return segments


def _lines(text: str) -> list[str]:
    """The text's non-blank lines: in Markdown, blank lines only separate paragraphs."""
    return [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


def diff_text(old: str, new: str) -> Diff:
    """The Markdown source, line by line (for officers checking an edit)."""
    return _diff(_lines(old), _lines(new))


_BLOCK = re.compile(r"<(h[1-6]|p|li|th|td|blockquote|pre)\b[^>]*>(.*?)</\1>", re.S)
_KEY = "\x1f"  # between a line's element name and its words, in the lines compared


def _rendered_lines(markdown_text: str) -> list[str]:
    """The text as a reader sees it: one line per paragraph, heading or list item, no Markdown."""
    lines = []
    for block, inner in _BLOCK.findall(render_markdown(markdown_text)):
        words = " ".join(plain_text(inner).split())
        if words:
            lines.append(f"{block}{_KEY}{words}")
    return lines


def diff_rendered(old: str, new: str) -> Diff:
    """What changed in the text as rendered: each line keeps its element (heading, item) and only its
    words are compared, so the page shows formatted text with the changes marked, not Markdown."""
    return _diff(_rendered_lines(old), _rendered_lines(new))


def _split(line: str) -> tuple[str, str]:
    """(element, words) of a compared line; a Markdown source line has no element."""
    block, key, words = line.partition(_KEY)
    return (block, words) if key else ("", line)


def _line(kind: str, key: str) -> Line:
    block, words = _split(key)
    return Line(kind, [Segment(kind, words)], block=block)


def _diff(old_lines: list[str], new_lines: list[str]) -> Diff:
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    lines, added, removed, changed = [], 0, 0, 0
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old_lines[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(same) <= len(head) + len(tail):
                head, tail = same, []
            lines.extend(_line("same", text) for text in head)
            hidden = len(same) - len(head) - len(tail)
            if hidden:
                lines.append(Line("skipped", skipped=hidden))
            lines.extend(_line("same", text) for text in tail)
        else:
            for kind, old_line, new_line in _align(old_lines[i1:i2], new_lines[j1:j2]):
                if kind == "removed":
                    lines.append(_line("removed", old_line))
                    removed += 1
                elif kind == "added":
                    lines.append(_line("added", new_line))
                    added += 1
                elif old_line == new_line:
                    lines.append(_line("same", old_line))
                else:
                    block, new_words = _split(new_line)
                    lines.append(Line("changed", _words(_split(old_line)[1], new_words), block=block))
                    changed += 1
    return Diff(lines=lines, added=added, removed=removed, changed=changed)


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def _align(old: list[str], new: list[str]):
    """Pair up lines in a replaced block that are edits of each other; the rest were removed or added.

    The longest run of similar pairs, in order (an LCS where "similar" counts as equal).
    """
    n, m = len(old), len(new)
    if n * m > MAX_ALIGN_CELLS:
        return [("removed", line, None) for line in old] + [("added", None, line) for line in new]
    similar = [[_similar(a, b) for b in new] for a in old]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if similar[i][j] else 0)
    steps, i, j = [], 0, 0
    while i < n or j < m:
        if i < n and j < m and similar[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            steps.append(("changed", old[i], new[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i + 1][j] >= best[i][j + 1]):
            steps.append(("removed", old[i], None))
            i += 1
        else:
            steps.append(("added", None, new[j]))
            j += 1
    return steps


def diff_versions(old, new) -> dict:
    """The differences in title, summary and text between two DocumentVersions."""
    return {
        "title": _words(old.title, new.title) if old.title != new.title else None,
        "summary": _words(old.summary, new.summary) if old.summary != new.summary else None,
        "body": diff_rendered(old.body, new.body),
    }
