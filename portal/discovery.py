"""Find the modules that feature apps contribute by name (Django's autodiscover pattern).

A feature adds its roles, demo data or dashboard panels by having a module of
the agreed name (``roles``, ``demo``, ``panels``); the portal never lists the
features it expects. Apps come in ``INSTALLED_APPS`` order, which is the order
of the layers, so a higher app's contribution comes after a lower one's.
"""

import importlib
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str, *, skip: tuple[str, ...] = ("portal",)) -> list[ModuleType]:
    """Import and return ``<app>.<name>`` for every installed app that has one.

    ``portal`` is skipped by default: it is the ground the features stand on,
    and its own module of that name is the one doing the collecting.
    """
    found = []
    for config in apps.get_app_configs():
        if config.label in skip or not module_has_submodule(config.module, name):
            continue
        found.append(importlib.import_module(f"{config.name}.{name}"))
    return found
