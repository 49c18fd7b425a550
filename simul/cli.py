"""The `simul` command: parse and validate the arguments, then hand over to a runner."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from simul import __version__
from simul.core.config import MAX_BOARDS, ConfigError, ExhibitionConfig, GmColor, Policy, ThinkTime, check_seconds
from simul.core.mover_specs import NAMES, check_mover, search_depth
from simul.core.numbers import read_decimal, read_whole
from simul.core.offload import Offload
from simul.options import EXIT_BROKEN_PIPE, EXIT_USAGE, ClockKind, LoopKind, RunOptions
from simul.output.targets import output_folder, output_target

if TYPE_CHECKING:
    from simul.bench.command import Scenario

MIN_SPEED = 0.01
"""The slowest replay, a hundred times slower than life: far slower outlasts anyone, and 1e-300 never ends."""
MAX_SPEED = 1_000_000.0
T = TypeVar("T")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, and exit code 2.

    Options are matched whole, never by a prefix: `simul race --gm greedy` read
    `--gm` as `--gm-move` (the race has no `--gm`) and said "greedy" was not a number.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _argument(read: Callable[[str], T]) -> Callable[[str], T]:
    """`read` as an argparse type: its `ConfigError` becomes argparse's one-line error."""

    def parse(text: str) -> T:
        try:
            return read(text)
        except ConfigError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = read.__name__  # argparse names the type in some messages
    return parse


def _seconds(name: str) -> Callable[[str], float]:
    return _argument(lambda text: check_seconds(name, read_decimal(text)))


def _read_speed(text: str) -> float:
    speed = read_decimal(text)
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ConfigError(f"speed must be between {MIN_SPEED:g} and {MAX_SPEED:g}, not {text}")
    return speed


def _read_positive_seconds(text: str) -> float:
    seconds = check_seconds("seconds", read_decimal(text))
    if seconds == 0:
        raise ConfigError("must be more than 0 seconds")
    return seconds


def _read_boards(text: str) -> int:
    boards = read_whole(text)
    if not 1 <= boards <= MAX_BOARDS:
        raise ConfigError(f"boards must be between 1 and {MAX_BOARDS:,}, not {boards}")
    return boards


def _read_positive(text: str) -> int:
    value = read_whole(text)
    if value < 1:
        raise ConfigError(f"must be at least 1, not {value}")
    return value


def _read_depth(text: str) -> int:
    depth = search_depth(f"search:{text}")  # a number, or a `ConfigError`: never None for a search
    assert depth is not None
    return depth


def _read_port(text: str) -> int:
    port = read_whole(text)
    if not 0 <= port <= 65_535:
        raise ConfigError(f"port must be between 0 and 65535, not {port}")
    return port


_think = _argument(ThinkTime.parse)
_speed = _argument(_read_speed)
_positive_seconds = _argument(_read_positive_seconds)
_whole_number = _argument(read_whole)
_boards = _argument(_read_boards)
_positive_int = _argument(_read_positive)
_port = _argument(_read_port)


