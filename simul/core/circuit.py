"""The grandmaster's walk round the room: which table she reaches next, found in O(log N).

Looking at every table on every lap is quadratic on a virtual clock (tables
become ready one at a time, so each move would cost a lap). Instead the
circuit keeps a heap of the times tables will become ready, and the tables
that are ready: for the `round` policy two heaps of table numbers, those
still ahead of her on this lap and those she has passed (the next is the top
of the first, or on a new lap of the second); for `urgent`, a queue in the
order they became ready (the next is the first). The order, and so the games
and the schedule, are exactly those of the literal walk. (A sorted list of
the ready tables was as exact, but each insertion and removal moved half of
it: at 100,000 boards, some 10 µs a ply.)
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
        self._position = 0
        """The table she last reached (`round`): 0 before her first."""
        self._taken: int | None = None
        """The table she last reached while it is in no heap (`round`): not ready again yet."""
        self._ahead: list[int] = []
        """A heap of the ready tables after her position (`round`): her walk reaches them on this lap."""
        self._behind: list[int] = []
        """A heap of the ready tables at or before her position (`round`): she reaches them on her next lap."""
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
                    heapq.heappush(self._ahead if number > self._position else self._behind, number)
                    if number == self._taken:
                        self._taken = None
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
        if position != self._position:
            # Asked from elsewhere than where she stands: look at every ready table.
            ready = self.ready()
            return min((number for number in ready if number > position), default=min(ready, default=None))
        if self._ahead:
            return self._ahead[0]
        return self._behind[0] if self._behind else None

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
            return
        ahead, behind = self._ahead, self._behind
        if ahead and ahead[0] == number:
            heapq.heappop(ahead)
        elif not ahead and behind and behind[0] == number:
            # She walks on past the last table: a new lap, on which every ready table is ahead of her.
            heapq.heappop(behind)
            self._ahead, self._behind = behind, ahead
        else:
            # Not the next table on her walk (a table taken out of turn): split the ready tables anew.
            ready = self.ready()
            ready.remove(number)
            self._ahead = [other for other in ready if other > number]
            self._behind = [other for other in ready if other < number]
            heapq.heapify(self._ahead)
            heapq.heapify(self._behind)
        self._position = self._taken = number

    def leave(self, number: int) -> None:
        """Table `number`'s game is over: it leaves the circuit (the `urgent` queue forgets it lazily)."""
        numbers = self._in_play
        index = bisect.bisect_left(numbers, number)
        if index < len(numbers) and numbers[index] == number:
            del numbers[index]
        if number == self._taken:
            return  # the table she reached last, not ready since: in no heap (how every game that ends leaves)
        for heap in (self._ahead, self._behind):
            if number in heap:  # ready when it left: she resigned there, a rare O(N)
                heap.remove(number)
                heapq.heapify(heap)

    def expected(self) -> list[tuple[float, int]]:
        """When each table still thinking will be ready, and which, soonest first (a copy)."""
        return sorted(entry for entry in self._expected if self._in_circuit(entry[1]))

    def ready(self) -> list[int]:
        """The tables ready for her, in the order she will serve them (a copy)."""
        if self.policy is Policy.URGENT:
            return [number for number in self._queue if self._in_circuit(number)]
        return sorted(self._ahead) + sorted(self._behind)  # ahead of her on this lap, then on the next

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
