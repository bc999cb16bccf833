"""Stage ``run``: ``process(batch) -> Tables`` and the batch runner (in-process, pool, Dask)."""
from .batch import RunSummary, run
from .process import OptionError, Options, process

__all__ = ["OptionError", "Options", "RunSummary", "process", "run"]
