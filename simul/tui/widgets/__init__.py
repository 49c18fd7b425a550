"""The TUI's widgets: one per board, the statistics, the lesson."""
