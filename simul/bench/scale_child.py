"""One size of the scale benchmark in a process of its own: `python -m simul.bench.scale_child BOARDS MAX_MOVES SEED`.

It plays the core benchmark's exhibition (random movers, virtual clock) once
and prints one JSON line: the plies, the play's wall and CPU seconds, and the
process's peak resident memory, which is this size's alone.
"""

from __future__ import annotations

import json
import sys
import time

from simul.bench.ways import core_config, play_exhibition
from simul.gc_tuning import calm_garbage_collector
from simul.race.modes import peak_rss_bytes


def main(argv: list[str]) -> int:
    """Play, print the figures, return the exit code."""
    boards, max_moves, seed = (int(arg) for arg in argv)
    config = core_config(boards, max_moves, seed)
    calm_garbage_collector()  # as `simul run` does
    cpu, start = time.process_time(), time.perf_counter()
    exhibition = play_exhibition(config)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    figures = {
        "plies": sum(table.plies for table in exhibition.tables),  # counted as kept: no move unpacked
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "peak_rss_bytes": peak_rss_bytes(),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
