"""Durations and figures written for people."""

from __future__ import annotations


def duration(seconds: float) -> str:
    """`3725.0` -> `"1 h 02 min 05 s"`, `42.25` -> `"42.2 s"`, `0.0123` -> `"12.3 ms"`, `0` -> `"0 s"`."""
    if seconds == 0:
        return "0 s"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours:,} h {minutes:02d} min {secs:02d} s"
    return f"{minutes} min {secs:02d} s"
