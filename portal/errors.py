"""The one domain error: a request the current state or the rules do not allow.

Services raise ``DomainError`` (or a subclass) with a message written for the
person who asked; views catch it and show that message, keeping what was
typed. Nothing else is caught: a bug is not a domain error.
"""


class DomainError(Exception):
    """A request the current state does not allow; the message is for the user."""

    @property
    def message(self) -> str:
        return str(self)
