"""simul: a chess simultaneous exhibition that makes the asyncio event loop visible."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("simul")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
