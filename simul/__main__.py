"""The `simul` command and `python -m simul`: stop signals are taken care of before anything else is loaded."""

from __future__ import annotations

import sys

from simul import __version__
from simul.shutdown import Interrupted, exit_code, ignore_stop_signals, late_signal, raise_on_stop_signals


def main() -> int:
    """Run the `simul` command; return its exit code."""
    raise_on_stop_signals()  # first, so a Ctrl+C during the imports below is no traceback
    if sys.argv[1:] == ["--version"]:
        # Answered before the parser loads chess, asyncio and every lesson (a quarter of a second):
        # scripts and package managers ask it to check an install. The parser says the same.
        print(f"simul {__version__}")
        return 0
    try:
        from simul.cli import main as run_command

        code = run_command()
        ignore_stop_signals()  # inside the `try`: a signal before this line is still an `Interrupted`
        late = late_signal()  # after the work was done: the outputs are whole, but the user asked to stop
        return exit_code(late) if code == 0 and late is not None else code
    except Interrupted as interrupted:  # its handler ignores the signals that follow
        return interrupted.exit_code


if __name__ == "__main__":
    sys.exit(main())
