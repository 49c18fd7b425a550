"""Memory per board (or per waiting unit): the difference of two peaks, divided by the difference of counts."""

from __future__ import annotations

KB = 1000
"""A kilobyte, as the goals count them."""
MIB = 1 << 20
GIB = 1 << 30


def per_unit(peak_rss_bytes: int, baseline_rss_bytes: int, units: int, baseline_units: int = 0) -> float:
    """What each unit beyond the baseline's added to the peak: `(peak - baseline) / (units - baseline_units)`.

    The baseline is the same program with fewer units (none, or one board), so
    the interpreter, the imports and the loop cancel out and what is left is
    what the units themselves hold. A difference can come out below zero for a
    handful of units (allocators keep pages); it is reported as measured.

    Raises:
        ValueError: there are no more units than in the baseline, so nothing to divide by.
    """
    if units <= baseline_units:
        raise ValueError(f"{units} units against a baseline of {baseline_units}: nothing to divide by")
    return (peak_rss_bytes - baseline_rss_bytes) / (units - baseline_units)
