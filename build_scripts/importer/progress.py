"""Import: its progress — a bar on a terminal, plain log lines elsewhere (CI, pipes, tests),
one step per stage of the run and, while the rows are placed, one per row."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Protocol

from build_scripts.importer.base import say


class Bar(Protocol):
    """What the import uses of a tqdm bar (tqdm has no type information of its own)."""

    def set_description_str(self, desc: str) -> None: ...

    def update(self, n: float = 1) -> object: ...

    def close(self) -> None: ...


def _bar(stream: IO[str], **options: object) -> Bar:
    from tqdm import tqdm

    bar: Bar = tqdm(file=stream, leave=False, **options)
    return bar


class Progress:
    """A progress bar on a terminal; plain log lines elsewhere (CI, pipes, tests)."""

    def __init__(self, stream: IO[str] | None = None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.stages = 4  # read, match, compare, validate; with --write also write, revalidate
        self.bar: Bar | None = None
        self.row_bar: Bar | None = None

    def stage(self, key: str, **params: object) -> None:
        text = say(key, **params)
        if not self.tty:
            print(say("progress_line", text=text), file=self.stream, flush=True)
            return
        self._close_rows()
        if self.bar is None:
            self.bar = _bar(self.stream, total=self.stages, bar_format="{desc} {bar}")
        self.bar.set_description_str(text)
        self.bar.update(1)

    def rows(self, total: int) -> Callable[[], None]:
        """A function to call once per row."""
        if not self.tty:
            step = max(1000, total // 10)
            seen = [0]

            def tick() -> None:
                seen[0] += 1
                if seen[0] % step == 0:
                    print(
                        say("progress_line", text=say("progress_rows", n=seen[0], total=total)),
                        file=self.stream,
                        flush=True,
                    )

            return tick
        row_bar = self.row_bar = _bar(self.stream, total=total, unit=say("progress_unit"))

        def step_bar() -> None:
            row_bar.update(1)

        return step_bar

    def _close_rows(self) -> None:
        if self.row_bar is not None:
            self.row_bar.close()
            self.row_bar = None

    def close(self) -> None:
        self._close_rows()
        if self.bar is not None:
            self.bar.close()
            self.bar = None
