"""Charts to draw: :class:`PlotData` (plain, picklable values) in, PNG bytes out, off the event loop.

The drawing itself is :mod:`services.chart_draw` (matplotlib), imported only where it runs. It is
CPU-bound Python that holds the GIL, so a thread would still stall the event loop for tens of
milliseconds at a time; :class:`ProcessRenderer` draws in a small pool of worker processes instead
(:class:`ThreadRenderer` is for tests and tools). Both are :class:`Renderer`s.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

log = logging.getLogger(__name__)

WORKER_NICE = 10
"""Drawing workers run at a lower CPU priority than the event loop."""


class PlotStyle(StrEnum):
    BARS = "bars"
    """Stacked bars (consumption per tariff)."""
    LINES = "lines"
    """A line per series (registers per tariff, network values per phase)."""


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    color: str
    values: tuple[float | None, ...]
    """One per slot; None where there is nothing to draw."""


@dataclass(frozen=True, slots=True)
class Band:
    """The nominal range shaded behind a line chart (230 V ± 10 %, 50 Hz ± 0.2 Hz)."""

    low: float
    high: float
    nominal: float
    label: str


@dataclass(frozen=True, slots=True)
class PlotData:
    """Everything drawn, already localized: the chart service builds it, a renderer draws it."""

    style: PlotStyle
    title: str
    subtitle: str
    unit: str
    locale: str
    """For the numbers on the value axis (a decimal comma in Russian)."""
    x_labels: tuple[str, ...]
    """One per slot: the slots are the whole period, including days still to come."""
    label_step: int
    series: tuple[Series, ...]
    estimated: tuple[int, ...]
    """Slots whose value is estimated: hatched bars, hollow markers."""
    missing: tuple[int, ...]
    """Slots without data: a red cross on the axis."""
    estimated_label: str
    missing_label: str
    no_data_label: str
    band: Band | None = None
    decimals: int = 1

    @property
    def slots(self) -> int:
        return len(self.x_labels)


def render_png(plot: PlotData) -> bytes:
    """The chart as a PNG (1000 × 560); see :mod:`services.chart_draw`, imported here on first use."""
    from services.chart_draw import draw_png

    return draw_png(plot)


# --- Renderers ----------------------------------------------------------------------------------------


class Renderer(Protocol):
    async def render(self, plot: PlotData) -> bytes: ...

    async def aclose(self) -> None: ...


class ThreadRenderer:
    """Draws in a worker thread: off the event loop, but sharing its GIL (tests, tools)."""

    async def render(self, plot: PlotData) -> bytes:
        return await asyncio.to_thread(render_png, plot)

    async def aclose(self) -> None:
        return None


class ProcessRenderer:
    """Draws in a small pool of worker processes, so that the event loop keeps its GIL.

    The pool starts on first use (a fork server that has imported matplotlib once forks the workers) or
    on :meth:`warm_up`; a worker that dies is replaced by a new pool and the drawing retried once.
    """

    def __init__(self, workers: int = 2, nice: int = WORKER_NICE) -> None:
        """``nice``: how much lower the workers' CPU priority is than the bot's (the event loop is woken
        first when both want the CPU; drawing waits a few milliseconds instead)."""
        self._workers = workers
        self._nice = nice
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["services.chart_draw"])
            self._pool = ProcessPoolExecutor(
                self._workers, mp_context=context, initializer=_lower_priority, initargs=(self._nice,)
            )
        return self._pool

    async def render(self, plot: PlotData) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), render_png, plot)
        except BrokenProcessPool:
            log.warning("a chart worker process died; starting a new pool")
            await self.aclose()
            return await loop.run_in_executor(self._executor(), render_png, plot)

    async def warm_up(self) -> None:
        """Start every worker and draw once in each (fonts loaded, caches filled)."""
        sample = warm_up_plot()
        await asyncio.gather(*(self.render(sample) for _ in range(self._workers)))

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)


def _lower_priority(nice: int) -> None:
    """Runs first in every worker process."""
    if nice:
        os.nice(nice)


def warm_up_plot() -> PlotData:
    return PlotData(
        style=PlotStyle.BARS,
        title="Warm-up",
        subtitle="",
        unit="kWh",
        locale="ru",
        x_labels=tuple(str(i) for i in range(1, 32)),
        label_step=1,
        series=(Series("t1", "#F5A623", tuple(float(i % 7) for i in range(31))),),
        estimated=(3,),
        missing=(5,),
        estimated_label="*",
        missing_label="x",
        no_data_label="-",
    )
