"""Benchmarks: simul measured as its users run it (`simul bench`)."""