def _exhibition_options(*, timing: bool = True) -> _Parser:
    """The options shared by every way of running an exhibition (`timing`: the clock and the speed too)."""
    options = _Parser(add_help=False)
    group = options.add_argument_group("the exhibition")
    defaults = ExhibitionConfig()
    group.add_argument(
        "--boards", type=_boards, default=defaults.boards, metavar="N", help="tables (default %(default)s)"
    )
    group.add_argument(
        "--think",
        type=_think,
        default=defaults.think,
        metavar="S|MIN..MAX",
        help="each opponent's think time per move, fixed or drawn from a range (default %(default)s)",
    )
    group.add_argument(
        "--gm-move",
        type=_seconds("gm-move"),
        default=defaults.gm_move,
        metavar="S",
        help="the grandmaster's time per move (default %(default)s)",
    )
    group.add_argument(
        "--walk",
        type=_seconds("walk"),
        default=defaults.walk,
        metavar="S",
        help="her walk from one table to the next (default %(default)s)",
    )
    group.add_argument(
        "--max-moves",
        type=_whole_number,  # bounds checked with the rest of the exhibition's settings
        default=None,
        metavar="N",
        help="adjudicate every game after N full moves (default: play to the end)",
    )
    group.add_argument("--seed", type=_whole_number, default=None, metavar="N", help="seed for every random choice")
    movers = ", ".join(NAMES)
    group.add_argument(
        "--gm",
        type=_argument(lambda text: check_mover(text, "gm")),
        default=defaults.gm,
        metavar="MOVER",
        help=f"the grandmaster's mover: {movers} (default %(default)s)",
    )
    group.add_argument(
        "--gm-offload",
        choices=[offload.value for offload in Offload],
        default=defaults.gm_offload.value,
        help="where her search runs (--gm search): a process of its own, a thread, or the loop's own thread "
        "(default %(default)s)",
    )
    group.add_argument(
        "--opponent",
        type=_argument(lambda text: check_mover(text, "opponent")),
        default=defaults.opponent,
        metavar="MOVER",
        help="the opponents' mover: random, greedy, stockfish, stockfish:LEVEL (default %(default)s)",
    )
    group.add_argument(
        "--gm-color",
        choices=[color.value for color in GmColor],
        default=defaults.gm_color.value,
        help="the grandmaster's colour (default %(default)s)",
    )
    group.add_argument("--fen", default=None, metavar="FEN", help="start every game from this position")
    group.add_argument(
        "--policy",
        choices=[policy.value for policy in Policy],
        default=defaults.policy.value,
        help="how she picks her next table: round (in table order), urgent (longest waiting), "
        "loop (the event loop's own order) (default %(default)s)",
    )
    engines = options.add_argument_group("engines (--gm or --opponent stockfish[:LEVEL], skill 0 to 20)")
    engines.add_argument(
        "--engine-path",
        default=None,
        metavar="PATH",
        help="the UCI engine to run (default: stockfish on PATH, or Debian's /usr/games/stockfish)",
    )
    engines.add_argument(
        "--engines",
        type=_positive_int,  # the upper bound is checked with the rest of the exhibition's settings
        default=None,
        metavar="K",
        help="engine processes the opponents share (default: four per CPU core, at most 32 and the boards)",
    )
    engines.add_argument(
        "--engine-nodes",
        type=_positive_int,
        default=None,
        metavar="N",
        help="search N nodes a move instead of for the think time: the same games again on this machine",
    )
    if not timing:
        return options
    time_group = options.add_argument_group("time")
    time_group.add_argument(
        "--clock",
        choices=[kind.value for kind in ClockKind],
        default=ClockKind.REAL.value,
        help="real: paced by the wall clock; virtual: fast-forward (default %(default)s)",
    )
    time_group.add_argument(
        "--speed", type=_speed, default=1.0, metavar="X", help="divide every duration by X on the real clock"
    )
    return options


