"""A fake UCI engine for the tests: it plays the first legal move, or misbehaves as its first argument says.

good                 answer every search with the first legal move (in UCI order)
crash                die (exit 3) at its first search, without answering
crash-once MARKER    die at its first search if the file MARKER does not exist (and create it); else good
hang                 take every search and never answer
garbage              say nonsense, then answer every search with a move that is not legal
silent               never finish the handshake (no `uciok`)
deaf                 good, but ignore `quit` and the polite signals: only a kill ends it
"""

from __future__ import annotations

import os
import signal
import sys
import time


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def first_legal_move(position: str) -> str:
    import chess  # only when asked for a move: the handshake stays fast

    words = position.split()
    board = chess.Board()
    if words[1] == "fen":
        board = chess.Board(" ".join(words[2:8]))
    if "moves" in words:
        for move in words[words.index("moves") + 1 :]:
            board.push_uci(move)
    return min(move.uci() for move in board.legal_moves)


def main() -> None:
    mode = sys.argv[1]
    if mode == "crash-once":
        marker = sys.argv[2]
        if os.path.exists(marker):
            mode = "good"
        else:
            open(marker, "w").close()
            mode = "crash"
    if mode == "deaf":
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
    position = "position startpos"
    for line in sys.stdin:
        command = line.strip()
        if command == "uci":
            if mode == "silent":
                continue
            if mode == "garbage":
                say("hello there, I am not quite an engine")
            say("id name Fake " + mode)
            say("uciok")
        elif command == "isready":
            say("readyok")
        elif command.startswith("position"):
            position = command
        elif command.startswith("go"):
            if mode == "crash":
                os._exit(3)
            if mode == "hang":
                continue
            if mode == "garbage":
                say("info depth banana score lemon")
                say("bestmove a1a1")
                continue
            say("bestmove " + first_legal_move(position))
        elif command == "quit" and mode != "deaf":
            return
    if mode == "deaf":
        while True:  # even its input closed, only a kill ends it
            time.sleep(1)


if __name__ == "__main__":
    main()
