"""`simul policies`: one exhibition played under each walk policy on the virtual clock, side by side."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from simul.compare import SAME_WALKS, PolicyRun, compare_policies, where_walks_part
from simul.core.config import ExhibitionConfig
from simul.format import duration

STOPS_SHOWN = 12
"""Stops of each walk shown, from just before the policies part ways."""


def policies_table(config: ExhibitionConfig, runs: list[PolicyRun]) -> Table:
    """The three runs as one table: the schedule, the waits, her walk."""
    table = Table(
        title=f"{config.boards} boards, think {config.think} s, her move {config.gm_move:g} s, "
        f"{config.max_moves or 'all'} moves, seed {config.seed}",
        title_justify="left",
    )
    for column in ("policy", "simulated", "she waited", "wait: mean", "p99", "max", "laps"):
        table.add_column(column, justify="left" if column == "policy" else "right", no_wrap=True)
    for run in runs:
        summary, waits = run.summary, run.summary.waits
        table.add_row(
            run.policy.value,
            duration(summary.simulated_seconds),
            f"{summary.gm_waits:,}",
            duration(waits.mean),
            duration(waits.p99),
            duration(waits.max),
            f"{summary.laps:,}" if summary.laps is not None else "-",
        )
    return table


def run_policies(config: ExhibitionConfig, console: Console | None = None) -> int:
    """Play `config` three ways and print them; return the exit code."""
    console = console if console is not None else Console()
    runs = compare_policies(config)
    console.print(policies_table(config, runs))
    parting = where_walks_part(runs)
    if parting is None:
        console.print(SAME_WALKS)
    else:
        start = max(0, parting - 1)
        console.print(f"Her walk from stop {start + 1}, where the policies part ways:")
        for run in runs:
            console.print(f"  {run.policy.value:<7}" + " ▸ ".join(map(str, run.walk[start : start + STOPS_SHOWN])))
    same = all(run.games == runs[0].games for run in runs)
    console.print("The same games under all three." if same else "[red]The policies played different games![/]")
    return 0