def _screen_options() -> _Parser:
    """The options of the TUI, in a terminal or behind `simul serve`."""
    options = _Parser(add_help=False)
    options.add_argument("--paused", action="store_true", help="open the TUI paused (space starts it)")
    options.add_argument(
        "--save-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the TUI's s saves the games (default: ~/Documents if it exists, else the current folder)",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    exhibition = _exhibition_options()
    on_screen = _screen_options()
    parser = _Parser(
        prog="simul",
        parents=[exhibition, on_screen],
        description="One grandmaster, many boards: a chess simultaneous exhibition that shows "
        "how the asyncio event loop works. Without a command, opens the live TUI.",
    )
    parser.add_argument("--version", action="version", version=f"simul {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        parents=[exhibition],
        help="play an exhibition headless, with a progress bar and a summary",
        description="Play an exhibition without the TUI: a progress bar, then a summary.",
    )
    output = run.add_argument_group("output")
    output.add_argument("--pgn", type=Path, default=None, metavar="FILE", help="write every game to FILE as PGN")
    output.add_argument("--report", type=Path, default=None, metavar="FILE", help="write the figures to FILE as JSON")
    output.add_argument(
        "--autosave",
        type=_positive_seconds,
        default=None,
        metavar="S",
        help="with --pgn: save the games so far every S simulated seconds while playing",
    )
    run.add_argument(
        "--loop",
        choices=[kind.value for kind in LoopKind],
        default=LoopKind.ASYNCIO.value,
        help="the event loop on the real clock: asyncio's own, counted and shown as simul's loop, or uvloop "
        "(pip install 'simul[uvloop]'), a faster loop that simul does not look inside (default %(default)s)",
    )
    commands.add_parser(
        "policies",
        parents=[_exhibition_options(timing=False)],
        help="the same exhibition under each walk policy (round, urgent, loop), side by side",
        description="Play the exhibition under each walk policy on the virtual clock and compare the "
        "time, how long the replies waited for her, and her walk.",
    )
    serve = commands.add_parser(
        "serve",
        parents=[exhibition, on_screen],
        help="the TUI in a web browser, for a projector: each page that opens gets its own exhibition",
        description="Serve the TUI as a web page (textual-serve): each browser that opens it gets an "
        "exhibition of its own, played by its own process on this machine. Ctrl+C stops the server "
        "and every exhibition.",
    )
    web = serve.add_argument_group("web")
    web.add_argument("--host", default="localhost", help="the address to listen on (default %(default)s)")
    web.add_argument(
        "--port", type=_port, default=8000, metavar="N", help="the port; 0 takes any free one (default %(default)s)"
    )
    _add_race(commands)
    _add_lesson(commands)
    _add_bench(commands)
    return parser


def _add_race(commands: argparse._SubParsersAction[_Parser]) -> None:
    from simul.race.setup import DEFAULT, PRESETS

    config = DEFAULT.config
    race = commands.add_parser(
        "race",
        help="the same exhibition four ways: sequential, threads, asyncio, blocking",
        description="Play the same seeded exhibition four ways at once (one game at a time; a "
        "thread per board; one grandmaster coroutine; asyncio with time.sleep inside) on the "
        "real clock, and compare wall time, speedup, threads, memory and CPU.",
    )
    race.add_argument("--boards", type=_boards, metavar="N", help=f"tables (default {config.boards})")
    race.add_argument("--think", type=_think, metavar="S|MIN..MAX", help=f"each think time (default {config.think})")
    race.add_argument(
        "--gm-move", type=_seconds("gm-move"), metavar="S", help=f"her time per move (default {config.gm_move:g})"
    )
    race.add_argument(
        "--max-moves", type=_whole_number, metavar="N", help=f"full moves per game (default {config.max_moves})"
    )
    race.add_argument("--seed", type=_whole_number, metavar="N", help="seed for every random choice")
    race.add_argument(
        "--speed", type=_speed, metavar="X", help=f"divide every duration by X (default {DEFAULT.speed:g})"
    )
    race.add_argument("--preset", choices=sorted(PRESETS), help="classic: 24 boards, 5 s, 55 s, 30 moves (12 h)")
    race.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the figures to FILE as JSON")


def _add_lesson(commands: argparse._SubParsersAction[_Parser]) -> None:
    from simul.lessons.registry import LESSONS

    lesson = commands.add_parser(
        "lesson",
        help="each idea of the asyncio tutorial, shown live on simul's own code",
        description="A live demonstration for each lesson of docs/lessons.md. Without a name, the list.",
    )
    lesson.add_argument("name", nargs="?", choices=list(LESSONS), metavar="NAME", help=", ".join(LESSONS))
    lesson.add_argument(
        "--clock",
        choices=[kind.value for kind in ClockKind],
        default=ClockKind.REAL.value,
        help=(
            "virtual: the same output at once, without the waiting "
            f"(not for {_real_time_lessons()}: they measure real time)"
        ),
    )


def _real_time_lessons() -> str:
    """The lessons that refuse the virtual clock, named from the registry so the help cannot fall behind it."""
    from simul.lessons.registry import LESSONS

    names = [name for name, lesson in LESSONS.items() if not lesson.virtual]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _add_bench(commands: argparse._SubParsersAction[_Parser]) -> None:
    from simul.bench.command import QUICK_CORE, QUICK_TUI, CoreSettings, TuiSettings

    bench = commands.add_parser(
        "bench",
        help="measure simul as its users run it",
        description="Benchmarks: simul measured as its users run it, against its goals. Each scenario is fixed "
        "and seeded; --quick runs a smaller one, once, and says so.",
    )
    targets = bench.add_subparsers(dest="target", metavar="TARGET", required=True)

    def target(name: str, help: str, description: str, *, quick: bool = True, plot: bool = False) -> _Parser:
        parser = targets.add_parser(name, help=help, description=description)
        if quick:
            parser.add_argument("--quick", action="store_true", help="a smaller scenario, run once: for a check")
        parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the figures to FILE as JSON")
        if plot:
            parser.add_argument(
                "--plot",
                type=Path,
                default=None,
                metavar="FILE",
                help="draw the curves to FILE, .png or .svg (needs matplotlib: pip install 'simul[plot]')",
            )
        return parser

    core_settings = CoreSettings()
    core = target(
        "core",
        "CPU a ply of a whole exhibition against python-chess alone playing the same games",
        "The overhead ratio: the CPU a ply costs in a whole exhibition (random movers, virtual "
        "clock) over what python-chess alone costs to play the very same games (legal moves, the seeded "
        "choice, push, the game-over check), measured alternately in one process.",
    )
    core.add_argument(
        "--boards",
        type=_boards,
        metavar="N",
        help=f"tables (default {core_settings.boards}, quick {QUICK_CORE.boards})",
    )
    core.add_argument(
        "--max-moves", type=_positive_int, metavar="N", help=f"full moves a game (default {core_settings.max_moves})"
    )
    core.add_argument(
        "--runs", type=_positive_int, metavar="N", help=f"runs each way (default {core_settings.runs}, quick 1)"
    )
    target(
        "scale",
        "50 to 100,000 boards on the virtual clock: time, CPU a ply and memory a board at each size",
        "The same exhibition (random movers, virtual clock, --max-moves 10) at 50, 500, 5,000, 50,000 and "
        "100,000 boards, each in a process of its own: wall, CPU, plies, CPU a ply (flagged where it grows), "
        "peak memory and memory per board; and memory per board at 40 plies a game. About 8 minutes here; "
        "--quick: 50, 500 and 2,000 boards.",
        plot=True,
    )
    target(
        "real",
        "10,000 boards on the real clock: wall time against the schedule's, and the loop's lag",
        "simul run --clock real --boards 10000 --gm random --gm-move 0.0005 --think 1..4 --max-moves 10, "
        "run as a user would: its wall time against the schedule's time, and the event loop's lag "
        "p50/p99/max. About a minute; --quick: 5,000 boards of 3 moves.",
        plot=True,
    )
    target(
        "race",
        "a thread per board against asyncio at 1,000 and 10,000 boards: memory a board and a waiting unit",
        "The race's threads and asyncio ways at 1,000 and 10,000 boards, then as many threads blocked on an "
        "event and tasks awaiting one, with no chess: peak memory a board and a waiting unit, and the OS "
        "threads; threads are started until the OS refuses one. --quick: 1,000 boards.",
    )
    engines = target(
        "engines",
        "the loop's lag while her search runs in a process, a thread, or on the loop's thread",
        "Play an exhibition on the real clock with the grandmaster's alpha-beta search "
        "(--gm search:DEPTH) in each place --gm-offload offers, and measure the event loop's lag meanwhile.",
        quick=False,
    )
    engines.add_argument("--boards", type=_boards, default=50, metavar="N", help="tables (default %(default)s)")
    engines.add_argument(
        "--depth", type=_argument(_read_depth), default=3, metavar="N", help="her search's depth (default %(default)s)"
    )
    engines.add_argument("--speed", type=_speed, default=10.0, metavar="X", help="the speed (default %(default)g)")
    engines.add_argument(
        "--seconds", type=_positive_seconds, default=10.0, metavar="S", help="each place's time (default %(default)g)"
    )
    tui_settings = TuiSettings()
    tui = target(
        "tui",
        "the TUI in a 200x50 pseudo-terminal: frames a second, CPU, key to screen",
        "Run the TUI in a 200x50 pseudo-terminal as a person would, count the frames it "
        "draws and the CPU it uses, then time how long a key press takes to show; the median of three runs.",
    )
    tui.add_argument("--boards", type=_boards, metavar="N", help=f"tables (default {tui_settings.boards})")
    tui.add_argument("--speed", type=_speed, metavar="X", help=f"the TUI's speed (default {tui_settings.speed:g})")
    tui.add_argument(
        "--seconds",
        type=_positive_seconds,
        metavar="S",
        help=f"how long to count, each run (default {tui_settings.seconds:g}, quick {QUICK_TUI.seconds:g})",
    )
    tui.add_argument(
        "--presses",
        type=_positive_int,
        metavar="N",
        help=f"key presses to time (default {tui_settings.presses}, quick {QUICK_TUI.presses})",
    )
    tui.add_argument(
        "--runs", type=_positive_int, metavar="N", help=f"runs, each a fresh app (default {tui_settings.runs}, quick 1)"
    )
    target(
        "all",
        "every benchmark but engines (core, scale, real, race, tui), in one JSON document",
        "Run core, scale, real, race and tui in turn and write one JSON document with all their figures. "
        "About 11 minutes on a 2-core machine; --quick: under a minute.",
        plot=True,
    )


def options_from(args: argparse.Namespace) -> RunOptions:
    """Validated options from parsed arguments; raises `ConfigError`."""
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    config = ExhibitionConfig(
        boards=args.boards,
        think=args.think,
        gm_move=args.gm_move,
        walk=args.walk,
        max_moves=args.max_moves,
        seed=seed,
        gm=args.gm,
        opponent=args.opponent,
        gm_color=GmColor(args.gm_color),
        policy=Policy(args.policy),
        gm_offload=Offload(args.gm_offload),
        engine_path=args.engine_path,
        engines=args.engines,
        engine_nodes=args.engine_nodes,
        **({"fen": args.fen} if args.fen is not None else {}),
    )
    given_pgn: Path | None = getattr(args, "pgn", None)
    given_report: Path | None = getattr(args, "report", None)
    pgn = output_target("--pgn", given_pgn) if given_pgn is not None else None
    report = output_target("--report", given_report) if given_report is not None else None
    if pgn is not None and pgn == report:
        raise ConfigError(f"--pgn and --report are the same file ({pgn}): each needs its own")
    autosave: float | None = getattr(args, "autosave", None)
    if autosave is not None and pgn is None:
        raise ConfigError("--autosave saves the --pgn file: give --pgn too")
    clock = ClockKind(getattr(args, "clock", ClockKind.VIRTUAL.value))  # `simul policies` is always virtual
    loop = LoopKind(getattr(args, "loop", LoopKind.ASYNCIO.value))
    if loop is LoopKind.UVLOOP:
        if clock is ClockKind.VIRTUAL:
            raise ConfigError("--loop uvloop runs on the real clock: the virtual clock is simul's own loop")
        if importlib.util.find_spec("uvloop") is None:
            raise ConfigError("uvloop is not installed: pip install 'simul[uvloop]', or leave out --loop")
    return RunOptions(config, clock, getattr(args, "speed", 1.0), pgn, report, autosave, loop)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `simul` command; return its exit code."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`simul lesson await | head`): stop quietly, as Unix tools do.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = "simul" if args.command is None else f"simul {args.command}"
    if args.command == "bench":
        return _bench(args, prog)
    if args.command == "race":
        return _race(args, prog)
    if args.command == "lesson":
        return _lesson(args, prog)
    if args.command == "policies":
        return _policies(args, prog)
    on_screen = args.command in (None, "serve")  # the TUI, in a terminal or a browser
    try:
        options = options_from(args)
        if on_screen and options.clock is ClockKind.VIRTUAL:
            raise ConfigError("the TUI plays on the real clock: use --speed to go faster")
        save_folder = output_folder("--save-dir", args.save_dir) if on_screen and args.save_dir is not None else None
    except ConfigError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "serve":
        from simul.tui.serve import serve  # loads aiohttp and textual-serve: for this command alone

        return serve(
            options.config,
            speed=options.speed,
            paused=args.paused,
            save_folder=save_folder,
            host=args.host,
            port=args.port,
        )
    if args.command is None:
        # Imported here: `simul run` never pays for loading Textual.
        from simul.tui.launch import run_tui

        return run_tui(options.config, speed=options.speed, paused=args.paused, save_folder=save_folder)
    from simul.headless import run_headless

    return run_headless(options)


def _bench(args: argparse.Namespace, prog: str) -> int:
    from simul.bench import command
    from simul.bench.plot import plot_problem

    try:
        json_path = output_target("--json", args.json) if args.json is not None else None
        given_plot: Path | None = getattr(args, "plot", None)
        plot_path = None
        if given_plot is not None:
            problem = plot_problem(given_plot)
            if problem is not None:
                raise ConfigError(problem)
            plot_path = output_target("--plot", given_plot)
            if plot_path == json_path:
                raise ConfigError(f"--json and --plot are the same file ({plot_path}): each needs its own")
    except ConfigError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    quick: bool = getattr(args, "quick", False)  # `engines` has no quick scenario
    scenarios = _bench_scenarios(args, quick)
    return command.run_benchmarks(args.target, scenarios, command.Outputs(json_path, plot_path), quick=quick)


def _given(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options among `names` the command line gave (those left out are None)."""
    return {name: value for name in names if (value := getattr(args, name)) is not None}


def _bench_scenarios(args: argparse.Namespace, quick: bool) -> list[Scenario[Any]]:
    """The scenarios `simul bench TARGET` runs: the quick or full settings, with what the command line gave."""
    from simul.bench import command

    match args.target:
        case "core":
            core = dataclasses.replace(
                command.QUICK_CORE if quick else command.CoreSettings(), **_given(args, "boards", "max_moves", "runs")
            )
            return [command.core_scenario(core.boards, core.max_moves, core.runs, quick=quick)]
        case "tui":
            tui = dataclasses.replace(
                command.QUICK_TUI if quick else command.TuiSettings(),
                **_given(args, "boards", "speed", "seconds", "presses", "runs"),
            )
            return [command.tui_scenario(tui.boards, tui.speed, tui.seconds, tui.presses, tui.runs, quick=quick)]
        case "engines":
            return [command.engines_scenario(args.boards, args.depth, args.speed, args.seconds)]
        case "scale":
            return [command.scale_scenario(quick=quick)]
        case "real":
            return [command.real_scenario(quick=quick)]
        case "race":
            return [command.race_scenario(quick=quick)]
    return command.all_scenarios(quick=quick)


def _race(args: argparse.Namespace, prog: str) -> int:
    from simul.race.command import run_race
    from simul.race.setup import DEFAULT, MAX_RACE_BOARDS, PRESETS

    setup = PRESETS[args.preset] if args.preset is not None else DEFAULT
    settings = {
        name: value
        for name in ("boards", "think", "gm_move", "max_moves", "seed")
        if (value := getattr(args, name)) is not None
    }
    if "seed" not in settings and args.preset is None:
        settings["seed"] = random.SystemRandom().randrange(1_000_000)
    try:
        config = dataclasses.replace(setup.config, **settings)
        if config.boards > MAX_RACE_BOARDS:
            raise ConfigError(
                f"a race has at most {MAX_RACE_BOARDS:,} boards (the threads lane starts one OS thread each), "
                f"not {config.boards:,}"
            )
        json_path = output_target("--json", args.json) if args.json is not None else None
    except ConfigError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return run_race(config, args.speed if args.speed is not None else setup.speed, json_path)


def _lesson(args: argparse.Namespace, prog: str) -> int:
    from simul.lessons.registry import LESSONS

    if args.name is None:
        for lesson in LESSONS.values():
            print(f"{lesson.name:<10} {lesson.title}")
        print("Run one: simul lesson NAME. Read them: docs/lessons.md")
        return 0
    lesson = LESSONS[args.name]
    virtual = ClockKind(args.clock) is ClockKind.VIRTUAL
    if virtual and not lesson.virtual:
        print(
            f"{prog}: error: the {lesson.name} lesson measures real time: run it without --clock virtual",
            file=sys.stderr,
        )
        return EXIT_USAGE
    lesson.show(virtual)
    return 0


def _policies(args: argparse.Namespace, prog: str) -> int:
    try:
        options = options_from(args)
    except ConfigError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    from simul.compare_command import run_policies

    return run_policies(options.config)
