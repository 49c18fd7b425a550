"""Where the grandmaster's heavy thinking runs: in a process of its own, a worker thread, or on the loop's thread.

The tutorial's rule in three settings: CPU-bound work inside a coroutine holds
the one thread (`none`: every board waits while she thinks); a thread frees the
loop between the GIL's turns only (`thread`: the lag comes back); a process
has an interpreter, and a GIL, of its own (`process`: the loop stays free).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import multiprocessing
import os
import random
import signal
from multiprocessing import resource_tracker

import chess

from simul.core.movers import Mover
from simul.core.search import best_move_after, search
from simul.orphans import die_with


class Offload(enum.Enum):
    """Where her search runs."""

    PROCESS = "process"
    """A process of its own, through `loop.run_in_executor`: the loop stays free while she thinks."""
    THREAD = "thread"
    """A worker thread: the loop waits for the GIL while the search holds it."""
    NONE = "none"
    """On the loop's own thread: nothing else runs while she thinks."""


def _start_worker(parent: int) -> None:
    # The command that started the pool handles Ctrl+C and shuts the pool down; a worker that heard the
    # signal too would print a traceback of its own. And it never outlives its parent, even a killed one.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    die_with(parent)


class OffloadedSearch(Mover):
    """The alpha-beta search, `depth` plies deep, run where `offload` says."""

    name = "search"

    def __init__(self, depth: int, offload: Offload) -> None:
        self.depth = depth
        self.offload = offload
        self._executor: concurrent.futures.Executor | None = None
        # multiprocessing's resource tracker, started now (for any offload: the TUI may switch to a process
        # later), while standard error is still the process's own: started at the first search in the TUI,
        # it would be handed Textual's stand-in for standard error, which has no file behind it.
        resource_tracker.ensure_running()

    def move_to(self, offload: Offload) -> None:
        """Run the next searches where `offload` says; a search under way finishes where it is."""
        if offload is not self.offload:
            self._shut_down()
            self.offload = offload

    async def choose_move(self, board: chess.Board, rng: random.Random, within: float = 0.0) -> chess.Move:
        if self.offload is Offload.NONE:
            # Wrong on purpose, as the lesson shows: pure Python in a coroutine, no `await` until it is done.
            return search(board, self.depth).move
        moves = [move.uci() for move in board.move_stack]
        answer = await asyncio.get_running_loop().run_in_executor(
            self._pool(), best_move_after, board.root().fen(), moves, self.depth
        )
        return chess.Move.from_uci(answer)

    async def aclose(self) -> None:
        """Shut the pool down without waiting: a search under way is dropped, its worker ends."""
        self._shut_down()

    def _shut_down(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _pool(self) -> concurrent.futures.Executor:
        if self._executor is None:
            if self.offload is Offload.PROCESS:
                # One worker: she thinks about one board at a time. Spawned, not forked: the parent has
                # threads (Textual's, the default executor's), and a fork copies their locks mid-use.
                self._executor = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(os.getpid(),),
                )
            else:
                self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="her search")
        return self._executor
