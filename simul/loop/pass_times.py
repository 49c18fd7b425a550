"""How long the loop's passes spent running callbacks: a histogram cheap enough to fill on every pass."""

from __future__ import annotations

import math

SMALLEST = 1e-7
"""Passes shorter than this (0.1 us) share the first bucket."""
BUCKETS_PER_DOUBLING = 16
"""Resolution: each bucket is about 4.4% wider than the one before."""


class PassTimes:
    """Every pass's callback time, kept as counts in log-spaced buckets: percentiles within about 4%."""

    def __init__(self) -> None:
        self.count = 0
        """Passes recorded."""
        self.total = 0.0
        """Their time added up, in seconds."""
        self.max = 0.0
        """The longest, exactly."""
        self._counts: dict[int, int] = {}

    def record(self, seconds: float) -> None:
        """One more pass, that ran callbacks for `seconds`."""
        self.count += 1
        self.total += seconds
        if seconds > self.max:
            self.max = seconds
        bucket = int(math.log2(seconds / SMALLEST) * BUCKETS_PER_DOUBLING) if seconds > SMALLEST else 0
        self._counts[bucket] = self._counts.get(bucket, 0) + 1

    def percentile(self, fraction: float) -> float:
        """The pass time below which `fraction` of the passes fall (the bucket's upper edge; 0 if none)."""
        if not self.count:
            return 0.0
        rank = fraction * self.count
        seen = 0
        for bucket in sorted(self._counts):
            seen += self._counts[bucket]
            if seen >= rank:
                return min(self.max, SMALLEST * 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING))
        return self.max
