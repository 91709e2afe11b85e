"""Which documents' titles a page of text mentions, without matching every title against it.

The document page links each mention of another document's title. Building one
pattern of 30,000 titles and running it took seconds a request; instead each
worker keeps an index of every document's title (built once, rebuilt when any
document is saved: the newest ``updated_at`` is its version) and finds the few
titles a text contains by looking up its substrings. The index only narrows the
search: the caller still asks the database which of those documents the reader
may open, with their current titles, so a stale index can miss a link for a
moment but never makes a wrong one.
"""

import html
import threading

from django.db.models import Max

from guidance.models import Document

PREFIX = 4  # titles are filed under their first few characters

_lock = threading.Lock()
_built: dict = {}


class TitleIndex:
    def __init__(self, rows):
        self.ids: dict[str, list[int]] = {}
        for pk, title in rows:
            if title.strip():
                # The page's HTML has its text escaped, so look for the escaped title.
                self.ids.setdefault(html.escape(title, quote=False), []).append(pk)
        self.lengths: dict[str, set[int]] = {}
        self.short: list[str] = []
        for text in self.ids:
            if len(text) < PREFIX:
                self.short.append(text)
            else:
                self.lengths.setdefault(text[:PREFIX], set()).add(len(text))

    def ids_in(self, text: str) -> set[int]:
        """Ids of the documents whose (escaped) title occurs anywhere in ``text``."""
        found: set[int] = set()
        lengths, ids = self.lengths, self.ids
        for start in range(len(text) - PREFIX + 1):
            sizes = lengths.get(text[start : start + PREFIX])
            if sizes:
                for size in sizes:
                    match = ids.get(text[start : start + size])
                    if match:
                        found.update(match)
        for title in self.short:
            if title in text:
                found.update(ids[title])
        return found


def title_index() -> TitleIndex:
    """This worker's index of every document's title, rebuilt after any document changes: one
    query (an index lookup) when it is current, two when it is not."""
    version = Document.objects.aggregate(latest=Max("updated_at"), count=Max("pk"))
    key = (version["latest"], version["count"])
    built = _built.get("index")
    if built is not None and built[0] == key:
        return built[1]
    with _lock:
        index = TitleIndex(Document.objects.order_by().values_list("pk", "title").iterator(chunk_size=5000))
        _built["index"] = (key, index)
    return index


def mentioned_document_ids(text: str) -> set[int]:
    return title_index().ids_in(text)
