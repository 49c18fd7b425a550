"""Stop signals at random instants, start-up included, against `simul run` (with and without Stockfish
opponents) and `simul race`: nothing lost, nothing left running.

    python -m tests.stress.signals --trials 50 [--seed N] [--json FILE]

Each trial starts a real `simul` process, sends SIGINT, SIGTERM or SIGHUP at a
random instant (and, one trial in three, a second signal soon after, to press
on the save), then checks what a user would: the exit code is 128 + the
signal, nothing on stderr looks like a traceback, the outputs are absent (it
stopped before the first move) or whole and consistent (the PGN's games are
the report's tables, result for result and move for move, with no
`game.errors`), no temporary file is left, and no process of it outlives it (a
race's children, an exhibition's engines: found by a mark in the environment
they inherit).

The instants start 50 ms after launch: before that, Python itself may still be
starting (reading its site packages) and simul's first line not have run, so
Python's own defaults apply (see docs/reliability.md, which gives the figures).
The suite runs a short form of this (tests/unit/test_stress.py).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import chess.pgn

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
EARLIEST = 0.05
"""Seconds after launch of the first instant drawn: simul's first line has run by then, even under load."""
EXIT_GRACE = 30.0
"""How long a stopped process may take to exit before the trial fails."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A command to stop, and the window its instants are drawn from."""

    name: str
    argv: tuple[str, ...]
    playing: float
    """About when the first move is played, in seconds after launch: the end of its start-up."""
    latest: float
    """The latest instant drawn, in seconds after launch: well into the play."""
    gone_within: float = 2.0
    """How long after it exits what it started may take to end (a race's children notice their parent's death)."""


SCENARIOS = {
    "run": Scenario(
        "run",
        ("run", "--boards", "300", "--think", "1..3", "--gm-move", "0.01", "--max-moves", "15", "--speed", "10"),
        playing=0.6,
        latest=2.5,
    ),
    "race": Scenario("race", ("race", "--boards", "12", "--max-moves", "8", "--speed", "60"), playing=0.9, latest=3.0),
    "engines": Scenario(
        "engines",
        (
            "run",
            "--boards",
            "8",
            "--opponent",
            "stockfish",
            "--think",
            "0.5..2",
            "--gm-move",
            "0.05",
            "--max-moves",
            "6",
            "--speed",
            "2",
        ),
        playing=0.8,
        latest=3.0,
        gone_within=0.2,  # simul waits for its engines to end before it exits
    ),
}
MARK = "SIMUL_STRESS_TRIAL"
"""An environment variable set for each trial: every process it starts inherits it, engines included."""


@dataclass
class Trial:
    """One process stopped at one instant, and what was found afterwards."""

    scenario: str
    signum: int
    instant: float
    second_after: float | None
    exit_code: int | None = None
    seconds_to_exit: float | None = None
    outputs: str = ""
    """"none" (stopped before the first move), "whole", or what was wrong with them."""
    problems: list[str] = field(default_factory=list)
    stderr: str = ""
    """The end of what it wrote to stderr, kept when it looks like a failure."""

    @property
    def passed(self) -> bool:
        """Whether every check held."""
        return not self.problems


def _simul() -> list[str]:
    """The command as a user runs it: the installed `simul` script beside this Python, else `-m simul`."""
    script = Path(sys.executable).with_name("simul")
    return [str(script)] if script.exists() else [sys.executable, "-m", "simul"]


