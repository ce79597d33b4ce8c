"""How long work tells how far it has come: one small protocol for reports, imports and exports.

The code doing the work (a report builder, an importer) takes a ``progress``
argument and calls ``start`` once it knows how many steps there are, then
``advance`` after each. Who listens decides what it looks like: a bar in the
terminal (:class:`TerminalProgress`), a row the browser polls
(``stradom.jobs``), or nothing (:class:`NoProgress`). Plain Python: no Django.
"""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    def start(self, total: int, message: str = "") -> None:
        """Announce ``total`` steps (0 when unknown) and what is being done."""

    def advance(self, steps: int = 1, message: str = "") -> None:
        """``steps`` more are done; ``message`` (optional) says what comes next."""


class NoProgress:
    """For callers that do not watch: tests, nested work."""

    def start(self, total: int, message: str = "") -> None:
        pass

    def advance(self, steps: int = 1, message: str = "") -> None:
        pass


class TerminalProgress:
    """A tqdm bar on stderr; silent when stderr is not a terminal unless ``always``."""

    def __init__(self, *, always: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.always = always
        self.bar = None

    def start(self, total: int, message: str = "") -> None:
        from tqdm import tqdm

        if self.bar is not None:
            self.bar.close()
        disable = not self.always and not getattr(self.stream, "isatty", lambda: False)()
        self.bar = tqdm(
            total=total or None, desc=message or None, file=self.stream, disable=disable
        )

    def advance(self, steps: int = 1, message: str = "") -> None:
        if self.bar is None:
            self.start(0)
        if message:
            self.bar.set_description_str(message, refresh=False)
        self.bar.update(steps)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
