"""Every rule by name, with the kind of span it removes and one line on what it does.

Rule names are ``<pass>.<rule>`` and, with the kinds, public API: stable, greppable, switchable with
``Config(disabled_rules=...)`` and listed by ``cleaner rules``.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    kind: str
    description: str


RULES: dict[str, Rule] = {
    "headers.date": Rule("date-header", "a date header at the top (labelled or bare), moved to `date`"),
    "navigation.widget": Rule("navigation", "a whole line that is a page widget: menu, loading, share, advert"),
    "navigation.prompt": Rule("navigation", "a short sign-up, follow or share prompt"),
    "navigation.breadcrumb": Rule("navigation", "a breadcrumb trail: short labels joined by > / | »"),
    "navigation.edge-crumb": Rule("navigation", "short unpunctuated lines after the last paragraph"),
    "bylines.label": Rule("byline", "a byline near the top: a label such as 'By' followed by names"),
    "credits.bare-agency": Rule("photo-credit", "a line that only names a photo source or agency"),
    "credits.labelled": Rule("photo-credit", "a credit label or copyright sign followed by the source"),
    "credits.inline": Rule("photo-credit", "a caption that closes with its photo credit (caption and credit)"),
    "captions.attached": Rule("caption", "the line directly above a photo credit, in the same paragraph"),
    "captions.repeated": Rule("caption", "a copy of that caption right next to the credit"),
    "related.block": Rule("related-block", "a related-stories header with its headlines and summaries"),
    "related.inline-link": Rule("related-link", "a 'READ MORE: <headline>' line"),
    "duplicates.teaser": Rule("duplicate-teaser", "a paragraph whose every sentence comes again later"),
    "duplicates.exact-repeat": Rule("duplicate", "a paragraph repeated word for word later"),
    "structure.title": Rule("title", "the headline: a short first line without final punctuation"),
    "structure.standfirst": Rule("standfirst", "a one-sentence summary before a credit or a dateline"),
    "structure.headings": Rule("heading", "in-body subheadings, listed in `headings` (kept in the body)"),
    "datelines.place": Rule("dateline", "the place (and agency) that opens the lede"),
    "content.classifier": Rule("boilerplate", "a block the text-feature classifier scores as page furniture"),
}

#: The passes, for switching a whole pass off: ``Config(disabled_rules={"credits"})``.
PASS_NAMES: frozenset[str] = frozenset(name.split(".", 1)[0] for name in RULES)


def unknown_rules(names: frozenset[str]) -> list[str]:
    """The names that are neither a rule nor a pass.

    >>> unknown_rules(frozenset({"credits", "related.block", "credit"}))
    ['credit']
    """
    return sorted(name for name in names if name not in RULES and name not in PASS_NAMES)
