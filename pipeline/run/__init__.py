"""Stage ``run``: ``process(batch) -> Tables`` and the batch runner (in-process, pool, Dask)."""
from .batch import RunSummary, run
from .process import Options, process

__all__ = ["Options", "RunSummary", "process", "run"]
