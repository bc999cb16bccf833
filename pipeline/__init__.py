"""rupress: entities, dates, roles and events from Russian press releases, as tables.

Names are imported on first use, so ``import pipeline`` (and ``rupress --help``) stays cheap.
"""
from .version import __version__

_EXPORTS = {
    "extract": "api", "load": "api",
    "process": "run", "Options": "run", "OptionError": "run",
    "Tables": "tables", "SCHEMAS": "tables",
    "Document": "types", "ErrorRecord": "types",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
