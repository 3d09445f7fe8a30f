"""cleaner: web-extracted article text in, clean article text plus metadata out.

>>> import cleaner
>>> article = cleaner.clean("Title of the story\\n\\nShutterstock\\n\\nThe story begins here.")
>>> article.title, article.photo_credits, article.text
('Title of the story', ('Shutterstock',), 'The story begins here.')
"""

from __future__ import annotations

import logging

from cleaner.article import Article, Related, Removal
from cleaner.config import Config
from cleaner.errors import CleanerError, ConfigError, InputError
from cleaner.html import clean_html
from cleaner.pipeline import clean
from cleaner.stream import clean_stream

__version__ = "0.1.0"

__all__ = [
    "Article",
    "CleanerError",
    "Config",
    "ConfigError",
    "InputError",
    "Related",
    "Removal",
    "__version__",
    "clean",
    "clean_html",
    "clean_stream",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
