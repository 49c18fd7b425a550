"""The model: asyncio and python-chess only, no UI; views subscribe to its events."""
