"""The progress bar's time left: labelled ``ETA`` and smoothed, since chunks finish in bursts."""
from __future__ import annotations

import time
from typing import Callable


class Eta:
    """Seconds left from the documents done so far, steady while chunks finish unevenly.

    The rate is the average since the first finished chunk (model loading and the first chunk's
    latency left out), not the last interval's, which swings with every burst of parallel chunks;
    each new figure moves the shown one only ``alpha`` of the way, and between updates the shown
    one counts down with the clock.
    """

    def __init__(self, alpha: float = 0.3, clock: Callable[[], float] = time.monotonic):
        self.alpha, self.clock = alpha, clock
        self._t0 = self._d0 = None
        self._est = self._at = None
        self._done = None

    def update(self, done: float, total: float | None, now: float | None = None) -> float | None:
        """Take the count done of ``total``; return the seconds left to show (None until known)."""
        now = self.clock() if now is None else now
        if not total:
            return None
        if done == self._done:
            return self.remaining(now)
        self._done = done
        if self._t0 is None:  # the first finished chunk starts the clock
            self._t0, self._d0 = now, done
            return None
        if done <= self._d0 or now <= self._t0:
            return self.remaining(now)
        raw = max(total - done, 0) / ((done - self._d0) / (now - self._t0))
        shown = self.remaining(now)
        self._est = raw if shown is None else shown + self.alpha * (raw - shown)
        self._at = now
        return self._est

    def remaining(self, now: float | None = None) -> float | None:
        if self._est is None:
            return None
        now = self.clock() if now is None else now
        return max(self._est - (now - self._at), 0.0)


def format_eta(seconds: float | None) -> str:
    """``ETA 1:02:03``, ``ETA 4:05``; ``ETA --:--`` while unknown."""
    if seconds is None:
        return "ETA --:--"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"ETA {h}:{m:02d}:{s:02d}" if h else f"ETA {m}:{s:02d}"


def eta_column():
    """A rich progress column showing ``format_eta`` of a smoothed ``Eta``, one per task."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class EtaColumn(ProgressColumn):
        max_refresh = 0.5  # the countdown need not redraw faster

        def __init__(self):
            super().__init__()
            self._eta: dict[int, Eta] = {}

        def render(self, task) -> Text:
            eta = self._eta.setdefault(task.id, Eta())
            left = None if task.finished else eta.update(task.completed, task.total)
            return Text(format_eta(left), style="progress.remaining")

    return EtaColumn()
