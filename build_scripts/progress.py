"""Progress of long work: a tqdm bar on a terminal, plain log lines elsewhere (CI logs)."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("build_scripts")


def interactive() -> bool:
    return sys.stderr.isatty()


def progress(items: Iterable[T], total: int, label: str, steps: int = 4) -> Iterator[T]:
    """Yield items; show a bar on a terminal, else log about `steps` lines of progress."""
    if interactive():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=label, unit="", leave=False)
        return
    every = max(1, total // steps)
    done = 0
    for item in items:
        yield item
        done += 1
        if done % every == 0 or done == total:
            log.info("%s: %d/%d", label, done, total)


class Stages:
    """Wall-clock time of each build stage, logged as it ends (and kept for benchmarks)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - start
        log.info("%s: %.1f s", name, self.seconds[name])
