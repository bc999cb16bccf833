"""The ``events`` extractor: event rows and their arguments."""
from __future__ import annotations

from ..base import Context
from .core import extract_events


def run(ctx: Context) -> dict[str, list[dict]]:
    erows, arows = extract_events(ctx)
    return {"events": erows, "event_arguments": arows}
