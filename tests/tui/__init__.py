"""Tests of the TUI, driven with Textual's Pilot on virtual time."""
