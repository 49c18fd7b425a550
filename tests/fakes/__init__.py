"""Stand-ins for outside programs, run as processes by the tests."""
