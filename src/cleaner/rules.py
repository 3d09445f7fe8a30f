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
    "navigation.call-to-action": Rule("navigation", "a line asking to follow, subscribe or download, naming a channel"),
    "navigation.cookie-notice": Rule("navigation", "a cookie-consent banner: 'This website uses cookies ...'"),
    "navigation.site-notice": Rule("navigation", "the site on its own page: 'Comments are closed', reprint terms, "
                                   "'All rights reserved', affiliate disclosures"),
    "navigation.tag-list": Rule("navigation", "a tags label and its keywords: 'Tags: a, b, c', 'Themen' over a list"),
    "navigation.contact-line": Rule("navigation", "a contact or imprint line: 'Tel: +82 2 751 1500', 'CNPJ: ...', "
                                    "'Write to <name> at <address>'"),
    "navigation.edge-crumb": Rule("navigation", "short unpunctuated lines after the last paragraph"),
    "navigation.menu-tree": Rule("navigation", "a site's menu rendered as a nested list: '* Shop' / '+ Camp' / "
                                 "'o Tents', short labels"),
    "navigation.archive": Rule("navigation", "a blog's archive widget: 'Agosto (224)', '2019 (120)', three in a row"),
    "comments.thread": Rule("comments", "readers' comments closing the text: '<name> says:' lines, header to end"),
    "press.company-profile": Rule("boilerplate", "the company profile closing a press release: 'About Ascom ...'"),
    "bylines.label": Rule("byline", "a byline near the top: a label such as 'By' followed by names (and a date)"),
    "credits.bare-agency": Rule("photo-credit", "a line that only names a photo source or agency"),
    "credits.labelled": Rule("photo-credit", "a credit label or copyright sign followed by the source"),
    "credits.inline": Rule("photo-credit", "a caption that closes with its photo credit (caption and credit)"),
    "captions.attached": Rule("caption", "the line directly above a photo credit, in the same paragraph"),
    "captions.repeated": Rule("caption", "a copy of that caption right next to the credit"),
    "related.block": Rule("related-block", "a related-stories header with its headlines and summaries"),
    "related.inline-link": Rule("related-link", "a 'READ MORE: <headline>' line"),
    "related.trailing-list": Rule("related-block", "bulleted headlines closing the text without a header"),
    "related.tagged-link": Rule("related-link", "a headline tagged with its story kind: '... [VIDEO]'"),
    "related.excerpt": Rule("related-block", "2+ paragraphs cut off with '[…]': excerpts of other posts"),
    "related.orphan-header": Rule("related-block", "a short label over lines taken as related headlines, nothing kept"),
    "related.labelled-list": Rule("related-link", "3+ teaser lines under one series label: 'Design Week 2018 | ...'"),
    "bylines.reporting-credit": Rule("byline", "a wire-copy credit line: '(Reporting by ...; Editing by ...)'"),
    "bylines.author-bio": Rule("byline", "a note on the author closing the text: '<Name> is a freelance writer ...'"),
    "structure.subtitle": Rule("standfirst", "an unpunctuated summary line of sentence length under the headline"),
    "duplicates.teaser": Rule("duplicate-teaser", "a paragraph whose every sentence comes again later"),
    "duplicates.exact-repeat": Rule("duplicate", "a paragraph repeated word for word later"),
    "duplicates.adjacent": Rule("duplicate", "a line repeated right under itself: one text rendered twice"),
    "structure.title": Rule("title", "the headline: a short first line without final punctuation"),
    "structure.standfirst": Rule("standfirst", "a one-sentence summary before a credit or a dateline"),
    "structure.headings": Rule("heading", "in-body subheadings, listed in `headings` (kept in the body)"),
    "datelines.place": Rule("dateline", "the place (and agency) that opens the lede"),
    "corpus.recurring-line": Rule("boilerplate", "a line that recurs across many documents of the corpus model"),
    "content.classifier": Rule("boilerplate", "a block the text-feature classifier scores as page furniture"),
    # HTML input only (cleaner.clean_html): the block model's verdict, named by the markup around the block,
    # and what the markup says about a line whatever the model thinks of it.
    "html.title": Rule("title", "the line is the page's <h1>, og:title or <title>"),
    "html.furniture": Rule("navigation", "not content by the block model, in a <nav>, <aside>, <footer> or <form>"),
    "html.header": Rule("header", "not content by the block model, in the page's <header> (kicker, byline, date)"),
    "html.caption": Rule("caption", "the line is a <figcaption> or sits in a caption box"),
    "html.credit": Rule("photo-credit", "a short line in a credit or copyright box"),
    "html.byline": Rule("byline", "a short line in a byline or author box"),
    "html.date": Rule("date-header", "a short line with a digit in a date box"),
    "html.related": Rule("related-link", "not content by the block model, in a box named related, recommended, ..."),
    "html.widget": Rule("navigation", "not content by the block model, in a box named newsletter, share, advert, ..."),
    "html.hidden": Rule("navigation", "not content by the block model, in an element the page hides"),
    "html.image-caption": Rule("caption", "not content by the block model: a short line alone in a box with an image"),
    "html.link-line": Rule("related-link", "not content by the block model: a short line that is all link text"),
    "html.teaser": Rule("related-link", "a summary of another story the block model doubts, in a row of cards "
                                        "outside the article"),
    "html.comment": Rule("comments", "a block of a comments box that the block model scores as not content"),
    "html.review": Rule("comments", "a line of a review box on a page for one product (its buyers' reviews)"),
    "html.boilerplate": Rule("boilerplate", "a block the block model scores as not content, in no box of note"),
}

#: The passes, for switching a whole pass off: ``Config(disabled_rules={"credits"})``.
PASS_NAMES: frozenset[str] = frozenset(name.split(".", 1)[0] for name in RULES)


def unknown_rules(names: frozenset[str]) -> list[str]:
    """The names that are neither a rule nor a pass.

    >>> unknown_rules(frozenset({"credits", "related.block", "credit"}))
    ['credit']
    """
    return sorted(name for name in names if name not in RULES and name not in PASS_NAMES)
