"""PGN and JSON report: complete, re-readable, consistent with each other, written atomically."""

from __future__ import annotations

import asyncio
import datetime
import io
import json
import os
from pathlib import Path

import chess
import chess.pgn
import pytest

from simul.core.config import MAX_FULLMOVE, MAX_MOVES
from simul.core.stats import ExhibitionStats
from simul.loop.event_loop import SimulLoop
from simul.loop.figures import LoopFigures
from simul.output.atomic import write_atomically
from simul.output.pgn import write_pgn
from simul.output.report import write_report
from simul.output.targets import default_save_folder, output_target
from tests.unit.helpers import make_config, make_exhibition

DAY = datetime.date(2026, 11, 25)


def read_games(path: Path) -> list[chess.pgn.Game]:
    games = []
    with path.open(encoding="utf-8") as file:
        while (game := chess.pgn.read_game(file)) is not None:
            games.append(game)
    return games


@pytest.mark.parametrize("gm_color", ["white", "black", "alternate"])
async def test_pgn_round_trip(tmp_path: Path, gm_color: str) -> None:
    config = make_config(
        boards=6,
        think=(1.0, 6.0),
        max_moves=25,
        seed=13,
        gm_color=__import__("simul.core.config", fromlist=["GmColor"]).GmColor(gm_color),
    )
    exhibition, _ = make_exhibition(config)
    await exhibition.run()
    path = tmp_path / "games.pgn"
    write_pgn(path, exhibition.tables, DAY)

    games = read_games(path)
    assert len(games) == 6
    for table, game in zip(exhibition.tables, games, strict=True):
        assert game.errors == []
        headers = game.headers
        assert list(headers)[:7] == ["Event", "Site", "Date", "Round", "White", "Black", "Result"]
        assert headers["Date"] == "2026.11.25"
        assert headers["Round"] == str(table.number)
        gm_side = "White" if table.gm_color == chess.WHITE else "Black"
        other = "Black" if gm_side == "White" else "White"
        assert headers[gm_side] == "Grandmaster"
        assert headers[other] == f"Opponent {table.number}"
        assert table.ending is not None
        assert headers["Result"] == table.ending.result
        assert headers["Termination"] == table.ending.termination.value
        assert list(game.mainline_moves()) == table.moves
        # The result follows from the final position or from the stated adjudication.
        final = game.end().board()
        outcome = final.outcome()
        if outcome is not None:
            assert headers["Result"] == outcome.result()
            assert headers["Termination"] == "normal"
        else:
            assert headers["Termination"] == "adjudication"
            assert game.end().comment.startswith("adjudicated after 25 moves")


async def test_pgn_from_a_custom_position(tmp_path: Path) -> None:
    fen = "4k3/8/8/8/8/8/4P3/4K3 w - - 0 1"
    exhibition, _ = make_exhibition(make_config(boards=2, max_moves=10, seed=3, fen=fen))
    await exhibition.run()
    path = tmp_path / "endgame.pgn"
    write_pgn(path, exhibition.tables, DAY)
    for game in read_games(path):
        assert game.headers["FEN"] == fen
        assert game.headers["SetUp"] == "1"
        assert game.errors == []


