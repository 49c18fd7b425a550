"""The `simul` command and `python -m simul`: stop signals are taken care of before anything else is loaded."""

from __future__ import annotations

import sys

from simul import __version__
from simul.shutdown import guarded


def _command() -> int:
    if sys.argv[1:] == ["--version"]:
        # Answered before the parser loads chess, asyncio and every lesson (a quarter of a second):
        # scripts and package managers ask it to check an install. The parser says the same.
        print(f"simul {__version__}")
        return 0
    from simul.cli import main as run_command

    return run_command()


def main() -> int:
    """Run the `simul` command; return its exit code."""
    return guarded(_command)


if __name__ == "__main__":
    sys.exit(main())
