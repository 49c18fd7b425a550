"""`--plot FILE`: the scaling curve and the real run's wall time against its schedule, drawn as PNG or SVG.

matplotlib is an optional extra (`pip install "simul[plot]"`), imported only
here and only when a plot is asked for, so no other command pays for loading
it. It draws on its non-interactive Agg canvas: no window, no display needed.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import TYPE_CHECKING

from simul.bench.memory import KB
from simul.bench.real import WALL_GOAL, RealFigures
from simul.bench.scale import LINEAR_TOLERANCE, PER_BOARD_GOAL_BYTES, ScaleFigures
from simul.output.atomic import write_atomically

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg"}
"""What a plot may be saved as, by the file's suffix."""
INSTALL_HINT = 'pip install "simul[plot]"'


def matplotlib_installed() -> bool:
    """Whether matplotlib can be imported, found without importing it."""
    return importlib.util.find_spec("matplotlib") is not None


def plot_problem(path: Path) -> str | None:
    """Why `--plot PATH` could not be drawn (its suffix, or matplotlib missing), or None if it can."""
    if path.suffix.lower() not in FORMATS:
        shown = str(path) if str(path).isprintable() else repr(str(path))  # one line, whatever the name holds
        return f"--plot {shown}: name a .png or .svg file (its suffix sets the format)"
    if not matplotlib_installed():
        return f"--plot needs matplotlib, which is not installed: {INSTALL_HINT}"
    return None


def draw(path: Path, *, scale: ScaleFigures | None = None, real: RealFigures | None = None) -> None:
    """Draw the panels the figures allow into `path`, atomically, in the format its suffix names."""
    figure = build_figure(scale=scale, real=real)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=FORMATS[path.suffix.lower()], bbox_inches="tight")
    write_atomically(path, buffer.getvalue())


def build_figure(*, scale: ScaleFigures | None = None, real: RealFigures | None = None) -> Figure:
    """One panel per curve: cost a ply and memory per board against boards (log x), and wall against schedule."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = (2 if scale is not None else 0) + (1 if real is not None else 0)
    if panels == 0:
        raise ValueError("nothing to plot: give the scale figures, the real run's, or both")
    figure = Figure(figsize=(5.2 * panels, 4.2), layout="constrained")
    FigureCanvasAgg(figure)  # the non-interactive canvas: never a window
    axes = figure.subplots(1, panels, squeeze=False)[0]
    if scale is not None:
        _cost_panel(axes[0], scale)
        _memory_panel(axes[1], scale)
    if real is not None:
        _real_panel(axes[-1], real)
    return figure


def _boards_axis(axes: Axes, boards: list[int]) -> None:
    """Boards on a log scale, each size measured marked as a plain number."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    axes.set_xscale("log")
    axes.xaxis.set_major_locator(FixedLocator(boards))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _boards(value)))
    axes.set_xlabel("boards (log scale)")
    axes.grid(True, alpha=0.3)


def _cost_panel(axes: Axes, scale: ScaleFigures) -> None:
    boards = [point.boards for point in scale.points]
    costs = [point.us_per_ply for point in scale.points]
    axes.plot(boards, costs, marker="o", color="tab:blue", label="CPU a ply")
    reference = scale.reference
    if reference is not None:
        axes.axhline(
            reference.us_per_ply * (1 + LINEAR_TOLERANCE),
            color="tab:green",
            linestyle="--",
            label=f"+{LINEAR_TOLERANCE:.0%} over {reference.boards:,} boards",
        )
    for point in scale.not_linear:
        axes.plot([point.boards], [point.us_per_ply], marker="o", color="tab:red", markersize=10, fillstyle="none")
        axes.annotate(
            f"{point.growth:+.0%}", (point.boards, point.us_per_ply), textcoords="offset points", xytext=(6, 6)
        )
    _boards_axis(axes, boards)
    axes.set_ylim(0, max(costs, default=1.0) * 1.4)
    axes.set_ylabel("CPU a ply, µs")
    axes.set_title(f"Cost a ply, --max-moves {scale.max_moves}")
    axes.legend(loc="lower right")


def _memory_panel(axes: Axes, scale: ScaleFigures) -> None:
    points = [point for point in scale.points if point.memory_per_board_bytes is not None]
    axes.plot(
        [point.boards for point in points],
        [(point.memory_per_board_bytes or 0) / KB for point in points],
        marker="o",
        color="tab:blue",
        label=f"{2 * scale.max_moves} plies a game",
    )
    probe = scale.probe
    axes.plot(
        [probe.boards],
        [probe.memory_per_board_bytes / KB],
        marker="s",
        linestyle="none",
        color="tab:orange",
        label=f"{probe.plies_per_board:.0f} plies a game",
    )
    axes.axhline(PER_BOARD_GOAL_BYTES / KB, color="tab:green", linestyle="--", label="goal at 40 plies")
    _boards_axis(axes, sorted({*(point.boards for point in points), probe.boards}))
    highest = max(
        [probe.memory_per_board_bytes, PER_BOARD_GOAL_BYTES, *(p.memory_per_board_bytes or 0 for p in points)]
    )
    axes.set_ylim(0, highest / KB * 1.3)
    axes.set_ylabel("memory per board, KB")
    axes.set_title("Memory per board (peak RSS, less one board's)")
    axes.legend(loc="lower right")


def _real_panel(axes: Axes, real: RealFigures) -> None:
    bars = axes.bar(["schedule", "wall"], [real.schedule_seconds, real.wall_seconds], color=["tab:gray", "tab:blue"])
    labels = [f"{real.schedule_seconds:.2f} s", f"{real.wall_seconds:.2f} s"]
    axes.bar_label(bars, labels=labels, label_type="center", color="white")
    axes.axhline(
        real.schedule_seconds * (1 + WALL_GOAL),
        color="tab:green",
        linestyle="--",
        label=f"goal: within {WALL_GOAL:.0%}",
    )
    axes.set_ylim(0, max(real.schedule_seconds, real.wall_seconds) * 1.25)
    axes.set_ylabel("seconds")
    lag = real.lag_ms
    axes.set_title(
        f"Real clock, {real.boards:,} boards\nwall {real.wall_over_schedule:+.2%} against the schedule\n"
        f"loop lag p50 {lag.p50:.1f}, p99 {lag.p99:.1f}, max {lag.max:.1f} ms"
    )
    axes.legend(loc="upper right")


def _boards(count: float) -> str:
    """A tick's board count, short enough that 50,000 and 100,000 do not run into each other on a log axis."""
    return f"{count / 1000:,.0f}k" if count >= 10_000 else f"{count:,.0f}"
