"""The grandmaster's walk round the room: which table she reaches next, found in O(log N).

Looking at every table on every lap is quadratic on a virtual clock (tables
become ready one at a time, so each move would cost a lap). Instead the
circuit keeps a heap of the times tables will become ready, and the tables
that are ready: in walking order for the `round` policy (the next one is a
bisect away), in the order they became ready for `urgent` (the next one is
the first). The order, and so the games and the schedule, are exactly those
of the literal walk.
"""

from __future__ import annotations

import bisect
import collections
import heapq

from simul.core.config import Policy


class Circuit:
    """The tables still in play, and when each is ready for the grandmaster."""

    def __init__(self, numbers: range, policy: Policy = Policy.ROUND) -> None:
        if policy is Policy.LOOP:
            raise ValueError("the loop policy has no circuit: the event loop's ready queue is her walk")
        self.policy = policy
        self._in_play: list[int] = list(numbers)
        self._ready: list[int] = []
        """Ready tables in walking order (`round`)."""
        self._queue: collections.deque[int] = collections.deque()
        """Ready tables, the longest waiting first (`urgent`)."""
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
                if self.policy is Policy.ROUND:
                    bisect.insort(self._ready, number)
                else:
                    # The heap gives them in the order they became ready (ties by table number).
                    self._queue.append(number)

    def next_ready(self, position: int) -> int | None:
        """The ready table she goes to next from table `position`; None if none is ready.

        `round`: the first ready table after `position`, going round the room.
        `urgent`: the table that has been ready longest, wherever it is.
        """
        if self.policy is Policy.URGENT:
            queue = self._queue
            while queue and not self._in_circuit(queue[0]):
                queue.popleft()  # it left (a resignation) while it waited
            return queue[0] if queue else None
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
        if self.policy is Policy.URGENT:
            assert self._queue[0] == number, "she takes the table that has waited longest"
            self._queue.popleft()
        else:
            del self._ready[bisect.bisect_left(self._ready, number)]

    def leave(self, number: int) -> None:
        """Table `number`'s game is over: it leaves the circuit (the `urgent` queue forgets it lazily)."""
        for numbers in (self._in_play, self._ready):
            index = bisect.bisect_left(numbers, number)
            if index < len(numbers) and numbers[index] == number:
                del numbers[index]

    def expected(self) -> list[tuple[float, int]]:
        """When each table still thinking will be ready, and which, soonest first (a copy)."""
        return sorted(entry for entry in self._expected if self._in_circuit(entry[1]))

    def ready(self) -> list[int]:
        """The tables ready for her, in the order she will serve them (a copy)."""
        queue = self._queue if self.policy is Policy.URGENT else self._ready
        return [number for number in queue if self._in_circuit(number)]

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
