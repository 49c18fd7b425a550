"""Settings: parsing and validation of the exhibition's configuration."""

from __future__ import annotations

import random

import chess
import pytest

from simul.core.config import ConfigError, ExhibitionConfig, GmColor, ThinkTime, parse_fen


def test_think_time_parses_fixed_and_ranges() -> None:
    assert ThinkTime.parse("3") == ThinkTime(3.0, 3.0)
    assert ThinkTime.parse("2..8") == ThinkTime(2.0, 8.0)
    assert ThinkTime.parse("0.5..0.5") == ThinkTime(0.5, 0.5)
    assert str(ThinkTime(2.0, 8.0)) == "2..8"
    assert str(ThinkTime(3.0, 3.0)) == "3"


def test_think_time_draws_within_its_range() -> None:
    rng = random.Random(1)
    think = ThinkTime(2.0, 8.0)
    draws = [think.draw(rng) for _ in range(200)]
    assert all(2.0 <= d <= 8.0 for d in draws)
    assert len(set(draws)) > 100
    assert ThinkTime(3.0, 3.0).draw(rng) == 3.0


def test_alternate_colours() -> None:
    assert [GmColor.ALTERNATE.for_table(n) for n in (1, 2, 3)] == [chess.WHITE, chess.BLACK, chess.WHITE]
    assert GmColor.BLACK.for_table(1) == chess.BLACK


@pytest.mark.parametrize(
    "settings",
    [
        {"boards": 0},
        {"boards": 100_001},
        {"gm_move": float("nan")},
        {"walk": -1.0},
        {"max_moves": 0},
        {"gm": "nobody"},
        {"opponent": "nobody"},
        {"fen": "8/8/8/8/8/8/8/8 w - - 0 1"},
    ],
)
def test_config_rejects(settings: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        ExhibitionConfig(**settings)  # type: ignore[arg-type]


def test_fen_must_be_playable() -> None:
    assert parse_fen(chess.STARTING_FEN).fullmove_number == 1
    with pytest.raises(ConfigError, match="finished game"):
        parse_fen("7k/5KQ1/8/8/8/8/8/8 b - - 0 1")  # stalemate


def test_each_table_has_its_own_stable_random_source() -> None:
    config = ExhibitionConfig(seed=5)
    assert config.table_rng(1).random() == config.table_rng(1).random()
    assert config.table_rng(1).random() != config.table_rng(2).random()
    assert config.table_rng(1).random() != ExhibitionConfig(seed=6).table_rng(1).random()
