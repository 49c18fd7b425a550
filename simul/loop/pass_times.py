"""How long the loop's passes spent running callbacks: a histogram cheap enough to fill on every pass."""

from __future__ import annotations

from math import log2

SMALLEST = 1e-7
"""Passes shorter than this (0.1 us) share the first bucket."""
BUCKETS_PER_DOUBLING = 16
"""Resolution: each bucket is about 4.4% wider than the one before."""
BUCKETS = 48 * BUCKETS_PER_DOUBLING
"""Enough doublings above 0.1 us for any pass (2**47 times it is 162 days); longer ones share the last."""


class PassTimes:
    """Every pass's callback time, kept as counts in log-spaced buckets: percentiles within about 4%."""

    def __init__(self) -> None:
        self.count = 0
        """Passes recorded."""
        self.total = 0.0
        """Their time added up, in seconds."""
        self.max = 0.0
        """The longest, exactly."""
        self._counts = [0] * BUCKETS

    def record(self, seconds: float) -> None:
        """One more pass, that ran callbacks for `seconds`."""
        # Called on every pass of the loop: kept to a few operations (a list, not a dict; no call but log2).
        self.count += 1
        self.total += seconds
        if seconds > self.max:
            self.max = seconds
        if seconds > SMALLEST:
            bucket = int(log2(seconds / SMALLEST) * BUCKETS_PER_DOUBLING)
            self._counts[bucket if bucket < BUCKETS else BUCKETS - 1] += 1
        else:
            self._counts[0] += 1

    def percentile(self, fraction: float) -> float:
        """The pass time below which `fraction` of the passes fall (the bucket's upper edge; 0 if none)."""
        if not self.count:
            return 0.0
        rank = fraction * self.count
        seen = 0
        for bucket, count in enumerate(self._counts):
            seen += count
            if count and seen >= rank:
                return min(self.max, SMALLEST * 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING))
        return self.max
