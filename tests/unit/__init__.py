"""Tests of the core and the headless runner: no Textual."""
