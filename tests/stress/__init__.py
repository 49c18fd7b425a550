"""Stress runs of simul as real processes: slower than the suite, which runs a short form of each."""
