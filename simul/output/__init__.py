"""Writing an exhibition down: PGN games and the JSON report, always atomically."""
