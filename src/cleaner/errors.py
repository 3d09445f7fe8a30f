"""The exception tree: every error ``cleaner`` raises on purpose derives from :class:`CleanerError`."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class: catch this to catch everything the library raises on purpose."""


class InputError(CleanerError, ValueError):
    """The input cannot be cleaned: not text, undecodable bytes, or over a size limit."""


class ConfigError(CleanerError, ValueError):
    """A configuration value is out of range, or names a rule that does not exist."""
