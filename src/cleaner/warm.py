"""Imported by the fork server that starts the batch's worker processes, and by nothing else.

Importing it loads and warms what every worker needs (the language model, the HTML extractor, the word
lists and patterns) once, in the fork server, then freezes it out of the garbage collector's way: each
worker forked from there starts warm, in milliseconds, and shares those pages with the others instead of
loading its own copy (a worker that replaces one killed by a timeout starts warm too).
"""

from __future__ import annotations

from cleaner.batch import freeze, warm_up
from cleaner.config import Config

warm_up(Config())
freeze()
