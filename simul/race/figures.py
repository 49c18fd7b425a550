"""The race's figures as plain values and text, for the command line (Rich) and the TUI (Textual) alike."""

from __future__ import annotations

from dataclasses import dataclass

from simul.format import duration
from simul.race.modes import Mode
from simul.race.runner import Race
from simul.race.setup import MODE_NOTES

EXIT_LANE_FAILED = 1
"""The race's exit code when a lane failed (a child crashed or was killed)."""


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the race's table."""

    name: str
    unit: str = ""
    """The unit of every figure in it, given once in the heading: the cells are bare numbers that line up."""
    numeric: bool = True
    """Figures, right-justified; text (left-justified) otherwise."""

    @property
    def heading(self) -> str:
        """`wall` over `s`: the unit under the name, so that the heading is no wider than the figures."""
        return f"{self.name}\n{self.unit}" if self.unit else self.name


COLUMNS = (
    Column("mode", numeric=False),
    Column("wall", "s"),
    Column("schedule", "s"),
    Column("drift", "ms"),
    Column("speedup"),
    Column("bound"),
    Column("threads"),
    Column("memory", "MB"),
    Column("CPU", "s"),
    Column("how", numeric=False),
)
"""What the table shows of each mode, in order: `ModeRow.cells` gives a row of them."""


@dataclass(frozen=True, slots=True)
class ModeRow:
    """One way of playing, measured against its own schedule: None where it has no figure (yet)."""

    mode: Mode
    wall_seconds: float | None
    schedule_seconds: float | None
    """The mode's own schedule, in real seconds at the race's speed."""
    drift_seconds: float | None
    """`wall_seconds - schedule_seconds`: setting up, the last sleep's overshoot, and any lag."""
    speedup: float | None
    """The sequential mode's wall time over this one's, as measured."""
    bound: float | None
    """The best speedup this mode's own schedule allows."""
    threads: int | None
    peak_rss_bytes: int | None
    cpu_seconds: float | None
    note: str
    """How it plays; or, if it has no figures, why (its error, or how far it got)."""

    def cells(self) -> tuple[str, ...]:
        """The row as text, one cell per column of `COLUMNS`, in the columns' units."""
        return (
            self.mode.value,
            _or_dash(self.wall_seconds, "{:.3f}"),
            _or_dash(self.schedule_seconds, "{:.3f}"),
            _or_dash(self.drift_seconds, "{:+.1f}", scale=1000),
            _or_dash(self.speedup, "{:.1f}x"),
            _or_dash(self.bound, "{:.1f}x"),
            _or_dash(self.threads, "{}"),
            _or_dash(self.peak_rss_bytes, "{:.1f}", scale=1e-6),
            _or_dash(self.cpu_seconds, "{:.3f}"),
            self.note,
        )


def _or_dash(value: float | None, form: str, scale: float = 1) -> str:
    return "-" if value is None else form.format(value * scale)


def race_rows(race: Race) -> list[ModeRow]:
    """Every mode's row, finished or not."""
    rows = []
    for mode, lane in race.lanes.items():
        figures = lane.figures
        note = MODE_NOTES[mode] if figures is not None else lane.error or f"stopped after {lane.moves:,} moves"
        rows.append(
            ModeRow(
                mode,
                figures.wall_seconds if figures else None,
                race.schedule_seconds(mode),
                race.drift_seconds(mode),
                race.speedup(mode),
                race.bound(mode),
                figures.threads if figures else None,
                figures.peak_rss_bytes if figures else None,
                figures.cpu_seconds if figures else None,
                note,
            )
        )
    return rows


