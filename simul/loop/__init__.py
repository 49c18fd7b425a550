"""Under the floor: simul's own asyncio event loop, its virtual clock, and a view of its insides."""
