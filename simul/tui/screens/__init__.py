"""The TUI's screens beyond the room: zoom, help, setup."""
