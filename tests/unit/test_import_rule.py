"""The core never imports a UI, nor do the race's players: enforced, so the split cannot rot."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import simul.core

CORE_MODULES = sorted(f"simul.core.{module.name}" for module in pkgutil.iter_modules(simul.core.__path__))
# What runs in the race's child processes: the core and the four ways to play, nothing to draw with.
PURE_MODULES = [*CORE_MODULES, "simul.race.modes", "simul.race.child", "simul.race.runner"]


def test_core_modules_were_found() -> None:
    assert {"simul.core.exhibition", "simul.core.grandmaster", "simul.core.events"} <= set(CORE_MODULES)


def test_the_core_imports_no_ui() -> None:
    probe = (
        "import sys\n"
        f"for name in {PURE_MODULES!r}: __import__(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
