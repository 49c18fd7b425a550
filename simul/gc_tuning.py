"""Keeping Python's garbage collector from stalling the event loop in big exhibitions."""

from __future__ import annotations

import gc


def calm_garbage_collector(*, collect_first: bool = True) -> None:
    """Freeze what set-up allocated and collect young objects less often.

    At thousands of boards the full collections, not asyncio, made the worst
    loop stalls (90-450 ms, growing with the move histories). Objects made
    during set-up live for the whole run, so they need no scanning at all.
    `collect_first=False` skips the collection that keeps set-up's garbage out
    of the frozen objects: for a caller that unfreezes them again later.
    """
    if collect_first:
        gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
