"""rupress: entities, dates, roles and events from Russian press releases, as tables."""
__version__ = "0.1.0"

from .api import extract, load  # noqa: E402
from .process import Options, process  # noqa: E402
from .tables import SCHEMAS, Tables  # noqa: E402
from .types import Document, ErrorRecord  # noqa: E402

__all__ = ["extract", "load", "process", "Options", "Tables", "SCHEMAS", "Document", "ErrorRecord", "__version__"]
