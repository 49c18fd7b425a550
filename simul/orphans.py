"""Never outliving the process that started this one: Linux's parent-death signal."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
"""Linux's `prctl` option: the signal a process receives when its parent dies."""


def die_with(parent: int) -> bool:
    """Be killed the moment `parent` dies, however it dies (`kill -9` included); False if it is gone already.

    The race's children and the TUIs that `simul serve` starts have nothing to
    save of their own, and nothing else would end one whose parent was killed
    (a race starts them in sessions of their own). The kernel's signal does it
    without a watching thread, which would change the threads a race reports.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # Checked after asking, not before: the parent may have died in between.
    return os.getppid() == parent
