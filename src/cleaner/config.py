"""Config: one frozen dataclass holding every knob of the cleaner, each with its default and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from cleaner.errors import ConfigError
from cleaner.language import is_known_language
from cleaner.rules import unknown_rules

#: Languages whose word lists ship under ``vocab/``; rules consult all of them unless
#: ``Config.languages`` narrows the set (a German credit line in an English article is still a credit).
#: ``Config.languages`` also accepts any other language with a stop list or a py3langid code
#: (``language.is_known_language``): its rules then use the word lists that hold in every language.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "ja", "zh")


class LineModel(Protocol):
    """What the corpus pass asks of ``Config.model``: whether a line recurs often enough across a corpus to
    be boilerplate, and the numbers that decided. ``cleaner.corpus_model.CorpusModel`` is one."""

    def is_boilerplate(self, line: str) -> tuple[bool, str]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Every knob of the cleaner, each with the default that suits news articles.

    Build variants with :func:`dataclasses.replace`; a ``Config`` is never mutated.

    >>> Config().enabled("credits.bare-agency")
    True
    >>> Config(disabled_rules=frozenset({"credits"})).enabled("credits.bare-agency")
    False
    """

    #: Languages whose vocabularies the rule passes use. Defaults to all shipped languages; any language with
    #: a stop list or a py3langid code is accepted, with the word lists it has (maybe none).
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    #: A pass ("credits") or a single rule ("credits.bare-agency") to switch off.
    disabled_rules: frozenset[str] = frozenset()
    #: Replace typographic quotes and apostrophes by ASCII ones during normalisation.
    uncurl_quotes: bool = False
    #: A credit line longer than this is a caption that mentions a source, not a credit.
    max_credit_chars: int = 80
    #: A headline is at most this many words; longer first lines are body text.
    max_title_words: int = 25
    #: An in-body subheading is at most this many words.
    max_heading_words: int = 14
    #: Trailing lines of at most this many words, without final punctuation, are crumbs.
    max_edge_crumb_words: int = 3
    #: A related-stories header is at most this many words.
    max_related_header_words: int = 8
    #: A paragraph of fewer words is never treated as a repeated teaser or duplicate.
    min_duplicate_words: int = 8
    #: The document's language (ISO 639-1) for stop words; None detects it per document with py3langid.
    language: str | None = None
    #: The text path's content classifier: "default" (shipped, fitted on the three benchmark sets), or the
    #: path of a model file written by ``benchmarks/train_lines.py`` (the benchmark cleans each page with the
    #: fold model that never saw its site).
    content_model: str = "default"
    #: A block whose content probability is below this is removed, on any text; None uses the model's
    #: threshold, on whole pages only (on an extractor's output the classifier is off).
    content_threshold: float | None = None
    #: The block model of ``clean_html``: "default" (shipped, fitted on the three benchmark sets), or the path
    #: of a model file written by ``benchmarks/train_blocks.py`` (the benchmark cleans each page with the
    #: fold model that never saw its site).
    block_model: str = "default"
    #: A block whose content probability is below this is not content; None uses the model's own threshold.
    block_threshold: float | None = None
    #: A corpus model (``cleaner learn``): lines recurring across many documents are boilerplate.
    model: LineModel | None = None
    #: Reference date used to resolve relative date headers ("Updated 3 hours ago"); None leaves them unresolved.
    reference_date: dt.date | None = None
    #: Beyond this many characters, ``clean()`` raises ``InputError`` instead of working for minutes.
    max_input_chars: int = 5_000_000
    #: A file, stream or byte string longer than this is refused before it is read or decoded whole (a
    #: ``.gz`` file counts by what it expands to): ``max_input_chars`` characters of four bytes at most.
    max_input_bytes: int = 20_000_000
    #: A line of the normalised text longer than this is refused: the longest paragraph of the benchmark's
    #: 242 extractions has 12 500 characters; 200 000 is a page flattened onto one line, or not text at all.
    max_line_chars: int = 200_000
    #: More paragraphs (non-empty lines of the normalised text, the blocks the passes judge one by one) than
    #: this are refused: an article has tens to hundreds, a whole page rendered as text a few thousand, and
    #: each one costs the passes about a tenth of a millisecond.
    max_paragraphs: int = 20_000

    def __post_init__(self) -> None:
        for name in (
            "max_credit_chars",
            "max_title_words",
            "max_heading_words",
            "max_edge_crumb_words",
            "max_related_header_words",
            "min_duplicate_words",
            "max_input_chars",
            "max_input_bytes",
            "max_line_chars",
            "max_paragraphs",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{name} must be a non-negative int, got {value!r}")
        if isinstance(self.languages, str):
            raise ConfigError(f"languages must be a tuple of codes, got the string {self.languages!r}")
        unknown_languages = [lang for lang in self.languages
                             if lang not in SUPPORTED_LANGUAGES and not is_known_language(lang)]
        if unknown_languages:
            raise ConfigError(
                f"unknown language code(s) {', '.join(map(repr, unknown_languages))}: give ISO 639-1 codes of "
                f"languages with a stop list or that py3langid identifies (word lists ship for "
                f"{', '.join(SUPPORTED_LANGUAGES)})"
            )
        if not isinstance(self.disabled_rules, frozenset):
            object.__setattr__(self, "disabled_rules", frozenset(self.disabled_rules))
        unknown = unknown_rules(self.disabled_rules)
        if unknown:
            raise ConfigError(f"unknown rule(s) {', '.join(unknown)}: `cleaner rules` lists them all")

        for name in ("content_threshold", "block_threshold"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be in [0, 1], got {value}")

    def enabled(self, rule: str) -> bool:
        """True unless the rule, or the pass it belongs to, is switched off."""
        if not self.disabled_rules:  # the usual case, asked once per line by some passes
            return True
        return rule not in self.disabled_rules and rule.split(".", 1)[0] not in self.disabled_rules

    @property
    def max_document_bytes(self) -> int:
        """The most bytes a document may have: ``max_input_bytes``, and no more than ``max_input_chars``
        characters can take (four bytes each in UTF-32, plus its byte-order mark).

        >>> Config().max_document_bytes, Config(max_input_chars=100).max_document_bytes
        (20000000, 404)
        """
        return min(self.max_input_bytes, 4 * self.max_input_chars + 4)


@lru_cache(maxsize=1)
def default_config() -> Config:
    """``Config()``, built once: a Config is frozen, and checking its fields costs more than cleaning a
    short text's worth of lines, on every ``clean(text)`` called without one.

    >>> default_config() == Config()
    True
    """
    return Config()
