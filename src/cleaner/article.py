"""The results: ``Article`` with its body and metadata, and ``Removal`` for each span taken out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The keys of :meth:`Article.to_dict`, in order: a public contract other tools rely on.
ARTICLE_KEYS: tuple[str, ...] = (
    "text",
    "paragraphs",
    "title",
    "standfirst",
    "date",
    "dateline",
    "agency",
    "headings",
    "photo_credits",
    "captions",
    "related",
    "language",
    "author",
    "site_name",
    "url",
    "description",
    "html_language",
    "removed",
)

#: The page metadata that HTML input carries in ``Article.extra`` and ``to_dict()`` gives a key each: the
#: author, the site's name, the canonical URL, the meta description and the language the page declares.
#: None for text input, and for a page that does not say.
PAGE_KEYS: tuple[str, ...] = ("author", "site_name", "url", "description", "html_language")


@dataclass(frozen=True, slots=True)
class Removal:
    """One span of the normalised input that a rule took out of the body.

    ``text == normalized[start:end]``. ``value`` is what moves into metadata (the credit, the ISO date,
    the place of a dateline), or None when the span is simply dropped.

    >>> Removal(0, 12, "Shutterstock", "photo-credit", "credits.bare-agency", "names a source").to_dict()["kind"]
    'photo-credit'

    """

    start: int
    end: int
    text: str
    kind: str
    rule: str
    reason: str
    value: str | None = None
    #: Further metadata carried by the span, as (field, value) pairs: the agency of a dateline, the
    #: headline a related summary belongs to.
    meta: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "value": self.value,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Removal:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            kind=str(data["kind"]),
            rule=str(data["rule"]),
            reason=str(data.get("reason", "")),
            value=data.get("value"),
            meta=tuple((str(k), str(v)) for k, v in (data.get("meta") or {}).items()),
        )


@dataclass(frozen=True, slots=True)
class Related:
    """A related story found in the page furniture: its headline and, when given, its summary."""

    headline: str
    summary: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"headline": self.headline, "summary": self.summary}


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: body paragraphs, metadata, and the audit trail of every removal.

    ``normalized`` is the input after normalisation; every offset in ``removed`` points into it.
    ``normalization`` names the normalisation steps that changed something.
    """

    paragraphs: tuple[str, ...]
    normalized: str
    title: str | None = None
    standfirst: str | None = None
    date: str | None = None
    dateline: str | None = None
    agency: str | None = None
    headings: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    language: str | None = None
    removed: tuple[Removal, ...] = ()
    normalization: tuple[str, ...] = field(default=())
    #: The page's own metadata, as (name, value) pairs: from HTML input its ``author``, ``site_name``,
    #: canonical ``url``, ``description`` and ``html_language`` (``PAGE_KEYS``), each only when the page
    #: gives it. ``to_dict()`` has a key for each of them (None when absent).
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def text(self) -> str:
        """The body: paragraphs joined by one blank line."""
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, with exactly the keys of ``ARTICLE_KEYS``."""
        return {
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "title": self.title,
            "standfirst": self.standfirst,
            "date": self.date,
            "dateline": self.dateline,
            "agency": self.agency,
            "headings": list(self.headings),
            "photo_credits": list(self.photo_credits),
            "captions": list(self.captions),
            "related": [item.to_dict() for item in self.related],
            "language": self.language,
            **self._page_fields(),
            "removed": [removal.to_dict() for removal in self.removed],
        }

    def _page_fields(self) -> dict[str, str | None]:
        extra = dict(self.extra)
        return {key: extra.get(key) for key in PAGE_KEYS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, normalized: str = "") -> Article:
        """Rebuild an Article from :meth:`to_dict` output (``normalized`` is not part of it)."""
        return cls(
            paragraphs=tuple(data["paragraphs"]),
            normalized=normalized,
            title=data.get("title"),
            standfirst=data.get("standfirst"),
            date=data.get("date"),
            dateline=data.get("dateline"),
            agency=data.get("agency"),
            headings=tuple(data.get("headings", ())),
            photo_credits=tuple(data.get("photo_credits", ())),
            captions=tuple(data.get("captions", ())),
            related=tuple(Related(r["headline"], r.get("summary")) for r in data.get("related", ())),
            language=data.get("language"),
            removed=tuple(Removal.from_dict(r) for r in data.get("removed", ())),
            extra=tuple((key, str(data[key])) for key in PAGE_KEYS if data.get(key) is not None),
        )
