"""The summary's headline figures (laps, tables walked past, her busy share, the waits, her results), exact."""

from __future__ import annotations

import chess
import pytest

from simul.core.config import GmColor
from simul.core.events import ExhibitionStarted, GrandmasterWalked
from simul.core.exhibition import Exhibition
from simul.core.stats import ExhibitionStats, Results
from tests.unit.helpers import BLACK_KNIGHT_DOWN, WHITE_KNIGHT_DOWN, make_config, make_exhibition


async def played_with_stats(exhibition: Exhibition) -> ExhibitionStats:
    """Play `exhibition` to its end with statistics subscribed."""
    stats = ExhibitionStats()
    exhibition.subscribe(stats.record)
    await exhibition.run()
    return stats


async def test_a_small_room_gives_the_figures_worked_out_by_hand() -> None:
    # 4 boards: White on 1 and 3 (she opens at t=0), Black on 2 and 4 (their opponents open,
    # ready at t=4); think 4 s, her move 1 s, her walk 0.5 s, 2 full moves a game. By hand:
    #   t=0     at 1 (ready since 0, waited 0), moves till 1, walks till 1.5; 1 replies at 5
    #   t=1.5   at 3, past 2 (ready since 0, waited 1.5); moves till 2.5; 3 replies at 6.5
    #   t=3     every table thinking: she waits (1st time) until 4, when 2 and 4 are ready
    #   t=4     at 4 (waited 0); moves till 5; 4 replies at 9
    #   t=5.5   lap 2: at 1 (replied at 5, waited 0.5); moves till 6.5, 1's final reply at 10.5
    #   t=7     at 2 (ready since 4, waited 3); moves till 8; 2 replies at 12
    #   t=8.5   at 3 (replied at 6.5, waited 2); moves till 9.5, 3's final reply at 13.5
    #   t=10    at 4 (replied at 9, waited 1); her move till 11 ends that game
    #   t=11.5  lap 3: 1 is over; she waits (2nd time) until 12 for 2 (waited 0), moves till 13
    #           and ends that game; at 13.5 she walks to 3, over with its reply: the end.
    config = make_config(
        boards=4, think=4.0, gm_move=1.0, walk=0.5, max_moves=2, seed=1, gm="random", gm_color=GmColor.ALTERNATE
    )
    exhibition, _ = make_exhibition(config)
    stats = await played_with_stats(exhibition)
    assert [table.plies for table in exhibition.tables] == [4] * 4  # every game went the distance
    summary = stats.summary()
    assert summary.simulated_seconds == 13.5
    assert (summary.laps, summary.skips, summary.gm_waits) == (3, 1, 2)
    # Busy: 8 moves of 1 s and 7 walks of 0.5 s (none before her first move) = 11.5 s of 13.5 s.
    assert summary.gm_busy_seconds == 11.5
    assert summary.gm_busy_fraction == pytest.approx(11.5 / 13.5)
    # Each table's waiting for her, her first arrival at 3 (waited 1.5 s, before any reply) included.
    assert [table.wait_seconds for table in stats.tables] == [0.5, 3.0, 3.5, 1.0]
    # The replies that waited, in the order she answered them: 4, 1, 2, 3, 4, 2.
    assert list(stats.waits) == [0.0, 0.5, 3.0, 2.0, 1.0, 0.0]
    assert (summary.waits.count, summary.waits.max) == (6, 3.0)
    assert summary.waits.mean == pytest.approx(6.5 / 6)


async def test_the_classic_room_gives_the_tutorials_figures() -> None:
    # The tutorial's room: 24 boards, her move 5 s, every think 55 s; 3 full moves instead of 30
    # keep the test fast. The same arithmetic with 30 gives the tutorial's run: 31 laps, 0 walked
    # past, busy 3600 s of 3655 s, 11 waits, 696 replies each waiting 60 s.
    # She is the bottleneck ((24 - 1) x 5 = 115 s >= 55 s): she circles 1..24 with no pause.
    config = make_config(boards=24, think=55.0, gm_move=5.0, max_moves=3, seed=2, gm="random")
    exhibition, _ = make_exhibition(config)
    stats = await played_with_stats(exhibition)
    assert [table.plies for table in exhibition.tables] == [6] * 24  # every game went the distance
    summary = stats.summary()
    # Her 3 x 24 moves end at 360 s; table 24's final reply lands 55 s later.
    assert summary.simulated_seconds == 3 * 24 * 5 + 55
    assert summary.gm_busy_seconds == 360.0
    assert summary.gm_busy_fraction == pytest.approx(360 / 415)
    # One lap per move, and a 4th to collect the final replies; never a table still thinking on her way.
    assert (summary.laps, summary.skips) == (4, 0)
    # At 360 s, table i's final reply (due at 240 + 5i + 55) is in for i <= 13: she waits for 14..24.
    assert summary.gm_waits == 11
    # A reply lands 55 s after her move and she is back 115 s after it: each waits 60 s,
    # 2 replies a table that she answers (the 3rd ends the game).
    assert (summary.waits.count, summary.waits.mean, summary.waits.max) == (48, 60.0, 60.0)
    # Table i also waited (i - 1) x 5 s for her first move.
    assert [table.wait_seconds for table in stats.tables] == [2 * 60 + (i - 1) * 5 for i in range(1, 25)]


def test_every_table_walked_past_counts_not_every_walk() -> None:
    # Three steps of her walk in a room of 6: past no one, past 2 and 3, then round past 5, 6, 1, 2.
    stats = ExhibitionStats()
    stats.record(ExhibitionStarted(make_config(boards=6), (chess.WHITE,) * 6))
    stats.record(GrandmasterWalked(at=0.0, came_from=0, to=1, passed=0, lap=1))
    stats.record(GrandmasterWalked(at=1.0, came_from=1, to=4, passed=2, lap=1))
    stats.record(GrandmasterWalked(at=2.0, came_from=4, to=3, passed=4, lap=2))
    summary = stats.summary()
    assert (summary.skips, summary.laps) == (0 + 2 + 4, 2)


@pytest.mark.parametrize(
    ("fen", "scores"),
    [
        # Every game 0-1 (White starts a knight down): she loses as White, wins as Black.
        pytest.param(WHITE_KNIGHT_DOWN, [0.0, 1.0, 0.0, 1.0], id="every game 0-1"),
        # Every game 1-0: she wins as White, loses as Black.
        pytest.param(BLACK_KNIGHT_DOWN, [1.0, 0.0, 1.0, 0.0], id="every game 1-0"),
    ],
)
async def test_her_results_count_from_her_side_of_the_board(fen: str, scores: list[float]) -> None:
    # Adjudicated after one full move, a knight apart: she plays White on 1 and 3, Black on 2 and 4.
    config = make_config(boards=4, max_moves=1, seed=5, fen=fen, gm_color=GmColor.ALTERNATE)
    exhibition, _ = make_exhibition(config)
    stats = await played_with_stats(exhibition)
    assert [table.gm_score for table in stats.tables] == scores
    assert stats.summary().results == Results(gm_wins=2, draws=0, gm_losses=2, unfinished=0, failed=0)
