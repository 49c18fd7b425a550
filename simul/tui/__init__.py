"""The live TUI: a Textual app that watches the core's events (the core never imports it)."""

import os

# Textual draws a frame at most every 1/TEXTUAL_FPS s, and after a frame that waited for a change its
# next one waits one to two of those periods: at its default of 60, a key pressed just after a frame
# showed 17-33 ms later. At 120 a frame still comes only when something changed, so the frame rate
# stays that of the room's repaints; a key shows sooner. Read when Textual is first imported, which in
# simul is here, the only package that imports it; a value the user set is kept.
os.environ.setdefault("TEXTUAL_FPS", "120")
