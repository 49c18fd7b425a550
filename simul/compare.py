"""One exhibition under each walk policy, on the virtual clock: what changes, and what does not."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from simul.core.clock import PacedClock
from simul.core.config import ExhibitionConfig, Policy
from simul.core.events import Event, GrandmasterArrived
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats, Summary
from simul.loop.event_loop import SimulLoop, run

WALK_KEPT = 400
"""Her first stops that a comparison keeps: enough to see where the policies part."""


@dataclass(frozen=True, slots=True)
class PolicyRun:
    """One policy's run of the exhibition."""

    policy: Policy
    summary: Summary
    walk: tuple[int, ...]
    """The tables of her first moves, in the order she made them."""
    passes: int
    """Passes of the event loop over the whole run (one loop, one thread, whatever the policy)."""
    games: tuple[tuple[str, ...], ...]
    """Every table's moves, in UCI: the same under every policy."""


def play_under(config: ExhibitionConfig, policy: Policy) -> PolicyRun:
    """Play `config` under `policy` on a fresh virtual loop (blocking: run it outside a running loop)."""
    exhibition = Exhibition(dataclasses.replace(config, policy=policy), PacedClock())
    stats = ExhibitionStats()
    walk: list[int] = []

    def follow(event: Event) -> None:
        if isinstance(event, GrandmasterArrived) and len(walk) < WALK_KEPT:
            walk.append(event.table)

    exhibition.subscribe(stats.record)
    exhibition.subscribe(follow)
    loop = SimulLoop(virtual=True)
    run(exhibition.run(), loop=loop)
    return PolicyRun(
        policy=policy,
        summary=stats.summary(),
        walk=tuple(walk),
        passes=loop.passes,
        games=tuple(tuple(move.uci() for move in table.moves) for table in exhibition.tables),
    )


def compare_policies(config: ExhibitionConfig) -> list[PolicyRun]:
    """`config` under every policy, in their order (blocking: in the TUI, run it in a thread)."""
    return [play_under(config, policy) for policy in Policy]


def where_walks_part(runs: list[PolicyRun]) -> int | None:
    """The index of the first stop at which the policies' walks differ; None if they never do."""
    walks = [run.walk for run in runs]
    shortest = min(map(len, walks), default=0)
    return next((index for index in range(shortest) if len({walk[index] for walk in walks}) > 1), None)


SAME_WALKS = "Her walk is the same under every policy here: the replies come back in table order."
"""What to say when the walks never part (few tables, or a fixed think time)."""