async def test_report_matches_the_pgn(tmp_path: Path) -> None:
    exhibition, _ = make_exhibition(make_config(boards=8, think=(2.0, 9.0), max_moves=30, seed=7))
    stats = ExhibitionStats()
    exhibition.subscribe(stats.record)
    await exhibition.run()
    pgn, report_path = tmp_path / "g.pgn", tmp_path / "r.json"
    write_pgn(pgn, exhibition.tables, DAY)
    summary = stats.summary([0.001, 0.002, 0.004])
    loop = asyncio.get_running_loop()
    assert isinstance(loop, SimulLoop)
    write_report(
        report_path, exhibition.config, summary, stats.tables, LoopFigures.of(loop), clock="virtual", speed=1.0
    )

    report = json.loads(report_path.read_text())
    assert report["config"]["boards"] == 8
    assert report["config"]["think"] == {"min": 2.0, "max": 9.0}
    results = report["summary"]["results"]
    games = read_games(pgn)
    gm_points = {"1-0": "gm_wins", "0-1": "gm_losses", "1/2-1/2": "draws", "*": "unfinished"}
    tally = dict.fromkeys(gm_points.values(), 0)
    for game in games:  # the grandmaster plays white here
        tally[gm_points[game.headers["Result"]]] += 1
    assert {key: results[key] for key in tally} == tally
    assert results["failed"] == 0
    assert [t["result"] for t in report["tables"]] == [g.headers["Result"] for g in games]
    assert [t["plies"] for t in report["tables"]] == [len(list(g.mainline_moves())) for g in games]
    assert sum(t["plies"] for t in report["tables"]) == report["summary"]["moves"]
    lag = report["summary"]["loop_lag_ms"]
    assert lag["max"] == pytest.approx(4.0)
    assert lag["samples"] == 3
    summary_json = report["summary"]
    assert summary_json["simulated_seconds"] == exhibition.finished_at
    assert summary_json["speedup"] == pytest.approx(
        summary_json["sequential_seconds"] / summary_json["simulated_seconds"]
    )
    assert sum(t["gm_seconds"] for t in report["tables"]) == pytest.approx(summary.gm_busy_seconds)
    waits = summary_json["wait_seconds"]
    # Every reply she answered: her moves at each table but the first, which answered no one.
    assert waits["count"] == sum((t["plies"] + 1) // 2 - 1 for t in report["tables"])
    assert waits["max"] <= max(t["wait_seconds"] for t in report["tables"])
    assert summary_json["loop"]["passes"] == loop.passes


def test_atomic_write_replaces_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomically(path, "first\n")
    write_atomically(path, "second\n")
    assert path.read_text() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "games.pgn"
    path.write_text("the old games\n")

    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "new games, never finished" * 1000)
    assert path.read_text() == "the old games\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["games.pgn"], "the temporary file was left behind"


def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    path.write_text("{}")
    os.chmod(path, 0o640)
    write_atomically(path, "[]")
    assert path.stat().st_mode & 0o777 == 0o640


def test_pgn_text_is_plain_utf8_with_unix_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.pgn"
    write_atomically(path, "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"
    assert io.StringIO(path.read_text()).read() == "a\nb\n"


async def test_the_highest_move_number_a_fen_may_have_still_reads_back(tmp_path: Path) -> None:
    # MAX_FULLMOVE plus MAX_MOVES more stays below 10,000, the move number python-chess cannot read back.
    fen = f"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 {MAX_FULLMOVE}"
    exhibition, _ = make_exhibition(make_config(boards=2, max_moves=20, seed=3, fen=fen))
    await exhibition.run()
    path = tmp_path / "late.pgn"
    write_pgn(path, exhibition.tables, DAY)
    games = read_games(path)
    assert [len(list(game.mainline_moves())) for game in games] == [table.plies for table in exhibition.tables]
    assert all(game.errors == [] for game in games)
    assert MAX_FULLMOVE + MAX_MOVES < 10_000


def test_a_link_is_followed_its_target_replaced_the_link_kept(tmp_path: Path) -> None:
    target, link = tmp_path / "games.pgn", tmp_path / "latest.pgn"
    target.write_text("old\n")
    link.symlink_to(target.name)
    assert output_target("--pgn", link) == target.resolve()
    write_atomically(link, "new\n")
    assert link.is_symlink()
    assert target.read_text() == "new\n"


def test_checking_an_output_leaves_no_file_behind(tmp_path: Path) -> None:
    assert output_target("--pgn", tmp_path / "new.pgn") == (tmp_path / "new.pgn").resolve()
    assert list(tmp_path.iterdir()) == []


def test_the_tui_saves_into_documents_when_there_is_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    assert default_save_folder() == tmp_path  # no Documents: the current folder
    (tmp_path / "home" / "Documents").mkdir()
    assert default_save_folder() == tmp_path / "home" / "Documents"
