"""Every bad input, of every kind and command: one line on stderr, exit code 2, and no file touched."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from simul.cli import main

START = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0"
"""The starting position, but for its move number."""

NOT_WHOLE = ["\uff13", "\u0663", " 3 ", "3 ", "1_000", "\xa03", "0x10", "1e3", "2.5", "", "+-3", "many"]
"""Whole numbers as Python's `int` would read some of them, and no person means."""

NOT_DECIMAL = ["\uff13", "\u0663", " 1 ", "1_0", "\xa01", ".5", "5.", "nan", "inf", "0x1p3", "", "soon"]
"""Numbers of seconds as Python's `float` would read some of them."""

CASES: list[tuple[list[str], str]] = [
    # Whole numbers: ASCII digits only, within bounds.
    *[(["run", "--boards", text], "is not a whole number (digits 0-9 only)") for text in NOT_WHOLE],
    *[(["run", "--seed", text], "is not a whole number") for text in NOT_WHOLE[:6]],
    *[(["run", "--max-moves", text], "is not a whole number") for text in NOT_WHOLE[:6]],
    (["run", "--boards", "0"], "boards must be between 1 and 100,000, not 0"),
    (["run", "--boards", "-3"], "boards must be between 1 and 100,000, not -3"),
    (["run", "--boards", "100001"], "boards must be between 1 and 100,000"),
    (["run", "--boards", "9" * 5000], "is not a whole number"),
    (["run", "--max-moves", "0"], "max-moves must be between 1 and 5,000, not 0"),
    (["run", "--max-moves", "5001"], "max-moves must be between 1 and 5,000"),
    (["run", "--max-moves", str(10**30)], "max-moves must be between 1 and 5,000"),
    (["run", "--seed", "-1"], "seed must be between 0 and 999,999,999,999,999,999, not -1"),
    (["run", "--seed", str(10**18)], "seed must be between 0 and 999,999,999,999,999,999"),
    # Seconds: plain decimals, finite, not negative, not too long, never rounded to 0.
    *[(["run", "--gm-move", text], "is not a number (write it like 2, 0.5 or 1e-3)") for text in NOT_DECIMAL],
    *[(["run", "--walk", text], "is not a number") for text in NOT_DECIMAL[:6]],
    *[(["run", "--think", text], "is not a number of seconds or a range like 2..8") for text in NOT_DECIMAL],
    (["run", "--think", "0...5"], "is not a number of seconds or a range like 2..8"),
    (["run", "--think", "1..2..3"], "is not a number of seconds or a range"),
    (["run", "--think", "1 .. 2"], "is not a number of seconds or a range"),
    (["run", "--think", "..2"], "is not a number of seconds or a range"),
    (["run", "--think", "1e-400"], "is not a number of seconds or a range"),
    (["run", "--think", "8..2"], "think range 8..2 has min > max"),
    (["run", "--think", "1e309"], "think time must be a finite number of seconds, not inf"),
    (["run", "--think", "-1"], "think time cannot be negative"),
    (["run", "--think", "0..2e6"], "think time of 2e+06 s is too long"),
    (["run", "--gm-move", "1e-400"], "1e-400 is too close to 0 to be told apart from it"),
    (["run", "--gm-move", "-0.5"], "gm-move cannot be negative"),
    (["run", "--gm-move", "1e7"], "gm-move of 1e+07 s is too long"),
    (["run", "--walk=-1e309"], "walk must be a finite number of seconds, not -inf"),
    (["run", "--walk", "5e-324000"], "too close to 0"),
    # Speed: a run must end, so not too slow.
    *[
        (["run", "--speed", text], f"speed must be between 0.01 and 1e+06, not {text}")
        for text in ("0", "-2", "0.001", "1e-300", "5e-324", "2e6", "1e309")
    ],
    *[(["run", "--speed", text], "is not a number") for text in ("fast", "nan", "inf", "\uff12", "1_0")],
    (["run", "--autosave", "0", "--pgn", "x.pgn"], "must be more than 0 seconds"),
    (["run", "--autosave", "-5", "--pgn", "x.pgn"], "cannot be negative"),
    (["run", "--autosave", "30"], "--autosave saves the --pgn file: give --pgn too"),
    # Choices.
    (["run", "--clock", "sundial"], "invalid choice: 'sundial'"),
    (
        ["run", "--gm", "magnus"],
        "unknown gm mover 'magnus' (choose from greedy, random, search, search:DEPTH, stockfish, stockfish:LEVEL)",
    ),
    # Engines: a level Stockfish has, a program that is there and is an engine, options only with engines.
    (["run", "--opponent", "stockfish:21"], "stockfish level must be a whole number from 0 to 20, not '21'"),
    (["run", "--gm", "stockfish:-1"], "stockfish level must be a whole number from 0 to 20, not '-1'"),
    (["run", "--opponent", "stockfish:"], "stockfish level must be a whole number from 0 to 20, not ''"),
    (["run", "--opponent", "stockfish", "--engine-path", "/nowhere/sf"], "--engine-path '/nowhere/sf' is not an exec"),
    (["run", "--opponent", "stockfish", "--engine-path", "/tmp"], "--engine-path '/tmp' is not an executable file"),
    (["run", "--opponent", "stockfish", "--engine-path", "/dev/null"], "is not an executable file"),
    (["run", "--opponent", "stockfish", "--engine-path", ""], "--engine-path is empty"),
    (["run", "--opponent", "stockfish", "--engine-path", "/bin/false"], "false did not start as a UCI engine"),
    (["run", "--engines", "4"], "--engines is for engine players: give --opponent or --gm stockfish too"),
    (["run", "--engine-nodes", "400"], "--engine-nodes is for engine players"),
    (["run", "--engine-path", "/bin/false"], "--engine-path is for engine players"),
    (["run", "--gm", "stockfish", "--engines", "4"], "--engines sets how many engines the opponents share"),
    (["run", "--opponent", "stockfish", "--engines", "0"], "must be at least 1, not 0"),
    (["run", "--opponent", "stockfish", "--engines", "257"], "engines must be between 1 and 256, not 257"),
    (["run", "--opponent", "stockfish", "--engine-nodes", "0"], "must be at least 1, not 0"),
    (["run", "--opponent", "stockfish", "--engine-nodes", str(10**10)], "engine-nodes must be between 1 and"),
    (["run", "--opponent", "magnus"], "unknown opponent mover 'magnus'"),
    (["run", "--opponent", "search:3"], "'search:3' is for the grandmaster (--gm)"),
    (["run", "--gm", "search:9"], "search depth must be a whole number from 1 to 5, not '9'"),
    (["run", "--gm", "search:0"], "search depth must be a whole number from 1 to 5, not '0'"),
    (["run", "--gm", "search:\u0663"], "search depth must be a whole number from 1 to 5"),
    (["run", "--gm", "search:"], "search depth must be a whole number from 1 to 5, not ''"),
    (["run", "--gm-offload", "gpu"], "invalid choice: 'gpu'"),
    (["run", "--gm-color", "green"], "invalid choice: 'green'"),
    (["run", "--policy", "random"], "invalid choice: 'random'"),
    (["run", "--unknown"], "unrecognized arguments: --unknown"),
    (["play"], "invalid choice: 'play'"),
    # Positions: legal, playable, and a PGN that reads back.
    (["run", "--fen", "not a fen"], "FEN 'not a fen' is not valid"),
    (["run", "--fen", "8/8/8/8/8/8/8/8 w - - 0 1"], "is not a legal position"),
    (["run", "--fen", "4k3/8/8/8/8/8/8/K3R3 w - - 0 1"], "is not a legal position"),
    (["run", "--fen", "7k/5KQ1/8/8/8/8/8/8 b - - 0 1"], "is a finished game"),
    (["run", "--fen", f"{START} 1001"], "move number 1,001 is too high (at most 1,000"),
    (["run", "--fen", f"{START} 99999999999999999999"], "is too high"),
    (["run", "--fen", f"{START} \u0663"], "it must be plain ASCII"),
    (["run", "--fen", f"{START} 1_0"], "its move counters must be plain digits"),
    (["run", "--fen", f"{START} +5"], "its move counters must be plain digits"),
    (["run", "--fen", START.replace(" 0", " -1") + " 1"], "its move counters must be plain digits"),
    (["run", "--fen", f"{START} 1".replace("8", "\uff18", 1)], "it must be plain ASCII"),
    (["run", "--fen", "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 150 1"], "is a finished game"),
    # Outputs: never replace a device, a pipe or a folder; a folder that exists and takes a file.
    (["run", "--pgn", "/dev/null"], "--pgn /dev/null is not a regular file"),
    (["run", "--pgn", "/dev/full"], "--pgn /dev/full is not a regular file"),
    (["run", "--report", "/dev/null"], "--report /dev/null is not a regular file"),
    (["run", "--pgn", "fifo"], "--pgn fifo is not a regular file"),
    (["run", "--pgn", "null-link"], "--pgn null-link (a link to /dev/null) is not a regular file"),
    (["run", "--pgn", "/proc/x.pgn"], "--pgn /proc/x.pgn: cannot write in '/proc'"),
    (["run", "--pgn", "/sys/x.pgn"], "--pgn /sys/x.pgn: cannot write in '/sys'"),
    (["run", "--report", "/sys/r.json"], "--report /sys/r.json: cannot write in '/sys'"),
    (["run", "--pgn", "/no/such/folder/games.pgn"], "folder '/no/such/folder' does not exist"),
    (["run", "--report", "/no/such/folder/r.json"], "folder '/no/such/folder' does not exist"),
    (["run", "--pgn", "."], "--pgn . is a folder, not a file"),
    (["run", "--pgn", ""], "is a folder, not a file"),
    (["run", "--pgn", "same.pgn", "--report", "same.pgn"], "--pgn and --report are the same file"),
    (["run", "--pgn", "good.pgn", "--report", "/sys/r.json"], "cannot write in '/sys'"),
    (["run", "--pgn", "good.pgn", "--report", "link-to-good"], "--pgn and --report are the same file"),
    # The TUI.
    (["--clock", "virtual"], "the TUI plays on the real clock: use --speed to go faster"),
    (["--speed", "0"], "speed must be between 0.01 and 1e+06"),
    (["--boards", "\uff15\uff10"], "is not a whole number"),
    (["--save-dir", "/no/such/folder"], "--save-dir /no/such/folder is not a folder"),
    (["--save-dir", "/dev/null"], "--save-dir /dev/null is not a folder"),
    (["--save-dir", "/proc"], "--save-dir /proc: cannot write in '/proc'"),
    # The TUI in a browser.
    (["serve", "--port", "65536"], "port must be between 0 and 65535, not 65536"),
    (["serve", "--port", "-1"], "port must be between 0 and 65535, not -1"),
    (["serve", "--port", "http"], "is not a whole number"),
    (["serve", "--clock", "virtual"], "the TUI plays on the real clock"),
    (["serve", "--save-dir", "/dev/null"], "--save-dir /dev/null is not a folder"),
    (["serve", "--boards", "0"], "boards must be between 1 and 100,000"),
    # The race.
    (["race", "--boards", "1001"], "a race has at most 1,000 boards"),
    (["race", "--boards", "0"], "boards must be between 1 and 100,000"),
    (["race", "--boards", "\u0663"], "is not a whole number"),
    (["race", "--think", "5..1"], "think range 5..1 has min > max"),
    (["race", "--think", "0...5"], "is not a number of seconds or a range"),
    (["race", "--gm-move", "nan"], "is not a number"),
    (["race", "--max-moves", "0"], "max-moves must be between 1 and 5,000"),
    (["race", "--max-moves", "99999"], "max-moves must be between 1 and 5,000"),
    (["race", "--seed", "-5"], "seed must be between 0"),
    (["race", "--speed", "0"], "speed must be between 0.01 and 1e+06"),
    (["race", "--speed", "1e-300"], "speed must be between 0.01 and 1e+06"),
    (["race", "--preset", "blitz"], "invalid choice: 'blitz'"),
    (["race", "--gm", "greedy"], "unrecognized arguments: --gm greedy"),  # not taken for --gm-move
    (["run", "--boa", "5"], "unrecognized arguments: --boa 5"),
    (["race", "--json", "/no/such/folder/r.json"], "folder '/no/such/folder' does not exist"),
    (["race", "--json", "/proc/x.json"], "--json /proc/x.json: cannot write in '/proc'"),
    (["race", "--json", "/dev/null"], "--json /dev/null is not a regular file"),
    # Benchmarks, lessons, policies.
    (["bench"], "the following arguments are required: TARGET"),
    (["bench", "gpu"], "invalid choice: 'gpu'"),
    (["bench", "tui", "--seconds", "0"], "must be more than 0 seconds"),
    (["bench", "tui", "--seconds", "nan"], "is not a number"),
    (["bench", "tui", "--presses", "0"], "must be at least 1, not 0"),
    (["bench", "tui", "--boards", "0"], "boards must be between 1 and 100,000"),
    (["bench", "tui", "--speed", "1e-300"], "speed must be between 0.01 and 1e+06"),
    (["bench", "tui", "--json", "/no/such/folder/b.json"], "folder '/no/such/folder' does not exist"),
    (["bench", "tui", "--json", "/dev/full"], "--json /dev/full is not a regular file"),
    (["bench", "core", "--boards", "0"], "boards must be between 1 and 100,000"),
    (["bench", "engines", "--depth", "9"], "search depth must be a whole number from 1 to 5, not '9'"),
    (["bench", "engines", "--seconds", "0"], "must be more than 0 seconds"),
    (["bench", "core", "--runs", "0"], "must be at least 1, not 0"),
    (["bench", "core", "--max-moves", "\u0663"], "is not a whole number"),
    (["bench", "core", "--json", "/sys/core.json"], "cannot write in '/sys'"),
    (["lesson", "nonsense"], "invalid choice: 'nonsense'"),
    (["lesson", "gil", "--clock", "virtual"], "the gil lesson measures real time: run it without --clock virtual"),
    (["lesson", "blocking", "--clock", "virtual"], "measures real time"),
    (["policies", "--boards", "0"], "boards must be between 1 and 100,000"),
    (["policies", "--think", "1_0"], "is not a number of seconds or a range"),
    (["policies", "--clock", "virtual"], "unrecognized arguments: --clock virtual"),
]


def test_the_table_covers_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len({(tuple(argv), says) for argv, says in CASES}) == len(CASES), "a case is listed twice"


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding what the cases name: a FIFO, links, a file that must stay as it is."""
    monkeypatch.chdir(tmp_path)
    os.mkfifo("fifo")
    os.symlink("/dev/null", "null-link")
    os.symlink("good.pgn", "link-to-good")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {entry.name: (entry.lstat().st_mode, entry.lstat().st_mtime_ns) for entry in folder.iterdir()}


@pytest.mark.parametrize(("argv", "says"), CASES, ids=[" ".join(argv)[:60] for argv, _ in CASES])
def test_bad_input_is_one_line_exit_2_and_no_file_touched(
    room: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    before = _snapshot(room)
    try:
        code: int | str | None = main(argv)
    except SystemExit as exit_request:  # argparse exits by itself
        code = exit_request.code
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("simul"), lines[0]
    assert ": error: " in lines[0]
    assert says in lines[0]
    assert captured.out == ""
    assert _snapshot(room) == before


def test_a_port_in_use_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["serve", "--host", "127.0.0.1", "--port", str(port)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == f"simul serve: error: cannot listen on 127.0.0.1:{port}: address already in use\n"
    assert captured.out == ""
