"""Writing a file so that readers see the old version or the whole new one, never a cut one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text, as UTF-8; or bytes, an image say) to `path` through a temporary file, then rename it.

    `os.replace` is atomic on POSIX and Windows, so an interruption at any
    point (Ctrl+C included) leaves either the old file or the complete new one.
    A symbolic link is followed: its target is replaced, the link stays a link.
    """
    path = Path(os.path.realpath(path))
    mode = _mode_for(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content.encode() if isinstance(content, str) else content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
