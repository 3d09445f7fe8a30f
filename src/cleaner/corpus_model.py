"""The corpus model: for every line key, in how many documents of a corpus the line occurs.

``cleaner learn`` (:mod:`cleaner.learn`) counts it, ``CorpusModel.save`` and ``CorpusModel.load`` keep it
in a JSON file, and the pass :mod:`cleaner.passes.corpus` asks it, through ``Config.model``, whether a line
recurs often enough to be the site's furniture. Counts are keyed by a short hash, so a model is small and
holds no text, and two models merge by adding their counts: the learning step is a map-reduce.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cleaner.blocks import ends_sentence, word_count
from cleaner.errors import ConfigError, InputError
from cleaner.files import write_atomic
from cleaner.normalize import normalize

MODEL_FORMAT = "cleaner-corpus-model"
MODEL_VERSION = 1
_PROSE_WORDS = 15
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def line_key(line: str) -> str:
    """The hash a line is counted under: case, digits and spacing do not make two lines differ.

    >>> line_key("© 2023 Example  News") == line_key("© 2024 example news")
    True
    """
    canonical = _SPACE.sub(" ", _DIGITS.sub("0", line.casefold())).strip()
    return hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def document_keys(text: str) -> set[str]:
    """The keys of the distinct lines of one document, after the same normalisation ``clean`` applies."""
    return {line_key(line) for line in normalize(text).text.split("\n") if line.strip()}


@dataclass(frozen=True, slots=True, eq=False)
class CorpusModel:
    """Per line key, the number of documents the line occurs in; and the thresholds that make a line
    boilerplate. Immutable; ``merge`` returns a new model."""

    documents: int = 0
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min_documents: int = 5
    min_share: float = 0.05
    prose_min_share: float = 0.3

    def __post_init__(self) -> None:
        if self.documents < 0 or self.min_documents < 1:
            raise ConfigError("a corpus model needs documents >= 0 and min_documents >= 1")
        for name in ("min_share", "prose_min_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in [0, 1], got {getattr(self, name)}")
        if not isinstance(self.counts, MappingProxyType):
            object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))

    @classmethod
    def learn(cls, texts: Iterable[str], **thresholds: Any) -> CorpusModel:
        """Count the lines of ``texts`` (one document each)."""
        counts: Counter[str] = Counter()
        documents = 0
        for text in texts:
            counts.update(document_keys(text))
            documents += 1
        return cls(documents, counts, **thresholds)

    def __reduce__(self) -> tuple[type[CorpusModel], tuple[Any, ...]]:
        # A mappingproxy cannot be pickled, and batch workers and Dask ship the Config (model included).
        return (CorpusModel, (self.documents, dict(self.counts), self.min_documents, self.min_share,
                              self.prose_min_share))

    def merge(self, other: CorpusModel) -> CorpusModel:
        """A model whose counts are the sums of both: learn on shards, then merge."""
        counts = Counter(self.counts)
        counts.update(other.counts)
        return CorpusModel(self.documents + other.documents, counts, self.min_documents, self.min_share,
                           self.prose_min_share)

    def documents_with(self, line: str) -> int:
        return self.counts.get(line_key(line), 0)

    def is_boilerplate(self, line: str) -> tuple[bool, str]:
        """Whether a line recurs often enough to be furniture, and the numbers that decided."""
        seen = self.documents_with(line)
        share = seen / self.documents if self.documents else 0.0
        prose = ends_sentence(line) and word_count(line) >= _PROSE_WORDS
        needed_share = self.prose_min_share if prose else self.min_share
        verdict = seen >= self.min_documents and share >= needed_share
        what = "a line of prose" if prose else "a line"
        return verdict, f"{what} found in {seen} of {self.documents} documents ({share:.0%} >= {needed_share:.0%})"

    def to_dict(self) -> dict[str, Any]:
        return {"format": MODEL_FORMAT, "version": MODEL_VERSION, "documents": self.documents,
                "min_documents": self.min_documents, "min_share": self.min_share,
                "prose_min_share": self.prose_min_share, "counts": dict(sorted(self.counts.items()))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CorpusModel:
        if data.get("format") != MODEL_FORMAT or data.get("version") != MODEL_VERSION:
            raise InputError(f"not a {MODEL_FORMAT} version {MODEL_VERSION} file")
        try:
            return cls(int(data["documents"]), {str(k): int(v) for k, v in data["counts"].items()},
                       int(data["min_documents"]), float(data["min_share"]), float(data["prose_min_share"]))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"corpus model is malformed: {error}") from None

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(self.to_dict(), separators=(",", ":")) + "\n")

    @classmethod
    def load(cls, path: Path) -> CorpusModel:
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(f"{path}: cannot read the corpus model: {error}") from None


__all__ = ["MODEL_FORMAT", "MODEL_VERSION", "CorpusModel", "document_keys", "line_key"]
