"""The one error a bad setting raises, wherever it is read: its message is the line the user sees."""

from __future__ import annotations


class ConfigError(ValueError):
    """A setting that cannot make an exhibition; the message says which and why."""
