"""playbook_lib: helpers and seeded data for the B2B vs B2C operations (运营) course.

Importing the package is cheap and has no side effects: submodules load on first use, so
``import playbook_lib`` does not pull in matplotlib.

>>> import playbook_lib
>>> playbook_lib.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from types import ModuleType

__version__ = "0.1.0"

_SUBMODULES = (
    "cohorts",
    "datasets",
    "exercises",
    "funnel",
    "generate",
    "glossary",
    "ltv",
    "mrr",
    "pipeline",
    "plotting",
    "rfm",
    "tiers",
    "validate",
)

__all__ = ["__version__", *_SUBMODULES]


def __getattr__(name: str) -> ModuleType:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
