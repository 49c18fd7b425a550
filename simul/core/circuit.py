"""The grandmaster's walk round the room: which table she reaches next, found in O(log N).

Looking at every table on every lap is quadratic on a virtual clock (tables
become ready one at a time, so each move would cost a lap). Instead the
circuit keeps a heap of the times tables will become ready and a sorted list
of the tables that are ready; the next table in walking order is one bisect
away. The order, and so the games and the schedule, are exactly those of the
literal walk.
"""

from __future__ import annotations

import bisect
import heapq


class Circuit:
    """The tables still in play, in walking order, and when each is ready for the grandmaster."""

    def __init__(self, numbers: range) -> None:
        self._in_play: list[int] = list(numbers)
        self._ready: list[int] = []
        self._expected: list[tuple[float, int]] = []

    def __bool__(self) -> bool:
        return bool(self._in_play)

    def __len__(self) -> int:
        return len(self._in_play)

    def expect(self, number: int, at: float) -> None:
        """Table `number` will be ready for the grandmaster at simulated time `at`."""
        heapq.heappush(self._expected, (at, number))

    def advance_to(self, now: float) -> None:
        """Mark ready every table expected by `now`."""
        expected = self._expected
        while expected and expected[0][0] <= now:
            _, number = heapq.heappop(expected)
            if self._in_circuit(number):  # a table that left early (a resignation) is not waited for
                bisect.insort(self._ready, number)

    def next_ready(self, position: int) -> int | None:
        """The first ready table after table `position`, going round the room; None if none."""
        if not self._ready:
            return None
        index = bisect.bisect_right(self._ready, position)
        return self._ready[index] if index < len(self._ready) else self._ready[0]

    def first_expected(self) -> tuple[float, int] | None:
        """When the next table becomes ready, and which; None if none is expected."""
        expected = self._expected
        while expected and not self._in_circuit(expected[0][1]):
            heapq.heappop(expected)
        return expected[0] if expected else None

    def take(self, number: int) -> None:
        """The grandmaster has reached ready table `number`."""
        index = bisect.bisect_left(self._ready, number)
        del self._ready[index]

    def leave(self, number: int) -> None:
        """Table `number`'s game is over: it leaves the circuit."""
        for numbers in (self._in_play, self._ready):
            index = bisect.bisect_left(numbers, number)
            if index < len(numbers) and numbers[index] == number:
                del numbers[index]

    def _in_circuit(self, number: int) -> bool:
        index = bisect.bisect_left(self._in_play, number)
        return index < len(self._in_play) and self._in_play[index] == number

    def count_between(self, after: int, before: int) -> int:
        """Tables in play strictly between `after` and `before`, going round the room."""
        low = bisect.bisect_right(self._in_play, after)
        high = bisect.bisect_left(self._in_play, before)
        if after < before:
            return high - low
        # The walk wraps past the last table back to the first.
        return (len(self._in_play) - low) + high
