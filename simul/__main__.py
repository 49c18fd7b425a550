"""The `simul` command and `python -m simul`: stop signals are taken care of before anything else is loaded."""

from __future__ import annotations

import sys

from simul.shutdown import Interrupted, raise_on_stop_signals


def main() -> int:
    """Run the `simul` command; return its exit code."""
    raise_on_stop_signals()  # first, so a Ctrl+C during the imports below is no traceback
    try:
        from simul.cli import main as run_command

        return run_command()
    except Interrupted as interrupted:
        return interrupted.exit_code


if __name__ == "__main__":
    sys.exit(main())
