"""simul's tests."""
