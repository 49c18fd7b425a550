"""Step mode: the room's tasks run one loop pass at a time, while everything else on the loop runs on.

The loop keeps holding the room's ready task steps back from its passes
(`SimulLoop.hold_back`); each step lets exactly one pass run them. When none
of the room's tasks is ready, the paused clock first jumps to the room's next
deadline, as a virtual loop jumps to its next timer: simul completes the
futures of the tasks sleeping until then (no loop timer fires: a paused
sleeper has none, and the loop's own clock does not jump), and the step's pass
runs them. Everything else on the loop, the
screen's own tasks included, keeps running between steps.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from simul.core.clock import PacedClock
from simul.core.events import Event
from simul.core.exhibition import Exhibition
from simul.loop.event_loop import PassRecord, SimulLoop
from simul.loop.handles import task_stepped_by
from simul.loop.internals import ready_queue


@dataclass(frozen=True, slots=True)
class Step:
    """One step: the pass that ran the room's ready tasks, and what the room did in it."""

    number: int
    """Steps so far, counting from 1."""
    passes_between: int
    """Passes the loop made since the last step (the screen's tasks run on between steps)."""
    record: PassRecord
    """What the pass ran, as the loop saw it."""
    jumped_to: float | None
    """The simulated time the room's clock jumped to first, if nothing of the room was ready."""
    events: tuple[Event, ...]
    """What the room published during the pass."""


class RoomStepper:
    """Runs an exhibition's tasks one loop pass at a time, on a `SimulLoop`, with its clock paused."""

    def __init__(
        self, loop: SimulLoop, exhibition: Exhibition, clock: PacedClock, on_step: Callable[[Step], None]
    ) -> None:
        self._loop = loop
        self._exhibition = exhibition
        self._clock = clock
        self._on_step = on_step
        self._events: list[Event] = []
        self._jumped_to: float | None = None
        self._until_event = False
        self._last_pass = loop.passes
        self.steps = 0
        """Steps taken since step mode began."""
        self.active = False
        """Whether the room is held and stepped."""

    def start(self) -> None:
        """Hold the room back from the loop's passes (pause the clock first)."""
        if self.active:
            return
        self.active = True
        self._loop.hold_back(self._is_room)
        self._loop.observe_passes(self._after_pass)
        self._exhibition.subscribe(self._collect)

    def stop(self) -> None:
        """Give the room's held steps back to the ready queue and stop stepping."""
        if not self.active:
            return
        self.active = self._until_event = False
        self._loop.release()
        self._loop.observe_passes(None)
        self._exhibition.bus.unsubscribe(self._collect)

    def room_is_ready(self) -> bool:
        """Whether a task of the room waits to run: held back, or queued since the last pass began."""
        return bool(self._loop.held) or any(self._is_room(handle) for handle in ready_queue(self._loop))

    def step(self) -> bool:
        """Let the next pass run the room's ready tasks; False if the room has nothing left to run."""
        self.start()
        self._jumped_to = None
        if not self.room_is_ready():
            self._jumped_to = self._clock.step_to_next_deadline()
            if self._jumped_to is None:
                self._until_event = False
                return False
        self._loop.release_one_pass()
        return True

    def step_until_event(self) -> bool:
        """Step pass after pass until the room publishes an event (a move, an arrival, a game over)."""
        self._until_event = True
        return self.step()

    def _collect(self, event: Event) -> None:
        self._events.append(event)

    def _is_room(self, handle: asyncio.Handle) -> bool:
        task = task_stepped_by(handle)
        # A task being cancelled (the app quitting, a resignation) is never held: it must get to finish.
        return task is not None and task in self._exhibition.room_tasks and not task.cancelling()

    def _after_pass(self, record: PassRecord) -> None:
        if not record.stepped:
            return
        self.steps += 1
        events, self._events[:] = tuple(self._events), []
        between, self._last_pass = max(0, record.number - self._last_pass - 1), record.number
        self._on_step(Step(self.steps, between, record, self._jumped_to, events))
        if self._until_event and not events and self.active:
            self.step()
        elif events:
            self._until_event = False
