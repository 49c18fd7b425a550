"""What a benchmark raises when it cannot measure."""

from __future__ import annotations


class BenchError(Exception):
    """The benchmark could not measure: an app did not start, a key never showed, a child failed."""
