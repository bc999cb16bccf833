"""Stage ``tables``: schemas, the ``Tables`` container, atomic writing and the pandas loader."""
from .core import FORMATS, MANIFEST, SCHEMAS, TABLE_NAMES, Tables, coerce, empty_frame, frame, load, write_tables

__all__ = ["FORMATS", "MANIFEST", "SCHEMAS", "TABLE_NAMES", "Tables", "coerce", "empty_frame", "frame", "load",
           "write_tables"]