def _marked(mark: str, besides: int) -> list[int]:
    """Every live process but `besides` whose environment carries this trial's `mark` (what it started)."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == besides:
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in environment:
            found.append(int(entry.name))
    return found


def _wait_gone(pids: Sequence[int], seconds: float) -> list[int]:
    """The processes of `pids` still running after `seconds` (each waited on with a pidfd, not polled)."""
    alive = []
    deadline = time.monotonic() + seconds
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            ready, _, _ = select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                alive.append(pid)
        finally:
            os.close(handle)
    return alive


def _check_run_outputs(folder: Path, trial: Trial) -> None:
    pgn, report = folder / "games.pgn", folder / "report.json"
    if not pgn.exists() and not report.exists():
        trial.outputs = "none"
        return
    if not (pgn.exists() and report.exists()):
        trial.problems.append(f"one output without the other: pgn {pgn.exists()}, report {report.exists()}")
        return
    try:
        tables = json.loads(report.read_text())["tables"]
    except (ValueError, KeyError) as error:
        trial.problems.append(f"report unreadable: {error!r}")
        return
    games = []
    with pgn.open() as file:
        while (game := chess.pgn.read_game(file)) is not None:
            games.append(game)
    if len(games) != len(tables):
        trial.problems.append(f"{len(games)} games in the PGN, {len(tables)} tables in the report")
    for game, table in zip(games, tables, strict=False):
        if game.errors:
            trial.problems.append(f"table {table['table']}: {game.errors[0]!r}")
        if len(list(game.mainline_moves())) != table["plies"] or game.headers["Result"] != table["result"]:
            trial.problems.append(f"table {table['table']}: the PGN and the report disagree")
            break
    trial.outputs = "whole" if trial.passed else "inconsistent"


def _check_race_outputs(folder: Path, trial: Trial) -> None:
    path = folder / "race.json"
    if not path.exists():
        trial.outputs = "none"
        return
    try:
        document = json.loads(path.read_text())
        modes = document["modes"]
    except (ValueError, KeyError) as error:
        trial.problems.append(f"race JSON unreadable: {error!r}")
        return
    trial.outputs = "whole" if len(modes) == 4 else f"{len(modes)} modes"


def run_trial(scenario: Scenario, signum: int, instant: float, second_after: float | None, seed: int) -> Trial:
    """Start `scenario`, signal it at `instant`, and check everything it left."""
    trial = Trial(scenario.name, signum, instant, second_after)
    with tempfile.TemporaryDirectory(prefix="simul-stress-") as name:
        folder = Path(name)
        outputs = (
            ("--pgn", str(folder / "games.pgn"), "--report", str(folder / "report.json"))
            if scenario.argv[0] == "run"
            else ("--json", str(folder / "race.json"))
        )
        argv = [*_simul(), *scenario.argv, "--seed", str(seed), *outputs]
        mark = folder.name  # unique to this trial
        environment = {**os.environ, MARK: mark}
        with subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder, env=environment
        ) as process:
            launched = time.monotonic()
            time.sleep(max(0.0, launched + instant - time.monotonic()))
            children = _marked(mark, process.pid)
            exited = os.pidfd_open(process.pid)  # readable once it has exited: timed without polling
            try:
                sent = time.monotonic()
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signum)
                    if second_after is not None and not select.select([exited], [], [], second_after)[0]:
                        process.send_signal(signal.SIGINT)  # pressed again: it is still stopping
                if select.select([exited], [], [], EXIT_GRACE)[0]:
                    trial.seconds_to_exit = time.monotonic() - sent
                else:
                    process.kill()
                    trial.problems.append(f"still running {EXIT_GRACE:g} s after the signal")
            finally:
                os.close(exited)
            _, errors = process.communicate()
            trial.exit_code = process.returncode
        stderr = errors.decode(errors="replace")
        if trial.exit_code not in (128 + signum, 0):
            trial.problems.append(f"exit code {trial.exit_code}, not {128 + signum}")
        if "Traceback" in stderr or "Error" in stderr or "Exception" in stderr:
            trial.problems.append(f"stderr: {stderr.strip().splitlines()[-1][:160]}")
            trial.stderr = stderr[-4000:]  # the whole story, in the JSON, for whoever reads the failure
        if scenario.argv[0] == "run":
            _check_run_outputs(folder, trial)
        else:
            _check_race_outputs(folder, trial)
        leftovers = [entry.name for entry in folder.iterdir() if entry.name.startswith(".")]
        if leftovers:
            trial.problems.append(f"temporary files left: {leftovers}")
        orphans = _wait_gone(children + _marked(mark, process.pid), scenario.gone_within)
        if orphans:
            trial.problems.append(f"processes left running: {orphans}")
            for pid in orphans:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    return trial


def plan_trials(
    trials: int, seed: int, scenarios: Sequence[str] = tuple(SCENARIOS)
) -> list[tuple[Scenario, int, float, float | None]]:
    """`trials` instants drawn with `seed`: the scenarios and signals in turn, one trial in three signalled twice."""
    rng = random.Random(seed)
    plan: list[tuple[Scenario, int, float, float | None]] = []
    for number in range(trials):
        scenario = SCENARIOS[scenarios[number % len(scenarios)]]
        signum = STOP_SIGNALS[(number // len(scenarios)) % len(STOP_SIGNALS)]
        # Half the instants in the start-up (imports, set-up, the first steps), half while it plays.
        window = (EARLIEST, scenario.playing) if rng.random() < 1 / 2 else (scenario.playing, scenario.latest)
        instant = rng.uniform(*window)
        second = rng.uniform(0.005, 0.3) if rng.random() < 1 / 3 else None
        plan.append((scenario, signum, instant, second))
    return plan


def run_trials(trials: int, seed: int, scenarios: Sequence[str] = tuple(SCENARIOS)) -> list[Trial]:
    """Every planned trial, one after another."""
    return [
        run_trial(scenario, signum, instant, second, seed + number)
        for number, (scenario, signum, instant, second) in enumerate(plan_trials(trials, seed, scenarios))
    ]


def summary(results: Sequence[Trial]) -> dict[str, object]:
    """The figures of a stress run."""
    exits = [trial.seconds_to_exit for trial in results if trial.seconds_to_exit is not None]
    codes: dict[str, int] = {}
    for trial in results:
        codes[str(trial.exit_code)] = codes.get(str(trial.exit_code), 0) + 1
    return {
        "trials": len(results),
        "passed": sum(trial.passed for trial in results),
        "exit_codes": dict(sorted(codes.items())),
        "outputs": {kind: sum(t.outputs == kind for t in results) for kind in sorted({t.outputs for t in results})},
        "pressed_twice": sum(trial.second_after is not None for trial in results),
        "seconds_to_exit_p50": statistics.median(exits) if exits else None,
        "seconds_to_exit_max": max(exits, default=None),
        "failures": [dataclasses.asdict(trial) for trial in results if not trial.passed],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the stress trials and print their figures; exit 1 if any failed."""
    parser = argparse.ArgumentParser(prog="python -m tests.stress.signals", description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, metavar="FILE")
    args = parser.parse_args(argv)
    results = []
    for trial in run_trials(args.trials, args.seed):
        results.append(trial)
        name = signal.Signals(trial.signum).name
        twice = f" +SIGINT {trial.second_after:.3f} s later" if trial.second_after is not None else ""
        verdict = "ok" if trial.passed else "FAILED: " + "; ".join(trial.problems)
        print(
            f"{trial.scenario:<5} {name:<7} at {trial.instant:5.3f} s{twice}: exit {trial.exit_code}, "
            f"outputs {trial.outputs}, exited in {trial.seconds_to_exit or 0:.3f} s: {verdict}",
            flush=True,
        )
    figures = summary(results)
    print(json.dumps({key: value for key, value in figures.items() if key != "failures"}))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["passed"] == figures["trials"] else 1


if __name__ == "__main__":
    sys.exit(main())
