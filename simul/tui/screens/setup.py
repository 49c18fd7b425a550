"""The setup screen: a new exhibition's boards, think times, move time, seed and policy, validated in the form."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from simul.core.config import ConfigError, ExhibitionConfig, Policy, ThinkTime
from simul.core.numbers import read_decimal, read_whole

T = TypeVar("T")

POLICY_CHOICES = {
    Policy.ROUND: "round: in table order",
    Policy.URGENT: "urgent: longest wait first",
    Policy.LOOP: "loop: the loop's own order",
}
"""Each walk policy, as the form offers it."""


class SetupScreen(ModalScreen[ExhibitionConfig | None]):
    """Asks for a new exhibition; dismisses with its config, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: ExhibitionConfig) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        config = self.current
        with Vertical(id="setup"):
            yield Label("[b]New exhibition[/b]")
            with Grid(id="setup-fields"):
                yield Label("Boards")
                yield Input(str(config.boards), id="boards", placeholder="1 to 100000")
                yield Label("Think time (s)")
                yield Input(str(config.think), id="think", placeholder="3 or 2..8")
                yield Label("Her move (s)")
                yield Input(f"{config.gm_move:g}", id="gm-move", placeholder="0.5")
                yield Label("Seed")
                yield Input(str(config.seed), id="seed", placeholder="0 or more")
                yield Label("Her walk")
                yield Select(
                    [(POLICY_CHOICES[policy], policy) for policy in Policy],
                    value=config.policy,
                    allow_blank=False,
                    id="policy",
                )
            yield Label("", id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Start", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _read(self, name: str, read: Callable[[str], T]) -> T:
        """One field, read as the command line reads it; its `ConfigError` names the field as the options do."""
        try:
            return read(self._value(name))
        except ConfigError as error:
            raise ConfigError(f"{name}: {error}") from None

    def read_config(self) -> ExhibitionConfig:
        """The config the form describes; raises `ConfigError` saying what is wrong."""
        boards = self._read("boards", read_whole)
        seed = self._read("seed", read_whole)
        gm_move = self._read("gm-move", read_decimal)
        think = ThinkTime.parse(self._value("think"))
        policy = self.query_one("#policy", Select).value
        assert isinstance(policy, Policy)  # the select has no blank
        return dataclasses.replace(self.current, boards=boards, think=think, gm_move=gm_move, seed=seed, policy=policy)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.action_start()

    def on_input_submitted(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Start the exhibition the form describes, or say what is wrong with it."""
        try:
            config = self.read_config()
        except ConfigError as error:
            self.query_one("#setup-error", Label).update(f"[b red]{error}[/]")
            return
        self.dismiss(config)

    def action_cancel(self) -> None:
        """Keep the current exhibition."""
        self.dismiss(None)
