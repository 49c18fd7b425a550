"""simul: a chess simultaneous exhibition that makes the asyncio event loop visible."""

__version__ = "0.1.0"
"""The one place the version is written: the package metadata reads it from here."""
