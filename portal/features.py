"""The feature apps' optional modules (roles, demo data, benchmark pages).

A feature contributes by having a module of an agreed name; a missing module
means the feature adds nothing there. A module that exists but fails to import
(for example, one of its own imports is missing) still raises.
"""

import importlib
from types import ModuleType


def optional_modules(names) -> list[ModuleType]:
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return modules
