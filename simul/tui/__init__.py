"""The live TUI: a Textual app that watches the core's events (the core never imports it)."""
