"""What the public register shows of an entry: the one place that decides it.

The public page and the CSV both read entries through ``public_entry``. Whose an
interest is never leaves here, and a sensitive interest the Monitoring Officer
agreed to withhold shows only that it exists.
"""

from dataclasses import dataclass

WITHHELD = "An interest is registered here; its details are withheld (Localism Act 2011, section 32)."


@dataclass(frozen=True)
class PublicEntry:
    category: str
    kind: str
    text: str
    withheld: bool


def public_entry(entry) -> PublicEntry:
    withheld = entry.is_withheld
    return PublicEntry(
        category=entry.category.name,
        kind=entry.category.get_kind_display(),
        text=WITHHELD if withheld else entry.description,
        withheld=withheld,
    )
