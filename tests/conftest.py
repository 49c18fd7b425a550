"""Every async test runs on simul's own virtual loop: simulated hours pass in milliseconds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

import pytest

from simul.loop.event_loop import virtual_loop


def pytest_configure(config: pytest.Config) -> None:
    # On Python 3.11, asyncio.get_event_loop() quietly creates (and leaks) a loop
    # when none was ever set; pytest-asyncio calls it around each test. Setting
    # "no loop" once makes it raise instead, which pytest-asyncio handles.
    asyncio.set_event_loop(None)


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    # The loop `simul run --clock virtual` uses, so the tests check the real thing.
    return {"virtual": virtual_loop}
