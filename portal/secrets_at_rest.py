"""Which parts of an allauth authenticator's data are secret, encrypted with portal.crypto.

Used by the data migration that encrypted the secrets stored in clear before,
and by `manage.py rotate_encryption_key`.
"""

from portal import crypto

# Authenticator type -> keys of its data holding a secret string (or a list of them).
SECRET_KEYS = {"totp": ("secret",), "recovery_codes": ("seed", "migrated_codes")}


def _each(value, change):
    if isinstance(value, list):
        return [change(item) for item in value]
    return change(value) if isinstance(value, str) else value


def _encrypted(text: str) -> str:
    return text if crypto.is_encrypted(text) else crypto.encrypt(text)


def authenticator_data_encrypted(kind: str, data: dict) -> dict:
    """The data with every secret encrypted (those already encrypted are left alone)."""
    data = dict(data)
    for key in SECRET_KEYS.get(kind, ()):
        if key in data:
            data[key] = _each(data[key], _encrypted)
    return data


def authenticator_data_rotated(kind: str, data: dict) -> dict:
    """The data with every secret encrypted with the current key."""
    data = authenticator_data_encrypted(kind, data)
    for key in SECRET_KEYS.get(kind, ()):
        if key in data:
            data[key] = _each(data[key], crypto.rotate)
    return data
