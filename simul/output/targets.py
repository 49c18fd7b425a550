"""Where an output may go, checked before anything runs: a regular file, or a new one, in a folder we can write."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from simul.core.config import ConfigError


def _shown(path: Path) -> str:
    """`path` as an error message shows it: as is, or quoted if it holds a newline or another control character."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def output_target(flag: str, path: Path) -> Path:
    """The file that `flag PATH` will write, checked now; raises `ConfigError` saying why not.

    A symbolic link is followed: its target is written (atomically, the link
    left as it is), as `cp` or an editor would. A target that exists must be a
    regular file: a device, a FIFO or a socket is never replaced by a file.
    The folder is proved writable with a probe file, removed at once, so a
    long run is never thrown away for want of a place to save it.
    """
    target = Path(os.path.realpath(path))
    shown = f"{flag} {_shown(path)}" + (
        f" (a link to {_shown(target)})" if target != Path(os.path.abspath(path)) else ""
    )
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise ConfigError(f"{shown}: {error.strerror or error}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise ConfigError(f"{shown} is a folder, not a file")
    if mode is not None and not stat.S_ISREG(mode):
        raise ConfigError(f"{shown} is not a regular file (a device, a pipe or a socket): simul writes only files")
    folder = target.parent
    if not folder.is_dir():
        raise ConfigError(f"{shown}: folder {str(folder)!r} does not exist")
    _probe(shown, folder, target.name)
    return target


def _probe(shown: str, folder: Path, name: str = "simul-probe") -> None:
    """Create and remove a file in `folder` named as the atomic write's temporary file for `name` will be.

    The same name, not a short one: a target name a few characters short of the
    system's limit is fine, but its temporary file's name may not be.
    """
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError as error:
        raise ConfigError(f"{shown}: cannot write in {str(folder)!r} ({error.strerror or error})") from None
    os.close(descriptor)
    os.unlink(probe)


def output_folder(flag: str, path: Path) -> Path:
    """The folder that `flag PATH` names, as an absolute path, proved writable now; raises `ConfigError`."""
    folder = Path(os.path.realpath(path))
    if not folder.is_dir():
        raise ConfigError(f"{flag} {_shown(path)} is not a folder")
    _probe(f"{flag} {_shown(path)}", folder)
    return folder


def default_save_folder() -> Path:
    """Where the TUI's `s` saves unless told: the user's Documents folder, else the current one."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.cwd()
