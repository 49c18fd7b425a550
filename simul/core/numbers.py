"""Numbers as a person types them: ASCII digits read exactly, or refused with the reason.

Python's `int` and `float` accept far more than anyone means: `'\uff13'`
(a full-width 3), `'\u0663'` (an Arabic-Indic 3), `' 3 '`, `'1_000'`, `'nan'`,
and `1e-400` quietly becomes 0. A setting read here is plain digits, an
optional fraction and exponent, and never rounds to a different kind of value.
"""

from __future__ import annotations

import re

from simul.core.errors import ConfigError

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+)(?:\.([0-9]+))?(?:[eE][+-]?[0-9]+)?")
_LONGEST = 40
"""More characters than any setting needs: a longer text is a typo, and never reaches `int`."""


def _shown(text: str) -> str:
    return repr(text) if len(text) <= _LONGEST else f"{text[:_LONGEST]!r}..."


def read_whole(text: str) -> int:
    """A whole number written in ASCII digits, with an optional sign; raises `ConfigError`."""
    if len(text) > _LONGEST or not _WHOLE.fullmatch(text):
        raise ConfigError(f"{_shown(text)} is not a whole number (digits 0-9 only)")
    return int(text)


def read_decimal(text: str) -> float:
    """A number like `2`, `0.5` or `1e-3`, in ASCII; raises `ConfigError`.

    No `nan`, `inf`, `.5` or `5.`: `--think 0...5` must not read as 0..0.5.
    """
    match = _DECIMAL.fullmatch(text) if len(text) <= _LONGEST else None
    if match is None:
        raise ConfigError(f"{_shown(text)} is not a number (write it like 2, 0.5 or 1e-3)")
    value = float(text)
    written_digits = match[1] + (match[2] or "")
    if value == 0 and written_digits.strip("0"):
        raise ConfigError(f"{text} is too close to 0 to be told apart from it")
    return value
