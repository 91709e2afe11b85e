"""Encryption at rest for secrets the portal must read back (TOTP keys, queued email).

PORTAL_ENCRYPTION_KEYS is a comma-separated list of Fernet keys: the first
encrypts, every one decrypts, so a new key can be put first while rows written
with the old one are re-encrypted (`manage.py rotate_encryption_key`), after
which the old key is removed. See the README's configuration section.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """The text was not encrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.PORTAL_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError):
        raise DecryptionFailed("The text could not be decrypted with any configured key.") from None


def is_encrypted(text: str) -> bool:
    try:
        decrypt(text)
    except DecryptionFailed:
        return False
    return True


def rotate(token: str) -> str:
    """The same text, encrypted with the first (current) key."""
    return _current().rotate(token.encode()).decode()