def race_title(race: Race) -> str:
    """The race's settings, in a line."""
    config = race.config
    return (
        f"{config.boards} boards, think {config.think} s, her move {config.gm_move:g} s, "
        f"{config.max_moves or 'all'} moves, seed {config.seed}, x{race.speed:g}"
    )


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the verdict under the table."""

    text: str
    alarm: bool = False
    """Something went wrong: shown in red."""


def race_verdict(race: Race) -> list[Sentence]:
    """What the table means: each mode's bound and why, whether the games matched, which lanes were stopped."""
    sentences = []
    plan = race.plan
    if plan is not None:
        sentences.append(
            Sentence(
                f"Simulated, one game at a time takes {duration(plan.sequential_seconds)} and one grandmaster "
                f"{duration(plan.asyncio_seconds)}, for she makes every one of her moves herself: "
                f"{plan.bound:.1f}x at best, asyncio's bound. Threads' bound is higher, "
                f"{plan.bound_for(Mode.THREADS):.1f}x: a player per board, not one grandmaster, so every game "
                f"is played at once and the longest ({duration(plan.threads_seconds)}) is the whole race."
            )
        )
    drift, schedule = race.drift_seconds(Mode.SEQUENTIAL), race.schedule_seconds(Mode.SEQUENTIAL)
    if drift is not None and schedule:
        # speedup / bound = (1 + sequential's drift / its schedule) / (1 + the mode's drift / its schedule)
        sentences.append(
            Sentence(
                "Each mode sleeps until the deadlines of its own schedule (drift: how late it finished), "
                f"so a speedup can pass its bound only by sequential's drift, {max(drift, 0.0) / schedule:.2%}."
            )
        )
    same = race.same_games
    if same is not None:
        sentences.append(
            Sentence("The same games, move for move, in every mode that finished.")
            if same
            else Sentence("The modes played different games!", alarm=True)
        )
    # Said here as well as in the table's notes, which a narrow table leaves out.
    stopped = [lane for lane in race.lanes.values() if lane.figures is None and lane.error is None]
    if stopped:
        total = f" of {plan.moves:,}" if plan is not None else ""
        where = ", ".join(f"{lane.mode.value} after {lane.moves:,}{total} moves" for lane in stopped)
        sentences.append(Sentence(f"Stopped before the end: {where}."))
    return sentences


def race_failure(race: Race) -> str | None:
    """Which lanes failed and why, in a line of its own (None if none did): the race then exits 1."""
    if not race.failed:
        return None
    failures = "; ".join(f"{lane.mode.value}: {lane.error}" for lane in race.failed)
    return f"The race failed ({failures}): exit code {EXIT_LANE_FAILED}."


def race_document(race: Race) -> dict[str, object]:
    """The race as JSON: `modes.<name>.wall_seconds`, `.schedule_seconds`, `.drift_seconds`, `.speedup`, `.bound`..."""
    config = race.config
    modes: dict[str, object] = {}
    for row in race_rows(race):
        lane = race.lanes[row.mode]
        modes[row.mode.value] = {
            "finished": lane.figures is not None,
            "moves": lane.moves,
            "wall_seconds": row.wall_seconds,
            "schedule_seconds": row.schedule_seconds,
            "drift_seconds": row.drift_seconds,
            "speedup": row.speedup,
            "bound": row.bound,
            "threads": row.threads,
            "peak_rss_bytes": row.peak_rss_bytes,
            "cpu_seconds": row.cpu_seconds,
            "error": lane.error,
        }
    plan = race.plan
    return {
        "schema": 1,
        "config": {
            "boards": config.boards,
            "think": str(config.think),
            "gm_move": config.gm_move,
            "max_moves": config.max_moves,
            "seed": config.seed,
            "gm": config.gm,
            "opponent": config.opponent,
        },
        "speed": race.speed,
        "completed": race.completed,
        "same_games": race.same_games,
        "schedule": {
            "moves": plan.moves,
            "sequential_seconds": plan.sequential_seconds,
            "asyncio_seconds": plan.asyncio_seconds,
            "threads_seconds": plan.threads_seconds,
            "bound": plan.bound,
        }
        if plan is not None
        else None,
        "modes": modes,
    }
