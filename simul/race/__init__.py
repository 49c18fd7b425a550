"""`simul race`: the same seeded exhibition played four ways, measured side by side."""
