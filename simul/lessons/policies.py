"""Lesson: `round` against `loop` on one seed: the order she serves changes; one thread and the timing do not."""

from __future__ import annotations

from simul.compare import PolicyRun, play_under, where_walks_part
from simul.core.config import ExhibitionConfig, Policy, ThinkTime
from simul.format import duration

CONFIG = ExhibitionConfig(boards=6, think=ThinkTime(1.0, 9.0), gm_move=1.0, max_moves=12, seed=5)
STOPS = 12
"""Stops of each walk shown, from where they part."""


def describe_run(run: PolicyRun, start: int) -> list[str]:
    waits = run.summary.waits
    return [
        f"  {run.policy.value:<6} her walk from stop {start + 1}: "
        + " ▸ ".join(map(str, run.walk[start : start + STOPS])),
        f"         {duration(run.summary.simulated_seconds)} simulated · {run.passes:,} passes · "
        f"replies waited {duration(waits.mean)} mean, {duration(waits.max)} max",
    ]


def show(virtual: bool) -> None:
    # Both are played on the virtual clock whatever the flag: the comparison is of schedules, not of waiting.
    runs = [play_under(CONFIG, policy) for policy in (Policy.ROUND, Policy.LOOP)]
    parting = where_walks_part(runs)
    start = max(0, (parting if parting is not None else 0) - 1)
    print(f"{CONFIG.boards} tables, think {CONFIG.think} s, her move {CONFIG.gm_move:g} s, seed {CONFIG.seed}:")
    for run in runs:
        print("\n".join(describe_run(run, start)))
    same = runs[0].games == runs[1].games
    print(f"Same games: {'yes' if same else 'NO'} (each table draws its moves from its own seeded source).")
    print("round: her coroutine walks round the room in table order from where she stands,")
    print("       skipping the tables still thinking (5 ▸ 2: she walked past 6 and 1):")
    print("       the choice is simul's, made on top of the loop.")
    print("loop:  no walk of hers: a table's task joins the ready queue when its opponent's")
    print("       timer fires, and the loop runs the queue first come, first served.")
    print("One thread and one loop either way; only the order she serves the tables changes.")
