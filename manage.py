#!/usr/bin/env python
import os
import sys
from pathlib import Path


def load_local_env():
    """Settings `make` wrote for this machine (var/local.env: the local demo), unless already set.

    Never when the environment names the site's hosts: that is a real deployment,
    and the local demo's plain-http settings must not leak into it.
    """
    path = Path(__file__).resolve().parent / "var" / "local.env"
    if path.exists() and not os.environ.get("DJANGO_ALLOWED_HOSTS"):
        for line in path.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and not line.startswith("#"):
                os.environ.setdefault(name.strip(), value.strip())


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    load_local_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
